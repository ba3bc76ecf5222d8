import BankFormats
import QuizModel
import Spreadsheets

/// Where a problem is in a file of any bank format, in the terms a person can find it by: line and column in text,
/// the cell (`C17`) in a spreadsheet, the paragraph in a Word document, the element path (and its line) in XML.
public enum ConversionLocation: Hashable, Sendable {
    /// 1-based line and column (columns count Unicode scalars, as `SourceLocation` does).
    case text(line: Int, column: Int)
    /// 1-based row and column of a table.
    case cell(row: Int, column: Int)
    /// 1-based paragraph of a Word document (table cells count as paragraphs, in reading order), and the column in it.
    case paragraph(Int, column: Int)
    /// The element path (`/quiz/question[3]/answer[2]`) and the line it starts on.
    case element(path: String, line: Int)
    /// A part of a package (`imsmanifest.xml`, `items/q3.xml`) and the element in it.
    case part(name: String, path: String, line: Int)
    /// The file as a whole.
    case file

    /// The spreadsheet name of a 1-based column: 1 → A, 27 → AA.
    public static func columnName(_ column: Int) -> String { XLSXWriter.columnName(column - 1) }

    /// The location after `file:` in a rendered diagnostic.
    public func rendered(in language: DisplayLanguage) -> String {
        switch self {
        case .text(let line, let column): "\(line):\(column)"
        case .cell(let row, let column): "\(Self.columnName(column))\(row)"
        case .paragraph(let paragraph, let column): language.pick("第\(paragraph)段:\(column)", "paragraph \(paragraph):\(column)")
        case .element(let path, let line): "\(line): \(path)"
        case .part(let name, let path, let line): "\(name):\(line): \(path)"
        case .file: ""
        }
    }

    /// Sort key: problems are listed in file order.
    var order: (Int, Int) {
        switch self {
        case .text(let line, let column): (line, column)
        case .cell(let row, let column): (row, column)
        case .paragraph(let paragraph, let column): (paragraph, column)
        case .element(_, let line): (line, 0)
        case .part(_, _, let line): (line, 0)
        case .file: (0, 0)
        }
    }
}

/// One problem found while reading a bank file of any format: how bad, where, what (in both languages).
public struct ConversionDiagnostic: Hashable, Sendable {
    public var severity: Severity
    /// The path as the user gave it.
    public var file: String
    public var location: ConversionLocation
    public var chinese: String
    public var english: String
    /// The text of the line a `.text` location points into, shown under the message with a caret.
    public var sourceLine: String?

    public init(_ severity: Severity, file: String, at location: ConversionLocation, chinese: String, english: String, sourceLine: String? = nil) {
        self.severity = severity
        self.file = file
        self.location = location
        self.chinese = chinese
        self.english = english
        self.sourceLine = sourceLine
    }

    /// A diagnostic of the native reader, kept with its line and column.
    public init(_ diagnostic: Diagnostic) {
        self.init(
            diagnostic.severity, file: diagnostic.location.file, at: .text(line: diagnostic.location.line, column: diagnostic.location.column),
            chinese: diagnostic.message(in: .zhHans), english: diagnostic.message(in: .en), sourceLine: diagnostic.sourceLine)
    }

    public func message(in language: DisplayLanguage) -> String { language.pick(chinese, english) }

    /// Whether `lhs` comes before `rhs` in the file.
    static func fileOrder(_ lhs: ConversionDiagnostic, _ rhs: ConversionDiagnostic) -> Bool {
        lhs.file != rhs.file ? lhs.file < rhs.file : lhs.location.order < rhs.location.order
    }
}

/// What one bank file gave: the questions read without errors, and every problem found.
public struct ImportedBank: Sendable {
    public var questions: [Question]
    public var diagnostics: [ConversionDiagnostic]
    /// Questions of kinds kaoxue has no type for (GIFT matching, QTI order interactions, …), each reported.
    public var skipped: Int
    /// The text encoding the file was read in, for text formats.
    public var encoding: TextEncoding?

    public init(questions: [Question] = [], diagnostics: [ConversionDiagnostic] = [], skipped: Int = 0, encoding: TextEncoding? = nil) {
        self.questions = questions
        self.diagnostics = diagnostics
        self.skipped = skipped
        self.encoding = encoding
    }

    public var errorCount: Int { diagnostics.count { $0.severity == .error } }
}

/// What reading one question of a file gave.
enum QuestionReadOutcome {
    case question(Question)
    /// A kind kaoxue has no type for (reported as a warning).
    case skipped
    /// Errors (reported).
    case failed
}

/// A problem found inside a reader's helper, before it is added to the file's list.
struct LocatedMessage: Error {
    var location: ConversionLocation
    var chinese: String
    var english: String
}

/// Collects the problems of one file while it is read.
struct ProblemList {
    let file: String
    var diagnostics: [ConversionDiagnostic] = []

    mutating func error(_ location: ConversionLocation, _ chinese: String, _ english: String) {
        diagnostics.append(ConversionDiagnostic(.error, file: file, at: location, chinese: chinese, english: english))
    }

    mutating func warning(_ location: ConversionLocation, _ chinese: String, _ english: String) {
        diagnostics.append(ConversionDiagnostic(.warning, file: file, at: location, chinese: chinese, english: english))
    }

    mutating func error(_ message: LocatedMessage) { error(message.location, message.chinese, message.english) }
    mutating func warning(_ message: LocatedMessage) { warning(message.location, message.chinese, message.english) }
}
