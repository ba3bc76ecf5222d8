import QuizModel

/// One bank file after reading: its questions, its problems, and how it was encoded.
public struct ParsedBankFile: Sendable {
    public var path: String
    /// The encoding the bytes were read in; nil when the file could not be decoded.
    public var encoding: TextEncoding?
    /// Questions without errors, in file order. Questions with errors are reported, not kept.
    public var questions: [Question]
    /// Every problem found, in file order.
    public var diagnostics: [Diagnostic]

    public init(path: String, encoding: TextEncoding?, questions: [Question], diagnostics: [Diagnostic]) {
        self.path = path
        self.encoding = encoding
        self.questions = questions
        self.diagnostics = diagnostics
    }

    public var errorCount: Int { diagnostics.count { $0.severity == .error } }
    public var warningCount: Int { diagnostics.count { $0.severity == .warning } }
}

/// Reads the plain-text template organizers already use (see `docs/bank-format.md`):
///
/// ```
/// 一、单选题（每题2分）
/// 1. 题干……（  ）
/// A. 选项   B、选项   C．选项   D) 选项
/// 答案：B
/// 解析：……
/// 难度：易      知识点：干部工作/选拔任用      分值：2
/// ```
///
/// The reader works on UTF-8 bytes, line by line, in one pass, and reports every problem it meets
/// instead of stopping at the first.
public enum NativeBankParser {
    /// Decodes `bytes` (BOM, UTF-8, else GB18030) and parses them.
    public static func parse(bytes: [UInt8], path: String) -> ParsedBankFile {
        let decoded: (utf8: [UInt8], encoding: TextEncoding)
        do {
            decoded = try TextDecoder.decode(bytes)
        } catch {
            let location = SourceLocation(file: path, line: error.line, column: error.column)
            return ParsedBankFile(
                path: path, encoding: nil, questions: [],
                diagnostics: [Diagnostic(.error, .undecodableText, at: location)])
        }
        var file = parse(utf8: decoded.utf8, path: path)
        file.encoding = decoded.encoding
        return file
    }

    /// Parses text that is already UTF-8.
    public static func parse(text: String, path: String) -> ParsedBankFile {
        var file = parse(utf8: Array(text.utf8), path: path)
        file.encoding = .utf8
        return file
    }

    /// Parses well-formed UTF-8 bytes.
    ///
    /// - Complexity: O(n) in the number of bytes.
    public static func parse(utf8 bytes: [UInt8], path: String) -> ParsedBankFile {
        if let bad = TextDecoder.firstNoncharacter(bytes) {
            let place = TextDecoder.lineAndColumn(of: bad.offset, in: bytes)
            return ParsedBankFile(
                path: path, encoding: .utf8, questions: [],
                diagnostics: [Diagnostic(.error, .noncharacter(codePoint: bad.codePoint), at: SourceLocation(file: path, line: place.line, column: place.column))])
        }
        return bytes.withUnsafeBufferPointer { buffer in
            var parser = LineParser(bytes: buffer, path: path)
            parser.run()
            var diagnostics = parser.diagnostics
            if parser.questionCount == 0, !diagnostics.contains(where: { $0.severity == .error }) {
                diagnostics.append(Diagnostic(.error, .emptyFile, at: SourceLocation(file: path, line: 1, column: 1)))
            }
            return ParsedBankFile(path: path, encoding: .utf8, questions: parser.questions, diagnostics: diagnostics)
        }
    }
}

// MARK: - Byte-level line scanner

/// A place in the file: the line and the byte offsets needed to report a column and show the line.
struct Mark {
    var line: Int
    var lineStart: Int
    var lineEnd: Int
    var offset: Int
}

/// A field's value as read, with where it started.
struct FieldValue {
    var name: String
    var text: String
    var mark: Mark
}

/// The fields of one question, one slot per `FieldName` (cheaper than a dictionary for a dozen keys).
struct FieldSlots {
    private var slots = [FieldValue?](repeating: nil, count: FieldName.allCases.count)

    subscript(name: FieldName) -> FieldValue? {
        get { slots[name.rawValue] }
        set { slots[name.rawValue] = newValue }
    }
}

/// What a continuation line (no number, label or field of its own) is appended to.
enum ContinuationTarget {
    case stem, option(Int), field(FieldName), none
}

