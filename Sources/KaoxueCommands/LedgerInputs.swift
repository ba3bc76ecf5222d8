import ArgumentParser
import BankFormats
import FileIO
import Foundation
import PaperAssembly
import QuizModel
import Spreadsheets
import StudyLedger
import StudyRecords
import TerminalIO

/// Reading the ledger's table files and reporting imports, shared by the `credits` and `points` commands.
enum LedgerInputs {
    /// A table file (CSV in UTF-8 or GB18030, or the first sheet of an .xlsx workbook) and the SHA-256 of its bytes.
    /// A file that cannot be read ends the command with exit 2; one that is not text, CSV or a workbook with exit 1.
    static func table(_ path: String, language: DisplayLanguage) throws -> (table: CSVTable, sha256: String) {
        let file = try TableFile(path, language: language)
        var rows: [[CSVTable.Field]] = []
        if let failure = file.forEachRow({ rows.append($0) }) { try failure.end(file: path, language: language) }
        return (CSVTable(rows: rows), file.sha256)
    }

    /// A table file opened to be read a row at a time: its text as UTF-8 (decoded from GB18030 when it is that) or
    /// its workbook, and the SHA-256 of the bytes as they are on disk.
    struct TableFile {
        enum Content {
            case text(utf8: [UInt8])
            case workbook(Data)
        }

        /// Why the rows stopped: the CSV's syntax (located) or a workbook that does not read.
        enum Failure: Error {
            case syntax(TableProblem)
            case workbook(String)

            /// Reports the failure and ends the command (exit 1).
            func end(file: String, language: DisplayLanguage) throws -> Never {
                switch self {
                case .syntax(let problem): LedgerInputs.report([problem], file: file, language: language)
                case .workbook(let reason):
                    Console.err("\(file): " + language.pick("错误: 无法读取 Excel 工作簿：", "error: not a readable Excel workbook: ") + reason)
                }
                throw ExitStatus.inputErrors.exitCode
            }
        }

        var content: Content
        var sha256: String

        /// Reads `path`: unreadable is exit 2, not text and not a workbook exit 1.
        init(_ path: String, language: DisplayLanguage) throws {
            let bytes = try CommandInputs.readFile(path, language: language)
            sha256 = PaperHashes.file(bytes)
            if XLSXReader.looksLikeWorkbook(bytes) {
                content = .workbook(Data(bytes))
                return
            }
            content = .text(utf8: try CommandInputs.decodeUTF8(bytes, path: path, language: language))
        }

        /// A progress bar for reading a large CSV file (rows counted by their bytes); nil for a workbook, whose rows
        /// cannot be weighed against its compressed size.
        func progressBar(label: String) -> ProgressBar? {
            guard case .text(let utf8) = content else { return nil }
            return ProgressBar(total: utf8.count, label: label, minimum: 8 << 20)
        }

        /// About how many bytes of the file `fields` took (a comma or line break after each field).
        static func weight(_ fields: [CSVTable.Field]) -> Int {
            fields.reduce(0) { $0 + $1.text.utf8.count + 1 }
        }

        /// Hands `body` each non-empty row in order (the header first), holding one row at a time; the failure that
        /// stopped it, if any (the rows before it were handed over: the caller discards what it made of them).
        func forEachRow(_ body: ([CSVTable.Field]) -> Void) -> Failure? {
            switch content {
            case .text(let utf8):
                do {
                    try CSVTable.forEachRow(utf8: utf8, body)
                } catch {
                    return .syntax(error.tableProblem)
                }
            case .workbook(let data):
                do {
                    try XLSXReader.forEachTableRow(data, body)
                } catch {
                    return .workbook(error.reason)
                }
            }
            return nil
        }
    }

    /// The people of `unit` (and the units below it); a unit nobody belongs to ends the command (exit 1) with the
    /// units it may have meant — an empty report would read as “nobody is behind”.
    static func people(_ people: [PersonRecord], inUnit unit: String?, language: DisplayLanguage) throws -> [PersonRecord] {
        guard let unit else { return people }
        let members = people.filter { $0.belongs(to: unit) }
        guard members.isEmpty else { return members }
        let meant = PersonRecord.unitsMeant(by: unit, among: people)
        Console.fail(
            language.pick("名册中没有单位“\(unit)”", "no unit \(unit) in the register")
                + (meant.isEmpty ? "" : language.pick("（是否为 \(meant.joined(separator: "、"))？）", " (did you mean \(meant.joined(separator: ", "))?)")),
            language: language)
        throw ExitStatus.inputErrors.exitCode
    }

