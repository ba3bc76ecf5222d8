import ArgumentParser
import BankFormats
import FileIO
import Foundation
import PaperAssembly
import PaperRendering
import QuizModel
import Scoring
import Spreadsheets
import StudyLedger
import StudyRecords
import TerminalIO

/// `kaoxue score`: answer sheets → scores, ranks, unit roll-ups, item analysis and a report.
struct ScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "阅卷：批量评分、排名、单位汇总与试题分析 (score answer sheets, with item analysis).",
        discussion: """
            答题卡 CSV 表头：id,name,unit,version,1,2,…,N（也可用 考号,姓名,单位,版本）；UTF-8 或 GB18030。
            输出（默认 Reports/scores/<试卷文件夹名>/）：scores.csv units.csv items.csv errors.csv summary.json report.md report.html，
            不超过 10 万人时另有 scores.xlsx items.xlsx（CSV 为带 BOM 的 UTF-8，Excel 直接打开；--encoding gb18030 另选）；
            这些文件要么全部写成，要么不写；输出文件夹中其他文件（试卷、答题卡等）不动。有问题的单元格记 0 分并列入 errors.csv（退出码 1）；--strict 时一有问题就不写任何文件。
            Exit codes: 0 scored cleanly, 1 problems found (listed; with --strict nothing written), 2 usage or I/O.
            """
    )

    @Option(help: ArgumentHelp("kaoxue paper generate 写出的试卷文件夹，或直接给 key.csv (paper folder or key.csv).", valueName: "PATH"))
    var paper: String

    @Option(help: ArgumentHelp("答题卡 CSV 或 Excel (.xlsx)；默认为试卷文件夹中的 sheets.csv (answer sheets, CSV or .xlsx).", valueName: "FILE"))
    var sheets: String?

    @Option(help: ArgumentHelp("输出文件夹 (output folder).", valueName: "DIR"))
    var out: String?

    @Flag(help: "在标准输出打印 JSON 摘要 (print the summary as JSON).")
    var json = false

    @Option(help: "合格线：满分的百分比 (pass mark, percent).")
    var pass: Double = 60

    @Option(help: "优秀线：满分的百分比 (excellent, percent).")
    var excellent: Double = 90

    @Option(help: "良好线：满分的百分比 (good, percent).")
    var good: Double = 80

    @Option(name: .customLong("multi-rule"), help: ArgumentHelp("多选题评分规则，覆盖试卷中的规则 (override the multiple-choice rule).", valueName: "all|half|per-option:V|net"))
    var multiRule: String?

    @Option(help: ArgumentHelp("人工评分 CSV：id,number,score，覆盖自动评分（简答题等）(hand marks).", valueName: "FILE"))
    var marks: String?

    @Flag(help: "有任何问题就停止，不写文件 (stop on any problem, write nothing).")
    var strict = false

    @Flag(help: "把合格者的考试学时记入学时台账（按规则，每人每份试卷一次）(credit passing candidates in the ledger).")
    var record = false

    @Option(help: ArgumentHelp("考试日期，用于 --record，默认今天 (exam date for --record).", valueName: "YYYY-MM-DD"))
    var date: String?

    @Option(
        help: ArgumentHelp(
            "考生名单 CSV：考号,人员编号[,姓名]，用于 --record；不给时考号即人员编号 (roster mapping 考号 to 人员编号 for --record).",
            valueName: "FILE"))
    var roster: String?

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var outputs: OutputOptions
    @OptionGroup var csv: CSVOptions
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if let multiRule, MultipleChoiceRule(text: multiRule) == nil { throw ValidationError("--multi-rule: all, half, per-option:VALUE, net") }
        if !(0...100).contains(pass) || !(0...100).contains(good) || !(0...100).contains(excellent) || !(pass <= good && good <= excellent) {
            throw ValidationError("--pass ≤ --good ≤ --excellent, each 0–100")
        }
        if let date, CalendarDate(parsing: date) == nil { throw ValidationError("--date: a date such as 2026-05-08") }
        if date != nil, !record { throw ValidationError("--date is the exam date for --record") }
        if roster != nil, !record { throw ValidationError("--roster maps 考号 to 人员编号 for --record") }
    }

    func run() throws {
        let language = global.lang
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: paper, isDirectory: &isFolder) else {
            Console.fail(language.pick("找不到“\(paper)”", "\(paper) does not exist"), language: language)
            throw ExitStatus.usageOrIO.exitCode
        }
        let folder = isFolder.boolValue ? paper : FilePaths.parent(of: paper)
        let keyPath = isFolder.boolValue ? PaperFiles.key(near: paper) ?? (paper as NSString).appendingPathComponent("key.csv") : paper
        let key = try CommandInputs.answerKey(keyPath, language: language)
        let paperPath = PaperFiles.paper(near: folder)
        let paperFile = try paperPath.map { try CommandInputs.paper($0, language: language) }
        let loadedPaper = paperFile?.paper
        let scoringKey = ScoringKey(key: key, paper: loadedPaper, multipleRule: multiRule.flatMap(MultipleChoiceRule.init(text:)))
        // The roster is read before anything is scored or written: a bad one ends the command with nothing changed.
        let rosterPeople = try roster.map { file in
            let rows = try LedgerInputs.rows(LedgerTables.roster(try LedgerInputs.table(file, language: language).table), file: file, language: language)
            return Dictionary(rows, uniquingKeysWith: { first, _ in first })
        }
        // The exam date is held to the rules' dates window before anything is scored (a store not made yet holds
        // the preset rules: it is not created just to check).
        if record {
            let examDate = date.flatMap { CalendarDate(parsing: $0) } ?? CalendarDate.today
            let rules = FileManager.default.fileExists(atPath: storeOptions.path)
                ? try LedgerInputs.rules(try storeOptions.openExisting(language: language), language: language).rules : LedgerRules.preset
            try LedgerInputs.requireDate(examDate, option: "--date", rules: rules, language: language)
        }
        // A rule that cannot give an item its points caps the paper below its maximum: said, not hidden.
        let cappedItems = scoringKey.cappedItems()
        if cappedItems.count > 10 {
            Console.err(language.pick("警告：\(cappedItems.count) 道题的评分规则给不到满分，前 10 道：", "warning: \(cappedItems.count) items cannot reach their points under their rule; the first 10:"))
        }
        for capped in cappedItems.prefix(10) {
            Console.err(language.pick(
                "警告：\(capped.version) 卷第 \(capped.number) 题按“\(capped.rule.chineseDescription)”最多得 \(formatPoints(capped.best)) 分，低于满分 \(formatPoints(capped.points)) 分",
                "warning: version \(capped.version) item \(capped.number) scores at most \(formatPoints(capped.best)) of its \(formatPoints(capped.points)) points under \(capped.rule.text)"))
        }
        var options = ScoringOptions()
        options.passPercent = pass
        options.goodPercent = good
        options.excellentPercent = excellent
        let handMarks = try marks.map { try readMarks($0, language: language) }
        if let handMarks { options.marks = handMarks.byCandidate }
        let sheetsPath = sheets ?? (folder as NSString).appendingPathComponent("sheets.csv")
        let sheetBytes = try readSheets(sheetsPath, language: language)
        let scorer = BatchScorer(key: scoringKey, options: options)
        let outcome: BatchScorer.Outcome
        do {
            let bar = ProgressBar(total: sheetBytes.count, label: language.pick("评分", "scoring"), minimum: 32 << 20)
            defer { bar.finish() }
            outcome = try scorer.score(sheetBytes) { bar.advance($0) }
        } catch {
            Console.err(error.problem.rendered(file: sheetsPath, language: language))
            throw ExitStatus.inputErrors.exitCode
        }
        for problem in outcome.problems.prefix(20) { Console.err(problem.problem.rendered(file: sheetsPath, language: language)) }
        if outcome.problems.count > 20 {
            Console.err(language.pick("……另有 \(outcome.problems.count - 20) 个问题，见 errors.csv", "… and \(outcome.problems.count - 20) more, see errors.csv"))
        }
        // Hand marks that fit no counted sheet, item or maximum are said, never dropped or clamped in silence.
        let markProblems = handMarks.map { $0.problems(in: outcome) } ?? []
        for problem in markProblems { Console.err(problem.rendered(file: marks ?? "", language: language)) }
        if strict, !outcome.problems.isEmpty || !markProblems.isEmpty {
            let count = outcome.problems.count + markProblems.count
            Console.fail(language.pick("答题卡和人工评分有 \(count) 个问题（--strict：未写任何文件）", "\(count) problem(s) in the sheets and hand marks (--strict: nothing written)"), language: language)
            throw ExitStatus.inputErrors.exitCode
        }
        // The paper is known by paper.json's hash (as `kaoxue exam` knows it), else by key.csv's.
        let paperSHA = try paperFile?.sha256 ?? PaperHashes.file(CommandInputs.readFile(keyPath, language: language))
        let report = ScoreReport(key: scoringKey, options: options, outcome: outcome, keySHA256: paperSHA)
        let title = loadedPaper?.title ?? (folder as NSString).lastPathComponent
        let encoding = csv.encoding
        var files: [OutputFile] = [
            encoding.streamed("scores.csv") { try report.writeScoresCSV(to: $0, prefix: $1) }, encoding.file("units.csv", report.unitsCSV()),
            encoding.file("items.csv", report.itemsCSV()), encoding.file("errors.csv", report.errorsCSV(language: language)), .data("summary.json", report.summaryJSON()),
            .data("report.md", Data(report.markdown(title: title, language: language).utf8)),
            .data("report.html", Data(report.html(title: title, language: language).utf8)),
        ]
        if outcome.candidates.count <= ScoreReport.workbookCandidateLimit {
            // scores.xlsx is made from scores.csv as staged just before it, so that both hold the same rows.
            files.append(.streamed("scores.xlsx") { path in
                let csvPath = (FilePaths.parent(of: path) as NSString).appendingPathComponent("scores.csv")
                try OutputFolder.writeWhole(try report.scoresWorkbook(scoresCSV: try FileBytes.read(csvPath)), to: path)
            })
            files.append(.streamed("items.xlsx") { path in try OutputFolder.writeWhole(try report.itemsWorkbook(), to: path) })
        }
        let destination = out ?? "Reports/scores/" + (URL(fileURLWithPath: folder).standardizedFileURL.lastPathComponent)
        try Outputs.write(files, into: destination, set: "score", force: outputs.force, language: language)
        let summary = report.summary
        let recorded = try record ? recordCredits(outcome, key: scoringKey, title: title, paperSHA256: paperSHA, people: rosterPeople, language: language) : nil
        let credits = recorded?.outcome
        if json {
            Console.out(String(decoding: report.summaryJSON(), as: UTF8.self))
        } else {
            Console.out(language.pick(
                "已评分 \(summary.candidates) 人：平均 \(ScoreReport.number(summary.mean, missing: "—"))，中位数 \(ScoreReport.number(summary.median, missing: "—"))，标准差 \(ScoreReport.number(summary.sd, missing: "—"))，α = \(ScoreReport.number(summary.alpha, digits: 3, missing: "—"))，合格率 \(ScoreReport.number(summary.passRate * 100, digits: 1, missing: "—"))%",
                "Scored \(summary.candidates): mean \(ScoreReport.number(summary.mean, missing: "—")), median \(ScoreReport.number(summary.median, missing: "—")), SD \(ScoreReport.number(summary.sd, missing: "—")), α = \(ScoreReport.number(summary.alpha, digits: 3, missing: "—")), pass rate \(ScoreReport.number(summary.passRate * 100, digits: 1, missing: "—"))%"))
            let flagged = report.items.filter { !$0.flags.isEmpty }.count
            if flagged > 0 { Console.out(language.pick("需修改的试题：\(flagged) 道（见 items.csv）", "Questions to revise: \(flagged) (see items.csv)")) }
            Console.out(language.pick("结果在 \(destination)/", "Written to \(destination)/"))
            if let credits {
                Console.out(
                    language.pick(
                        "学时台账：\(credits.credited) 人计入 \(ledgerNumber(credits.hours)) 学时，\(credits.alreadyCredited) 人此前已计入，\(credits.notPassed) 人未通过，\(credits.unregistered.count) 人不在名册中",
                        "Ledger: \(credits.credited) credited \(ledgerNumber(credits.hours)) 学时, \(credits.alreadyCredited) already credited, \(credits.notPassed) not passed, \(credits.unregistered.count) not in the register"))
            }
        }
        if let recorded {
            // Who was not credited for want of a name, so that the clerk can add them and run --record again.
            func listed(_ ids: [String]) -> String { ids.prefix(10).joined(separator: "、") + (ids.count > 10 ? " …" : "") }
            if !recorded.notInRoster.isEmpty {
                Console.err(language.pick(
                    "考生名单中没有的考号（\(recorded.notInRoster.count) 个，未计学时）：\(listed(recorded.notInRoster))",
                    "考号 not in the roster (\(recorded.notInRoster.count), not credited): \(listed(recorded.notInRoster))"))
            }
            if !recorded.outcome.unregistered.isEmpty {
                Console.err(language.pick(
                    "名册中没有的人员（\(recorded.outcome.unregistered.count) 人，未计学时）：\(listed(recorded.outcome.unregistered))",
                    "people not in the register (\(recorded.outcome.unregistered.count), not credited): \(listed(recorded.outcome.unregistered))"))
            }
        }
        if !markProblems.isEmpty {
            Console.err(language.pick(
                "人工评分有 \(markProblems.count) 行未能对应（超过满分的按满分计，其余未采用）",
                "\(markProblems.count) hand-mark row(s) did not fit (marks above the maximum count as the maximum, the others were not used)"))
        }
        if !outcome.problems.isEmpty || !markProblems.isEmpty { throw ExitStatus.inputErrors.exitCode }
    }

    /// `--record`: every passing candidate credited in the ledger, in one transaction, after the reports are written.
    func recordCredits(
        _ outcome: BatchScorer.Outcome, key: ScoringKey, title: String, paperSHA256: String, people: [String: String]?, language: DisplayLanguage
    ) throws -> (outcome: ExamCreditOutcome, notInRoster: [String]) {
        let store = try storeOptions.open(language: language)
        var results = zip(outcome.ids(), outcome.candidates.totals.indices).map { id, index in (candidate: id, percent: outcome.percent(index)) }
        var notInRoster: [String] = []
        if let people {
            // A 考号 the roster does not have is credited to nobody (it might be someone else's 人员编号).
            notInRoster = results.map(\.candidate).filter { people[$0] == nil }
            results = results.compactMap { result in people[result.candidate].map { (candidate: $0, percent: result.percent) } }
        }
        let source = ImportSource(file: "kaoxue score \(paper)", sha256: paperSHA256, time: LedgerInputs.now())
        let credited = try LedgerInputs.storeCall(language) { () throws(StoreError) in
            try store.recordExamCredits(
                results, paperTitle: title, paperSHA256: paperSHA256, date: date.flatMap { CalendarDate(parsing: $0) } ?? CalendarDate.today, source: source)
        }
        return (credited, notInRoster)
    }

    /// The sheets as UTF-8 bytes: the file mapped when it is UTF-8, converted when it is GB18030 or a workbook.
    func readSheets(_ path: String, language: DisplayLanguage) throws -> SheetBytes {
        let file: SheetBytes
        do {
            file = try SheetBytes(mapping: path)
        } catch {
            Console.fail(language.pick("无法读取“\(path)”：\(error.words(language))", "cannot read \(path): \(error.words(language))"), language: language)
            throw ExitStatus.usageOrIO.exitCode
        }
        if XLSXReader.looksLikeWorkbook(Data(file.prefix(4))) {
            return SheetBytes(try sheetsFromWorkbook(Data(UnsafeBufferPointer(start: file.base, count: file.count)), path: path, language: language))
        }
        // Valid UTF-8 at the start (64 KiB, cut at a line break) means UTF-8; otherwise decode the whole file.
        // Lines ended by CR alone (old Mac Excel's "CSV (Macintosh)") are read as lines too, in memory.
        let head = file.prefix(1 << 16)
        let crOnly = !head.contains(0x0A) && head.contains(0x0D)
        let cut = head.count < file.count ? (head.lastIndex(of: crOnly ? 0x0D : 0x0A).map { $0 + 1 } ?? head.endIndex) : head.endIndex
        if !crOnly, TextDecoder.firstInvalidUTF8(Array(head[..<cut])) == nil { return file }
        var utf8 = try CommandInputs.decodeUTF8(Array(UnsafeBufferPointer(start: file.base, count: file.count)), path: path, language: language)
        if crOnly {
            for index in utf8.indices where utf8[index] == 0x0D { utf8[index] = 0x0A }
        }
        return SheetBytes(utf8)
    }

    /// An .xlsx workbook's first sheet as CSV bytes for the scanner, one line per sheet row (empty rows kept as empty
    /// lines), so that problems carry the sheet's row and column.
    func sheetsFromWorkbook(_ data: Data, path: String, language: DisplayLanguage) throws -> Data {
        // Streamed: each row becomes a CSV line as the sheet inflates, with no table of every cell in between.
        var csv: [UInt8] = []
        csv.reserveCapacity(data.count * 2)
        var line = 1
        var width = -1
        do {
            try XLSXReader.forEachRow(data) { number, cells in
                while line < number {
                    csv.append(0x0A)
                    line += 1
                }
                // One comma after each column before a cell's; rows as wide as the header at least (a sheet leaves
                // out trailing empty cells, which a CSV file writes).
                if width < 0 { width = (cells.last?.column ?? -1) + 1 }
                var commas = 0
                for cell in cells {
                    while commas < cell.column {
                        csv.append(0x2C)
                        commas += 1
                    }
                    // Line breaks inside a cell would shift the rows below: answers never need them. Quoted as CSV
                    // needs, never given the apostrophe of a CSV meant for a spreadsheet: the scanner reads the cell.
                    var text = cell.text
                    if text.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D }) {
                        text = text.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
                    }
                    csv.append(contentsOf: csvQuoted(text).utf8)
                }
                while commas < width - 1 {
                    csv.append(0x2C)
                    commas += 1
                }
                csv.append(0x0A)
                line += 1
            }
        } catch {
            Console.err("\(path): " + language.pick("错误: 无法读取 Excel 工作簿：", "error: not a readable Excel workbook: ") + error.reason)
            throw ExitStatus.inputErrors.exitCode
        }
        return Data(csv)
    }

    /// `--marks`: `id,number,score` rows, every problem located.
    func readMarks(_ path: String, language: DisplayLanguage) throws -> HandMarks {
        switch HandMarks.parse(try CommandInputs.readText(path, language: language)) {
        case .success(let marks):
            return marks
        case .failure(let failure):
            for problem in failure.problems { Console.err(problem.rendered(file: path, language: language)) }
            throw ExitStatus.inputErrors.exitCode
        }
    }
}
