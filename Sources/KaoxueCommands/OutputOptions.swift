import ArgumentParser
import BankFormats
import FileIO
import Foundation
import QuizModel

/// `--force`, for every command that writes files.
struct OutputOptions: ParsableArguments {
    @Flag(
        help: ArgumentHelp(
            "覆盖输出位置上同名的、并非 kaoxue 写出的文件（其他文件始终不动）(overwrite files of the same names that kaoxue did not write; other files are never touched)."
        ))
    var force = false
}

/// `--encoding`, for every command that writes CSV files meant for people.
struct CSVOptions: ParsableArguments {
    @Option(help: ArgumentHelp("CSV 编码：utf8（带 BOM，Excel/WPS 直接打开，默认）或 gb18030 (CSV encoding: UTF-8 with a BOM, or GB18030).", valueName: "utf8|gb18030"))
    var encoding: CSVEncoding = .utf8
}

extension CSVEncoding: ExpressibleByArgument {
    /// A CSV output file called `name` holding `text`.
    func file(_ name: String, _ text: String) -> OutputFile {
        .data(name, bytes(text))
    }

    /// A CSV output written as UTF-8 by `write`, given the path and the bytes to start with (a BOM for UTF-8;
    /// GB18030 is converted from UTF-8 after).
    func streamed(_ name: String, _ write: @escaping (_ path: String, _ prefix: [UInt8]) throws -> Void) -> OutputFile {
        .streamed(name) { path in
            switch self {
            case .utf8: try write(path, [0xEF, 0xBB, 0xBF])
            case .gb18030:
                try write(path, [])
                try OutputFolder.writeWhole(Data(bytes(utf8: try FileBytes.read(path))), to: path)
            }
        }
    }
}

/// Writing outputs so that a user's own files are never lost, with the errors every command reports the same way:
/// a name taken by a file kaoxue did not write is an input problem (exit 1), a folder that cannot be written an
/// I/O problem (exit 2).
enum Outputs {
    /// Writes `files` into the folder `folder` as the set `set` (see `OutputFolder`).
    static func write(_ files: [OutputFile], into folder: String, set: String, force: Bool, language: DisplayLanguage) throws {
        do {
            try OutputFolder(folder).write(set: set, files: files, force: force)
        } catch {
            throw fail(error, language: language)
        }
    }

    /// Checks that `names` could be written into `folder` as `set`, writing nothing.
    static func check(_ names: [String], in folder: String, set: String, force: Bool, language: DisplayLanguage) throws {
        do {
            try OutputFolder(folder).check(set: set, names: names, force: force)
        } catch {
            throw fail(error, language: language)
        }
    }

    /// Writes one file at `path`.
    static func writeFile(_ path: String, _ bytes: Data, force: Bool, language: DisplayLanguage) throws {
        do {
            try OutputFolder.writeFile(path, bytes, force: force)
        } catch {
            throw fail(error, language: language)
        }
    }

    /// Checks before long work that the file at `path` could be written at its end.
    static func checkFile(_ path: String, force: Bool, language: DisplayLanguage) throws {
        do {
            try OutputFolder.checkFile(path, force: force)
        } catch {
            throw fail(error, language: language)
        }
    }

    /// Reports `error` and returns the exit code to end with.
    static func fail(_ error: OutputFolderError, language: DisplayLanguage) -> ExitCode {
        Console.fail(error.message(language), language: language)
        return (error.isInputProblem ? ExitStatus.inputErrors : ExitStatus.usageOrIO).exitCode
    }
}