/// An option while its lines are being read (a struct, not a tuple: tuple arrays pay for run-time metadata).
struct PendingOption {
    var label: Int
    var text: String
    var mark: Mark
}

/// A question number at the start of a line.
struct QuestionNumber {
    var value: Int
    /// Where the stem starts, after the number and its separator.
    var stemStart: Int
    /// `（3）` rather than `3.`.
    var parenthesized: Bool
}

/// What a section header says: the type (nil for 选择题, where each answer tells), the points, the count.
struct SectionHeader {
    var type: QuestionType?
    var points: Double?
    /// The points are per blank (`每空1分`): a fill question is worth them times its blanks.
    var perBlank: Bool
    /// The number of questions announced (`共12题`).
    var announced: Int?
}

/// A question while its lines are being read.
struct PendingQuestion {
    var mark: Mark
    var location: SourceLocation
    var stemLines: [String] = []
    var options: [PendingOption] = []
    var fields = FieldSlots()
    /// The question's number, and whether it was written in brackets (`（3）`) rather than `3.`.
    var number: Int
    var parenthesizedNumber: Bool
    /// The header of the section the question is in (nil before any header).
    var section: SectionHeader?
    var target: ContinuationTarget = .stem
    /// Numbered lines read as text of the stem or of the current field (`（1）…（2）…`, a `1.`/`2.` list in 解析).
    var listItems = 0
    /// Set once a field has been read: from then on an unknown `名称：` is reported as an unknown field.
    var inFields = false
    /// Set when a line of this question had an error; such a question is reported, not kept.
    var hasLineErrors = false
}

struct LineParser {
    let bytes: UnsafeBufferPointer<UInt8>
    let path: String
    var questions: [Question] = []
    var questionCount = 0
    var diagnostics: [Diagnostic] = []
    var pending: PendingQuestion?
    /// The current section's header and its line (nil before any header), and the question count when it began.
    var section: (header: SectionHeader, mark: Mark)?
    var sectionStartCount = 0
    /// The number of the section's last question (nil before its first).
    var sectionLastNumber: Int?
    var lineNumber = 0
    var interner = StringInterner()
    /// Whether the previous line was text outside any question (one diagnostic per run of such lines).
    var outsideRun = false

    init(bytes: UnsafeBufferPointer<UInt8>, path: String) {
        self.bytes = bytes
        self.path = path
    }

    mutating func run() {
        var start = 0
        let count = bytes.count
        while start < count {
            var end = start
            while end < count, bytes[end] != 0x0A { end += 1 }
            lineNumber += 1
            var contentEnd = end
            if contentEnd > start, bytes[contentEnd - 1] == 0x0D { contentEnd -= 1 }
            handleLine(lineStart: start, lineEnd: contentEnd)
            start = end + 1
        }
        finishPending()
        finishSection()
    }

    // MARK: Lines

    mutating func handleLine(lineStart: Int, lineEnd: Int) {
        let s = skipSpace(from: lineStart, to: lineEnd)
        let e = trimEnd(from: s, to: lineEnd)
        if s >= e { return }
        let mark = Mark(line: lineNumber, lineStart: lineStart, lineEnd: lineEnd, offset: s)

        if let (labelIndex, textStart) = optionLabel(at: s, end: e) {
            outsideRun = false
            readOptions(firstLabel: labelIndex, textStart: textStart, end: e, mark: mark)
            return
        }
        if let number = questionNumber(at: s, end: e) {
            if numberedLineIsText(number, lineEnd: lineEnd) {
                pending!.listItems += 1
                continuation(s, e, mark)
                return
            }
            startQuestion(number: number.value, parenthesized: number.parenthesized, stemStart: number.stemStart, end: e, mark: mark)
            return
        }
        let field = fieldStart(at: s, end: e)
        if let field, let kind = FieldName.named(field.name) {
            outsideRun = false
            readFields(first: (kind, field.name, field.valueStart), end: e, mark: mark)
            return
        }
        if let header = sectionHeader(s, e) {
            outsideRun = false
            finishPending()
            finishSection()
            section = (header, mark)
            return
        }
        // In the stem, and in the lines of an answer or explanation, `依据：…` is text. After the options
        // or after a one-line field it can only be a field, and a near miss of a known name is one anyway.
        if let field, let question = pending, question.inFields || !question.options.isEmpty {
            let suggestion = FieldName.suggestion(for: field.name)
            let inText: Bool
            switch question.target {
            case .field(.answer), .field(.explanation): inText = true
            default: inText = false
            }
            if suggestion != nil || !inText {
                report(.error, .unknownField(name: field.name, suggestion: suggestion), mark)
                pending!.inFields = true
                pending!.target = .none
                return
            }
        }
        if let mistyped = mistypedNumber(at: s, end: e), expectsQuestion(numbered: mistyped.value),
            startsAQuestionBody(nextLineAfter: lineEnd)
        {
            startQuestion(number: mistyped.value, parenthesized: false, stemStart: mistyped.stemStart, end: e, mark: mark)
            var at = mark
            at.offset = mistyped.separatorStart
            report(.error, .mistypedQuestionNumber(number: String(mistyped.value), separator: mistyped.separator), at)
            return
        }
        continuation(s, e, mark)
    }

