import BankFormats
import Foundation
import QuizModel

/// Moodle's GIFT format (docs.moodle.org/en/GIFT_format), read in full and written for what it can carry.
///
/// Read: `//` comments (Moodle's `// [id:…]` and `// [tag:…]` give the id and tags of the next question),
/// `::title::` (the question's name), `[html]` `[markdown]` `[plain]` `[moodle]` text formats,
/// `$CATEGORY:` (→ topic path), the escapes `\~ \= \# \{ \} \: \\ \n`, `=`/`~` choices, weights `%50%` and
/// `%-33.33333%` (→ the question's multiple-choice rule), true/false, short answer and missing-word questions
/// (→ fill-in), numeric answers (→ fill-in with the exact values), per-answer `#` and general `####` feedback
/// (→ explanation), essays (→ short answer, the general feedback being the reference answer). Matching questions
/// and descriptions have no kaoxue type: each is reported and the rest of the file converts.
public enum GIFTFormat {
    static func looksLikeGIFT(_ text: String) -> Bool {
        guard text.contains("{"), text.contains("}") else { return false }
        if text.contains("答案：") || text.contains("答案:") { return false }
        return text.contains("::") || text.contains("~") || text.contains("{=") || text.contains("{T") || text.contains("{F")
            || text.contains("$CATEGORY")
    }

    /// One scalar of a question block with where it was, and whether it was escaped (`\{` is text, `{` is syntax).
    struct Char {
        var scalar: Unicode.Scalar
        var line: Int
        var column: Int
        var escaped: Bool
    }

    /// A question's lines, and the comments before it.
    struct Block {
        var chars: [Char] = []
        var category: String?
        var idFromComment: String?
        var tags: [String] = []
        var isEmpty: Bool { chars.allSatisfy { $0.scalar.properties.isWhitespace && !$0.escaped } }
    }

    // MARK: Reading

