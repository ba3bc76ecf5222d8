import BankFormats
import BankInterchange
import Foundation
import QuizModel
import TerminalIO
import TextMatching

/// What `bank check` reports, as a value: printed as text for people or encoded as JSON for scripts.
struct BankCheckReport: Encodable {
    struct FileSummary: Encodable {
        var path: String
        /// The bank format (`kaoxue`, `docx`, `xlsx`, …).
        var format: String
        var encoding: String?
        var questions: Int
        var errors: Int
        var warnings: Int
    }

    /// One problem, placed as its file's format places it: `line` and `column` in a text file; `cell` (`C17`) in a
    /// spreadsheet; `paragraph` and `column` in a Word document; `element` (and `line`) in XML; `part` in a package.
    /// `place` is the place as printed after the file name.
    struct DiagnosticRecord: Encodable {
        var file: String
        var place: String
        var line: Int?
        var column: Int?
        var cell: String?
        var paragraph: Int?
        var element: String?
        var part: String?
        var severity: String
        var message: String

        init(_ diagnostic: ConversionDiagnostic, language: DisplayLanguage) {
            file = diagnostic.file
            place = diagnostic.location.rendered(in: language)
            severity = diagnostic.severity.rawValue
            message = diagnostic.message(in: language)
            switch diagnostic.location {
            case .text(let line, let column): (self.line, self.column) = (line, column)
            case .cell(let row, let column): cell = ConversionLocation.columnName(column) + "\(row)"
            case .paragraph(let paragraph, let column): (self.paragraph, self.column) = (paragraph, column)
            case .element(let path, let line): (element, self.line) = (path, line)
            case .part(let name, let path, let line): (part, element, self.line) = (name, path, line)
            case .file: break
            }
        }
    }

    var questions: Int
    var byType: [String: Int]
    var byTopic: [String: Int]
    var byDifficulty: [String: Int]
    /// Path → encoding name, for every text file read (binary formats: their format name).
    var encoding: [String: String]
    var files: [FileSummary]
    var diagnostics: [DiagnosticRecord]
    var errors: Int
    var warnings: Int

    /// The formats read as text in an encoding to be found (BOM, UTF-8, GB18030); XML declares its own.
    static let decodedFormats: Set<BankFileFormat> = [.kaoxue, .gift, .aiken, .csv]

    /// Topic key for questions without a 知识点.
    static let unclassified = "unclassified"
    /// Difficulty key for questions without a 难度.
    static let unspecified = "unspecified"

    private let language: DisplayLanguage
    private let bank: Bank

    enum CodingKeys: String, CodingKey {
        case questions, byType, byTopic, byDifficulty, encoding, files, diagnostics, errors, warnings
    }

    init(loaded: BankLibrary, diagnostics: [ConversionDiagnostic], language: DisplayLanguage) {
        self.language = language
        bank = loaded.bank
        questions = bank.questions.count
        byType = Dictionary(uniqueKeysWithValues: bank.countsByType.map { ($0.key.rawValue, $0.value) })
        // Topics written in Traditional characters count with their Simplified twins.
        let simplified = try? SharedScriptConverters.converter(to: .simplified)
        byTopic = bank.countsByTopic(unclassified: Self.unclassified) { simplified?.convert($0) ?? $0 }
        byDifficulty = Dictionary(
            uniqueKeysWithValues: bank.countsByDifficulty.map { (Self.key(for: $0.key), $0.value) })
        encoding = Dictionary(
            loaded.files.map { ($0.path, $0.encoding?.rawValue ?? (Self.decodedFormats.contains($0.format) ? "undecodable" : $0.format.rawValue)) },
            uniquingKeysWith: { first, _ in first })
        files = loaded.files.map { file in
            FileSummary(
                path: file.path, format: file.format.rawValue, encoding: file.encoding?.rawValue, questions: file.questions,
                errors: diagnostics.count { $0.file == file.path && $0.severity == .error },
                warnings: diagnostics.count { $0.file == file.path && $0.severity == .warning })
        }
        self.diagnostics = diagnostics.map { DiagnosticRecord($0, language: language) }
        errors = diagnostics.count { $0.severity == .error }
        warnings = diagnostics.count { $0.severity == .warning }
    }

    static func key(for difficulty: Difficulty?) -> String {
        switch difficulty {
        case .easy: "easy"
        case .fairlyEasy: "fairlyEasy"
        case .medium: "medium"
        case .fairlyHard: "fairlyHard"
        case .hard: "hard"
        case nil: unspecified
        }
    }

    func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try! encoder.encode(self), as: UTF8.self)
    }

    /// The human summary: files, counts by type, topic and difficulty, and the totals of problems.
    func text(colour: Bool) -> String {
        let zh = language == .zhHans
        var lines: [String] = []
        let heading = { (text: String) in TerminalStyle.paint(text, .emphasis, enabled: colour) }
        for file in files {
            let format = BankFileFormat(rawValue: file.format) ?? .kaoxue
            let name = format == .kaoxue ? file.encoding ?? language.pick("无法解码", "undecodable")
                : format.displayName + (file.encoding.map { language.pick("，", ", ") + $0 } ?? "")
            lines.append(zh ? "\(file.path)：\(name)，\(file.questions) 道题" : "\(file.path): \(name), \(file.questions) questions")
        }
        lines.append(heading(zh ? "共 \(questions) 道题" : "\(questions) questions in all"))

        lines.append(heading(zh ? "题型：" : "By type:"))
        let typeRows = QuestionType.allCases.map { ($0.name(in: language), byType[$0.rawValue] ?? 0) }
        lines += table(typeRows)

        lines.append(heading(zh ? "知识点：" : "By topic:"))
        let topicRows = byTopic.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { entry in
            (entry.key == Self.unclassified ? language.pick("（未分类）", "(unclassified)") : entry.key, entry.value)
        }
        lines += table(topicRows)

        lines.append(heading(zh ? "难度：" : "By difficulty:"))
        var difficultyRows = Difficulty.allCases.map { ($0.name(in: language), byDifficulty[Self.key(for: $0)] ?? 0) }
        if let none = byDifficulty[Self.unspecified] {
            difficultyRows.append((language.pick("（未标注）", "(not given)"), none))
        }
        lines += table(difficultyRows)

        let totals =
            zh ? "\(errors) 个错误，\(warnings) 个警告" : "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
        let style: TerminalStyle.Style = errors > 0 ? .error : warnings > 0 ? .warning : .emphasis
        lines.append(TerminalStyle.paint(totals, style, enabled: colour))
        return lines.joined(separator: "\n")
    }

    /// Rows `  name    count`, names padded by display width so CJK names line up.
    private func table(_ rows: [(String, Int)]) -> [String] {
        let width = rows.map { DisplayWidth.width(of: $0.0) }.max() ?? 0
        return rows.map { name, count in
            "  " + name + String(repeating: " ", count: width - DisplayWidth.width(of: name) + 2) + "\(count)"
        }
    }
}
