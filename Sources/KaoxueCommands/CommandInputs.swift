import ArgumentParser
import BankFormats
import BankInterchange
import FileIO
import Foundation
import PaperAssembly
import PaperRendering
import QuizModel
import TerminalIO

/// Reading the inputs of the commands (banks, blueprints, earlier papers, files), with the errors every command
/// reports the same way.
enum CommandInputs {
    /// Every bank file under `paths`, in any format kaoxue reads, with its diagnostics; a path that cannot be read
    /// ends the command (exit 2). `warnings: false` skips the duplicate-question check, whose findings are warnings
    /// only.
    static func loadBank(_ paths: [String], language: DisplayLanguage, warnings: Bool = true) throws -> BankLibrary {
        do {
            return try BankLibrary.load(paths: paths, duplicateQuestions: warnings)
        } catch {
            Console.fail(error.message(in: language), language: language)
            throw ExitStatus.usageOrIO.exitCode
        }
    }

    /// The bytes of `path`; a file that cannot be read ends the command (exit 2).
    static func readFile(_ path: String, language: DisplayLanguage) throws -> [UInt8] {
        do {
            return try FileBytes.read(path)
        } catch {
            Console.fail(language.pick("无法读取“\(path)”：\(error.words(language))", "cannot read \(path): \(error.words(language))"), language: language)
            throw ExitStatus.usageOrIO.exitCode
        }
    }

    /// The text of `path` in whatever encoding it was saved (a BOM honoured, else UTF-8, else GB18030): kaoxue
    /// reads back every CSV it writes, whichever `--encoding` wrote it. Not text: exit 1, located.
    static func readText(_ path: String, language: DisplayLanguage) throws -> String {
        try decodeText(readFile(path, language: language), path: path, language: language)
    }

    /// `bytes` (of the file `path`) decoded as `readText` does.
    static func decodeText(_ bytes: [UInt8], path: String, language: DisplayLanguage) throws -> String {
        String(decoding: try decodeUTF8(bytes, path: path, language: language), as: UTF8.self)
    }

    /// `bytes` as UTF-8 (decoded as `readText` does), for readers that scan bytes; not text: exit 1, located.
    static func decodeUTF8(_ bytes: [UInt8], path: String, language: DisplayLanguage) throws -> [UInt8] {
        do {
            return try TextDecoder.decode(bytes).utf8
        } catch {
            let problem = TableProblem(row: error.line, column: error.column, chinese: "既不是 UTF-8 也不是 GB18030 文本", english: "neither UTF-8 nor GB18030 text")
            Console.err(problem.rendered(file: path, language: language))
            throw ExitStatus.inputErrors.exitCode
        }
    }

    /// `--bank` paths, or the shipped `QuestionBanks` folder when none is given (a clear error when it is not here).
    static func bankPaths(_ given: [String], language: DisplayLanguage) throws -> [String] {
        guard given.isEmpty else { return given }
        guard FileManager.default.fileExists(atPath: "QuestionBanks") else {
            Console.fail(
                language.pick("当前文件夹没有 QuestionBanks，请用 --bank 指定题库", "no QuestionBanks folder here; give banks with --bank"),
                language: language)
            throw ExitStatus.usageOrIO.exitCode
        }
        return ["QuestionBanks"]
    }

    /// The bank, refusing one with errors: a paper must not be drawn from questions that do not check. Warnings
    /// are not looked for (that is `kaoxue bank check`'s job).
    static func bank(_ paths: [String], language: DisplayLanguage) throws -> BankLibrary {
        let loaded = try loadBank(paths, language: language, warnings: false)
        if loaded.errorCount > 0 {
            let renderer = DiagnosticRenderer(language: language, colour: TerminalStyle.colourAllowed(on: .standardError))
            for diagnostic in loaded.diagnostics where diagnostic.severity == .error { Console.err(renderer.render(diagnostic)) }
            Console.fail(
                language.pick(
                    "题库有 \(loaded.errorCount) 个错误，请先用 kaoxue bank check 修正",
                    "the bank has \(loaded.errorCount) error(s); fix them first (kaoxue bank check)"),
                language: language)
            throw ExitStatus.inputErrors.exitCode
        }
        return loaded
    }

    /// The blueprint, with every problem located.
    static func blueprint(_ path: String, language: DisplayLanguage) throws -> Blueprint {
        let text = String(decoding: try readFile(path, language: language), as: UTF8.self)
        do {
            return try BlueprintReader.read(yaml: text)
        } catch {
            for diagnostic in error.diagnostics { Console.err(diagnostic.rendered(file: path, language: language)) }
            throw ExitStatus.inputErrors.exitCode
        }
    }