    public static func read(_ text: String, path: String) -> ImportedBank {
        var problems = ProblemList(file: path)
        var questions: [Question] = []
        var skipped = 0
        var category: String?
        var block = Block()
        var pendingID: String?
        var pendingTags: [String] = []

        func finish() {
            defer { block = Block() }
            guard !block.isEmpty else { return }
            block.category = category
            switch parseBlock(block, path: path, problems: &problems) {
            case .question(let question): questions.append(question)
            case .skipped: skipped += 1
            case .failed: break
            }
        }

        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            let line = String(raw.hasSuffix("\r") ? raw.dropLast() : raw)
            let trimmed = line.trimmingWhitespace()
            if trimmed.isEmpty {
                finish()
                continue
            }
            if trimmed.hasPrefix("//") {
                // Moodle reads `[id:…]` and `[tag:…]` in the comments before a question.
                for (key, value) in bracketTags(trimmed) {
                    if key == "id" { pendingID = value } else if key == "tag" { pendingTags.append(value) }
                }
                continue
            }
            if block.isEmpty, trimmed.hasPrefix("$CATEGORY:") {
                category = topic(fromCategory: String(trimmed.dropFirst("$CATEGORY:".count)))
                continue
            }
            if block.isEmpty {
                block.idFromComment = pendingID
                block.tags = pendingTags
                pendingID = nil
                pendingTags = []
            } else {
                block.chars.append(Char(scalar: "\n", line: number - 1, column: 0, escaped: false))
            }
            append(line, number: number, to: &block.chars)
        }
        finish()
        if questions.isEmpty, skipped == 0, problems.diagnostics.isEmpty {
            problems.error(.text(line: 1, column: 1), BankProblem.emptyFile.message(in: .zhHans), BankProblem.emptyFile.message(in: .en))
        }
        return ImportedBank(questions: questions, diagnostics: problems.diagnostics, skipped: skipped)
    }

    /// `[id:x]`, `[tag:y]` in a comment, as Moodle reads them: values trimmed, `\]` an escaped bracket
    /// (`[id:i\]d]` is the id `i]d`).
    static func bracketTags(_ comment: String) -> [(String, String)] {
        var found: [(String, String)] = []
        let scalars = Array(comment.unicodeScalars)
        var index = 0
        while index < scalars.count {
            guard scalars[index] == "[" else {
                index += 1
                continue
            }
            var inner = String.UnicodeScalarView()
            var end = index + 1
            var closed = false
            while end < scalars.count {
                if scalars[end] == "\\", end + 1 < scalars.count, scalars[end + 1] == "]" {
                    inner.append("]")
                    end += 2
                    continue
                }
                if scalars[end] == "]" {
                    closed = true
                    break
                }
                inner.append(scalars[end])
                end += 1
            }
            guard closed else { break }
            let text = String(inner)
            if let colon = text.firstIndex(of: ":") {
                let key = text[..<colon].lowercased()
                let value = text[text.index(after: colon)...].trimmingWhitespace()
                if key == "id" || key == "tag", !value.isEmpty { found.append((key, value)) }
            }
            index = end + 1
        }
        return found
    }

    /// `$course$/top/干部工作/选拔任用` → `干部工作/选拔任用`; the top category alone → nil.
    static func topic(fromCategory text: String) -> String? {
        var parts = text.trimmingWhitespace().split(separator: "/").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
        if let first = parts.first, first.hasPrefix("$"), first.hasSuffix("$") { parts.removeFirst() }
        if parts.first == "top" || parts.first == "Top" || parts.first == "默认" { parts.removeFirst() }
        return parts.isEmpty ? nil : parts.joined(separator: "/")
    }

    /// The scalars of `line` with their columns, escapes resolved.
    static func append(_ line: String, number: Int, to chars: inout [Char]) {
        let scalars = Array(line.unicodeScalars)
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\\", index + 1 < scalars.count {
                let next = scalars[index + 1]
                switch next {
                case "~", "=", "#", "{", "}", ":", "\\", "%", "[", "]":
                    chars.append(Char(scalar: next, line: number, column: index + 1, escaped: true))
                    index += 2
                    continue
                case "n":
                    chars.append(Char(scalar: "\n", line: number, column: index + 1, escaped: true))
                    index += 2
                    continue
                default: break
                }
            }
            chars.append(Char(scalar: scalar, line: number, column: index + 1, escaped: false))
            index += 1
        }
    }

    /// The index of the first unescaped `scalar` in `chars[range]`.
    static func find(_ scalar: Unicode.Scalar, in chars: [Char], from start: Int, to end: Int? = nil) -> Int? {
        var index = start
        let limit = end ?? chars.count
        while index < limit {
            if chars[index].scalar == scalar, !chars[index].escaped { return index }
            index += 1
        }
        return nil
    }

    static func text(_ chars: ArraySlice<Char>) -> String {
        var out = String.UnicodeScalarView()
        out.append(contentsOf: chars.map(\.scalar))
        return String(out)
    }

    static func location(_ char: Char) -> ConversionLocation { .text(line: char.line, column: max(1, char.column)) }

    static func parseBlock(_ block: Block, path: String, problems: inout ProblemList) -> QuestionReadOutcome {
        let chars = block.chars
        var start = 0
        while start < chars.count, chars[start].scalar.properties.isWhitespace { start += 1 }
        let first = chars[start]
        let here = location(first)
        var title: String?
        if start + 1 < chars.count, chars[start].scalar == ":", chars[start + 1].scalar == ":", !chars[start].escaped, !chars[start + 1].escaped {
            var close = start + 2
            while close + 1 < chars.count, !(chars[close].scalar == ":" && chars[close + 1].scalar == ":" && !chars[close].escaped && !chars[close + 1].escaped) {
                close += 1
            }
            guard close + 1 < chars.count else {
                problems.error(here, "标题 ::…:: 没有结束", "the title ::…:: is not closed")
                return .failed
            }
            title = text(chars[(start + 2)..<close]).trimmingWhitespace()
            start = close + 2
        }
        guard let open = find("{", in: chars, from: start) else {
            problems.warning(here, "GIFT 说明文字（没有 {答案}）在 kaoxue 中没有对应题型，已跳过", "a GIFT description (no {answers}) has no kaoxue type: skipped")
            return .skipped
        }
        guard let close = find("}", in: chars, from: open + 1) else {
            problems.error(location(chars[open]), "答案块 { 没有对应的 }", "the answer block { has no closing }")
            return .failed
        }
        if let stray = find("{", in: chars, from: open + 1, to: close) {
            problems.error(location(chars[stray]), "答案块中不能再有 {（文字中的 { 应写作 \\{）", "a { inside the answer block (write \\{ for the character)")
            return .failed
        }
        let tail = text(chars[(close + 1)...])
        if let extra = find("{", in: chars, from: close + 1) {
            problems.error(location(chars[extra]), "一道 GIFT 题只能有一个答案块", "a GIFT question has one answer block")
            return .failed
        }
        var (format, stemText) = textFormat(text(chars[start..<open]))
        var tailText = textFormat(tail, format: format).text
        if format == "html" {
            if hasPicture(html: stemText) {
                problems.warning(here, "题目中的图片无法保存，已舍弃（题目文字照常读取）", "the question's pictures cannot be kept: dropped (its text is read)")
            }
            stemText = plainText(fromHTML: stemText)
            tailText = plainText(fromHTML: tailText)
        }
        let answerChars = Array(chars[(open + 1)..<close])
        let isMissingWord = !tailText.trimmingWhitespace().isEmpty
        let before = isMissingWord ? stemText.trimmingLeadingWhitespace() : stemText.trimmingWhitespace()
        // The blank is where the answer block is; a stem that ends in its own blank (`是_____。{=甲}`, `（  ）`) keeps it.
        let ownBlank = !isMissingWord && BankValueSyntax.blankCount(in: before) == 1
        let blankStem = ownBlank ? before : before + "____" + (isMissingWord ? tailText.trimmingTrailingWhitespace() : "")
        let plainStem = isMissingWord ? blankStem : before

        var parsed = AnswerBlock.parse(answerChars, at: location(chars[open]), format: format)
        if let failure = parsed.failure {
            problems.error(failure)
            return .failed
        }
        for warning in parsed.warnings { problems.warning(warning) }
        var question: Question
        switch parsed.kind {
        case .matching:
            problems.warning(here, "GIFT 配对题在 kaoxue 中没有对应题型，已跳过", "a GIFT matching question has no kaoxue type: skipped")
            return .skipped
        case .essay:
            // The general feedback is the reference answer; without one the essay is marked by hand.
            let reference = parsed.generalFeedback.flatMap { $0.isEmpty ? nil : $0 }
            parsed.generalFeedback = nil
            question = Question(id: "", stem: plainStem, content: .short(reference: reference, keywords: []))
        case .trueFalse(let value):
            question = Question(id: "", stem: plainStem, content: .trueFalse(answer: value))
        case .accepted(let alternatives):
            question = Question(id: "", stem: blankStem, content: .fill(blanks: [Blank(alternatives)], orderInsensitive: false))
        case .choices(let options, let right, let rule):
            if right.count == 1, rule == nil, parsed.singleChoice {
                question = Question(id: "", stem: plainStem, content: .single(options: options, answer: right[0]))
            } else {
                question = Question(id: "", stem: plainStem, content: .multiple(options: options, answers: right), scoringRule: rule)
            }
        }
        question.explanation = parsed.explanation
        question.topic = block.category
        question.tags = block.tags
        question.location = SourceLocation(file: path, line: first.line, column: max(1, first.column))
        // The title is the question's name, as in Moodle: not unique, and not its id (that is `[id:]`).
        question.name = title.flatMap { $0.isEmpty ? nil : $0 }
        guard let kept = QuestionChecks.admit(question, explicitID: block.idFromComment, at: here, into: &problems) else { return .failed }
        return .question(kept)
    }

    /// The `[format]` tag at the start of a text, and the text without it.
    static func textFormat(_ text: String, format: String? = nil) -> (format: String?, text: String) {
        let trimmed = text.trimmingLeadingWhitespace()
        for name in ["html", "markdown", "plain", "moodle"] where trimmed.lowercased().hasPrefix("[\(name)]") {
            return (name, String(trimmed.dropFirst(name.count + 2)))
        }
        return (format, text)
    }

    /// Whether HTML text shows a picture (`<img …>`), which its plain text loses.
    static func hasPicture(html: String) -> Bool { html.range(of: "<img", options: .caseInsensitive) != nil }

    /// HTML text as plain text: `<br>` and block ends become line breaks, other tags go, entities are decoded.
    static func plainText(fromHTML html: String) -> String {
        var out = ""
        var index = html.startIndex
        while index < html.endIndex {
            let character = html[index]
            if character == "<", let end = html[index...].firstIndex(of: ">") {
                let tag = html[html.index(after: index)..<end].lowercased()
                if tag.hasPrefix("br") || tag.hasPrefix("/p") || tag.hasPrefix("/div") || tag.hasPrefix("/li") { out += "\n" }
                index = html.index(after: end)
                continue
            }
            if character == "&", let end = html[index...].prefix(10).firstIndex(of: ";") {
                let entity = String(html[html.index(after: index)..<end])
                if let decoded = decodeEntity(entity) {
                    out += decoded
                    index = html.index(after: end)
                    continue
                }
            }
            out.append(character)
            index = html.index(after: index)
        }
        return out.split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingWhitespace() }.joined(separator: "\n").trimmingWhitespace()
    }

    static func decodeEntity(_ entity: String) -> String? {
        switch entity {
        case "amp": return "&"
        case "lt": return "<"
        case "gt": return ">"
        case "quot": return "\""
        case "apos": return "'"
        case "nbsp": return " "
        default:
            if entity.hasPrefix("#x") || entity.hasPrefix("#X"), let code = UInt32(entity.dropFirst(2), radix: 16), let scalar = Unicode.Scalar(code) {
                return String(Character(scalar))
            }
            if entity.hasPrefix("#"), let code = UInt32(entity.dropFirst()), let scalar = Unicode.Scalar(code) { return String(Character(scalar)) }
            return nil
        }
    }
}

