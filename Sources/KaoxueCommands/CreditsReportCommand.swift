import ArgumentParser
import BankFormats
import FileIO
import Foundation
import QuizModel
import Spreadsheets
import StudyLedger
import StudyRecords
import TerminalIO

/// `kaoxue credits report [--year Y] [--unit U] [--person P] [--format table|csv|md|html] [--json] [-o FILE]`.
struct CreditsReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "学时达标报告：个人分类学时、要求与差额，单位达标率，未达标名单 (credit report).",
        discussion: """
            每个数字都注明产生它的规则。县处级及以上按 5 年滚动窗口统计。--person 列出此人每条学习记录及其计算依据。
            Every number names the rule behind it. The senior tier is judged over a rolling five years. --person lists
            the person's activities with how each was credited. Exit 0 even when people are behind.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, csv, md, html, xlsx
    }

    @Option(help: ArgumentHelp("年度，默认今年 (year; default this year).", valueName: "YEAR"))
    var year: Int?

    @Option(help: ArgumentHelp("只含此单位及其下级单位 (only this unit and the units below it).", valueName: "UNIT"))
    var unit: String?

    @Option(help: ArgumentHelp("只含此人，并列出其学习记录 (one person, with their activities).", valueName: "PERSON"))
    var person: String?

    @Option(help: ArgumentHelp("输出格式 (output format).", valueName: "table|csv|md|html|xlsx"))
    var format: Format = .table

    @Flag(help: "输出 JSON (print JSON).")
    var json = false

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("写入文件而非标准输出 (write to a file).", valueName: "FILE"))
    var output: String?

    @Option(name: .customLong("as-of"), help: ArgumentHelp("报告截至此日：只计此前的学习记录，并以此日判断补训期；默认年底或今天 (count activities up to this day and judge make-up periods on it).", valueName: "DATE"))
    var asOf: String?

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var outputs: OutputOptions
    @OptionGroup var csv: CSVOptions
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if let asOf, CalendarDate(parsing: asOf) == nil { throw ValidationError("--as-of: a date such as 2026-12-31") }
        if let year, !(1...9999).contains(year) { throw ValidationError("--year: a year such as 2026") }
        if format == .xlsx, output == nil, !json { throw ValidationError("--format xlsx writes a workbook: give -o FILE.xlsx") }
    }

    func run() throws {
        let language = global.lang
        let today = CalendarDate.today
        let reportYear = year ?? today.year
        let asOfDate = asOf.flatMap { CalendarDate(parsing: $0) } ?? (reportYear == today.year ? today : CalendarDate(year: reportYear, month: 12, day: 31)!)
        let store = try storeOptions.openExisting(language: language)
        let installed = try LedgerInputs.rules(store, language: language)
        let rules = installed.rules
        let widest = rules.requirements.map(\.years).max() ?? 1
        let years = (reportYear - widest + 1)...reportYear
        // The register and the year's totals are read at once, on two connections of the store's pool.
        let kinds = rules.kinds.map(\.name)
        let (totalsRead, register) = try inParallel({ Result { () throws(StoreError) in try store.creditTotals(years: years, kinds: kinds, through: asOfDate) } }) {
            try LedgerInputs.storeCall(language) { () throws(StoreError) in try store.people() }
        }
        let totals = try LedgerInputs.storeCall(language) { () throws(StoreError) in try totalsRead.get() }
        // `--unit` selects by the unit each person was in on the report's day.
        var people = try LedgerInputs.people(register.map { $0.asOf(asOfDate) }, inUnit: unit, language: language)
        if let person {
            people = people.filter { $0.id == person }
            if people.isEmpty {
                let meant = closestName(to: person, in: register.map(\.id)) ?? register.first { $0.name == person }?.id
                Console.fail(
                    language.pick("名册中没有人员“\(person)”", "no person \(person) in the register")
                        + (meant.map { language.pick("（是否为 \($0)？）", " (did you mean \($0)?)") } ?? ""),
                    language: language)
                throw ExitStatus.inputErrors.exitCode
            }
        }
        let report = CreditReport(year: reportYear, asOf: asOfDate, people: people, totals: totals, rules: rules)
        let activities = try person.map { id in
            try LedgerInputs.storeCall(language) { () throws(StoreError) in
                try store.activities(person: id, years: (reportYear - (report.people.first?.windowYears ?? 1) + 1)...reportYear, through: asOfDate)
            }
        }
        var text: String
        if json {
            let details = activities?.map { ActivityCreditJSON(($0.activity, $0.credited, $0.file), rules: rules, language: language) }
            text = String(decoding: LedgerDocuments.json(report, rulesSHA256: installed.sha256, activities: details, language: language), as: UTF8.self) + "\n"
        } else {
            switch format {
            case .csv: text = LedgerDocuments.csv(report, language: language)
            case .md: text = LedgerDocuments.markdown(report, language: language)
            case .html: text = LedgerDocuments.html(report, language: language)
            case .table: text = Self.terminalText(report, activities: activities, rules: rules, language: language)
            case .xlsx:
                try Self.writeWorkbook(report, to: output!, force: outputs.force, language: language)
                return
            }
        }
        try LedgerInputs.emit(text, to: output, csv: !json && format == .csv ? csv.encoding : nil, force: outputs.force, language: language)
    }

    /// The report as a workbook: people, units, and the people behind, one sheet each.
    static func writeWorkbook(_ report: CreditReport, to path: String, force: Bool, language: DisplayLanguage) throws {
        let people = LedgerDocuments.peopleData(report, language: language)
        let units = LedgerDocuments.unitsData(report, language: language)
        let behind = report.behind.map { [$0.id, $0.name, $0.unit, ledgerNumber($0.shortfall), $0.onlineShortfall > 0 ? ledgerNumber($0.onlineShortfall) : ""] }
        let kinds = LedgerDocuments.shownKinds(report).count
        let peopleFormats: [XLSXWriter.ColumnFormat] = [.text, .text, .text, .text] + Array(repeating: .general, count: kinds) + [.text] + Array(repeating: .general, count: 9) + [.text]
        let sheets = [
            XLSXWriter.Sheet(name: language.pick("个人", "People"), rows: [people.header] + people.rows, formats: peopleFormats),
            XLSXWriter.Sheet(
                name: language.pick("单位达标率", "Units"), rows: [units.header] + units.rows,
                formats: [.text, .general, .general, .general, .general, .percent(1), .general]),
            XLSXWriter.Sheet(
                name: language.pick("未达标名单", "Behind"),
                rows: [[language.pick("编号", "id"), language.pick("姓名", "name"), language.pick("单位", "unit"), language.pick("差额学时", "shortfall"), language.pick("网络差额学时", "online shortfall")]] + behind,
                formats: [.text, .text, .text]),
            XLSXWriter.Sheet(
                name: language.pick("未登记层级", "No tier"),
                rows: [[language.pick("编号", "id"), language.pick("姓名", "name"), language.pick("单位", "unit")]] + report.untiered.map { [$0.id, $0.name, $0.unit] },
                formats: [.text, .text, .text]),
        ]
        let workbook: Data
        do {
            workbook = try XLSXWriter.workbook(sheets)
        } catch {
            Console.fail(language.pick("无法生成工作簿：\(error)", "cannot make the workbook: \(error)"), language: language)
            throw ExitStatus.usageOrIO.exitCode
        }
        try Outputs.writeFile(path, workbook, force: force, language: language)
    }

    static func terminalText(_ report: CreditReport, activities: [StoredActivity]?, rules: LedgerRules, language: DisplayLanguage) -> String {
        var lines = [LedgerDocuments.title(report, language: language), LedgerDocuments.subtitle(report, language: language), ""]
        if let activities {
            let rows = activities.map { stored -> [String] in
                let credit = rules.credit(for: stored.activity)
                return [stored.activity.date.description, stored.activity.kind, stored.activity.title, ledgerNumber(stored.credited),
                        language.pick(credit.rule.chinese, credit.rule.english)]
            }
            lines += aligned([language.pick("日期", "date"), language.pick("形式", "kind"), language.pick("名称", "title"), language.pick("学时", "hours"), language.pick("依据", "basis")], rows)
            lines.append("")
        }
        let people = LedgerDocuments.peopleTable(report, language: language)
        lines += aligned(people.header, people.rows)
        if report.people.contains(where: { $0.kinds.contains { $0.cap != nil } }) {
            lines.append(language.pick("* 超过该形式每年上限的部分未计入。", "* hours cut by the kind's yearly cap."))
        }
        if activities == nil {
            let units = LedgerDocuments.unitsTable(report, language: language)
            lines += ["", language.pick("单位达标率", "Completion by unit")] + aligned(units.header, units.rows)
            lines += ["", language.pick("未达标名单（\(report.behind.count) 人）", "Behind (\(report.behind.count))")]
            lines += report.behind.map { "  \($0.id) \($0.name) \($0.unit) " + language.pick("差 ", "short ") + LedgerDocuments.shortfallText($0, language) }
            if !report.untiered.isEmpty {
                lines += ["", LedgerDocuments.untieredHeading(report, language)]
                lines += report.untiered.map { "  \($0.id) \($0.name) \($0.unit)" }
            }
        }
        lines += ["", language.pick("所用规则", "Rules applied")] + LedgerDocuments.rulesUsed(report, language: language).map { "  " + $0 }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Columns padded to their display width (Chinese characters count two).
    static func aligned(_ header: [String], _ rows: [[String]]) -> [String] {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { DisplayWidth.width(of: $0[column]) }.max() ?? 0 }
        return all.map { cells in
            cells.enumerated().map { column, cell in
                column == cells.count - 1 ? cell : cell + String(repeating: " ", count: widths[column] - DisplayWidth.width(of: cell))
            }.joined(separator: "  ")
        }
    }
}
