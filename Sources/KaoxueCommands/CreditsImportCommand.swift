import ArgumentParser
import BankFormats
import StudyLedger
import StudyRecords

/// `kaoxue credits import FILE.csv [--dry-run] [--on-conflict reject|keep|replace]`: activities into the ledger,
/// all of the file or none of it, never a record twice.
struct CreditsImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "导入学习记录（整个文件要么全部写入，要么不写入；重复导入不重复计算）(import activities).",
        discussion: """
            表头 / header: record_id,person_id,name,unit,date,kind,title,hours,days,minutes,absent_hours
            （中文表头：记录编号,人员编号,姓名,单位,日期,类型,名称,学时,天数,分钟,缺勤学时）。CSV（UTF-8 或 GB18030）或 Excel .xlsx（第一个工作表）。
            学时、天数、分钟三列填其一。没有 record_id 的记录以“人员编号|日期|类型|名称”为准去重。
            Give one of hours, days, minutes. Without record_id a record is known by person|date|kind|title.
            Any bad row: every bad row is listed, nothing is written, exit 1.
            """
    )

    @Argument(help: ArgumentHelp("学习记录文件 (activities file, CSV or .xlsx).", valueName: "FILE.csv|FILE.xlsx"))
    var file: String

    @OptionGroup var importOptions: ImportOptions
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let language = global.lang
        let (table, sha, store, rules) = try LedgerInputs.importInputs(file, store: storeOptions, language: language)
        let known = try LedgerInputs.knownPeople(store, language: language)
        LedgerInputs.progress(table.rows.count - 1, "正在检查", "checking", language: language)
        let activities = try LedgerInputs.rows(LedgerTables.activities(table, rules: rules, knownPeople: known), file: file, language: language)
        let source = ImportSource(file: file, sha256: sha, time: LedgerInputs.now())
        LedgerInputs.progress(activities.count, "正在写入（一个事务）", "writing (one transaction)", language: language)
        let outcome = try LedgerInputs.storeCall(language) { () throws(StoreError) in
            try store.importActivities(activities, source: source, rules: rules, policy: importOptions.onConflict, dryRun: importOptions.dryRun)
        }
        try LedgerInputs.finish(
            outcome, file: file, policy: importOptions.onConflict, dryRun: importOptions.dryRun, json: importOptions.json, language: language)
    }
}