/// What was between the braces of a GIFT question.
struct AnswerBlock {
    enum Kind {
        case essay
        case trueFalse(Bool)
        /// Short answer or numeric: the accepted answers of one blank.
        case accepted([String])
        /// Options, the right ones, and the rule the weights give (nil: the paper's rule).
        case choices([String], right: [Int], rule: MultipleChoiceRule?)
        case matching
    }

    typealias Message = LocatedMessage

    var kind = Kind.essay
    var generalFeedback: String?
    /// Per-answer feedback lines (`A：…`), joined under the general feedback to make the explanation.
    var answerFeedback: [String] = []
    /// Feedback for any answer not listed (a numeric question's `~#…`), the last line of the explanation.
    var otherAnswerFeedback: String?
    var singleChoice = true
    var warnings: [Message] = []
    var failure: Message?

    var explanation: String? {
        let parts = [generalFeedback].compactMap { $0 } + answerFeedback + [otherAnswerFeedback.map { "其他答案：\($0)" }].compactMap { $0 }
        let joined = parts.filter { !$0.isEmpty }.joined(separator: "\n")
        return joined.isEmpty ? nil : joined
    }

    typealias Char = GIFTFormat.Char

    /// One `=` or `~` item: its marker, weight, text and feedback.
    struct Item {
        var right: Bool
        var weight: Double?
        var text: String
        var feedback: String?
        var at: ConversionLocation
        var isMatching: Bool
    }