    /// Every problem as `file:row:column: error: …` on standard error, in file order.
    static func report(_ problems: [TableProblem], file: String, language: DisplayLanguage) {
        let colour = TerminalStyle.colourAllowed(on: .standardError)
        let sorted = problems.sorted(by: { ($0.row, $0.column) < ($1.row, $1.column) })
        for problem in sorted.prefix(problemsShown) {
            let word = TerminalStyle.paint(language.pick("错误", "error") + ":", .error, enabled: colour)
            Console.err("\(file):\(problem.row):\(problem.column): \(word) \(problem.message(in: language))")
        }
        if sorted.count > problemsShown {
            Console.err(
                language.pick(
                    "\(file)：另有 \(sorted.count - problemsShown) 处错误未列出（只列前 \(problemsShown) 处；大量同类错误多因整列格式不对）",
                    "\(file): \(sorted.count - problemsShown) more problems not listed (the first \(problemsShown) are; many alike usually mean a whole column is off)"))
        }
    }

    /// At most this many problems of one file are printed, first rows first: a file whose date column is off has
    /// one problem a row, and 100,000 lines help nobody.
    static let problemsShown = 200

    /// The records of a checked table, or every problem reported and the command ended (exit 1): nothing written.
    static func rows<Record>(_ checked: Result<[Record], TableProblems>, file: String, language: DisplayLanguage) throws -> [Record] {
        switch checked {
        case .success(let records): return records
        case .failure(let failure):
            report(failure.problems, file: file, language: language)
            Console.fail(
                language.pick("“\(file)”有 \(failure.problems.count) 处错误，未写入任何记录", "\(file): \(failure.problems.count) problems; nothing written"),
                language: language)
            throw ExitStatus.inputErrors.exitCode
        }
    }

    /// What every ledger import starts from: the table file and its SHA-256, the opened store and the rules in force.
    static func importInputs(_ file: String, store storeOptions: StoreOptions, language: DisplayLanguage) throws -> (
        table: CSVTable, sha256: String, store: StudyStore, rules: LedgerRules
    ) {
        let (table, sha) = try table(file, language: language)
        let store = try storeOptions.open(language: language)
        return (table, sha, store, try rules(store, language: language).rules)
    }

    /// The ids of the people in the register.
    static func knownPeople(_ store: StudyStore, language: DisplayLanguage) throws -> Set<String> {
        Set(try storeCall(language) { () throws(StoreError) in try store.people() }.map(\.id))
    }

    /// The rules in force in `store`; rules that no longer read end the command (exit 2).
    static func rules(_ store: StudyStore, language: DisplayLanguage) throws -> InstalledRules {
        do {
            return try store.rulesInForce()
        } catch {
            Console.fail(language.pick("无法读取学时规则：\(error)", "cannot read the ledger rules: \(error)"), language: language)
            throw ExitStatus.usageOrIO.exitCode
        }
    }

    /// Ends the command (exit 1) when `date`, given as `option`, lies outside the rules' `dates` window as of today:
    /// an exam or a points entry dated 2062 or 1926 is a typo, refused as an import's row would be.
    static func requireDate(_ date: CalendarDate, option: String, rules: LedgerRules, language: DisplayLanguage) throws {
        guard let outside = LedgerTables.outside(date, window: rules.dates.dates(importedOn: .today)) else { return }
        Console.fail("\(option): " + language.pick(outside.chinese, outside.english), language: language)
        throw ExitStatus.inputErrors.exitCode
    }

    /// Runs a store call; a store error ends the command (exit 2).
    static func storeCall<T>(_ language: DisplayLanguage, _ body: () throws(StoreError) -> T) throws -> T {
        do {
            return try body()
        } catch {
            Console.fail(language.pick("学习记录出错：\(error.words(language))", "the study store failed: \(error.words(language))"), language: language)
            throw ExitStatus.usageOrIO.exitCode
        }
    }

