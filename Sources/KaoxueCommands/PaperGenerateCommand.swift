import ArgumentParser
import BankFormats
import BankInterchange
import FileIO
import Foundation
import PaperAssembly
import PaperRendering
import QuizModel
import TextMatching

/// `kaoxue paper generate`: papers, keys and machine-readable files from a bank and a blueprint.
struct PaperGenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "生成试卷（多版本）、参考答案、paper.json、key.csv 与答题卡模板 (generate papers).",
        discussion: """
            同一题库内容、细目表与种子生成逐字节相同的文件；种子默认取自细目表的哈希。
            输出文件夹分两个：handout/ 发给考生（试卷、paper.json、答题卡模板，不含答案），
            organizer/ 由组卷人留存（参考答案、key.csv、双向细目表）。只替换 kaoxue 自己写出的文件，其他文件不动。
            The same bank content, blueprint and seed give byte-identical files; the seed defaults to one
            derived from the blueprint. Output goes to Reports/papers/<blueprint>-<seed>/ unless --out is given:
            handout/ is what candidates get (papers, paper.json, the sheet template; no key), organizer/ stays
            with the organizer (keys, key.csv, the two-way specification). Only files kaoxue wrote are replaced.
            """
    )

    @OptionGroup var input: PaperInputOptions

    @Option(help: "随机种子 (seed).")
    var seed: UInt64?

    @Option(help: "版本数，覆盖细目表 (number of versions, overrides the blueprint).")
    var versions: Int?

    @Option(help: ArgumentHelp("输出文件夹 (output folder).", valueName: "DIR"))
    var out: String?

    @Option(help: ArgumentHelp("格式，逗号分隔 (formats).", valueName: "md,html,docx"))
    var format: String = "md,html,docx"

    @Flag(help: "输出 JSON 摘要 (print a JSON summary).")
    var json = false

    @Option(help: ArgumentHelp("试卷用简体（hans）或繁体（hant）印出每道题，默认按细目表的 script，否则简体；题目编号不变 (print every question in Simplified or Traditional characters; default: the blueprint's script, else Simplified).", valueName: "hans|hant"))
    var script: ChineseScript?

    @OptionGroup var outputs: OutputOptions
    @OptionGroup var csv: CSVOptions
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if let versions, !(1...1000).contains(versions) { throw ValidationError("--versions 1…1000") }
        for name in format.split(separator: ",") where PaperOutput.Format(rawValue: name.trimmingWhitespace()) == nil {
            throw ValidationError("未知格式 \(name) (formats: md, html, docx)")
        }
    }

    func run() throws {
        let language = global.lang
        let loaded = try CommandInputs.bank(input.bank, language: language)
        var blueprint = try CommandInputs.blueprint(input.blueprint, language: language)
        if let versions { blueprint.versions = versions }
        let used = try CommandInputs.usedIDs(input.excludeUsed, bank: loaded.bank.questions, language: language)
        let blueprintHash = PaperHashes.blueprint(blueprint)
        let seed = seed ?? PaperHashes.defaultSeed(for: blueprintHash)
        let solver = PaperSolver(
            questions: loaded.bank.questions, blueprint: blueprint, seed: seed, excludedUsed: used,
            duplicateGroups: BankChecks.duplicateGroups(loaded.bank.questions))
        let selected: Paper
        switch solver.generate(bankHash: PaperHashes.bank(loaded.bank.questions), blueprintHash: blueprintHash, kaoxueVersion: KaoxueVersion.current) {
        case .success(let generated): selected = generated
        case .failure(let failure):
            CommandInputs.report(failure.problems, language: language)
            throw ExitStatus.inputErrors.exitCode
        }
        let formats = Set(format.split(separator: ",").compactMap { PaperOutput.Format(rawValue: $0.trimmingWhitespace()) })
        let directory = URL(fileURLWithPath: out ?? defaultFolder(seed: seed))
        let (paper, questions) = try Self.inScript(script ?? blueprint.script ?? .simplified, paper: selected, bank: loaded.bank.questions, language: language)
        do {
            let folders = try PaperOutput.files(paper, questions: questions, formats: formats, csv: csv.encoding.bytes)
            let handout = directory.appendingPathComponent(PaperOutput.handoutFolder).path
            let organizer = directory.appendingPathComponent(PaperOutput.organizerFolder).path
            // Both folders are checked before either is written; the keys go first, so a crash between the two
            // never leaves papers without their key.
            try Outputs.check(folders.organizer.map(\.0), in: organizer, set: "paper generate", force: outputs.force, language: language)
            try Outputs.check(folders.handout.map(\.0), in: handout, set: "paper generate", force: outputs.force, language: language)
            try Outputs.write(folders.organizer.map { OutputFile.data($0.0, $0.1) }, into: organizer, set: "paper generate", force: outputs.force, language: language)
            try Outputs.write(folders.handout.map { OutputFile.data($0.0, $0.1) }, into: handout, set: "paper generate", force: outputs.force, language: language)
            let files = folders.handout.map { PaperOutput.handoutFolder + "/" + $0.0 } + folders.organizer.map { PaperOutput.organizerFolder + "/" + $0.0 }
            if json {
                let summary: [String: Any] = [
                    "folder": directory.path, "seed": seed, "versions": paper.versions.map(\.name),
                    "questions": blueprint.questionCount, "totalScore": paper.totalScore, "files": files,
                    "bankHash": paper.manifest.bankHash, "blueprintHash": paper.manifest.blueprintHash,
                ]
                let data = try JSONSerialization.data(withJSONObject: summary, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
                Console.out(String(decoding: data, as: UTF8.self))
            } else {
                Console.out(
                    language.pick(
                        "已生成 \(paper.versions.count) 个版本（\(paper.versions.map(\.name).joined(separator: "、"))），每卷 \(blueprint.questionCount) 题、满分 \(formatPoints(paper.totalScore))，种子 \(seed)：\(directory.path)",
                        "generated \(paper.versions.count) version(s) (\(paper.versions.map(\.name).joined(separator: ", "))), \(blueprint.questionCount) questions, \(formatPoints(paper.totalScore)) points each, seed \(seed): \(directory.path)"))
                Console.out(language.pick("  发给考生：\(PaperOutput.handoutFolder)/（试卷、paper.json、答题卡模板）", "  to hand out: \(PaperOutput.handoutFolder)/ (papers, paper.json, sheet template)"))
                for (name, _) in folders.handout { Console.out("    " + name) }
                Console.out(language.pick("  组卷人留存：\(PaperOutput.organizerFolder)/（答案、key.csv、双向细目表）", "  for the organizer only: \(PaperOutput.organizerFolder)/ (keys, key.csv, the two-way specification)"))
                for (name, _) in folders.organizer { Console.out("    " + name) }
            }
        } catch let failure as PaperOutput.Failure {
            Console.fail(language.pick("无法写入“\(failure.path)”：\(failure.reason)", "cannot write \(failure.path): \(failure.reason)"), language: language)
            throw ExitStatus.usageOrIO.exitCode
        }
    }

    /// The paper and its questions with every printed text in `script` (a bank mixes Traditional and Simplified
    /// files); ids stay those of the bank. Only the chosen questions are converted.
    static func inScript(
        _ script: ChineseScript, paper: Paper, bank: [Question], language: DisplayLanguage
    ) throws -> (paper: Paper, questions: [String: Question]) {
        let chosenIDs = Set(paper.versions.flatMap { $0.items.map(\.id) })
        let chosen = bank.filter { chosenIDs.contains($0.id) }
        let converted: [Question]
        do {
            converted = try BankConverter.convert(chosen, to: script)
        } catch {
            Console.fail(language.pick("无法转换繁简：\(error)", "cannot convert the script: \(error)"), language: language)
            throw ExitStatus.usageOrIO.exitCode
        }
        let questions = Dictionary(converted.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var printed = paper
        for v in printed.versions.indices {
            for i in printed.versions[v].items.indices {
                let item = printed.versions[v].items[i]
                guard let question = questions[item.id] else { continue }
                printed.versions[v].items[i].stem = question.stem
                let options = question.content.options
                if let order = item.optionOrder, order.allSatisfy(options.indices.contains) {
                    printed.versions[v].items[i].options = order.map { options[$0] }
                }
            }
        }
        return (printed, questions)
    }

    func defaultFolder(seed: UInt64) -> String {
        let stem = URL(fileURLWithPath: input.blueprint).deletingPathExtension().lastPathComponent
        return "Reports/papers/\(stem)-\(seed)"
    }
}