    static func parse(_ chars: [Char], at blockLocation: ConversionLocation, format: String?) -> AnswerBlock {
        var block = AnswerBlock()
        var body = chars
        // General feedback: after the first unescaped ####.
        var index = 0
        while index + 3 < body.count {
            if body[index..<(index + 4)].allSatisfy({ $0.scalar == "#" && !$0.escaped }) {
                block.generalFeedback = clean(GIFTFormat.text(body[(index + 4)...]), format: format)
                body = Array(body[..<index])
                break
            }
            index += 1
        }
        var start = 0
        while start < body.count, body[start].scalar.properties.isWhitespace, !body[start].escaped { start += 1 }
        guard start < body.count else { return block }
        let content = body[start...]
        let first = content.first!
        if first.scalar == "#", !first.escaped {
            block.parseNumeric(Array(content.dropFirst()), at: GIFTFormat.location(first))
            return block
        }
        // True/false: T, TRUE, F, FALSE, then optional #feedback.
        let hash = GIFTFormat.find("#", in: Array(content), from: 0)
        let head = GIFTFormat.text(hash.map { content.prefix($0) } ?? content).trimmingWhitespace().uppercased()
        if ["T", "TRUE", "F", "FALSE"].contains(head), !content.contains(where: { ($0.scalar == "=" || $0.scalar == "~") && !$0.escaped }) {
            block.kind = .trueFalse(head.hasPrefix("T"))
            if let hash {
                let feedbacks = GIFTFormat.text(Array(content)[(hash + 1)...]).split(separator: "#", omittingEmptySubsequences: false)
                for feedback in feedbacks.prefix(2) where !feedback.trimmingWhitespace().isEmpty {
                    block.answerFeedback.append(clean(String(feedback), format: format))
                }
            }
            return block
        }
        // As Moodle tells them apart: a `~` anywhere makes a choice question; otherwise `=` answers are a short
        // answer's (matching when they hold `->`). Text before the first marker is one more answer: accepted in a
        // short answer (`{One}`, `{甲 =乙}`), a wrong option among choices.
        let hasTilde = content.contains { $0.scalar == "~" && !$0.escaped }
        var items: [Item] = []
        var itemStart = start
        var position = start + 1
        /// The item from `itemStart` (a marker, or the first character of an unmarked answer) to `end`.
        func finishItem(_ end: Int) {
            let marker = body[itemStart]
            let marked = (marker.scalar == "=" || marker.scalar == "~") && !marker.escaped
            var textChars = Array(body[(marked ? itemStart + 1 : itemStart)..<end])
            var weight: Double?
            let leading = textChars.drop { $0.scalar.properties.isWhitespace && !$0.escaped }
            if let percent = leading.first, percent.scalar == "%", !percent.escaped {
                let afterPercent = Array(leading.dropFirst())
                if let closing = GIFTFormat.find("%", in: afterPercent, from: 0) {
                    let number = GIFTFormat.text(afterPercent[..<closing]).trimmingWhitespace()
                    if let value = Double(number) {
                        weight = value
                    } else {
                        block.failure = Message(location: GIFTFormat.location(percent), chinese: "权重“\(number)”不是数字", english: "weight \"\(number)\" is not a number")
                    }
                    textChars = Array(afterPercent[(closing + 1)...])
                }
            }
            var feedback: String?
            if let hashIndex = GIFTFormat.find("#", in: textChars, from: 0) {
                feedback = clean(GIFTFormat.text(textChars[(hashIndex + 1)...]), format: format)
                textChars = Array(textChars[..<hashIndex])
            }
            var matching = false
            for i in textChars.indices.dropLast() where textChars[i].scalar == "-" && textChars[i + 1].scalar == ">" && !textChars[i].escaped {
                matching = true
            }
            if !marked, GIFTFormat.text(textChars[...]).trimmingWhitespace().isEmpty { return }  // nothing before the first marker
            items.append(Item(
                right: marked ? marker.scalar == "=" : !hasTilde, weight: weight, text: clean(GIFTFormat.text(textChars[...]), format: format), feedback: feedback,
                at: GIFTFormat.location(marker), isMatching: matching))
        }
        while position < body.count {
            let char = body[position]
            if (char.scalar == "=" || char.scalar == "~"), !char.escaped {
                finishItem(position)
                itemStart = position
            }
            position += 1
        }
        finishItem(body.count)
        if block.failure != nil { return block }
        if !hasTilde, items.contains(where: \.isMatching) {
            block.kind = .matching
            return block
        }
        if let empty = items.first(where: { $0.text.isEmpty }) {
            block.failure = Message(location: empty.at, chinese: "答案为空", english: "an empty answer")
            return block
        }
        if items.allSatisfy(\.right) {
            // Short answer: every = is accepted; partial-credit answers cannot be kept.
            var accepted: [String] = []
            for item in items {
                if item.text == "*" {
                    // Moodle's "any other answer", there for its feedback.
                    if let feedback = item.feedback, !feedback.isEmpty { block.otherAnswerFeedback = feedback }
                    continue
                }
                if let weight = item.weight, weight < 100 {
                    block.warnings.append(Message(
                        location: item.at, chinese: "部分得分（\(formatPoints(weight))%）的答案“\(item.text)”无法保存，已舍弃",
                        english: "the partial-credit (\(formatPoints(weight))%) answer \"\(item.text)\" cannot be kept: dropped"))
                } else {
                    accepted.append(item.text)
                }
                if let feedback = item.feedback, !feedback.isEmpty { block.answerFeedback.append("\(item.text)：\(feedback)") }
            }
            block.kind = .accepted(accepted)
            return block
        }
        block.parseChoices(items, at: blockLocation)
        return block
    }

