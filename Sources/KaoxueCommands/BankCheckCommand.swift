import ArgumentParser
import BankFormats
import BankInterchange
import Foundation
import QuizModel
import TerminalIO

/// `kaoxue bank check PATH... [--json] [--strict]`: reads banks, reports every problem, counts the questions.
struct BankCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "检查题库：报告所有问题并统计题目 (check banks: report every problem, count questions).",
        discussion: """
            PATH 可以是文件或文件夹（递归读取 *.txt、*.docx、*.xlsx、*.csv、*.gift、*.xml、*.json、*.zip），
            格式按扩展名与内容判断；文本编码自动识别：BOM、UTF-8、否则 GB18030。
            PATH may be files or folders (searched for *.txt, *.docx, *.xlsx, *.csv, *.gift, *.xml, *.json, *.zip);
            each file's format is told by its extension and content. Text encoding: BOM, UTF-8, else GB18030.
            退出码 / exit codes: 0 无错误 no errors (warnings allowed), 1 有错误 errors (or warnings with --strict),
            2 用法或读写错误 usage or I/O problems.
            """
    )

    @Argument(help: ArgumentHelp("题库文件或文件夹 (bank files or folders).", valueName: "PATH"))
    var paths: [String]

    @Flag(help: "输出 JSON (print one JSON object for scripts).")
    var json = false

    @Flag(help: "警告也视为错误 (treat warnings as errors).")
    var strict = false

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if paths.isEmpty { throw ValidationError("请给出至少一个题库路径 (give at least one PATH).") }
    }

    func run() throws {
        let language = global.lang
        let loaded = try CommandInputs.loadBank(paths, language: language)
        var diagnostics = loaded.diagnostics
        if strict {
            for index in diagnostics.indices { diagnostics[index].severity = .error }
        }
        let report = BankCheckReport(loaded: loaded, diagnostics: diagnostics, language: language)
        if json {
            Console.out(report.json())
        } else {
            let renderer = DiagnosticRenderer(language: language, colour: TerminalStyle.colourAllowed(on: .standardError))
            for diagnostic in diagnostics { Console.err(renderer.render(diagnostic)) }
            Console.out(report.text(colour: TerminalStyle.colourAllowed(on: .standardOutput)))
        }
        if report.errors > 0 { throw ExitStatus.inputErrors.exitCode }
    }
}
