import BankFormats
import Foundation
import QuizModel
import TextMatching

/// The banks a command was given, whatever format each is kept in: the one loader behind every `--bank` and
/// `kaoxue bank check` and `kaoxue bank convert`. Files are read in the format their extension and content show
/// (`BankFileFormat.detect`); folders are searched for every extension a bank is kept under. Each file's problems
/// keep the places its format tells (a line, a cell, a paragraph, an element); the checks across files (an id used
/// twice, the same question twice) follow.
public struct BankLibrary: Sendable {
    /// One file read.
    public struct File: Sendable {
        public var path: String
        public var format: BankFileFormat
        /// The text encoding, for text formats (nil: binary, or not decodable).
        public var encoding: TextEncoding?
        /// Questions read without errors.
        public var questions: Int
        /// Questions of kinds kaoxue has no type for, each reported.
        public var skipped: Int
    }

    public var files: [File]
    /// All questions without errors, in path order then file order.
    public var bank: Bank
    /// Every file's problems and those across files, in file order.
    public var diagnostics: [ConversionDiagnostic]

    public var errorCount: Int { diagnostics.count { $0.severity == .error } }
    public var warningCount: Int { diagnostics.count { $0.severity == .warning } }
    public var skipped: Int { files.reduce(0) { $0 + $1.skipped } }

    /// The extensions a folder is searched for: every format kaoxue reads.
    public static let folderExtensions: Set<String> = ["txt", "gift", "aiken", "docx", "xlsx", "csv", "xml", "json", "zip"]

    /// The files named by `paths`: files as given, folders searched recursively for `folderExtensions`.
    public static func files(in paths: [String]) throws(ConversionInputError) -> [String] {
        do {
            return try BankLoader.bankFiles(in: paths, extensions: folderExtensions)
        } catch {
            let path: String
            switch error {
            case .notFound(let p), .unreadable(let p, _), .noBankFiles(let p, _): path = p
            }
            throw ConversionInputError(path: path, chinese: error.message(in: .zhHans), english: error.message(in: .en))
        }
    }

    /// Reads and checks every bank file under `paths`.
    /// - Parameter format: the format of every file (`bank convert --from`); by default each file's own.
    /// - Parameter duplicateQuestions: whether to look for duplicate questions (warnings only, and the costly check:
    ///   OpenCC over every stem). Commands that show errors only (practice, papers) skip it.
    public static func load(
        paths: [String], format: BankFileFormat? = nil, duplicateQuestions: Bool = true, matcher: TextMatcher? = nil
    ) throws(ConversionInputError) -> BankLibrary {
        var files: [File] = []
        var questions: [Question] = []
        var diagnostics: [ConversionDiagnostic] = []
        var formats: [String: BankFileFormat] = [:]
        for path in try Self.files(in: paths) {
            let (read, imported) = try BankConverter.read(path: path, format: format)
            files.append(File(path: path, format: read, encoding: imported.encoding, questions: imported.questions.count, skipped: imported.skipped))
            formats[path] = read
            questions += imported.questions
            diagnostics += imported.diagnostics
        }
        diagnostics += BankConverter.crossFileDiagnostics(
            questions, formats: formats, duplicateQuestions: duplicateQuestions ? (matcher ?? BankLoader.duplicateMatcher) : nil)
        diagnostics.sort(by: ConversionDiagnostic.fileOrder)
        return BankLibrary(files: files, bank: Bank(questions: questions), diagnostics: diagnostics)
    }
}
