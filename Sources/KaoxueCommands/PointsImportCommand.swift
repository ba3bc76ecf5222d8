import ArgumentParser
import BankFormats
import StudyLedger
import StudyRecords

/// `kaoxue points import FILE.csv`: points entries, all of the file or none, never an entry twice.
struct PointsImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "导入积分记录（整个文件要么全部写入，要么不写入）(import points entries).",
        discussion: """
            表头 / header: entry_id,person_id,date,category,item,points,note（中文：记录编号,人员编号,日期,类别,项目,分值,备注）。
            points 为空时取规则中该项目的分值。没有 entry_id 的记录以“人员编号|日期|类别|项目|备注”去重。
            An empty points cell takes the item's points. Without entry_id an entry is known by person|date|category|item|note.
            """
    )

    @Argument(help: ArgumentHelp("积分记录文件 (points file, CSV or .xlsx).", valueName: "FILE.csv|FILE.xlsx"))
    var file: String

    @OptionGroup var importOptions: ImportOptions
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let language = global.lang
        let (table, sha, store, rules) = try LedgerInputs.importInputs(file, store: storeOptions, language: language)
        let known = try LedgerInputs.knownPeople(store, language: language)
        let entries = try LedgerInputs.rows(LedgerTables.points(table, rules: rules, knownPeople: known), file: file, language: language)
        let source = ImportSource(file: file, sha256: sha, time: LedgerInputs.now())
        let outcome = try LedgerInputs.storeCall(language) { () throws(StoreError) in
            try store.importPoints(entries, source: source, policy: importOptions.onConflict, dryRun: importOptions.dryRun)
        }
        try LedgerInputs.finish(
            outcome, file: file, policy: importOptions.onConflict, dryRun: importOptions.dryRun, json: importOptions.json, language: language)
    }
}
