import BankFormats
import PaperAssembly
import QuizModel

/// What every paper format prints the same way: section headings, header fields, option layout.
public enum PaperLayout {
    /// `一、单选题（每题2分，共40分）`.
    public static func sectionHeading(_ section: Paper.Section, index: Int) -> String {
        let numeral = chineseNumeral(index + 1)
        let total = formatPoints(section.points * Double(section.count))
        var heading = "\(numeral)、\(section.heading)（每题\(formatPoints(section.points))分，共\(total)分）"
        if let rule = section.rule, section.type == .multiple { heading += "\n" + "评分：" + rule.chineseDescription }
        return heading
    }

    /// `考试时间：30分钟　满分：100分　A卷`.
    public static func facts(_ paper: Paper, version: String) -> String {
        var parts: [String] = []
        if let minutes = paper.timeLimitMinutes { parts.append("考试时间：\(minutes)分钟") }
        parts.append("满分：\(formatPoints(paper.totalScore))分")
        if paper.versions.count > 1 { parts.append("\(version)卷") }
        return parts.joined(separator: "　")
    }

    /// The fields a candidate fills in at the top of the paper.
    public static let candidateFields = ["姓名", "单位", "考号"]

    /// The words on a 密封线.
    public static let sealWords = "……………… 密　封　线　内　不　要　答　题 ………………"

    /// Width of text in ems at the paper's size: CJK and full-width characters 1; Latin letters, digits and signs
    /// by the widths of a Times-like face, rounded up (capitals and % are wider than digits). Deterministic (no
    /// font or locale is consulted), so the same paper lays out the same everywhere.
    public static func emWidth(_ text: String) -> Double {
        text.unicodeScalars.reduce(0) { sum, scalar in
            if EastAsianWidth.isWide(scalar.value) { return sum + 1 }
            switch scalar {
            case "%", "@", "W", "M", "m", "w": return sum + 0.95
            case "A"..."Z": return sum + 0.75
            case " ", ".", ",", ":", ";", "i", "l", "j", "'", "!", "|": return sum + 0.3
            default: return sum + 0.55
            }
        }
    }

    /// Ems of a line of options (the text width of an A4 page at 11 pt, less the options' indent).
    public static let optionLineEms = 42.0

    /// How many options share a line — 4, 2 or 1 — by their measured width: each option with its label
    /// (`A. `) and a gap of an em and a half must fit its column of a `lineEms` line.
    public static func optionColumns(_ options: [String], lineEms: Double = optionLineEms) -> Int {
        if options.contains(where: { $0.contains("\n") }) { return 1 }
        let widest = options.map { emWidth($0) + 1.5 }.max() ?? 0
        for columns in [4, 2] where options.count >= columns || columns == 2 {
            if widest + 1.5 <= lineEms / Double(columns) { return min(columns, max(options.count, 1)) }
        }
        return 1
    }

    /// The stem as printed: a true/false question ends in `（　　）` for the mark; a fill-in question's blanks
    /// become underlines as long as the longest accepted answer needs (at least four ems), when the question is known.
    public static func printedStem(_ item: Paper.Item, question: Question?) -> String {
        switch item.type {
        case .trueFalse:
            return item.stem + "（　　）"
        case .fill:
            guard let question, case .fill(let blanks, _) = question.content else { return item.stem }
            var stem = item.stem
            let ranges = BankValueSyntax.blankRanges(in: stem)
            guard ranges.count == blanks.count else { return stem }
            for (range, blank) in zip(ranges, blanks).reversed() {
                let longest = blank.alternatives.map(emWidth).max() ?? 2
                stem.replaceSubrange(range, with: String(repeating: "＿", count: max(4, Int(longest.rounded(.up)) + 2)))
            }
            return stem
        default:
            return item.stem
        }
    }

    /// Ruled lines left for a short answer: one per point, 4 to 12.
    public static func answerLines(_ item: Paper.Item) -> Int { min(12, max(4, Int(item.points.rounded(.up)))) }

    /// The 得分栏 at the head of a paper: `题号 | 一 | 二 | … | 总分` over an empty `得分` row.
    public static func scoreBox(_ paper: Paper) -> [[String]] {
        let numerals = paper.sections.indices.map { chineseNumeral($0 + 1) }
        return [["题号"] + numerals + ["总分"], ["得分"] + Array(repeating: "", count: numerals.count + 1)]
    }

    /// The compact answer grid of a key: rows of ten `(number, answer)` pairs.
    public static func answerGrid(_ version: Paper.Version, questions: [String: Question]) -> [[(Int, String)]] {
        let answers = version.items.map { item in
            (item.number, questions[item.id].map { ItemKey(item: item, question: $0).gridAnswer } ?? "")
        }
        return stride(from: 0, to: answers.count, by: 10).map { Array(answers[$0..<min($0 + 10, answers.count)]) }
    }

    /// 1 → 一, 12 → 十二, 105 → 一百零五 (the bank writer's numerals).
    public static func chineseNumeral(_ n: Int) -> String { NativeBankWriter.chineseNumeral(n) ?? String(n) }

    /// The items of one section of a version.
    public static func items(of version: Paper.Version, section: Int) -> [Paper.Item] {
        version.items.filter { $0.section == section }
    }
}
