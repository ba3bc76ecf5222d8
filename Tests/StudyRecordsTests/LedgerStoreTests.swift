import BankFormats
import Foundation
import QuizModel
import StudyLedger
import Testing

import GRDB

@testable import StudyRecords

@Suite("The ledger in the study store")
struct LedgerStoreTests {
    func store() throws -> StudyStore {
        try StudyStore(path: FileManager.default.temporaryDirectory.appendingPathComponent("kaoxue-ledger-\(UUID().uuidString)/kaoxue.sqlite").path)
    }

    func activities(_ rows: String, known: Set<String> = []) throws -> [Activity] {
        let text = "record_id,person_id,name,unit,date,kind,title,hours,days\n" + rows
        return try LedgerTables.activities(try CSVTable.parse(text), rules: .preset, knownPeople: known).get()
    }

    /// P1's 2026 hours by kind (kinds with none left out).
    func hours(_ store: StudyStore) throws -> [String: Double] {
        let kinds = LedgerRules.preset.kinds.map(\.name)
        let year = try store.creditTotals(years: 2026...2026, kinds: kinds, through: nil).hours(person: "P1", year: 2026)
        return Dictionary(uniqueKeysWithValues: zip(kinds, year.map(\.hours)).filter { $0.1 != 0 })
    }

    let source = ImportSource(file: "a.csv", sha256: "00", time: "2026-11-21T00:00:00Z")

    @Test func importingTwiceOrOverlappingFilesCountsNothingTwice() throws {
        let store = try store()
        let first = try activities("R1,P1,王明,一科,2026-03-01,脱产培训,a,8,\nR2,P1,王明,一科,2026-04-01,专题讲座,b,2,\n,P1,王明,一科,2026-05-01,专题讲座,c,3,\n")
        var outcome = try store.importActivities(first, source: source, rules: .preset, policy: .reject, dryRun: false)
        #expect(outcome.added == 3 && outcome.newPeople == 1 && outcome.batch != nil)
        outcome = try store.importActivities(first, source: source, rules: .preset, policy: .reject, dryRun: false)
        #expect(outcome.added == 0 && outcome.duplicates == 3 && outcome.newPeople == 0)
        // Overlapping: R2 and the natural-key row again, R3 new.
        let second = try activities("R2,P1,王明,一科,2026-04-01,专题讲座,b,2,\n,P1,王明,一科,2026-05-01,专题讲座,c,3,\nR3,P1,王明,一科,2026-06-01,专题讲座,d,1,\n")
        outcome = try store.importActivities(second, source: source, rules: .preset, policy: .reject, dryRun: false)
        #expect(outcome.added == 1 && outcome.duplicates == 2)
        #expect(try hours(store) == ["脱产培训": 8, "专题讲座": 6])
        // A record repeated within one file counts once.
        let repeated = try activities("R4,P1,王明,一科,2026-07-01,专题讲座,e,1,\nR4,P1,王明,一科,2026-07-01,专题讲座,e,1,\n")
        outcome = try store.importActivities(repeated, source: source, rules: .preset, policy: .reject, dryRun: false)
        #expect(outcome.added == 1 && outcome.duplicates == 1)
    }

    @Test func changedRecordsAreConflictsNotOverwrites() throws {
        let store = try store()
        _ = try store.importActivities(
            try activities("R1,P1,王明,一科,2026-03-01,脱产培训,a,8,\n"), source: source, rules: .preset, policy: .reject, dryRun: false)
        let changed = try activities("R1,P1,王明,一科,2026-03-01,脱产培训,a,16,\nR2,P1,王明,一科,2026-03-02,专题讲座,b,2,\n", known: ["P1"])
        // Default: the whole file is refused, the conflict named with the stored version's source.
        var outcome = try store.importActivities(changed, source: source, rules: .preset, policy: .reject, dryRun: false)
        #expect(outcome.conflicts.count == 1 && outcome.batch == nil)
        let conflict = try #require(outcome.conflicts.first)
        #expect(conflict.row == 2 && conflict.key == "R1" && conflict.storedSource == "a.csv:2")
        #expect(conflict.changes == [ImportConflict.Change(field: "hours", stored: "8", incoming: "16")])
        #expect(try hours(store) == ["脱产培训": 8])
        // keep: the rest goes in, R1 stays 8.
        outcome = try store.importActivities(changed, source: source, rules: .preset, policy: .keep, dryRun: false)
        #expect(outcome.kept == 1 && outcome.added == 1)
        #expect(try hours(store) == ["脱产培训": 8, "专题讲座": 2])
        // replace: R1 becomes 16.
        outcome = try store.importActivities(changed, source: source, rules: .preset, policy: .replace, dryRun: false)
        #expect(outcome.replaced == 1 && outcome.duplicates == 1)
        #expect(try hours(store) == ["脱产培训": 16, "专题讲座": 2])
    }

    @Test func dryRunWritesNothing() throws {
        let store = try store()
        let outcome = try store.importActivities(
            try activities("R1,P1,王明,一科,2026-03-01,脱产培训,a,8,\n"), source: source, rules: .preset, policy: .reject, dryRun: true)
        #expect(outcome.added == 1 && outcome.newPeople == 1 && outcome.batch == nil)
        #expect(try store.people().isEmpty)
        #expect(try store.creditTotals(years: 2000...2100, kinds: LedgerRules.preset.kinds.map(\.name), through: nil).isEmpty)
    }

