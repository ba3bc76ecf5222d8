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
        let table = try LedgerInputs.TableFile(file, language: language)
        let store = try storeOptions.open(language: language)
        let rules = try LedgerInputs.rules(store, language: language).rules
        var reader = ActivityRows(rules: rules, knownPeople: try LedgerInputs.knownPeople(store, language: language))
        let source = ImportSource(file: file, sha256: table.sha256, time: LedgerInputs.now())
        var failure: LedgerInputs.TableFile.Failure? = nil
        // One pass: each row is checked as it is read (on a second thread) and written into the open transaction
        // (on this one), so a million rows are never held; any bad row stops the writing (the rest are still
        // checked) and the transaction rolls back.
        let progress = table.progressBar(label: language.pick("检查并写入（一个事务）", "checking and writing (one transaction)"))
        let outcome = try LedgerInputs.storeCall(language) { () throws(StoreError) in
            try store.importActivities(source: source, rules: rules, policy: importOptions.onConflict, dryRun: importOptions.dryRun) { emit in
                var writing = true
                failure = table.forEachRow { fields in
                    let activity = reader.read(fields)
                    progress?.advance(LedgerInputs.TableFile.weight(fields))
                    guard let activity, reader.problems.isEmpty, writing else { return }
                    writing = emit(activity)
                }
                reader.finish()
                return failure == nil && reader.problems.isEmpty
            }
        }
        progress?.finish()
        if let failure { try failure.end(file: file, language: language) }
        guard let outcome else {
            _ = try LedgerInputs.rows(Result<[Activity], TableProblems>.failure(TableProblems(reader.problems)), file: file, language: language)
            return
        }
        try LedgerInputs.finish(
            outcome, file: file, policy: importOptions.onConflict, dryRun: importOptions.dryRun, json: importOptions.json, language: language)
    }
}
