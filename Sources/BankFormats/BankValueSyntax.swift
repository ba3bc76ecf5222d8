import QuizModel
import TextMatching

/// How the values of the native format's fields are written (answers, blanks, keywords, paths, sources).
/// Shared by the reader and the writer so both agree on one syntax.
enum BankValueSyntax {
    /// Characters that separate answer letters: `A,B,D` `A;B;D` `A、B、D` `A B D` `A/B`.
    static let letterSeparators: Set<Character> = [",", "，", ";", "；", "、", " ", "\u{3000}", "/", "+", "＋", "."]

    /// The option indices of a choice answer such as `ABD`, `A,B,D`, `a、b`; `invalid` is the first text that is
    /// not a letter.
    static func answerLetters(_ text: String) -> (letters: [Int], invalid: String?) {
        var letters: [Int] = []
        for character in text.trimmingWhitespace() {
            if letterSeparators.contains(character) { continue }
            guard let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1 else {
                return (letters, text)
            }
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

    /// Blanks in a stem: runs of two or more `_` / `＿`, and brackets holding only white space: `（  ）`, `(  )`.
    static func blankCount(in stem: String) -> Int {
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

    /// Fill answers: `|` (or `｜`) between blanks, `;` (or `；`) between alternatives of one blank.
    static func blanks(_ text: String) -> [Blank] {
        text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "|" || $0 == "｜" }).map { part in
            Blank(
                part.split(whereSeparator: { $0 == ";" || $0 == "；" })
                    .map { String($0).trimmingWhitespace() }
                    .filter { !$0.isEmpty })
        }
    }

    static func writeBlanks(_ blanks: [Blank]) -> String {
        blanks.map { $0.alternatives.joined(separator: ";") }.joined(separator: "|")
    }

    struct BadWeight: Error { var text: String }

    /// Keywords separated by `、` `,` `，` `;` `；`; a weight in brackets after a keyword: `公道正派(2)`.
    static func keywords(_ text: String) -> Result<[Keyword], BadWeight> {
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

    static func writeKeywords(_ keywords: [Keyword]) -> String {
        keywords.map { $0.weight == 1 ? $0.text : "\($0.text)(\(number($0.weight)))" }.joined(separator: "、")
    }

    /// A list separated by `、` `,` `，` `;` `；`, items trimmed, empty items dropped.
    static func list(_ text: String) -> [String] {
        text.split(whereSeparator: { "、,，;；".contains($0) })
            .map { String($0).trimmingWhitespace() }
            .filter { !$0.isEmpty }
    }

    /// `2`, `2分`, `1.5 分`, `２`: a positive number of points.
    static func points(_ text: String) -> Double? {
        var trimmed = text.trimmingWhitespace()
        if trimmed.hasSuffix("分") { trimmed = String(trimmed.dropLast()).trimmingWhitespace() }
        let ascii = String(trimmed.unicodeScalars.map { Character(TextFolding.halfWidth($0)) })
        guard let value = Double(ascii), value > 0, value.isFinite else { return nil }
        return value
    }

    /// A number without a needless `.0`: 2 → "2", 1.5 → "1.5".
    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    /// `固定` / `fixed` → true (order kept); `不限` / `任意` / `乱序` / `any` → false.
    static func orderFlag(_ text: String) -> Bool? {
        switch text.trimmingWhitespace().lowercased() {
        case "固定", "按序", "有序", "是", "fixed", "yes": true
        case "不限", "任意", "乱序", "亂序", "无序", "無序", "否", "any", "shuffle", "no": false
        default: nil
        }
    }

    /// A topic path with `/` `／` `>` `＞` between levels, each level trimmed: `干部工作/选拔任用`.
    static func topicPath(_ text: String) -> String? {
        let parts = text.split(whereSeparator: { "/／>＞".contains($0) })
            .map { String($0).trimmingWhitespace() }
            .filter { !$0.isEmpty }
        return parts.isEmpty ? nil : parts.joined(separator: "/")
    }

    /// `《文件》，第三条，2022-09-21`: the document in 《》, a date (`2022-09-21`, `2022年9月21日`, `2022-09`,
    /// `2022年9月`), and the rest as the article. Without 《》 the rest is the document.
    static func sourceReference(_ text: String) -> SourceReference? {
        var rest = Substring(text.trimmingWhitespace())
        var document: String?
        if let open = rest.firstIndex(of: "《"), let close = rest[open...].firstIndex(of: "》") {
            document = String(rest[rest.index(after: open)..<close]).trimmingWhitespace()
            rest = rest[..<open] + rest[rest.index(after: close)...]
        }
        var date: String?
        if let found = findDate(in: rest) {
            date = found.iso
            rest = rest[..<found.range.lowerBound] + rest[found.range.upperBound...]
        }
        let remainder = String(rest.trimmingCharacters(" ,，、;；\u{3000}\t")).trimmingWhitespace()
        let article = remainder.isEmpty ? nil : remainder
        let reference =
            document == nil
            ? SourceReference(document: article, article: nil, date: date)
            : SourceReference(document: document, article: article, date: date)
        return reference.isEmpty ? nil : reference
    }

    static func writeSource(_ source: SourceReference) -> String {
        var parts: [String] = []
        if let document = source.document { parts.append("《\(document)》") }
        if let article = source.article { parts.append(article) }
        if let date = source.date { parts.append(date) }
        return parts.joined(separator: "，")
    }

    /// The first date in `text`: `2022-09-21`, `2022/9/21`, `2022.9.21`, `2022年9月21日`, `2022-09`, `2022年9月`.
    static func findDate(in text: Substring) -> (iso: String, range: Range<String.Index>)? {
        let characters = Array(text.indices)
        func digits(from k: Int, max: Int) -> (Int, Int)? {
            var n = 0
            var j = k
            while j < characters.count, j - k < max, let d = text[characters[j]].wholeNumberValue,
                text[characters[j]].isASCII
            {
                n = n * 10 + d
                j += 1
            }
            return j > k ? (n, j) : nil
        }
        var k = 0
        while k + 6 <= characters.count {
            defer { k += 1 }
            if k > 0, text[characters[k - 1]].isASCII, text[characters[k - 1]].isNumber { continue }
            guard let (year, afterYear) = digits(from: k, max: 4), afterYear - k == 4, afterYear < characters.count
            else { continue }
            let separator = text[characters[afterYear]]
            guard "-年/.".contains(separator), let (month, afterMonth) = digits(from: afterYear + 1, max: 2),
                (1...12).contains(month)
            else { continue }
            var end = afterMonth
            var iso = "\(year)-\(twoDigits(month))"
            let monthMark = end < characters.count ? text[characters[end]] : nil
            let daySeparators: String = separator == "年" ? "月" : String(separator)
            if let monthMark, daySeparators.contains(monthMark) {
                if let (day, afterDay) = digits(from: end + 1, max: 2), (1...31).contains(day) {
                    iso += "-\(twoDigits(day))"
                    end = afterDay
                    if end < characters.count, text[characters[end]] == "日" { end += 1 }
                } else if monthMark == "月" {
                    end += 1
                }
            }
            let upper = end < characters.count ? characters[end] : text.endIndex
            return (iso, characters[k]..<upper)
        }
        return nil
    }

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}