    @Test func installingRulesRecomputesCredits() throws {
        let store = try store()
        _ = try store.importActivities(
            try activities("R1,P1,王明,一科,2026-03-01,脱产培训,a,,5\n"), source: source, rules: .preset, policy: .reject, dryRun: false)
        #expect(try hours(store)["脱产培训"] == 40)
        let yaml = LedgerRules.presetYAML.replacingOccurrences(of: "hoursPerDay: 8", with: "hoursPerDay: 6")
        let rules = try LedgerRules.read(yaml: yaml)
        #expect(try store.installRules(rules, yaml: yaml, sha256: "ab", time: "2026-11-21T00:00:00Z") == 1)
        #expect(try hours(store)["脱产培训"] == 30)
        let installed = try store.rulesInForce()
        #expect(installed.rules.hoursPerDay == 6 && installed.sha256 == "ab" && installed.installedAt != nil)
        #expect(try store.namesInUse().kinds == ["脱产培训"])
    }

    @Test func peopleRegisterUpdatesAndBuildsTheUnitTree() throws {
        let store = try store()
        let people = [PersonRecord(id: "P1", name: "王明", unit: "市委组织部/干部一科", tier: "乡科级及以下", tierSince: CalendarDate(year: 2020, month: 1, day: 1))]
        #expect(try store.savePeople(people, source: source, dryRun: false) == (1, 0))
        #expect(try store.savePeople(people, source: source, dryRun: false) == (0, 0))
        var moved = people
        moved[0].unit = "市委组织部/干部二科"
        #expect(try store.savePeople(moved, source: source, dryRun: false) == (0, 1))
        #expect(try store.people() == moved)
        let units = try store.database.read { db in try String.fetchAll(db, sql: "SELECT path || ' <- ' || ifnull(parent, '') FROM unit ORDER BY path") }
        #expect(units == ["市委组织部 <- ", "市委组织部/干部一科 <- 市委组织部", "市委组织部/干部二科 <- 市委组织部"])
    }
}

@Suite("The ledger's schema and bulk import")
struct LedgerMigrationTests {
    let source = ImportSource(file: "a.csv", sha256: "00", time: "2026-11-21T00:00:00Z")

    @Test func aStoreWrittenBeforeActivitiesWereAppendedKeepsEveryActivity() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kaoxue-v7-\(UUID().uuidString).sqlite").path
        // The schema as it was up to v7, with two activities written as that version wrote them.
        let old = try DatabaseQueue(path: path)
        try StudyStore.migrator.migrate(old, upTo: "v7: unit history")
        try old.write { db in
            try db.execute(sql: "INSERT INTO importBatch (kind, file, sha256, importedAt, rows, added, duplicates, replaced) VALUES ('activities', 'a.csv', '00', 't', 2, 2, 0, 0)")
            try db.execute(sql: "INSERT INTO person (id, name, unit) VALUES ('P1', '王明', '一科')")
            for (key, date, hours) in [("R1", "2026-03-01", 8.0), ("R2", "2025-04-01", 2.5)] {
                try db.execute(
                    sql: """
                        INSERT INTO activity (key, recordId, person, date, year, kind, title, hours, credited, creditRule, sourceRow, batch)
                        VALUES (?, ?, 'P1', ?, ?, '专题讲座', 't', ?, ?, 'kinds[专题讲座]', 2, 1)
                        """, arguments: [key, key, date, Int(date.prefix(4))!, hours, hours])
            }
        }
        try old.close()
        let store = try StudyStore(path: path)
        let totals = try store.creditTotals(years: 2025...2026, kinds: ["专题讲座"], through: nil)
        #expect(totals.hours(person: "P1", year: 2026).map(\.hours) == [8])
        #expect(totals.hours(person: "P1", year: 2025).map(\.hours) == [2.5])
        // The stored keys still make a re-import a duplicate, and a changed one a conflict.
        let again = try LedgerTables.activities(
            try CSVTable.parse("record_id,person_id,date,kind,title,hours\nR1,P1,2026-03-01,专题讲座,t,8\nR2,P1,2025-04-01,专题讲座,t,3\n"),
            rules: .preset, knownPeople: ["P1"]
        ).get()
        let outcome = try store.importActivities(again, source: source, rules: .preset, policy: .reject, dryRun: false)
        #expect(outcome.duplicates == 1 && outcome.conflicts.map(\.key) == ["R2"])
    }

    @Test func aReaderOnAnotherThreadFeedsTheTransactionInOrderAndALateBadRowRollsItBack() throws {
        let store = try StudyStore(path: FileManager.default.temporaryDirectory.appendingPathComponent("kaoxue-pipe-\(UUID().uuidString).sqlite").path)
        // More rows than a few batches, so that the producer waits for the writer.
        let rows = 30_000
        func produce(badAt bad: Int?) -> (_ emit: (Activity) -> Bool) -> Bool {
            { emit in
                for i in 0..<rows {
                    if i == bad { return false }
                    let activity = Activity(
                        recordID: "R\(i)", person: "P\(i % 50)", name: "人员", unit: "一科", date: CalendarDate(year: 2026, month: 3, day: 1)!,
                        kind: "专题讲座", title: "t", hours: 1, days: nil, minutes: nil, absentHours: nil, sourceRow: i + 2)
                    guard emit(activity) else { return false }
                }
                return true
            }
        }
        let refused = try store.importActivities(source: source, rules: .preset, policy: .reject, dryRun: false, readingOnAnotherThread: produce(badAt: rows - 1))
        #expect(refused == nil)
        #expect(try store.creditTotals(years: 2026...2026, kinds: ["专题讲座"], through: nil).hours(person: "P1", year: 2026).map(\.hours) == [0])
        let outcome = try #require(try store.importActivities(source: source, rules: .preset, policy: .reject, dryRun: false, readingOnAnotherThread: produce(badAt: nil)))
        #expect(outcome.added == rows && outcome.rows == rows && outcome.newPeople == 50)
        #expect(try store.creditTotals(years: 2026...2026, kinds: ["专题讲座"], through: nil).hours(person: "P1", year: 2026).map(\.hours) == [600])
    }
}
