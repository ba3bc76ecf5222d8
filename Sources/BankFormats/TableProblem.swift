import QuizModel

/// A problem in a table file (CSV or a spreadsheet) at a 1-based row and column, or in a text file (a JSON paper or
/// result) at a line and column, worded in both languages.
public struct TableProblem: Error, Hashable, Sendable {
    /// 1-based; the header is row 1.
    public var row: Int
    /// 1-based column number.
    public var column: Int
    public var chinese: String
    public var english: String

    public init(row: Int, column: Int, chinese: String, english: String) {
        self.row = row
        self.column = column
        self.chinese = chinese
        self.english = english
    }

    public func message(in language: DisplayLanguage) -> String { language.pick(chinese, english) }

    /// A row with `found` fields where the header has `expected`: located at the first missing field, or at the
    /// first one too many.
    public static func fieldCount(row: Int, found: Int, expected: Int) -> TableProblem {
        TableProblem(
            row: row, column: min(found, expected) + (found < expected ? 1 : 0), chinese: "应有 \(expected) 列，实有 \(found) 列",
            english: "expected \(expected) fields, found \(found)")
    }

    /// `file:row:column: error: message`, the form every kaoxue table diagnostic takes.
    public func rendered(file: String, language: DisplayLanguage) -> String {
        "\(file):\(row):\(column): " + language.pick("错误：", "error: ") + message(in: language)
    }
}

/// Every problem found in one table file.
public struct TableProblems: Error, Hashable, Sendable {
    public var problems: [TableProblem]

    public init(_ problems: [TableProblem]) { self.problems = problems }
}

extension CSVTable.SyntaxError {
    /// The syntax error as a table problem (the parser words it in English only).
    public var tableProblem: TableProblem {
        TableProblem(row: row, column: column, chinese: "CSV 格式错误：" + message, english: message)
    }
}
