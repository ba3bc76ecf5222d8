import QuizModel
import TextMatching

/// How the values of the native format's fields are written (answers, blanks, keywords, paths, sources).
/// Shared by the reader and the writer so both agree on one syntax.
public enum BankValueSyntax {
    /// Whether a scalar separates answer letters: `A,B,D` `A;B;D` `A、B、D` `A B D` `A/B` `A+B`.
    static func isLetterSeparator(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case ",", "，", ";", "；", "、", " ", "\u{3000}", "\t", "/", "+", "＋", ".", "。", "．": true
        default: false
        }
    }

    /// The option indices of a choice answer such as `ABD`, `A,B,D`, `a、b`; `invalid` is the whole answer when
    /// something in it is neither a letter nor a separator.
    public static func answerLetters(_ text: String) -> (letters: [Int], invalid: String?) {
        var letters: [Int] = []
        for scalar in text.unicodeScalars {
            if isLetterSeparator(scalar) { continue }
            let value = scalar.value
            switch value {
            case 0x41...0x5A: letters.append(Int(value - 0x41))
            case 0x61...0x7A: letters.append(Int(value - 0x61))
            case 0xFF21...0xFF3A: letters.append(Int(value - 0xFF21))
            case 0xFF41...0xFF5A: letters.append(Int(value - 0xFF41))
            default: return (letters, text.trimmingWhitespace())
            }
        }
        return (letters, nil)
    }

    /// The answer written in a stem's brackets, the common Chinese convention `……的是（D）。` or `……（√）`: the last
    /// bracket pair that holds only option letters (`choice`) or a true/false mark, and the stem with that bracket
    /// emptied to a blank `（  ）`, so no key stays in the text a candidate reads.
    public static func answerInBrackets(of stem: String, choice: Bool) -> (stem: String, answer: String)? {
        let scalars = stem.unicodeScalars
        var close = scalars.endIndex
        while close > scalars.startIndex {
            close = scalars.index(before: close)
            guard scalars[close] == ")" || scalars[close] == "）" else { continue }
            var open = close
            while open > scalars.startIndex {
                open = scalars.index(before: open)
                if scalars[open] == "(" || scalars[open] == "（" || scalars[open] == ")" || scalars[open] == "）" { break }
            }
            guard scalars[open] == "(" || scalars[open] == "（" else { continue }
            let inner = String(scalars[scalars.index(after: open)..<close]).trimmingWhitespace()
            guard !inner.isEmpty, inner.count <= 12 else { continue }
            let isAnswer: Bool
            if choice {
                let parsed = answerLetters(inner)
                isAnswer = parsed.invalid == nil && !parsed.letters.isEmpty
                    && inner.unicodeScalars.allSatisfy { !(0x61...0x7A).contains($0.value) && !(0xFF41...0xFF5A).contains($0.value) }
            } else {
                isAnswer = bracketTrueFalseMarks.contains(inner)
            }
            guard isAnswer else { continue }
            let blanked = String(scalars[..<scalars.index(after: open)]) + "  " + String(scalars[close...])
            return (blanked, inner)
        }
        return nil
    }

    /// The true/false marks written in a stem's brackets (words such as 是/否 could be text there).
    static let bracketTrueFalseMarks: Set<String> = ["√", "✓", "✔", "×", "✗", "✘", "对", "對", "错", "錯", "正确", "正確", "错误", "錯誤"]

    /// `text` cut at every scalar for which `isSeparator` holds (scalar-wise, so no grapheme breaking).
    public static func split(
        _ text: some StringProtocol, omittingEmpty: Bool = true, where isSeparator: (Unicode.Scalar) -> Bool
    ) -> [Substring] {
        let whole = Substring(text)
        var parts: [Substring] = []
        var start = whole.startIndex
        var index = whole.startIndex
        let scalars = whole.unicodeScalars
        while index < scalars.endIndex {
            let next = scalars.index(after: index)
            if isSeparator(scalars[index]) {
                if !omittingEmpty || start < index { parts.append(whole[start..<index]) }
                start = next
            }
            index = next
        }
        if !omittingEmpty || start < whole.endIndex { parts.append(whole[start..<whole.endIndex]) }
        return parts
    }

    /// Blanks in a stem: runs of two or more `_` / `＿`, and brackets holding only white space: `（  ）`, `(  )`.
    public static func blankCount(in stem: String) -> Int {
        var count = 0
        var underscores = 0
        var openBracket = false
        for scalar in stem.unicodeScalars {
            if scalar == "_" || scalar == "＿" {
                underscores += 1
                continue
            }
            if underscores >= 2 { count += 1 }
            underscores = 0
            switch scalar {
            case "(", "（": openBracket = true
            case ")", "）":
                if openBracket { count += 1 }
                openBracket = false
            default:
                if openBracket, !scalar.properties.isWhitespace { openBracket = false }
            }
        }
        if underscores >= 2 { count += 1 }
        return count
    }

    /// Where the blanks `blankCount(in:)` counts are: each run of underscores, each bracket pair with its white space.
    public static func blankRanges(in stem: String) -> [Range<String.Index>] {
        var ranges: [Range<String.Index>] = []
        let scalars = stem.unicodeScalars
        var runStart: String.Index?
        var runLength = 0
        var bracketStart: String.Index?
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let scalar = scalars[index]
            if scalar == "_" || scalar == "＿" {
                if runLength == 0 { runStart = index }
                runLength += 1
                index = scalars.index(after: index)
                continue
            }
            if runLength >= 2, let start = runStart { ranges.append(start..<index) }
            runLength = 0
            switch scalar {
            case "(", "（": bracketStart = index
            case ")", "）":
                if let start = bracketStart { ranges.append(start..<scalars.index(after: index)) }
                bracketStart = nil
            default:
                if bracketStart != nil, !scalar.properties.isWhitespace { bracketStart = nil }
            }
            index = scalars.index(after: index)
        }
        if runLength >= 2, let start = runStart { ranges.append(start..<scalars.endIndex) }
        return ranges
    }

    /// Fill answers: `|` (or `｜`) between blanks, `;` (or `；`) between alternatives of one blank.
    public static func blanks(_ text: String) -> [Blank] {
        split(text, omittingEmpty: false, where: { $0 == "|" || $0 == "｜" }).map { part in
            Blank(
                split(part, where: { $0 == ";" || $0 == "；" })
                    .map { $0.trimmingWhitespace() }
                    .filter { !$0.isEmpty })
        }
    }

    public static func writeBlanks(_ blanks: [Blank]) -> String {
        blanks.map { $0.alternatives.joined(separator: ";") }.joined(separator: "|")
    }

    /// A keyword weight that is not a positive number.
    public struct BadWeight: Error { public var text: String }

    /// Keywords separated by `、` `,` `，` `;` `；`; a weight in brackets after a keyword: `公道正派(2)`.
    public static func keywords(_ text: String) -> Result<[Keyword], BadWeight> {
        var result: [Keyword] = []
        for item in list(text) {
            guard let open = item.lastIndex(where: { $0 == "(" || $0 == "（" }),
                item.last == ")" || item.last == "）"
            else {
                result.append(Keyword(item))
                continue
            }
            let weightText = item[item.index(after: open)..<item.index(before: item.endIndex)]
            guard let weight = Double(weightText.trimmingWhitespace()), weight > 0, weight.isFinite else {
                return .failure(BadWeight(text: String(weightText)))
            }
            result.append(Keyword(String(item[..<open]).trimmingWhitespace(), weight: weight))
        }
        return .success(result)
    }

    public static func writeKeywords(_ keywords: [Keyword]) -> String {
        keywords.map { $0.weight == 1 ? $0.text : "\($0.text)(\(formatPoints($0.weight)))" }.joined(separator: "、")
    }

    /// A list separated by `、` `,` `，` `;` `；`, items trimmed, empty items dropped.
    public static func list(_ text: String) -> [String] {
        split(text, where: isListSeparator)
            .map { $0.trimmingWhitespace() }
            .filter { !$0.isEmpty }
    }

    static func isListSeparator(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "、", ",", "，", ";", "；": true
        default: false
        }
    }

    /// `2`, `2分`, `1.5 分`, `２`: a positive number of points, at most `Question.maximumPoints`.
    public static func points(_ text: String) -> Double? {
        // The common case, plain ASCII digits: no folding needed.
        if !text.isEmpty, text.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: ".") }) {
            guard let value = Double(text), Question.acceptsPoints(value) else { return nil }
            return value
        }
        var trimmed = text.trimmingWhitespace()
        if trimmed.hasSuffix("分") { trimmed = String(trimmed.dropLast()).trimmingWhitespace() }
        let ascii = String(trimmed.unicodeScalars.map { Character(TextFolding.halfWidth($0)) })
        guard let value = Double(ascii), Question.acceptsPoints(value) else { return nil }
        return value
    }

    /// A multiple-choice rule as `key.csv` writes it (`all`, `half`, `net`, `per-option:0.5`) or in the words
    /// organizers use (全对得分, 少选得一半分, 每选对一项得0.5分, 对加错减).
    public static func scoringRule(_ text: String) -> MultipleChoiceRule? {
        let trimmed = text.trimmingWhitespace()
        if let rule = MultipleChoiceRule(text: trimmed.lowercased()) { return rule }
        let ascii = String(trimmed.unicodeScalars.map { Character(TextFolding.halfWidth($0)) })
        if ascii.hasPrefix("每选对一项得") || ascii.hasPrefix("每選對一項得") || ascii.hasPrefix("按选项得分") || ascii.hasPrefix("按選項得分") {
            // ASCII digits only: 一 in 每选对一项 is a number to Unicode.
            let digits = ascii.drop { !($0.isASCII && $0.isNumber) }.prefix { ($0.isASCII && $0.isNumber) || $0 == "." }
            guard let value = Double(digits), value > 0 else { return nil }
            return .perOption(value)
        }
        return scoringRuleWords.lookup(ascii)
    }

    private static let scoringRuleWords = TokenTable<MultipleChoiceRule>(
        ["全对得分", "全對得分", "全对才得分", "全對才得分", "少选、多选、错选均不得分", "少選、多選、錯選均不得分", "少选多选错选均不得分"].map { ($0, .allOrNothing) }
            + ["少选得一半分", "少選得一半分", "少选得一半分，错选不得分", "少選得一半分，錯選不得分", "少选得半分", "少選得半分"].map { ($0, .halfForSubset) }
            + ["对加错减", "對加錯減", "选对一项得分、选错一项扣分，最低0分", "選對一項得分、選錯一項扣分，最低0分"].map { ($0, .net) })

    /// `固定` / `fixed` → true (order kept); `不限` / `任意` / `乱序` / `any` → false.
    public static func orderFlag(_ text: String) -> Bool? { orderTokens.lookup(text) }

    private static let orderTokens = TokenTable<Bool>(
        ["固定", "按序", "有序", "是", "fixed", "yes"].map { ($0, true) }
            + ["不限", "任意", "乱序", "亂序", "无序", "無序", "否", "any", "shuffle", "no"].map { ($0, false) })

    /// A topic path with `/` `／` `>` `＞` between levels, each level trimmed: `干部工作/选拔任用`.
    public static func topicPath(_ text: String) -> String? {
        // Already canonical (the writer's form, and most hand-written paths): no work.
        if isCanonicalTopicPath(text) { return text }
        let parts = text.split(whereSeparator: { $0 == "/" || $0 == "／" || $0 == ">" || $0 == "＞" })
            .map { String($0).trimmingWhitespace() }
            .filter { !$0.isEmpty }
        return parts.isEmpty ? nil : parts.joined(separator: "/")
    }

    /// Whether `text` is already a canonical path: no white space, no `>` or full-width separators (nor other
    /// full-width or CJK-punctuation bytes, which take the slow path), no empty level.
    static func isCanonicalTopicPath(_ text: String) -> Bool {
        var previous: UInt8 = 0x2F  // as if after a "/": a leading "/" is an empty level
        for byte in text.utf8 {
            switch byte {
            case 0x20, 0x09, UInt8(ascii: ">"), 0xEF, 0xE3: return false
            case 0x2F where previous == 0x2F: return false
            default: previous = byte
            }
        }
        return previous != 0x2F
    }

    /// `《文件》，第三条，2022-09-21`: the document in 《》, a date (`2022-09-21`, `2022年9月21日`, `2022-09`,
    /// `2022年9月`), and the rest as the article. Without 《》 the rest is the document.
    public static func sourceReference(_ text: String) -> SourceReference? {
        // Field values arrive trimmed. 《 is E3 80 8A, 》 is E3 80 8B.
        var rest = Substring(text)
        var document: String?
        if let open = rest.utf8.firstIndex(of: 0x8A, after: [0xE3, 0x80]),
            let close = rest[open...].utf8.firstIndex(of: 0x8B, after: [0xE3, 0x80])
        {
            let titleStart = rest.utf8.index(open, offsetBy: 3)
            document = rest[titleStart..<close].trimmingWhitespace()
            let before = rest[..<open].trimming(whereScalar: isSourceSeparator)
            let after = rest[rest.utf8.index(close, offsetBy: 3)...]
            rest = before.isEmpty ? after : Substring(before + "，" + after)
        }
        var date: String?
        if let found = findDate(in: rest) {
            date = found.iso
            rest = Substring(rest[..<found.range.lowerBound] + "，" + rest[found.range.upperBound...])
        }
        let remainder = rest.trimming(whereScalar: isSourceSeparator)
        let article = remainder.isEmpty ? nil : String(remainder)
        let reference =
            document == nil
            ? SourceReference(document: article, article: nil, date: date)
            : SourceReference(document: document, article: article, date: date)
        return reference.isEmpty ? nil : reference
    }

    static func isSourceSeparator(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case " ", ",", "，", "、", ";", "；", "\u{3000}", "\t": true
        default: false
        }
    }

    public static func writeSource(_ source: SourceReference) -> String {
        var parts: [String] = []
        if let document = source.document { parts.append("《\(document)》") }
        if let article = source.article { parts.append(article) }
        if let date = source.date { parts.append(date) }
        return parts.joined(separator: "，")
    }

    /// The first date in `text`: `2022-09-21`, `2022/9/21`, `2022.9.21`, `2022年9月21日`, `2022-09`, `2022年9月`.
    static func findDate(in text: Substring) -> (iso: String, range: Range<String.Index>)? {
        // Most sources hold no four-digit run: skip the work.
        var run = 0
        guard text.utf8.contains(where: { byte in
            run = byte >= 0x30 && byte <= 0x39 ? run + 1 : 0
            return run == 4
        }) else { return nil }
        let utf8 = Array(text.utf8)
        let year = Array("年".utf8), month = Array("月".utf8), day = Array("日".utf8)
        func isDigit(_ k: Int) -> Bool { k < utf8.count && utf8[k] >= 0x30 && utf8[k] <= 0x39 }
        func digits(from k: Int, max: Int) -> (value: Int, end: Int)? {
            var value = 0
            var j = k
            while j - k < max, isDigit(j) {
                value = value * 10 + Int(utf8[j] - 0x30)
                j += 1
            }
            return j > k ? (value, j) : nil
        }
        func matches(_ word: [UInt8], at k: Int) -> Bool {
            k + word.count <= utf8.count && Array(utf8[k..<k + word.count]) == word
        }
        /// The separator at `k` (`-` `/` `.` or 年 / 月) and its length in bytes.
        func separator(at k: Int, chinese: [UInt8]) -> Int? {
            guard k < utf8.count else { return nil }
            if utf8[k] == UInt8(ascii: "-") || utf8[k] == UInt8(ascii: "/") || utf8[k] == UInt8(ascii: ".") { return 1 }
            return matches(chinese, at: k) ? chinese.count : nil
        }
        var k = 0
        while k + 6 <= utf8.count {
            defer { k += 1 }
            guard isDigit(k), k == 0 || !isDigit(k - 1), let (yearValue, afterYear) = digits(from: k, max: 4),
                afterYear - k == 4, !isDigit(afterYear),
                let yearSeparator = separator(at: afterYear, chinese: year),
                let (monthValue, afterMonth) = digits(from: afterYear + yearSeparator, max: 2), (1...12).contains(monthValue)
            else { continue }
            let chineseStyle = utf8[afterYear] >= 0x80
            var end = afterMonth
            var iso = "\(yearValue)-\(twoDigits(monthValue))"
            let monthSeparator = chineseStyle ? (matches(month, at: end) ? month.count : nil) : (end < utf8.count && utf8[end] == utf8[afterYear] ? 1 : nil)
            if let monthSeparator {
                if let (dayValue, afterDay) = digits(from: end + monthSeparator, max: 2), (1...31).contains(dayValue) {
                    iso += "-\(twoDigits(dayValue))"
                    end = afterDay
                    if matches(day, at: end) { end += day.count }
                } else if chineseStyle {
                    end += monthSeparator
                }
            }
            let lower = text.utf8.index(text.startIndex, offsetBy: k)
            let upper = text.utf8.index(text.startIndex, offsetBy: end)
            return (iso, lower..<upper)
        }
        return nil
    }

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}