    /// A paper read from `path` (its `paper.json`, or the folder holding it).
    struct LoadedPaper {
        var paper: Paper
        /// `paper.json` itself.
        var path: String
        /// SHA-256 of `paper.json`.
        var sha256: String
        /// The folder of `paper.json`.
        var folder: String { FilePaths.parent(of: path) }
        /// The paper's `key.csv`, where the organizer keeps it (see `PaperFiles`), or nil.
        var keyPath: String? { PaperFiles.key(near: folder) }
    }

    /// The paper at `path` (`paper.json`, or a folder holding it — see `PaperFiles`); a file that is not a paper
    /// ends the command (exit 1).
    static func paper(_ path: String, language: DisplayLanguage) throws -> LoadedPaper {
        var isFolder: ObjCBool = false
        let file = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue
            ? PaperFiles.paper(near: path) ?? (path as NSString).appendingPathComponent("paper.json") : path
        let bytes = try readFile(file, language: language)
        let paper: Paper
        do {
            paper = try LocatedJSON.decode(Paper.self, from: bytes).value
        } catch {
            Console.err(error.rendered(file: file, language: language))
            Console.fail(language.pick("“\(file)”不是 kaoxue 试卷", "\(file) is not a kaoxue paper"), language: language)
            throw ExitStatus.inputErrors.exitCode
        }
        let wrong = paper.inconsistencies()
        guard wrong.isEmpty else {
            for problem in wrong {
                Console.err(language.pick("\(file)：\(problem.field)：\(problem.zh)", "\(file): \(problem.field): \(problem.en)"))
            }
            Console.fail(
                language.pick("“\(file)”与自身矛盾（\(wrong.count) 处），不能使用；请重新生成试卷", "\(file) contradicts itself in \(wrong.count == 1 ? "one place" : "\(wrong.count) places") and cannot be used; generate the paper again"),
                language: language)
            throw ExitStatus.inputErrors.exitCode
        }
        return LoadedPaper(paper: paper, path: file, sha256: PaperHashes.file(bytes))
    }

    /// The answer key at `path`; every bad cell is reported as `file:row:col` (exit 1).
    static func answerKey(_ path: String, language: DisplayLanguage) throws -> AnswerKey {
        let text = try readText(path, language: language)
        switch AnswerKey.parse(text) {
        case .success(let key): return key
        case .failure(let problems):
            for problem in problems.problems { Console.err(problem.rendered(file: path, language: language)) }
            throw ExitStatus.inputErrors.exitCode
        }
    }

    /// Ids used by the papers in these folders (their `paper.json`), as `bank` knows them now: a paper from before
    /// 0.3 names a Traditional question by the id it had then, which becomes its id today.
    static func usedIDs(_ folders: [String], bank: [Question], language: DisplayLanguage) throws -> Set<String> {
        var ids = Set<String>()
        for folder in folders {
            let paper = try paper(folder, language: language).paper
            for version in paper.versions { ids.formUnion(version.items.map(\.id)) }
        }
        guard !ids.isEmpty else { return ids }
        for question in bank {
            if let old = QuestionIdentity.idBeforeScriptFolding(of: question), ids.remove(old) != nil { ids.insert(question.id) }
        }
        return ids
    }

    /// Prints why a blueprint cannot be met.
    static func report(_ problems: [Infeasibility], language: DisplayLanguage) {
        Console.err(language.pick("kaoxue: 错误: 无法按细目表组卷：", "kaoxue: error: the blueprint cannot be met:"))
        for problem in problems { Console.err("  " + problem.message(in: language).replacingOccurrences(of: "\n", with: "\n  ")) }
    }
}

/// Where a generated paper's files are. `paper generate --out DIR` writes `DIR/handout/paper.json` (handed out)
/// and `DIR/organizer/key.csv` (kept by the organizer); a folder may also hold both side by side (papers from
/// before the split, hand-made keys). Commands take any of `DIR`, `DIR/handout`, `DIR/organizer` or a flat folder.
enum PaperFiles {
    /// `paper.json` for the folder `folder`: in it, in its `handout/`, or in the sibling `handout/`.
    static func paper(near folder: String) -> String? {
        first(of: "paper.json", near: folder, sub: PaperOutput.handoutFolder)
    }

    /// `key.csv` for the folder `folder`: in it, in its `organizer/`, or in the sibling `organizer/`.
    static func key(near folder: String) -> String? {
        first(of: "key.csv", near: folder, sub: PaperOutput.organizerFolder)
    }

    static func first(of name: String, near folder: String, sub: String) -> String? {
        let base = folder as NSString
        let candidates = [
            base.appendingPathComponent(name),
            (base.appendingPathComponent(sub) as NSString).appendingPathComponent(name),
            ((FilePaths.parent(of: base as String) as NSString).appendingPathComponent(sub) as NSString).appendingPathComponent(name),
        ]
        return candidates.first { FileManager.default.fileExists(atPath: $0) }
    }
}
