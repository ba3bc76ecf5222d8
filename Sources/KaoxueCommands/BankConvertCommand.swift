import ArgumentParser
import BankFormats
import BankInterchange
import Foundation
import QuizModel
import TerminalIO
import TextMatching

extension BankFileFormat: ExpressibleByArgument {
    public init?(argument: String) { self.init(name: argument) }
}

extension ChineseScript: ExpressibleByArgument {}

/// `kaoxue bank convert INPUT... --to FORMAT [-o OUT]`: banks from and to GIFT, Aiken, Moodle XML, QTI, Excel, CSV,
/// Word (read) and JSON. Nothing is written when an input has errors; what the target cannot carry is reported.
struct BankConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "转换题库格式 (convert banks between formats).",
        discussion: """
            格式 / formats: kaoxue（本工具的文本模板）、gift、aiken、moodle-xml、qti（QTI 2.1 内容包 .zip）、xlsx、csv、
            docx（只读）、json。输入格式由扩展名和内容判断，--from 可强制指定；不给 --to 时由 -o 的扩展名决定。
            Formats are detected from the extension and content (--from forces one); without --to, -o's extension decides.
            目标格式不能保存的内容按类别报告一次，不会悄悄丢失 / what the target cannot carry is reported once per kind.
            退出码 / exit codes: 0 成功 success (warnings allowed), 1 输入有错误，未写出任何文件 input errors, nothing written
            (or warnings/losses with --strict), 2 用法或读写错误 usage or I/O.
            """
    )

    @Argument(help: ArgumentHelp("题库文件或文件夹，任何可读格式 (bank files or folders, in any format read).", valueName: "INPUT"))
    var inputs: [String]

    @Option(help: ArgumentHelp("目标格式 (target format).", valueName: "kaoxue|gift|aiken|moodle-xml|qti|xlsx|csv|json"))
    var to: BankFileFormat?

    @Option(help: ArgumentHelp("输入格式，默认自动判断 (input format; detected by default).", valueName: "FORMAT"))
    var from: BankFileFormat?

    @Option(name: .shortAndLong, help: ArgumentHelp("输出文件；默认写到标准输出（xlsx、qti 必须给出）(output file; standard output by default).", valueName: "OUT"))
    var output: String?

    @Option(help: ArgumentHelp("输出简体（hans）或繁体（hant）(write Simplified or Traditional characters).", valueName: "hans|hant"))
    var script: ChineseScript?

    @OptionGroup var csv: CSVOptions
    @OptionGroup var outputs: OutputOptions

    @Flag(help: "警告或无法保存的内容也视为错误，不写出 (treat warnings and losses as errors: write nothing).")
    var strict = false

    @Flag(help: "在标准输出打印 JSON 摘要（需要 -o）(print a JSON summary; needs -o).")
    var json = false

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if inputs.isEmpty { throw ValidationError("请给出至少一个题库文件 (give at least one INPUT).") }
        guard let target = targetFormat else {
            throw ValidationError("请用 --to 指定目标格式 (name the target format with --to, or give -o a known extension).")
        }
        if !target.canWrite { throw ValidationError("kaoxue 只读取 Word 题库，不写出 (Word banks are read only).") }
        if output == nil, target.isBinary { throw ValidationError("\(target.displayName) 是二进制格式，请用 -o 指定输出文件 (binary format: give -o OUT).") }
        if json, output == nil { throw ValidationError("--json 需要 -o（否则标准输出是题库本身）(--json needs -o).") }
    }

    var targetFormat: BankFileFormat? {
        if let to { return to }
        guard let output else { return nil }
        switch (output as NSString).pathExtension.lowercased() {
        case "gift": return .gift
        case "xml": return .moodleXML
        case "zip": return .qti
        case "xlsx": return .xlsx
        case "csv": return .csv
        case "json": return .json
        case "txt": return .kaoxue
        default: return nil
        }
    }

    func run() throws {
        let language = global.lang
        let target = targetFormat!
        let colour = TerminalStyle.colourAllowed(on: .standardError)
        let library: BankLibrary
        do {
            library = try BankLibrary.load(paths: inputs, format: from, duplicateQuestions: false)
        } catch {
            Console.fail(error.message(in: language), language: language)
            throw ExitStatus.usageOrIO.exitCode
        }
        var questions = library.bank.questions
        let diagnostics = library.diagnostics
        let skipped = library.skipped
        var sources: [String: Int] = [:]
        for file in library.files { sources[file.format.displayName, default: 0] += 1 }
        let renderer = DiagnosticRenderer(language: language, colour: colour)
        for diagnostic in diagnostics { Console.err(renderer.render(diagnostic)) }
        let errors = diagnostics.count { $0.severity == .error }
        let warnings = diagnostics.count - errors
        if errors > 0 || (strict && warnings > 0) {
            Console.err(language.pick(
                "\(errors) 个错误、\(warnings) 个警告：未写出任何文件", "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s"): nothing written"))
            throw ExitStatus.inputErrors.exitCode
        }
        if let script {
            do {
                questions = try BankConverter.convert(questions, to: script)
            } catch {
                Console.fail("\(error)", language: language)
                throw ExitStatus.usageOrIO.exitCode
            }
        }
        let written: (data: Data, report: CarryReport)
        do {
            written = try BankConverter.write(questions, as: target, csvEncoding: csv.encoding)
        } catch {
            Console.fail(error.message(in: language), language: language)
            throw ExitStatus.usageOrIO.exitCode
        }
        let losses = written.report.messages(format: target.displayName, in: language)
        for line in losses {
            Console.err(TerminalStyle.paint(language.pick("注意：", "note: "), .warning, enabled: colour) + line)
        }
        if strict, !losses.isEmpty {
            Console.err(language.pick("目标格式不能保存全部内容（--strict）：未写出任何文件", "the target cannot carry everything (--strict): nothing written"))
            throw ExitStatus.inputErrors.exitCode
        }
        if let output {
            try Outputs.writeFile(output, written.data, force: outputs.force, language: language)
        } else {
            FileHandle.standardOutput.write(written.data)
        }
        let left = written.report.leftOut.values.reduce(0, +)
        let from = sources.keys.sorted().joined(separator: "+")
        Console.err(language.pick(
            "已转换 \(questions.count - left) 道题：\(from) → \(target.displayName)" + (output.map { "，写入 \($0)" } ?? "") + (skipped > 0 ? "（跳过 \(skipped) 道题，原因见上）" : ""),
            "converted \(questions.count - left) questions: \(from) → \(target.displayName)" + (output.map { ", written to \($0)" } ?? "") + (skipped > 0 ? " (\(skipped) skipped, each with its reason above)" : "")))
        if json {
            let summary: [String: Any] = [
                "from": sources.keys.sorted(), "to": target.rawValue, "output": output ?? "", "questionsRead": questions.count,
                "questionsWritten": questions.count - left, "skipped": skipped, "warnings": warnings,
                "dropped": Dictionary(uniqueKeysWithValues: written.report.dropped.map { ($0.key.rawValue, $0.value) }),
                "leftOut": Dictionary(uniqueKeysWithValues: written.report.leftOut.map { ("\($0.key)", $0.value) }),
            ]
            Console.out(LedgerInputs.jsonText(summary))
        }
    }
}
