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
        bytes.withUnsafeBufferPointer { buffer in
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

/// A question while its lines are being read.
struct PendingQuestion {
    var mark: Mark
    var location: SourceLocation
    var stemLines: [String] = []
    var options: [PendingOption] = []
    var fields = FieldSlots()
    var sectionType: QuestionType?
    var sectionPoints: Double?
    var target: ContinuationTarget = .stem
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
    var sectionType: QuestionType?
    var sectionPoints: Double?
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
        if let stemStart = questionNumber(at: s, end: e) {
            outsideRun = false
            finishPending()
            var question = PendingQuestion(mark: mark, location: location(of: mark))
            question.sectionType = sectionType
            question.sectionPoints = sectionPoints
            let stemText = string(skipSpace(from: stemStart, to: e), e)
            if !stemText.isEmpty { question.stemLines.append(stemText) }
            pending = question
            return
        }
        if let field = fieldStart(at: s, end: e) {
            if let kind = FieldName.named(field.name) {
                outsideRun = false
                readFields(first: (kind, field.name, field.valueStart), end: e, mark: mark)
                return
            }
            // In the stem, and in the lines of an answer or explanation, `依据：…` is text. After the options
            // or after a one-line field it can only be a field, and a near miss of a known name is one anyway.
            if let question = pending, question.inFields || !question.options.isEmpty {
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
        }
        if let header = sectionHeader(s, e) {
            outsideRun = false
            finishPending()
            sectionType = header.type
            sectionPoints = header.points
            return
        }
        continuation(s, e, mark)
    }

    mutating func continuation(_ s: Int, _ e: Int, _ mark: Mark) {
        guard pending != nil else {
            if !outsideRun { report(.error, .textOutsideQuestion, mark) }
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
            // The next option on the same line: the next letter's label after white space.
            var next: (at: Int, label: Int, textStart: Int)?
            var p = start
            while p < e {
                let width = spaceWidth(at: p, end: e)
                if width > 0 {
                    let q = skipSpace(from: p, to: e)
                    if let (nextLabel, nextText) = optionLabel(at: q, end: e), nextLabel == label + 1 {
                        next = (q, nextLabel, nextText)
                        break
                    }
                    p = q
                } else {
                    p += 1
                }
            }
            let textEnd = trimEnd(from: start, to: next?.at ?? e)
            let text = string(skipSpace(from: start, to: textEnd), textEnd)
            pending!.options.append(PendingOption(label: label, text: text, mark: labelMark))
            pending!.target = .option(pending!.options.count - 1)
            guard let next else { return }
            label = next.label
            start = next.textStart
            labelMark.offset = next.at
        }
    }

    // MARK: Numbers

    /// `1.` `1、` `1．` `1)` `1）` `(1)` `（1）` (digits ASCII or full-width) at `i`: where the stem starts.
    func questionNumber(at i: Int, end e: Int) -> Int? {
        var p = i
        var parenthesized = false
        if let open = openParenLength(at: p, end: e) {
            parenthesized = true
            p += open
        }
        let digitsStart = p
        while let width = digitWidth(at: p, end: e) { p += width }
        guard p > digitsStart else { return nil }
        if parenthesized {
            guard let close = closeParenLength(at: p, end: e) else { return nil }
            return p + close
        }
        guard p < e else { return nil }
        let b = bytes[p]
        if b == UInt8(ascii: ".") {
            if p + 1 < e, bytes[p + 1] >= 0x30, bytes[p + 1] <= 0x39 { return nil }  // 1.5 is a number, not a label
            return p + 1
        }
        if b == UInt8(ascii: ")") { return p + 1 }
        if p + 2 < e {
            let (b0, b1, b2) = (bytes[p], bytes[p + 1], bytes[p + 2])
            if b0 == 0xE3, b1 == 0x80, b2 == 0x81 { return p + 3 }  // 、
            if b0 == 0xEF, b1 == 0xBC, b2 == 0x8E || b2 == 0x89 { return p + 3 }  // ． ）
        }
        return nil
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
            guard let next else { return }
            current = next.field
            fieldMark.offset = next.at
        }
    }

    // MARK: Section headers

    /// `一、单选题（每题2分，共20分）`, `第二部分 多选题`, `判断题` …: the type and the points per question.
    func sectionHeader(_ s: Int, _ e: Int) -> (type: QuestionType, points: Double?)? {
        guard e - s <= 240 else { return nil }
        let first = bytes[s]
        // Headers start with 第, a Chinese numeral or a type word; all are CJK (lead byte E4–E9) or ASCII.
        guard (0xE4...0xE9).contains(first) || isASCIILetter(first) else { return nil }
        let line = string(s, e)
        var rest = Substring(line)
        if rest.hasPrefix("第") { rest = rest.dropFirst() }
        let numerals = "零一二三四五六七八九十百千"
        let numeralCount = rest.prefix { numerals.contains($0) }.count
        rest = rest.dropFirst(numeralCount)
        for word in ["部分", "大题", "大題", "类", "類"] where rest.hasPrefix(word) {
            rest = rest.dropFirst(word.count)
            break
        }
        if numeralCount > 0 {
            guard let separator = rest.first, "、.．:： \t\u{3000}".contains(separator) else { return nil }
            rest = rest.drop { "、.．:： \t\u{3000}".contains($0) }
        } else if line.hasPrefix("第") {
            return nil
        }
        guard let (type, length) = QuestionTypeWords.prefix(of: rest) else { return nil }
        rest = rest.dropFirst(length)
        if rest.hasPrefix("题") || rest.hasPrefix("題") { rest = rest.dropFirst() }
        // What follows the type word must be a note in brackets or nothing: otherwise this is text.
        let tail = rest.trimming(whereScalar: { $0 == " " || $0 == "\t" || $0 == "\u{3000}" })
        if !tail.isEmpty, !"(（[【:：".contains(tail.first!) { return nil }
        return (type, pointsPerQuestion(in: tail))
    }

    /// `每题2分` / `每小题 1.5 分` / `每題2分` in a header note.
    func pointsPerQuestion(in note: Substring) -> Double? {
        guard let each = note.firstIndex(of: "每") else { return nil }
        var rest = note[note.index(after: each)...]
        if rest.hasPrefix("小") { rest = rest.dropFirst() }
        guard rest.hasPrefix("题") || rest.hasPrefix("題") || rest.hasPrefix("空") else { return nil }
        rest = rest.dropFirst().drop { $0 == " " || $0 == "\u{3000}" }
        let number = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
        guard let value = Double(number), value > 0 else { return nil }
        return value
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
