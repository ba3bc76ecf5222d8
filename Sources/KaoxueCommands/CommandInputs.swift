import ArgumentParser
import BankFormats
import Foundation
import PaperAssembly
import QuizModel
import TerminalIO

/// Reading the inputs of the commands (banks, blueprints, earlier papers, files), with the errors every command
/// reports the same way.
enum CommandInputs {
    /// Every bank file under `paths` with its diagnostics; a path that cannot be read ends the command (exit 2).
    static func loadBank(_ paths: [String], language: DisplayLanguage) throws -> LoadedBank {
        do {
            return try BankLoader.load(paths: paths)
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
            Console.fail(language.pick("无法读取“\(path)”：\(error.reason)", "cannot read \(path): \(error.reason)"), language: language)
            throw ExitStatus.usageOrIO.exitCode
        }
    }

    /// The bank, refusing one with errors: a paper must not be drawn from questions that do not check.
    static func bank(_ paths: [String], language: DisplayLanguage) throws -> LoadedBank {
        let loaded = try loadBank(paths, language: language)
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
            return try BlueprintReader.read(yaml: text, file: path)
        } catch {
            let colour = TerminalStyle.colourAllowed(on: .standardError)
            for diagnostic in error.diagnostics {
                let word = TerminalStyle.paint(language.pick("错误", "error") + ":", .error, enabled: colour)
                let place = diagnostic.path.isEmpty ? "" : "\(diagnostic.path): "
                Console.err("\(diagnostic.location): \(word) \(place)\(diagnostic.message)")
            }
            throw ExitStatus.inputErrors.exitCode
        }
    }

    /// Ids used by the papers in these folders (their `paper.json`).
    static func usedIDs(_ folders: [String], language: DisplayLanguage) throws -> Set<String> {
        var ids = Set<String>()
        for folder in folders {
            let path = folder.hasSuffix(".json") ? folder : (folder as NSString).appendingPathComponent("paper.json")
            let data = Data(try readFile(path, language: language))
            do {
                let paper = try JSONDecoder().decode(Paper.self, from: data)
                for version in paper.versions { ids.formUnion(version.items.map(\.id)) }
            } catch {
                Console.fail(language.pick("“\(path)”不是 kaoxue 试卷：\(error)", "\(path) is not a kaoxue paper: \(error)"), language: language)
                throw ExitStatus.usageOrIO.exitCode
            }
        }
        return ids
    }

    /// Prints why a blueprint cannot be met.
    static func report(_ problems: [Infeasibility], language: DisplayLanguage) {
        Console.err(language.pick("kaoxue: 错误: 无法按细目表组卷：", "kaoxue: error: the blueprint cannot be met:"))
        for problem in problems { Console.err("  " + problem.message(in: language).replacingOccurrences(of: "\n", with: "\n  ")) }
    }
}
