import FileIO
import Foundation
import Glibc
import QuizModel
import TextMatching

/// A problem with the paths given, before any bank content is read (exit code 2 in the command line).
public enum BankLoadError: Error, Equatable, Sendable {
    case notFound(path: String)
    case unreadable(path: String, reason: SystemError)
    /// A folder without a file of the extensions looked for.
    case noBankFiles(path: String, extensions: [String])

    public func message(in language: DisplayLanguage) -> String {
        switch self {
        case .notFound(let path):
            return language.pick("找不到“\(path)”", "no such file or folder: \(path)")
        case .unreadable(let path, let reason):
            return language.pick("无法读取“\(path)”：\(reason.words(language))", "cannot read \(path): \(reason.words(language))")
        case .noBankFiles(let path, let extensions):
            let patterns = extensions.map { "*.\($0)" }.joined(separator: language.pick("、", ", "))
            return language.pick("“\(path)”中没有题库文件（\(patterns)）", "no bank files (\(patterns)) in \(path)")
        }
    }
}

/// Banks read from files and folders, with every diagnostic of every file and of the checks across files.
public struct LoadedBank: Sendable {
    public var files: [ParsedBankFile]
    /// All questions without errors, in path order then file order.
    public var bank: Bank
    /// The files' own diagnostics followed by those found across files, sorted by location.
    public var diagnostics: [Diagnostic]

    public var errorCount: Int { diagnostics.count { $0.severity == .error } }
    public var warningCount: Int { diagnostics.count { $0.severity == .warning } }
}

/// Finds bank files, reads them, and runs the checks that need the whole bank (duplicate ids and questions).
public enum BankLoader {
    /// The file extensions read as native banks.
    public static let nativeExtensions: Set<String> = ["txt"]

    /// How question texts are folded to find duplicates: width, spaces, punctuation and Traditional/Simplified.
    public static var duplicateMatcher: TextMatcher { (try? TextMatcher.ignoringScriptAndPunctuation()) ?? TextMatcher(folding: .all) }

    /// Bank files named by `paths`: files as given, folders searched recursively for files with one of
    /// `extensions` (by default `*.txt`), sorted by path. Hidden files and Office's lock files (`~$题库.docx`, left
    /// while a document is open) are not banks.
    public static func bankFiles(in paths: [String], extensions: Set<String> = nativeExtensions) throws(BankLoadError) -> [String] {
        var files: [String] = []
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else { throw .notFound(path: path) }
            if !isDirectory.boolValue {
                files.append(path)
                continue
            }
            guard let enumerator = manager.enumerator(atPath: path) else {
                throw .unreadable(path: path, reason: .code(EACCES))
            }
            var found: [String] = []
            while let relative = enumerator.nextObject() as? String {
                let url = URL(fileURLWithPath: relative)
                guard extensions.contains(url.pathExtension.lowercased()),
                    !url.lastPathComponent.hasPrefix("."), !url.lastPathComponent.hasPrefix("~$")
                else { continue }
                found.append((path as NSString).appendingPathComponent(relative))
            }
            guard !found.isEmpty else { throw .noBankFiles(path: path, extensions: extensions.sorted()) }
            files.append(contentsOf: found.sorted())
        }
        return files
    }

    /// Reads and checks every bank file under `paths`.
    /// - Parameter matcher: how question texts are folded to find duplicates; by default width, spaces,
    ///   punctuation, case and Traditional/Simplified differences (OpenCC).
    /// - Parameter duplicateQuestions: whether to look for duplicate questions (warnings only, and the costly
    ///   check: OpenCC over every stem). Commands that show errors only (practice, papers) skip it.
    public static func load(paths: [String], matcher: TextMatcher? = nil, duplicateQuestions: Bool = true) throws(BankLoadError) -> LoadedBank {
        let files = try bankFiles(in: paths)
        var parsed: [ParsedBankFile] = []
        for file in files {
            let bytes: [UInt8]
            do {
                bytes = try FileBytes.read(file)
            } catch {
                throw .unreadable(path: file, reason: error.system)
            }
            parsed.append(NativeBankParser.parse(bytes: bytes, path: file))
        }
        return check(parsed, matcher: matcher, duplicateQuestions: duplicateQuestions)
    }

    /// Runs the checks across files on already parsed files.
    public static func check(_ files: [ParsedBankFile], matcher: TextMatcher? = nil, duplicateQuestions: Bool = true) -> LoadedBank {
        let questions = files.flatMap(\.questions)
        var diagnostics = files.flatMap(\.diagnostics)
        diagnostics += BankChecks.duplicateIDs(questions)
        if duplicateQuestions {
            let matcher = matcher ?? Self.duplicateMatcher
            diagnostics += BankChecks.duplicateQuestions(questions, matcher: matcher)
        }
        diagnostics.sort { $0.location < $1.location }
        return LoadedBank(files: files, bank: Bank(questions: questions), diagnostics: diagnostics)
    }
}