    /// Finishes the question being read and starts question `number` with the text from `stemStart`.
    mutating func startQuestion(number: Int, parenthesized: Bool, stemStart: Int, end e: Int, mark: Mark) {
        outsideRun = false
        finishPending()
        var question = PendingQuestion(
            mark: mark, location: location(of: mark), number: number, parenthesizedNumber: parenthesized)
        question.section = section?.header
        let stemText = string(skipSpace(from: stemStart, to: e), e)
        if !stemText.isEmpty { question.stemLines.append(stemText) }
        pending = question
        // Numbers run on by one within a section, or start again at 1; anything else is worth a look.
        if let last = sectionLastNumber, number != last + 1, number != 1 {
            if number > last + 1 {
                report(.warning, .questionNumberGap(expected: last + 1, found: number), mark)
            } else {
                report(.warning, .questionNumberRepeated(number: number, previous: last), mark)
            }
        }
        sectionLastNumber = number
    }

    /// Whether a numbered line belongs to the text of the question being read rather than starting a question:
    /// sub-items `（1）（2）` of a stem numbered `1.` (or the other way round), a list `1.` `2.` in a stem, and a
    /// list in an answer or explanation — unless the next line shows a question's body (options, an answer).
    func numberedLineIsText(_ number: QuestionNumber, lineEnd: Int) -> Bool {
        guard let question = pending else { return false }
        switch question.target {
        case .stem where question.options.isEmpty && !question.inFields:
            if number.parenthesized != question.parenthesizedNumber { return true }
            guard number.value == question.listItems + 1 else { return false }
            return question.listItems > 0 || number.value != question.number + 1
        case .field(.explanation), .field(.answer):
            guard number.value == question.listItems + 1 else { return false }
            return !startsAQuestionBody(nextLineAfter: lineEnd)
        default:
            return false
        }
    }

    /// Whether a question numbered `value` is the one expected next: the question being read is past its stem and
    /// this is its number plus one, or no question is being read and the section starts or runs on.
    func expectsQuestion(numbered value: Int) -> Bool {
        if let question = pending {
            return (question.inFields || !question.options.isEmpty) && value == question.number + 1
        }
        return value == 1 || value == (sectionLastNumber ?? -1) + 1
    }

