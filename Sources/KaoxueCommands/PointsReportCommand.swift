import ArgumentParser
import BankFormats
import FileIO
import Foundation
import QuizModel
import StudyLedger
import StudyRecords

/// `kaoxue points report --period 2026-05|2026-Q2|2026 [--unit U] [--format table|csv|md] [--json] [-o FILE]`.
struct PointsReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "积分报告：按月合计、按单位排名公示、年度累加，标注排名靠后者 (points report).",
        discussion: """
            --period 2026-05 为月，2026-Q2 为季度，2026 为年。每日上限按规则扣除；各单位排名（并列同名次），
            排名最后的 bottomShare 比例（含并列）标注“靠后”。
            A month, a quarter or a year. Daily caps apply; ranks per unit (ties share a rank); the unit's bottom share
            (ties included) is flagged.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, csv, md
    }

    @Option(help: ArgumentHelp("统计期 (period).", valueName: "2026-05|2026-Q2|2026"))
    var period: String

    @Option(help: ArgumentHelp("只含此单位及其下级单位 (only this unit and those below it).", valueName: "UNIT"))
    var unit: String?

    @Option(help: ArgumentHelp("输出格式 (output format).", valueName: "table|csv|md"))
    var format: Format = .table

    @Flag(help: "输出 JSON (print JSON).")
    var json = false

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("写入文件而非标准输出 (write to a file).", valueName: "FILE"))
    var output: String?

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var outputs: OutputOptions
    @OptionGroup var csv: CSVOptions
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if Period(parsing: period) == nil { throw ValidationError("--period: a month 2026-05, a quarter 2026-Q2 or a year 2026") }
    }

    func run() throws {
        let language = global.lang
        let period = Period(parsing: period)!
        let store = try storeOptions.openExisting(language: language)
        let rules = try LedgerInputs.rules(store, language: language).rules
        let register = try LedgerInputs.storeCall(language) { () throws(StoreError) in try store.people() }
        // `--unit` selects by the unit each person was in at the period's end.
        let people = try LedgerInputs.people(register.map { $0.asOf(period.lastDay) }, inUnit: unit, language: language)
        let entries = try LedgerInputs.storeCall(language) { () throws(StoreError) in try store.pointEntries(year: period.year) }
        let report = PointsReport(period: period, people: people, entries: entries, rules: rules)
        let months = Array(period.months)
        let text: String
        if json {
            let rows: [[String: Any]] = report.people.map { person in
                [
                    "id": person.id, "name": person.name, "unit": person.unit, "points": person.points, "rank": person.rank,
                    "unitSize": person.unitSize, "flagged": person.flagged,
                    "months": Dictionary(uniqueKeysWithValues: months.map { (Period.month(year: period.year, month: $0).description, person.months[$0] ?? 0) }),
                    "categories": person.categories,
                ]
            }
            text = LedgerInputs.jsonText([
                "period": period.description, "rules": rules.name, "bottomShare": report.bottomShare, "people": rows,
                "capped": report.capped.map { ["rule": $0.rule, "text": language.pick($0.chinese, $0.english)] },
            ]) + "\n"
        } else {
            // A spreadsheet gets the rank and the unit's size as two numbers; a table to read, `2/5`.
            let spreadsheet = format == .csv
            let header =
                [language.pick("单位", "unit"), language.pick("名次", "rank")] + (spreadsheet ? [language.pick("单位人数", "of")] : [])
                + [language.pick("编号", "id"), language.pick("姓名", "name")]
                + (months.count > 1 ? months.map { language.pick("\($0)月", Period.month(year: period.year, month: $0).description) } : [])
                + [language.pick("积分", "points"), language.pick("标注", "flag")]
            let rows = report.people.map { person in
                [person.unit] + (spreadsheet ? [String(person.rank), String(person.unitSize)] : ["\(person.rank)/\(person.unitSize)"]) + [person.id, person.name]
                    + (months.count > 1 ? months.map { ledgerNumber(person.months[$0] ?? 0) } : [])
                    + [ledgerNumber(person.points), person.flagged ? language.pick("靠后", "bottom") : ""]
            }
            let title = language.pick("积分报告 \(period)", "Points, \(period)")
            let capped = report.capped.map { "  \($0.rule): \(language.pick($0.chinese, $0.english))" }
            switch format {
            case .csv: text = csvText([header] + rows)
            case .md:
                text = "# \(markdownLine(title))\n\n" + markdownTable(header, rows) + "\n"
                    + (capped.isEmpty ? "" : "\n" + language.pick("每日上限：", "Daily caps:") + "\n" + capped.joined(separator: "\n") + "\n")
            case .table:
                text = ([title, ""] + CreditsReportCommand.aligned(header, rows)
                    + (capped.isEmpty ? [] : ["", language.pick("每日上限：", "Daily caps:")] + capped)).joined(separator: "\n") + "\n"
            }
        }
        try LedgerInputs.emit(text, to: output, csv: !json && format == .csv ? csv.encoding : nil, force: outputs.force, language: language)
    }
}
