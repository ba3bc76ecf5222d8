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

    /// How many options fit on one line: 4 for short options, 2 for medium ones, else 1.
    public static func optionColumns(_ options: [String]) -> Int {
        let longest = options.map { $0.count }.max() ?? 0
        if options.contains(where: { $0.contains("\n") }) { return 1 }
        if longest <= 8 { return min(4, options.count) }
        if longest <= 18 { return min(2, options.count) }
        return 1
    }

    /// 1 → 一, 12 → 十二, 105 → 一百零五 (the bank writer's numerals).
    public static func chineseNumeral(_ n: Int) -> String { NativeBankWriter.chineseNumeral(n) ?? String(n) }

    /// The items of one section of a version.
    public static func items(of version: Paper.Version, section: Int) -> [Paper.Item] {
        version.items.filter { $0.section == section }
    }
}