    /// Whether the next non-blank line after the line ending at `lineEnd` is an option or an answer field — what
    /// follows a stem.
    func startsAQuestionBody(nextLineAfter lineEnd: Int) -> Bool {
        var start = lineEnd
        while start < bytes.count, bytes[start] != 0x0A { start += 1 }
        start += 1
        while start < bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            let s = skipSpace(from: start, to: end)
            let e = trimEnd(from: s, to: end)
            if s < e {
                if optionLabel(at: s, end: e) != nil { return true }
                guard let field = fieldStart(at: s, end: e), let kind = FieldName.named(field.name) else { return false }
                return kind == .answer || kind == .keywords || kind == .type
            }
            start = end + 1
        }
        return false
    }

    mutating func continuation(_ s: Int, _ e: Int, _ mark: Mark) {
        guard pending != nil else {
            if !outsideRun { report(.warning, .textOutsideQuestion, mark) }
            outsideRun = true
            return
        }
        let text = string(s, e)
        switch pending!.target {
        case .stem:
            pending!.stemLines.append(text)
        case .option(let index):
            pending!.options[index].text += "\n" + text
        case .field(let name):
            if pending!.fields[name]!.text.isEmpty {
                pending!.fields[name]!.text = text
            } else {
                pending!.fields[name]!.text += "\n" + text
            }
        case .none:
            break
        }
    }

    // MARK: Options

    /// `A.` `A、` `A．` `A)` `A）` `A:` `A：` `(A)` `（A）` at `i`: the option index and where its text starts.
    func optionLabel(at i: Int, end e: Int) -> (Int, Int)? {
        var p = i
        var parenthesized = false
        if let open = openParenLength(at: p, end: e) {
            parenthesized = true
            p += open
        }
        guard let (letter, letterLength) = letterAt(p, end: e) else { return nil }
        p += letterLength
        if parenthesized {
            guard let close = closeParenLength(at: p, end: e) else { return nil }
            return (letter, p + close)
        }
        guard p < e else { return nil }
        let b = bytes[p]
        if b == UInt8(ascii: "."), p + 1 < e, isASCIILetter(bytes[p + 1]) { return nil }  // "A.B." is text
        if b == UInt8(ascii: ".") || b == UInt8(ascii: ")") || b == UInt8(ascii: ":") { return (letter, p + 1) }
        // 、 (E3 80 81), ． (EF BC 8E), ） (EF BC 89), ： (EF BC 9A)
        if p + 2 < e {
            let (b0, b1, b2) = (bytes[p], bytes[p + 1], bytes[p + 2])
            if b0 == 0xE3, b1 == 0x80, b2 == 0x81 { return (letter, p + 3) }
            if b0 == 0xEF, b1 == 0xBC, b2 == 0x8E || b2 == 0x89 || b2 == 0x9A { return (letter, p + 3) }
        }
        return nil
    }

    mutating func readOptions(firstLabel: Int, textStart: Int, end e: Int, mark: Mark) {
        guard pending != nil else {
            report(.error, .optionOutsideQuestion, mark)
            return
        }
        var label = firstLabel
        var start = textStart
        var labelMark = mark
        while true {
            // The next option on the same line: the next letter's label after white space; or a field such as
            // `答案：A` typed after the last option.
            var next: (at: Int, label: Int, textStart: Int)?
            var field: (at: Int, kind: FieldName, name: String, valueStart: Int)?
            var p = start
            while p < e {
                let width = spaceWidth(at: p, end: e)
                if width > 0 {
                    let q = skipSpace(from: p, to: e)
                    if let (nextLabel, nextText) = optionLabel(at: q, end: e), nextLabel == label + 1 {
                        next = (q, nextLabel, nextText)
                        break
                    }
                    if let candidate = fieldStart(at: q, end: e), let kind = FieldName.named(candidate.name) {
                        field = (q, kind, candidate.name, candidate.valueStart)
                        break
                    }
                    p = q
                } else {
                    p += 1
                }
            }
            let textEnd = trimEnd(from: start, to: next?.at ?? field?.at ?? e)
            let text = string(skipSpace(from: start, to: textEnd), textEnd)
            pending!.options.append(PendingOption(label: label, text: text, mark: labelMark))
            pending!.target = .option(pending!.options.count - 1)
            if let field {
                var fieldMark = mark
                fieldMark.offset = field.at
                readFields(first: (field.kind, field.name, field.valueStart), end: e, mark: fieldMark)
                return
            }
            guard let next else { return }
            label = next.label
            start = next.textStart
            labelMark.offset = next.at
        }
    }

    // MARK: Numbers

    /// `1.` `1、` `1．` `1)` `1）` `(1)` `（1）` (digits ASCII or full-width) at `i`: the number and where the stem
    /// starts.
    func questionNumber(at i: Int, end e: Int) -> QuestionNumber? {
        var p = i
        var parenthesized = false
        if let open = openParenLength(at: p, end: e) {
            parenthesized = true
            p += open
        }
        guard let (value, digitsEnd) = digits(at: p, end: e) else { return nil }
        p = digitsEnd
        if parenthesized {
            guard let close = closeParenLength(at: p, end: e) else { return nil }
            return QuestionNumber(value: value, stemStart: p + close, parenthesized: true)
        }
        guard p < e else { return nil }
        let b = bytes[p]
        if b == UInt8(ascii: ".") {
            if p + 1 < e, bytes[p + 1] >= 0x30, bytes[p + 1] <= 0x39 { return nil }  // 1.5 is a number, not a label
            return QuestionNumber(value: value, stemStart: p + 1, parenthesized: false)
        }
        if b == UInt8(ascii: ")") { return QuestionNumber(value: value, stemStart: p + 1, parenthesized: false) }
        if p + 2 < e {
            let (b0, b1, b2) = (bytes[p], bytes[p + 1], bytes[p + 2])
            // 、 ． ）
            if (b0 == 0xE3 && b1 == 0x80 && b2 == 0x81) || (b0 == 0xEF && b1 == 0xBC && (b2 == 0x8E || b2 == 0x89)) {
                return QuestionNumber(value: value, stemStart: p + 3, parenthesized: false)
            }
        }
        return nil
    }

    /// A line that starts with a number below 1000 followed by something a question number is not:
    /// `9。` `2，` `3:` `7 下列…` `9下列…`. Only a candidate: the caller decides whether a question was meant.
    func mistypedNumber(at i: Int, end e: Int) -> (value: Int, separatorStart: Int, separator: String, stemStart: Int)? {
        guard let (value, p) = digits(at: i, end: e), p < e, value < 1000 else { return nil }
        let b = bytes[p]
        if b == UInt8(ascii: ",") || b == UInt8(ascii: ":") { return (value, p, string(p, p + 1), p + 1) }
        if p + 2 < e {
            let (b0, b1, b2) = (bytes[p], bytes[p + 1], bytes[p + 2])
            // 。 ， ：
            if (b0 == 0xE3 && b1 == 0x80 && b2 == 0x82) || (b0 == 0xEF && b1 == 0xBC && (b2 == 0x8C || b2 == 0x9A)) {
                return (value, p, string(p, p + 3), p + 3)
            }
            // A CJK ideograph straight after the digits.
            if (0xE4...0xE9).contains(b0) { return (value, p, string(p, p + 3), p) }
        }
        if spaceWidth(at: p, end: e) > 0 {
            let q = skipSpace(from: p, to: e)
            if q < e, digitWidth(at: q, end: e) == nil { return (value, p, " ", q) }
        }
        return nil
    }

    /// ASCII or full-width digits at `p`: their value (capped, so a long run cannot overflow) and where they end.
    func digits(at p: Int, end e: Int) -> (Int, Int)? {
        var q = p
        var value = 0
        while let width = digitWidth(at: q, end: e) {
            let digit = width == 1 ? Int(bytes[q] - 0x30) : Int(bytes[q + 2] - 0x90)
            value = min(value * 10 + digit, 100_000_000)
            q += width
        }
        return q > p ? (value, q) : nil
    }

    // MARK: Fields

    /// `名称：` / `名称:` / `【名称】` at `i`: the name and where the value starts.
    func fieldStart(at i: Int, end e: Int) -> (name: String, valueStart: Int)? {
        // 【 E3 80 90 … 】 E3 80 91
        if i + 3 <= e, bytes[i] == 0xE3, bytes[i + 1] == 0x80, bytes[i + 2] == 0x90 {
            var p = i + 3
            while p + 3 <= e {
                if bytes[p] == 0xE3, bytes[p + 1] == 0x80, bytes[p + 2] == 0x91 {
                    let name = string(i + 3, p).trimmingWhitespace()
                    guard !name.isEmpty else { return nil }
                    var valueStart = p + 3
                    if let colon = colonLength(at: skipSpace(from: valueStart, to: e), end: e) {
                        valueStart = skipSpace(from: valueStart, to: e) + colon
                    }
                    return (name, valueStart)
                }
                p += 1
            }
            return nil
        }
        // A name is up to 8 characters of letters (CJK or ASCII, with inner spaces for English names).
        var p = i
        var characters = 0
        while p < e, characters <= 12 {
            if let colon = colonLength(at: p, end: e) {
                guard p > i else { return nil }
                let name = string(i, trimEnd(from: i, to: p))
                return (name, p + colon)
            }
            let b = bytes[p]
            if b < 0x80 {
                guard isASCIILetter(b) || (b == 0x20 && p > i) || b == UInt8(ascii: "/") else { return nil }
                p += 1
            } else {
                // CJK ideographs (U+3400–U+9FFF) only: punctuation ends the name.
                guard b >= 0xE3, b <= 0xE9, p + 2 < e else { return nil }
                if b == 0xE3, bytes[p + 1] < 0x90 { return nil }
                p += 3
            }
            characters += 1
        }
        return nil
    }

    mutating func readFields(first: (FieldName, String, Int), end e: Int, mark: Mark) {
        guard pending != nil else {
            report(.error, .fieldOutsideQuestion(field: first.1), mark)
            return
        }
        var current = first
        var fieldMark = mark
        while true {
            // Another known field on the same line, after a run of at least two spaces, a tab or a U+3000.
            var next: (at: Int, field: (FieldName, String, Int))?
            var p = current.2
            while p < e {
                let width = spaceWidth(at: p, end: e)
                if width > 0 {
                    let q = skipSpace(from: p, to: e)
                    let wide = q - p >= 2 || bytes[p] == 0x09 || bytes[p] == 0xE3
                    if wide, let candidate = fieldStart(at: q, end: e), let kind = FieldName.named(candidate.name) {
                        next = (q, (kind, candidate.name, candidate.valueStart))
                        break
                    }
                    p = q
                } else {
                    p += 1
                }
            }
            let valueEnd = trimEnd(from: current.2, to: next?.at ?? e)
            let valueStart = skipSpace(from: current.2, to: valueEnd)
            var valueMark = fieldMark
            valueMark.offset = valueStart < valueEnd ? valueStart : fieldMark.offset
            let value = FieldValue(name: current.1, text: string(valueStart, valueEnd), mark: valueMark)
            if pending!.fields[current.0] != nil {
                report(.warning, .duplicateField(name: current.1), fieldMark)
                pending!.target = .none
            } else {
                pending!.fields[current.0] = value
                pending!.target = .field(current.0)
            }
            pending!.inFields = true
            pending!.listItems = 0
            guard let next else { return }
            current = next.field
            fieldMark.offset = next.at
        }
    }

    // MARK: Section headers

    /// A section header: `一、单选题（每题2分，共20分）`, `第二部分 多选题`, `（一）判断题`, `【单选题】`, `一、选择题`
    /// (type nil: each question's type then follows from its answer) …
    func sectionHeader(_ s: Int, _ e: Int) -> SectionHeader? {
        guard e - s <= 240 else { return nil }
        let first = bytes[s]
        // Headers start with 第, a Chinese numeral, a type word, or a bracket: CJK (lead byte E3–E9), `(` or ASCII.
        guard (0xE3...0xE9).contains(first) || first == 0xEF || first == UInt8(ascii: "(") || isASCIILetter(first)
        else { return nil }
        let line = string(s, e)
        var rest = Substring(line)
        let numerals = "零一二三四五六七八九十百千"
        let separators = "、.．:： \t\u{3000}"
        var numbered = false
        if let open = rest.first, open == "(" || open == "（" {
            // （一） (一)
            let inner = rest.dropFirst()
            let count = inner.prefix { numerals.contains($0) }.count
            guard count > 0, let close = inner.dropFirst(count).first, close == ")" || close == "）" else { return nil }
            rest = inner.dropFirst(count + 1).drop { separators.contains($0) }
            numbered = true
        } else {
            let ordinal = rest.hasPrefix("第")
            if ordinal { rest = rest.dropFirst() }
            let numeralCount = rest.prefix { numerals.contains($0) }.count
            rest = rest.dropFirst(numeralCount)
            for word in ["部分", "大题", "大題", "类", "類"] where rest.hasPrefix(word) {
                rest = rest.dropFirst(word.count)
                break
            }
            if numeralCount > 0 {
                guard let separator = rest.first, separators.contains(separator) else { return nil }
                rest = rest.drop { separators.contains($0) }
                numbered = true
            } else if ordinal {
                return nil
            }
        }
        // 【单选题】
        let bracketed = rest.hasPrefix("【")
        if bracketed { rest = rest.dropFirst() }
        let type: QuestionType?
        if let (word, length) = QuestionTypeWords.prefix(of: rest) {
            type = word
            rest = rest.dropFirst(length)
        } else if let choice = ["选择题", "選擇題", "选择", "選擇"].first(where: { rest.hasPrefix($0) }) {
            type = nil
            rest = rest.dropFirst(choice.count)
        } else {
            return nil
        }
        if rest.hasPrefix("题") || rest.hasPrefix("題") { rest = rest.dropFirst() }
        if bracketed {
            guard rest.hasPrefix("】") else { return nil }
            rest = rest.dropFirst()
        }
        // What follows the type word must be a note in brackets or nothing: otherwise this is text. A bare 选择题
        // is a header only when numbered or bracketed: on its own line it could be a stem's word.
        let tail = rest.trimming(whereScalar: { $0 == " " || $0 == "\t" || $0 == "\u{3000}" })
        if !tail.isEmpty, !"(（[【:：".contains(tail.first!) { return nil }
        if type == nil, !numbered, !bracketed { return nil }
        let points = pointsPerQuestion(in: tail)
        return SectionHeader(
            type: type, points: points?.value, perBlank: points?.perBlank ?? false, announced: announcedCount(in: tail))
    }

    /// `每题2分` / `每小题 1.5 分` / `每題2分` / `每空1分` (per blank) in a header note.
    func pointsPerQuestion(in note: Substring) -> (value: Double, perBlank: Bool)? {
        guard let each = note.firstIndex(of: "每") else { return nil }
        var rest = note[note.index(after: each)...]
        if rest.hasPrefix("小") { rest = rest.dropFirst() }
        guard let unit = rest.first, unit == "题" || unit == "題" || unit == "空" else { return nil }
        rest = rest.dropFirst().drop { $0 == " " || $0 == "\u{3000}" }
        let number = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
        guard let value = Double(number), Question.acceptsPoints(value) else { return nil }
        return (value, unit == "空")
    }

    /// `共12题` / `共 12 道题` / `共12小题` in a header note (not `共20分`).
    func announcedCount(in note: Substring) -> Int? {
        var rest = note
        while let total = rest.firstIndex(of: "共") {
            rest = rest[rest.index(after: total)...]
            let number = rest.drop { $0 == " " }.prefix { $0.isASCII && $0.isNumber }
            var after = rest.drop { $0 == " " }.dropFirst(number.count).drop { $0 == " " }
            if after.hasPrefix("道") || after.hasPrefix("小") { after = after.dropFirst() }
            if let count = Int(number), after.hasPrefix("题") || after.hasPrefix("題") { return count }
        }
        return nil
    }

    /// Ends a section: checks the count its header announced. The warning is placed at the header's line among the
    /// diagnostics, which stay in file order.
    mutating func finishSection() {
        if let (header, mark) = section, let announced = header.announced {
            let found = questionCount - sectionStartCount
            if found != announced {
                report(.warning, .announcedCountMismatch(announced: announced, found: found), mark)
                let warning = diagnostics.removeLast()
                let place = diagnostics.firstIndex { $0.location.line > mark.line } ?? diagnostics.endIndex
                diagnostics.insert(warning, at: place)
            }
        }
        sectionStartCount = questionCount
        sectionLastNumber = nil
    }

    // MARK: Finishing a question

    mutating func finishPending() {
        guard let question = pending else { return }
        pending = nil
        questionCount += 1
        var builder = QuestionBuilder(pending: question, path: path)
        let built = builder.build()
        for problem in builder.problems { report(problem.severity, problem.problem, problem.mark) }
        if var built, !question.hasLineErrors, !builder.problems.contains(where: { $0.severity == .error }) {
            QuestionBuilder.shareRepeatedStrings(&built, with: &interner)
            questions.append(built)
        }
    }

    // MARK: Reporting

    mutating func report(_ severity: Severity, _ problem: BankProblem, _ mark: Mark) {
        if severity == .error { pending?.hasLineErrors = true }
        diagnostics.append(
            Diagnostic(
                severity, problem, at: location(of: mark),
                sourceLine: string(mark.lineStart, mark.lineEnd)))
    }

    func location(of mark: Mark) -> SourceLocation {
        var column = 1
        var p = mark.lineStart
        while p < mark.offset {
            if bytes[p] & 0xC0 != 0x80 { column += 1 }
            p += 1
        }
        // A column counts characters from 1; continuation bytes of the character at `offset` are not passed.
        return SourceLocation(file: path, line: mark.line, column: column)
    }

    // MARK: Byte helpers

    func string(_ s: Int, _ e: Int) -> String {
        guard s < e else { return "" }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[s..<e]), as: UTF8.self)
    }

    /// Width in bytes of the white space at `p`: ASCII space/tab, U+3000, U+00A0; 0 when none.
    func spaceWidth(at p: Int, end e: Int) -> Int {
        let b = bytes[p]
        if b == 0x20 || b == 0x09 || b == 0x0B || b == 0x0C || b == 0x0D { return 1 }
        if b == 0xE3, p + 2 < e, bytes[p + 1] == 0x80, bytes[p + 2] == 0x80 { return 3 }
        if b == 0xC2, p + 1 < e, bytes[p + 1] == 0xA0 { return 2 }
        return 0
    }

    func skipSpace(from s: Int, to e: Int) -> Int {
        var p = s
        while p < e {
            let width = spaceWidth(at: p, end: e)
            if width == 0 { break }
            p += width
        }
        return p
    }

    func trimEnd(from s: Int, to e: Int) -> Int {
        var end = e
        while end > s {
            let b = bytes[end - 1]
            if b == 0x20 || b == 0x09 || b == 0x0B || b == 0x0C || b == 0x0D {
                end -= 1
            } else if end - 3 >= s, bytes[end - 3] == 0xE3, bytes[end - 2] == 0x80, b == 0x80 {
                end -= 3
            } else if end - 2 >= s, bytes[end - 2] == 0xC2, b == 0xA0 {
                end -= 2
            } else {
                break
            }
        }
        return end
    }

    func isASCIILetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }

    /// An upper-case option letter, ASCII or full-width (Ａ = EF BC A1 … Ｚ = EF BC BA): its index and width.
    func letterAt(_ p: Int, end e: Int) -> (Int, Int)? {
        guard p < e else { return nil }
        let b = bytes[p]
        if b >= 0x41, b <= 0x5A { return (Int(b - 0x41), 1) }
        if b == 0xEF, p + 2 < e, bytes[p + 1] == 0xBC, bytes[p + 2] >= 0xA1, bytes[p + 2] <= 0xBA {
            return (Int(bytes[p + 2] - 0xA1), 3)
        }
        return nil
    }

    func digitWidth(at p: Int, end e: Int) -> Int? {
        guard p < e else { return nil }
        let b = bytes[p]
        if b >= 0x30, b <= 0x39 { return 1 }
        if b == 0xEF, p + 2 < e, bytes[p + 1] == 0xBC, bytes[p + 2] >= 0x90, bytes[p + 2] <= 0x99 { return 3 }
        return nil
    }

    func openParenLength(at p: Int, end e: Int) -> Int? {
        guard p < e else { return nil }
        if bytes[p] == UInt8(ascii: "(") { return 1 }
        if bytes[p] == 0xEF, p + 2 < e, bytes[p + 1] == 0xBC, bytes[p + 2] == 0x88 { return 3 }
        return nil
    }

    func closeParenLength(at p: Int, end e: Int) -> Int? {
        guard p < e else { return nil }
        if bytes[p] == UInt8(ascii: ")") { return 1 }
        if bytes[p] == 0xEF, p + 2 < e, bytes[p + 1] == 0xBC, bytes[p + 2] == 0x89 { return 3 }
        return nil
    }

    func colonLength(at p: Int, end e: Int) -> Int? {
        guard p < e else { return nil }
        if bytes[p] == UInt8(ascii: ":") { return 1 }
        if bytes[p] == 0xEF, p + 2 < e, bytes[p + 1] == 0xBC, bytes[p + 2] == 0x9A { return 3 }
        return nil
    }
}

extension Substring {
    /// The substring without leading and trailing scalars that satisfy `predicate` (no grapheme breaking).
    func trimming(whereScalar predicate: (Unicode.Scalar) -> Bool) -> Substring {
        let scalars = unicodeScalars
        var start = scalars.startIndex
        while start < scalars.endIndex, predicate(scalars[start]) { start = scalars.index(after: start) }
        var end = scalars.endIndex
        while end > start, predicate(scalars[scalars.index(before: end)]) { end = scalars.index(before: end) }
        return self[start..<end]
    }
}

extension Substring.UTF8View {
    /// The index of the first three-byte sequence `prefix + [last]` (a CJK bracket such as 《 = E3 80 8A).
    func firstIndex(of last: UInt8, after prefix: [UInt8]) -> Index? {
        var index = startIndex
        while index < endIndex {
            if self[index] == prefix[0] {
                let second = self.index(after: index)
                if second < endIndex, self[second] == prefix[1] {
                    let third = self.index(after: second)
                    if third < endIndex, self[third] == last { return index }
                }
            }
            index = self.index(after: index)
        }
        return nil
    }
}
