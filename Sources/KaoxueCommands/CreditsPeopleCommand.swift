import ArgumentParser
import BankFormats
import StudyLedger
import StudyRecords

/// `kaoxue credits people FILE.csv`: the register of people (name, unit, tier, date entering the tier).
struct CreditsPeopleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "people",
        abstract: "导入或更新人员名册（单位、层级、任职时间）(import or update the register of people).",
        discussion: """
            表头 / header: person_id,name,unit,tier,tier_since（中文：人员编号,姓名,单位,层级,任职时间）。
            单位用“/”分级，如 市委组织部/干部一科。层级须是规则中的层级（县处级及以上、乡科级及以下、其他，或其别名）。
            Units nest with "/". Tiers are the rules' tiers or their aliases. Existing people are updated.
            """
    )

    @Argument(help: ArgumentHelp("人员名册文件 (people file, CSV or .xlsx).", valueName: "FILE.csv|FILE.xlsx"))
    var file: String

    @Flag(name: .customLong("dry-run"), help: "只检查并报告，不写入 (check and report; write nothing).")
    var dryRun = false

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let language = global.lang
        let (table, sha, store, rules) = try LedgerInputs.importInputs(file, store: storeOptions, language: language)
        let people = try LedgerInputs.rows(LedgerTables.people(table, rules: rules), file: file, language: language)
        let source = ImportSource(file: file, sha256: sha, time: LedgerInputs.now())
        let (added, updated) = try LedgerInputs.storeCall(language) { () throws(StoreError) in
            try store.savePeople(people, source: source, dryRun: dryRun)
        }
        let state = dryRun ? language.pick("试运行，未写入", "dry run: nothing written") : language.pick("已写入", "written")
        Console.out(
            language.pick(
                "\(file)：\(people.count) 人，新增 \(added)，更新 \(updated)；\(state)",
                "\(file): \(people.count) people, \(added) added, \(updated) updated; \(state)"))
    }
}
