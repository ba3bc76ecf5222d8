import ArgumentParser
import BankFormats
import Foundation
import QuizModel
import StudyLedger
import StudyRecords

/// `kaoxue points add --person P --category C --item I [--points N] [--date D] [--note T]`: one entry.
struct PointsAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "登记一条积分 (add one points entry).")

    @Option(help: ArgumentHelp("人员编号 (person id).", valueName: "PERSON"))
    var person: String

    @Option(help: ArgumentHelp("类别，如 学习 (category).", valueName: "CATEGORY"))
    var category: String

    @Option(help: ArgumentHelp("项目，如 每日答题 (item).", valueName: "ITEM"))
    var item: String

    @Option(help: ArgumentHelp("分值；默认取规则中该项目的分值 (points; default the item's).", valueName: "N"))
    var points: String?

    @Option(help: ArgumentHelp("日期，默认今天 (date; default today).", valueName: "YYYY-MM-DD"))
    var date: String?

    @Option(help: ArgumentHelp("备注 (note).", valueName: "TEXT"))
    var note: String = ""

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if let date, CalendarDate(parsing: date) == nil { throw ValidationError("--date: a date such as 2026-05-08") }
        if let points, LedgerTables.points(points) == nil {
            throw ValidationError("--points: a number from -100000 to 100000 with at most 2 decimals (\(points))")
        }
    }

    func run() throws {
        let language = global.lang
        let store = try storeOptions.open(language: language)
        let rules = try LedgerInputs.rules(store, language: language).rules
        guard let known = rules.pointsItem(category: category, item: item) else {
            let problem = LedgerTables.unknownItem(category: category, item: item, row: 0, column: 0, rules: rules)
            Console.fail(problem.message(in: language), language: language)
            throw ExitStatus.inputErrors.exitCode
        }
        guard let value = points.flatMap(LedgerTables.points) ?? known.points else {
            Console.fail(language.pick("该项目没有默认分值，请用 --points 给出", "the item has no default points: give --points"), language: language)
            throw ExitStatus.inputErrors.exitCode
        }
        let registered = try LedgerInputs.knownPeople(store, language: language).contains(person)
        guard registered else {
            Console.fail(language.pick("名册中没有人员“\(person)”", "no person \(person) in the register"), language: language)
            throw ExitStatus.inputErrors.exitCode
        }
        let day = date.flatMap { CalendarDate(parsing: $0) } ?? CalendarDate.today
        try LedgerInputs.requireDate(day, option: "--date", rules: rules, language: language)
        // Each `add` is a deliberate new entry: its own id, so two equal entries on one day both count.
        let entry = PointEntry(
            entryID: "add:" + UUID().uuidString.lowercased(), person: person, date: day, category: category, item: item, points: value, note: note,
            sourceRow: 0)
        let source = ImportSource(file: "points add", sha256: "", time: LedgerInputs.now())
        _ = try LedgerInputs.storeCall(language) { () throws(StoreError) in
            try store.importPoints([entry], source: source, policy: .reject, dryRun: false)
        }
        Console.out(language.pick("已登记：\(person) \(day) \(category)/\(item) \(ledgerNumber(value)) 分", "added: \(person) \(day) \(category)/\(item) \(ledgerNumber(value)) points"))
    }
}