/// Checks that need more than one question at a time.
public enum BankChecks {
    /// Explicit ids used twice (an error: records would be mixed up), reported at the second use.
    /// Derived ids that collide are duplicate questions and are reported by `duplicateQuestions`.
    public static func duplicateIDs(_ questions: [Question]) -> [Diagnostic] {
        var first: [String: SourceLocation] = [:]
        var diagnostics: [Diagnostic] = []
        for question in questions {
            let location = question.location ?? SourceLocation(file: "", line: 0, column: 0)
            if let earlier = first[question.id] {
                if question.hasExplicitID {
                    diagnostics.append(Diagnostic(.error, .duplicateID(id: question.id, first: earlier), at: location))
                }
            } else {
                first[question.id] = location
            }
        }
        return diagnostics
    }

    /// Questions whose stem and options are the same after folding, within and across files (a warning).
    public static func duplicateQuestions(_ questions: [Question], matcher: TextMatcher) -> [Diagnostic] {
        var found: [(index: Int, diagnostic: Diagnostic)] = []
        for group in duplicateGroups(questions, matcher: matcher) {
            let first = questions[group[0]].location ?? SourceLocation(file: "", line: 0, column: 0)
            for index in group.dropFirst() {
                found.append((index, Diagnostic(.warning, .duplicateQuestion(first: first), at: questions[index].location ?? SourceLocation(file: "", line: 0, column: 0))))
            }
        }
        return found.sorted { $0.index < $1.index }.map(\.diagnostic)
    }

    /// The questions that are one question: the same stem and options after folding (width, spaces, punctuation,
    /// Traditional or Simplified, the options in any order), as indices into `questions`, each group in bank order
    /// and of two or more. A paper takes at most one of a group.
    public static func duplicateGroups(_ questions: [Question], matcher: TextMatcher) -> [[Int]] {
        // Stems first: only questions whose folded stems and option counts agree need their options folded (script
        // conversion is most of the cost, and most banks have few duplicates).
        let stems = matcher.keys(questions.map(\.stem))
        var byStem: [String: [Int]] = [:]
        for index in questions.indices { byStem["\(questions[index].content.options.count)\u{1}" + stems[index], default: []].append(index) }
        let candidates = byStem.values.filter { $0.count > 1 }.flatMap { $0 }.sorted()
        var optionTexts: [String] = []
        var starts: [Int] = []
        for index in candidates {
            starts.append(optionTexts.count)
            optionTexts += questions[index].content.options
        }
        starts.append(optionTexts.count)
        let optionKeys = matcher.keys(optionTexts)
        var groupOf: [String: Int] = [:]
        var groups: [[Int]] = []
        for (position, index) in candidates.enumerated() {
            var key = stems[index]
            for option in optionKeys[starts[position]..<starts[position + 1]].sorted() { key += "\u{1}" + option }
            if let group = groupOf[key] {
                groups[group].append(index)
            } else {
                groupOf[key] = groups.count
                groups.append([index])
            }
        }
        return groups.filter { $0.count > 1 }
    }

    /// `duplicateGroups` with the folding `bank check` uses.
    public static func duplicateGroups(_ questions: [Question]) -> [[Int]] {
        duplicateGroups(questions, matcher: BankLoader.duplicateMatcher)
    }
}