    mutating func parseChoices(_ items: [Item], at blockLocation: ConversionLocation) {
        for (index, item) in items.enumerated() where item.feedback.map({ !$0.isEmpty }) ?? false {
            answerFeedback.append("\(optionLabel(min(index, 25)))：\(item.feedback!)")
        }
        // As in Moodle, a question without an `=` answer is multiple response, even with one full-credit option.
        let weights = ChoiceWeights(
            items.map { $0.weight ?? ($0.right ? 100 : 0) }, at: blockLocation, optionLocations: items.map(\.at),
            single: items.contains(where: \.right) ? nil : false)
        warnings += weights.warnings
        if let failure = weights.failure {
            self.failure = failure
            return
        }
        singleChoice = weights.single
        kind = .choices(items.map(\.text), right: weights.right, rule: weights.rule)
    }

    /// Numeric answers as Moodle reads them: `#3`, `#3:0.5` (a tolerance), `#1..5` (a range), several answers
    /// `#=3:0 =%50%3:1`, each with its own `#feedback`, and feedback for any other answer after `~`
    /// (`{#3:2~#Completely wrong}`, or Moodle's export layout `{#\n=%100%3:2#\n~#Completely wrong\n}`). kaoxue
    /// accepts exact texts: a whole-number range becomes its numbers, a tolerance or a decimal range its middle value,
    /// each with a warning saying what is lost.
    mutating func parseNumeric(_ chars: [Char], at location: ConversionLocation) {
        var body = chars
        if let tilde = GIFTFormat.find("~", in: body, from: 0) {
            // Feedback for any other answer: `~#…` (or `~…`); Moodle stores it as the answer `*`.
            var wrong = Array(body[(tilde + 1)...])
            if let hash = GIFTFormat.find("#", in: wrong, from: 0) { wrong = Array(wrong[(hash + 1)...]) }
            let feedback = GIFTFormat.text(wrong[...]).trimmingWhitespace()
            if !feedback.isEmpty { otherAnswerFeedback = feedback }
            body = Array(body[..<tilde])
        }
        // Answers: split at unescaped `=`; the text before the first `=` is an answer too when not blank.
        var entries: [[Char]] = [[]]
        for char in body {
            if char.scalar == "=", !char.escaped { entries.append([]) } else { entries[entries.count - 1].append(char) }
        }
        var accepted: [String] = []
        for entryChars in entries {
            var entryChars = entryChars
            if let hash = GIFTFormat.find("#", in: entryChars, from: 0) {
                let feedback = GIFTFormat.text(entryChars[(hash + 1)...]).trimmingWhitespace()
                entryChars = Array(entryChars[..<hash])
                let value = GIFTFormat.text(entryChars[...]).trimmingWhitespace()
                if !feedback.isEmpty { answerFeedback.append(value.isEmpty ? feedback : "\(Self.numericValue(value))：\(feedback)") }
            }
            var entry = GIFTFormat.text(entryChars[...]).trimmingWhitespace()
            if entry.isEmpty { continue }
            if entry.hasPrefix("%"), let close = entry.dropFirst().firstIndex(of: "%") {
                let weight = Double(entry[entry.index(after: entry.startIndex)..<close]) ?? 100
                entry = String(entry[entry.index(after: close)...]).trimmingWhitespace()
                if weight < 100 {
                    warnings.append(Message(location: location, chinese: "部分得分的数值答案 \(entry) 无法保存，已舍弃", english: "the partial-credit numeric answer \(entry) cannot be kept: dropped"))
                    continue
                }
            }
            if let range = entry.range(of: "..") {
                guard let low = Double(entry[..<range.lowerBound].trimmingWhitespace()), let high = Double(entry[range.upperBound...].trimmingWhitespace()), low <= high else {
                    failure = Message(location: location, chinese: "数值范围“\(entry)”应为 最小..最大", english: "numeric range \"\(entry)\" must be MIN..MAX")
                    return
                }
                if low.rounded() == low, high.rounded() == high, high - low <= 50 {
                    accepted += stride(from: Int(low), through: Int(high), by: 1).map(String.init)
                    warnings.append(Message(location: location, chinese: "数值范围 \(entry) 按其中的整数接受", english: "numeric range \(entry) accepted as its whole numbers"))
                } else {
                    // Twelve significant digits: (3.141 + 3.142) / 2 is 3.1415, not 3.1414999999999997.
                    let middle = Double(String(format: "%.12g", (low + high) / 2)) ?? (low + high) / 2
                    accepted.append(formatPoints(middle))
                    warnings.append(Message(
                        location: location, chinese: "数值范围 \(entry) 无法保存，只接受中间值 \(formatPoints(middle))",
                        english: "the numeric range \(entry) cannot be kept: only its middle \(formatPoints(middle)) is accepted"))
                }
                continue
            }
            let parts = entry.split(separator: ":", maxSplits: 1).map { $0.trimmingWhitespace() }
            guard let value = Double(parts[0]) else {
                failure = Message(location: location, chinese: "数值答案“\(entry)”不是数字", english: "numeric answer \"\(entry)\" is not a number")
                return
            }
            if parts.count == 2 {
                guard let tolerance = Double(parts[1]) else {
                    failure = Message(location: location, chinese: "误差“\(parts[1])”不是数字", english: "tolerance \"\(parts[1])\" is not a number")
                    return
                }
                if tolerance != 0 {
                    warnings.append(Message(
                        location: location, chinese: "数值答案的误差 ±\(formatPoints(tolerance)) 无法保存，只接受 \(formatPoints(value))",
                        english: "the tolerance ±\(formatPoints(tolerance)) cannot be kept: only \(formatPoints(value)) is accepted"))
                }
            }
            accepted.append(formatPoints(value))
        }
        if accepted.isEmpty, failure == nil {
            failure = Message(location: location, chinese: "数值题没有答案", english: "a numeric question without an answer")
            return
        }
        kind = .accepted(accepted)
    }

    /// `3:2` → `3`, `1..5` → `1..5`: the value an answer's feedback is about.
    static func numericValue(_ entry: String) -> String {
        var text = entry
        if text.hasPrefix("%"), let close = text.dropFirst().firstIndex(of: "%") { text = String(text[text.index(after: close)...]) }
        return String(text.split(separator: ":", maxSplits: 1).first ?? "").trimmingWhitespace()
    }

    /// Item text: trimmed, `[html]` markup removed.
    static func clean(_ text: String, format: String?) -> String {
        let (itemFormat, body) = GIFTFormat.textFormat(text, format: format)
        return itemFormat == "html" ? GIFTFormat.plainText(fromHTML: body) : body.trimmingWhitespace()
    }
}

extension String {
    func trimmingLeadingWhitespace() -> String { String(drop { $0.isWhitespace }) }
    func trimmingTrailingWhitespace() -> String {
        var copy = Substring(self)
        while let last = copy.last, last.isWhitespace { copy = copy.dropLast() }
        return String(copy)
    }
}
