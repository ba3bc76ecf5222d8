import ArgumentParser
import BankFormats
import Foundation
import PaperAssembly
import QuizModel
import TerminalIO

/// Reading what `paper generate` and `paper check` need, with the errors every command reports the same way.
enum PaperInputs {
    /// The bank, refusing one with errors: a paper must not be drawn from questions that do not check.
    static func bank(_ paths: [String], language: DisplayLanguage) throws -> LoadedBank {
        let loaded: LoadedBank
        do {
            loaded = try BankLoader.load(paths: paths)
        } catch {
            Console.fail(error.message(in: language), language: language)
            throw ExitStatus.usageOrIO.exitCode
        }
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
        let text: String
        do {
            text = String(decoding: try FileBytes.read(path), as: UTF8.self)
        } catch {
            Console.fail(language.pick("无法读取“\(path)”：\(error.reason)", "cannot read \(path): \(error.reason)"), language: language)
            throw ExitStatus.usageOrIO.exitCode
        }
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
            do {
                let data = Data(try FileBytes.read(path))
                let paper = try JSONDecoder().decode(Paper.self, from: data)
                for version in paper.versions { ids.formUnion(version.items.map(\.id)) }
            } catch let error as FileBytes.ReadError {
                Console.fail(language.pick("无法读取“\(path)”：\(error.reason)", "cannot read \(path): \(error.reason)"), language: language)
                throw ExitStatus.usageOrIO.exitCode
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