    /// Now, as an ISO 8601 time for import batches.
    static func now() -> String { ISO8601DateFormatter().string(from: Date()) }

    /// Prints what an import did (a summary line, each conflict located) and ends with exit 1 when it was refused.
    static func finish(_ outcome: ImportOutcome, file: String, policy: ConflictPolicy, dryRun: Bool, json: Bool, language: DisplayLanguage) throws {
        let refused = policy == .reject && !outcome.conflicts.isEmpty
        let colour = TerminalStyle.colourAllowed(on: .standardError)
        for conflict in outcome.conflicts {
            let word = TerminalStyle.paint(
                (refused ? language.pick("错误", "error") : language.pick("注意", "note")) + ":", refused ? .error : .note, enabled: colour)
            let changes = conflict.changes.map { "\($0.field) \($0.stored.isEmpty ? "∅" : $0.stored) → \($0.incoming.isEmpty ? "∅" : $0.incoming)" }
                .joined(separator: ", ")
            Console.err(
                "\(file):\(conflict.row):1: \(word) "
                    + language.pick(
                        "记录“\(conflict.key)”与已存的（\(conflict.storedSource)）不同：\(changes)",
                        "the record \(conflict.key) differs from the stored one (\(conflict.storedSource)): \(changes)"))
        }
        if json {
            let object: [String: Any] = [
                "file": file, "rows": outcome.rows, "added": outcome.added, "duplicates": outcome.duplicates, "replaced": outcome.replaced,
                "kept": outcome.kept, "conflicts": outcome.conflicts.count, "newPeople": outcome.newPeople, "dryRun": dryRun,
                "written": outcome.batch != nil,
            ]
            Console.out(jsonText(object))
        } else {
            let state =
                refused
                ? language.pick("有冲突，未写入任何记录（用 --on-conflict keep 或 replace 处理）", "conflicts: nothing written (see --on-conflict keep|replace)")
                : dryRun ? language.pick("试运行，未写入", "dry run: nothing written") : language.pick("已写入", "written")
            Console.out(
                language.pick(
                    "\(file)：\(outcome.rows) 行，新增 \(outcome.added)，重复 \(outcome.duplicates)，替换 \(outcome.replaced)，保留原记录 \(outcome.kept)，冲突 \(outcome.conflicts.count)，新登记人员 \(outcome.newPeople)；\(state)",
                    "\(file): \(outcome.rows) rows, \(outcome.added) added, \(outcome.duplicates) duplicates, \(outcome.replaced) replaced, \(outcome.kept) kept, \(outcome.conflicts.count) conflicts, \(outcome.newPeople) new people; \(state)"
                ))
        }
        if refused { throw ExitStatus.inputErrors.exitCode }
    }

    /// `text` on standard output (UTF-8), or written whole to `path` (a CSV in `csv`, for Excel) without ever
    /// overwriting a file kaoxue did not write unless `force`; a file that cannot be written ends the command.
    static func emit(_ text: String, to path: String?, csv: CSVEncoding?, force: Bool, language: DisplayLanguage) throws {
        guard let path else {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        try Outputs.writeFile(path, csv?.bytes(text) ?? Data(text.utf8), force: force, language: language)
    }

    static func jsonText(_ object: Any) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}

extension ConflictPolicy: ExpressibleByArgument {}

/// `--on-conflict` and `--dry-run`, shared by the imports.
struct ImportOptions: ParsableArguments {
    @Option(
        name: .customLong("on-conflict"),
        help: ArgumentHelp(
            "同一编号的记录内容不同时：reject 整个文件不写入（默认），keep 保留原记录，replace 以新记录替换 (what to do with changed records).",
            valueName: "reject|keep|replace"))
    var onConflict: ConflictPolicy = .reject

    @Flag(name: .customLong("dry-run"), help: "只检查并报告，不写入 (check and report; write nothing).")
    var dryRun = false

    @Flag(help: "输出 JSON 摘要 (print a JSON summary).")
    var json = false
}
