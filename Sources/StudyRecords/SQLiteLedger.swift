import BankFormats
import Crypto
import Foundation
import GRDB
import GRDBSQLite
import QuizModel
import StudyLedger

extension StudyStore {
    /// Migration v3: the credit-hour and points ledger.
    static func registerLedgerMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v3: ledger — people, units, activities, credits, points, rules, import batches") { db in
            try db.create(table: "unit") { t in
                t.column("path", .text).primaryKey()
                t.column("parent", .text).references("unit")
                t.column("name", .text).notNull()
            }
            try db.create(table: "person") { t in
                t.column("id", .text).primaryKey()
                t.column("name", .text).notNull()
                t.column("unit", .text).notNull()
                t.column("tier", .text)
                t.column("tierSince", .text)
            }
            try db.create(table: "importBatch") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("kind", .text).notNull()
                t.column("file", .text).notNull()
                t.column("sha256", .text).notNull()
                t.column("importedAt", .text).notNull()
                t.column("rows", .integer).notNull()
                t.column("added", .integer).notNull()
                t.column("duplicates", .integer).notNull()
                t.column("replaced", .integer).notNull()
            }
            try db.create(table: "activity", options: .withoutRowID) { t in
                t.column("key", .text).primaryKey()
                t.column("recordId", .text)
                t.column("person", .text).notNull()
                t.column("date", .text).notNull()
                t.column("year", .integer).notNull()
                t.column("kind", .text).notNull()
                t.column("title", .text).notNull()
                t.column("hours", .double)
                t.column("days", .double)
                t.column("minutes", .double)
                t.column("absentHours", .double)
                // The credit under the rules in force, and the rule's key path; recomputed when rules are installed.
                t.column("credited", .double).notNull()
                t.column("creditRule", .text).notNull()
                t.column("sourceRow", .integer).notNull()
                t.column("batch", .integer).notNull().references("importBatch")
            }
            // Covers the yearly totals (a scan of one year's slice) and one person's years.
            try db.create(index: "activity_year_person", on: "activity", columns: ["year", "person", "kind", "credited"])
            try db.create(table: "pointEntry", options: .withoutRowID) { t in
                t.column("key", .text).primaryKey()
                t.column("person", .text).notNull()
                t.column("date", .text).notNull()
                t.column("year", .integer).notNull()
                t.column("category", .text).notNull()
                t.column("item", .text).notNull()
                t.column("points", .double).notNull()
                t.column("note", .text).notNull()
                t.column("sourceRow", .integer).notNull()
                t.column("batch", .integer).notNull().references("importBatch")
            }
            try db.create(index: "pointEntry_year", on: "pointEntry", columns: ["year", "person"])
            try db.create(table: "ledgerRules") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("name", .text).notNull()
                t.column("yaml", .text).notNull()
                t.column("sha256", .text).notNull()
                t.column("installedAt", .text).notNull()
            }
        }
    }
}

extension StudyStore {
    /// The yearly totals' index also covers the date, so that a report counts only what happened up to its day.
    static func registerLedgerDateMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v5: ledger totals bounded by date") { db in
            try db.drop(index: "activity_year_person")
            try db.create(index: "activity_year_person", on: "activity", columns: ["year", "person", "kind", "credited", "date"])
        }
        // Each person's tiers with the day each began ('' when not known), so that a report on an earlier year
        // judges by the tier held then; `person.tier` stays the latest.
        migrator.registerMigration("v6: tier history") { db in
            try db.create(table: "personTier", options: .withoutRowID) { t in
                t.column("person", .text).notNull().references("person")
                t.column("since", .text).notNull()
                t.column("tier", .text).notNull()
                t.primaryKey(["person", "since"])
            }
            try db.execute(sql: "INSERT INTO personTier (person, since, tier) SELECT id, coalesce(tierSince, ''), tier FROM person WHERE tier IS NOT NULL")
        }
        // Each period's unit too, so that a report on an earlier year counts a transferred person in the unit of
        // then; periods stored before keep the person's unit.
        migrator.registerMigration("v7: unit history") { db in
            try db.alter(table: "personTier") { t in t.add(column: "unit", .text) }
            try db.execute(sql: "UPDATE personTier SET unit = (SELECT unit FROM person WHERE person.id = personTier.person)")
        }
        // Activities in an ordinary (rowid) table with a unique index on the key: rows are appended instead of
        // placed by key in a tree of whole rows, which makes a million-row import about a fifth faster.
        migrator.registerMigration("v8: activities appended, keys indexed") { db in
            try db.create(table: "activityRows") { t in
                t.column("key", .text).notNull().unique()
                t.column("recordId", .text)
                t.column("person", .text).notNull()
                t.column("date", .text).notNull()
                t.column("year", .integer).notNull()
                t.column("kind", .text).notNull()
                t.column("title", .text).notNull()
                t.column("hours", .double)
                t.column("days", .double)
                t.column("minutes", .double)
                t.column("absentHours", .double)
                t.column("credited", .double).notNull()
                t.column("creditRule", .text).notNull()
                t.column("sourceRow", .integer).notNull()
                t.column("batch", .integer).notNull().references("importBatch")
            }
            let columns = "key, recordId, person, date, year, kind, title, hours, days, minutes, absentHours, credited, creditRule, sourceRow, batch"
            try db.execute(sql: "INSERT INTO activityRows (\(columns)) SELECT \(columns) FROM activity ORDER BY batch, sourceRow")
            try db.drop(table: "activity")
            try db.rename(table: "activityRows", to: "activity")
            try db.create(index: "activity_year_person", on: "activity", columns: ["year", "person", "kind", "credited", "date"])
        }
    }
}

extension StudyStore: LedgerStore {
    func wrap<T>(_ body: () throws -> T) throws(StoreError) -> T {
        do {
            return try body()
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(error)
        }
    }

    public func rulesInForce() throws(StoreError) -> InstalledRules {
        let row = try wrap { try database.read { db in try Row.fetchOne(db, sql: "SELECT yaml, sha256, installedAt FROM ledgerRules ORDER BY id DESC LIMIT 1") } }
        guard let row else {
            let yaml = LedgerRules.presetYAML
            return InstalledRules(
                rules: LedgerRules.preset, yaml: yaml, sha256: SHA256.hash(data: Data(yaml.utf8)).map { String(format: "%02x", $0) }.joined(), installedAt: nil)
        }
        let yaml: String = row[0]
        do {
            return InstalledRules(rules: try LedgerRules.read(yaml: yaml), yaml: yaml, sha256: row[1], installedAt: row[2])
        } catch {
            throw StoreError(description: "the installed rules no longer read: \(error.diagnostics.map { $0.rendered(file: "rules", language: .en) })")
        }
    }

    public func namesInUse() throws(StoreError) -> (kinds: Set<String>, tiers: Set<String>) {
        try wrap {
            try database.read { db in
                (Set(try String.fetchAll(db, sql: "SELECT DISTINCT kind FROM activity")),
                 Set(try String.fetchAll(db, sql: "SELECT DISTINCT tier FROM person WHERE tier IS NOT NULL")))
            }
        }
    }

    public func installRules(_ rules: LedgerRules, yaml: String, sha256: String, time: String) throws(StoreError) -> Int {
        try wrap {
            try database.write { db in
                try db.execute(
                    sql: "INSERT INTO ledgerRules (name, yaml, sha256, installedAt) VALUES (?, ?, ?, ?)", arguments: [rules.name, yaml, sha256, time])
                let update = try db.makeStatement(sql: "UPDATE activity SET credited = ?, creditRule = ? WHERE key = ?")
                let rows = try Row.fetchCursor(db, sql: "SELECT key, person, date, kind, title, hours, days, minutes, absentHours, recordId FROM activity")
                var count = 0
                var updates: [(Double, String, String)] = []
                while let row = try rows.next() {
                    let activity = Self.activity(row)
                    let credit = rules.credit(for: activity)
                    updates.append((credit.hours, credit.ruleKey, row[0]))
                    count += 1
                }
                for (hours, rule, key) in updates { try update.execute(arguments: [hours, rule, key]) }
                return count
            }
        }
    }

    /// An activity from a row of `key, person, date, kind, title, hours, days, minutes, absentHours, recordId[, sourceRow]`.
    static func activity(_ row: Row) -> Activity {
        let date = CalendarDate(parsing: row[2] as String) ?? CalendarDate(year: 1, month: 1, day: 1)!
        var activity = Activity(
            recordID: row[9], person: row[1], name: "", unit: "", date: date, kind: row[3], title: row[4], hours: row[5], days: row[6],
            minutes: row[7], absentHours: row[8], sourceRow: row.count > 10 ? row[10] : 0)
        activity.key = row[0]
        return activity
    }

    public func people() throws(StoreError) -> [PersonRecord] {
        try wrap {
            try database.read { db in
                var people: [PersonRecord] = []
                // Histories of more than one period are few: read those, attach them to their people.
                var histories: [String: [PersonRecord.TierPeriod]] = [:]
                let periods = try Row.fetchCursor(
                    db,
                    sql: "SELECT person, since, tier, unit FROM personTier WHERE person IN (SELECT person FROM personTier GROUP BY person HAVING count(*) > 1)")
                while let row = try periods.next() {
                    histories[row[0], default: []].append(
                        PersonRecord.TierPeriod(tier: row[2], since: CalendarDate(parsing: row[1] as String), unit: row[3]))
                }
                let rows = try Row.fetchCursor(db, sql: "SELECT id, name, unit, tier, tierSince FROM person ORDER BY unit, id")
                while let row = try rows.next() {
                    let id: String = row[0]
                    if let history = histories[id] {
                        people.append(PersonRecord(id: id, name: row[1], unit: row[2], tiers: PersonRecord.ordered(history)))
                    } else {
                        people.append(
                            PersonRecord(id: id, name: row[1], unit: row[2], tier: row[3], tierSince: (row[4] as String?).flatMap(CalendarDate.init(parsing:))))
                    }
                }
                return people
            }
        }
    }

    static func saveUnits(of unit: String, in db: Database) throws {
        var parent: String? = nil
        for path in PersonRecord(id: "", name: "", unit: unit).unitPaths {
            try db.cachedStatement(sql: "INSERT INTO unit (path, parent, name) VALUES (?, ?, ?) ON CONFLICT(path) DO NOTHING")
                .execute(arguments: [path, parent, String(path.split(separator: "/").last ?? "")])
            parent = path
        }
    }

    static func newBatch(_ kind: String, _ source: ImportSource, rows: Int, in db: Database) throws -> Int {
        try db.execute(
            sql: "INSERT INTO importBatch (kind, file, sha256, importedAt, rows, added, duplicates, replaced) VALUES (?, ?, ?, ?, ?, 0, 0, 0)",
            arguments: [kind, source.file, source.sha256, source.time, rows])
        return Int(db.lastInsertedRowID)
    }

    static func finish(batch: Int, _ outcome: ImportOutcome, in db: Database) throws {
        try db.execute(
            sql: "UPDATE importBatch SET rows = ?, added = ?, duplicates = ?, replaced = ? WHERE id = ?",
            arguments: [outcome.rows, outcome.added, outcome.duplicates, outcome.replaced, batch])
    }

    /// Whether an import commits (not a dry run, and no conflict left under `reject`); when it does, the batch gets
    /// its counts and the outcome its batch.
    static func close(_ outcome: inout ImportOutcome, batch: Int, policy: ConflictPolicy, dryRun: Bool, in db: Database) throws -> Bool {
        guard !dryRun, policy != .reject || outcome.conflicts.isEmpty else { return false }
        outcome.batch = batch
        try finish(batch: batch, outcome, in: db)
        return true
    }

    /// Runs `body` in an immediate transaction, committed only when it returns true.
    func transaction<T>(_ body: @escaping (Database) throws -> (T, commit: Bool)) throws(StoreError) -> T {
        try wrap {
            try database.writeWithoutTransaction { db in
                var result: T? = nil
                try db.inTransaction(.immediate) {
                    let (value, commit) = try body(db)
                    result = value
                    return commit ? .commit : .rollback
                }
                return result!
            }
        }
    }

    public func savePeople(_ people: [PersonRecord], source: ImportSource, dryRun: Bool) throws(StoreError) -> (added: Int, updated: Int) {
        try transaction { db in
            var added = 0
            var updated = 0
            let batch = try Self.newBatch("people", source, rows: people.count, in: db)
            // Statements are cached, units saved once each: a register of 100,000 people compiled five statements per
            // person before (half a minute).
            var units: Set<String> = []
            for var person in people {
                // The periods the file gives join those stored (a period of the same start is replaced); the person's
                // tier is then the latest period's.
                let stored = try Row.fetchAll(db.cachedStatement(sql: "SELECT since, tier, unit FROM personTier WHERE person = ?"), arguments: [person.id]).map {
                    PersonRecord.TierPeriod(tier: $0[1], since: CalendarDate(parsing: $0[0] as String), unit: $0[2])
                }
                let given = Set(person.tiers.map(\.since))
                let periods = PersonRecord.ordered(stored.filter { !given.contains($0.since) } + person.tiers)
                // A row without a tier keeps the tiers stored: the register's history is not erased by an omission.
                // The person's unit is the latest period's, like the tier.
                if !periods.isEmpty { person = PersonRecord(id: person.id, name: person.name, unit: periods.last?.unit ?? person.unit, tiers: periods) }
                let existing = try Row.fetchOne(db.cachedStatement(sql: "SELECT name, unit, tier, tierSince FROM person WHERE id = ?"), arguments: [person.id])
                let values: [DatabaseValueConvertible?] = [person.name, person.unit, person.tier, person.tierSince?.description]
                if let existing {
                    if existing[0] as String != person.name || existing[1] as String != person.unit || existing[2] as String? != person.tier
                        || existing[3] as String? != person.tierSince?.description
                    {
                        try db.cachedStatement(sql: "UPDATE person SET name = ?, unit = ?, tier = ?, tierSince = ? WHERE id = ?")
                            .execute(arguments: StatementArguments(values + [person.id]))
                        updated += 1
                    }
                } else {
                    try db.cachedStatement(sql: "INSERT INTO person (id, name, unit, tier, tierSince) VALUES (?, ?, ?, ?, ?)")
                        .execute(arguments: StatementArguments([person.id] + values))
                    added += 1
                }
                for period in person.tiers {
                    try db.cachedStatement(
                        sql: """
                            INSERT INTO personTier (person, since, tier, unit) VALUES (?, ?, ?, ?)
                            ON CONFLICT (person, since) DO UPDATE SET tier = excluded.tier, unit = excluded.unit
                            """
                    ).execute(arguments: [person.id, period.since?.description ?? "", period.tier, period.unit ?? person.unit])
                    if let unit = period.unit, units.insert(unit).inserted { try Self.saveUnits(of: unit, in: db) }
                }
                if units.insert(person.unit).inserted { try Self.saveUnits(of: person.unit, in: db) }
            }
            var outcome = ImportOutcome()
            outcome.added = added
            outcome.replaced = updated
            try Self.finish(batch: batch, outcome, in: db)
            return ((added, updated), !dryRun)
        }
    }

    /// The stored activity with key `key`, as content to compare, and its file and row.
    static func storedActivity(_ key: String, in db: Database) throws -> (content: [String], source: String) {
        // A cached statement: a re-imported file looks up every row here, and compiling the query each time cost
        // ten times the lookup.
        let statement = try db.cachedStatement(
            sql: """
                SELECT a.key, a.person, a.date, a.kind, a.title, a.hours, a.days, a.minutes, a.absentHours, a.recordId, a.sourceRow, b.file
                FROM activity a JOIN importBatch b ON b.id = a.batch WHERE a.key = ?
                """)
        let row = try Row.fetchOne(statement, arguments: [key])!
        return (activity(row).content, "\(row[11] as String):\(row[10] as Int)")
    }

    /// The stored points entry with key `key`, as content to compare, and its file and row.
    static func storedEntry(_ key: String, in db: Database) throws -> (content: [String], source: String) {
        let statement = try db.cachedStatement(
            sql: """
                SELECT p.key, p.person, p.date, p.category, p.item, p.points, p.note, p.sourceRow, b.file
                FROM pointEntry p JOIN importBatch b ON b.id = p.batch WHERE p.key = ?
                """)
        let row = try Row.fetchOne(statement, arguments: [key])!
        return (entry(row).content, "\(row[8] as String):\(row[7] as Int)")
    }

    /// A points entry from a row of `key, person, date, category, item, points, note, sourceRow`.
    static func entry(_ row: Row) -> PointEntry {
        let date = CalendarDate(parsing: row[2] as String) ?? CalendarDate(year: 1, month: 1, day: 1)!
        var entry = PointEntry(entryID: row[0], person: row[1], date: date, category: row[3], item: row[4], points: row[5], note: row[6], sourceRow: row[7])
        entry.key = row[0]
        return entry
    }

    /// A record whose key did not insert: a duplicate when the stored values are the same, otherwise a conflict,
    /// handled by `policy` (`replace` runs only for `.replace`).
    static func settle(
        _ outcome: inout ImportOutcome, row: Int, key: String, stored: (content: [String], source: String), incoming: [String], fields: [String],
        policy: ConflictPolicy, replace: () throws -> Void
    ) throws {
        guard stored.content != incoming else {
            outcome.duplicates += 1
            return
        }
        outcome.conflicts.append(conflict(row: row, key: key, stored: stored, incoming: incoming, fields: fields))
        switch policy {
        case .reject: break
        case .keep: outcome.kept += 1
        case .replace:
            try replace()
            outcome.replaced += 1
        }
    }

    static func conflict(row: Int, key: String, stored: (content: [String], source: String), incoming: [String], fields: [String]) -> ImportConflict {
        let changes = fields.indices.compactMap { index -> ImportConflict.Change? in
            stored.content[index] == incoming[index] ? nil : ImportConflict.Change(field: fields[index], stored: stored.content[index], incoming: incoming[index])
        }
        return ImportConflict(row: row, key: key, storedSource: stored.source, changes: changes)
    }

    public func importActivities(
        source: ImportSource, rules: LedgerRules, policy: ConflictPolicy, dryRun: Bool,
        streaming produce: (_ write: (Activity) throws -> Void) throws -> Bool
    ) throws(StoreError) -> ImportOutcome? {
        try withoutActuallyEscaping(produce) { produce throws(StoreError) in
            try transaction { db -> (ImportOutcome?, commit: Bool) in
                var outcome = ImportOutcome()
                // Large imports touch index pages all over the file: a bigger page cache (up to 32 MiB) keeps more of them in
                // memory (more measured no faster, and the import stays under 200 MB).
                try db.execute(sql: "PRAGMA cache_size = -32768")
                var known = Set(try String.fetchAll(db, sql: "SELECT id FROM person"))
                let person = try BulkStatement(db, sql: "INSERT INTO person (id, name, unit) VALUES (?, ?, ?)")
                var units: Set<String> = []
                let batch = try Self.newBatch("activities", source, rows: 0, in: db)
                // Bound through SQLite's C API: a million rows through StatementArguments cost more than SQLite itself.
                let insert = try BulkStatement(
                    db,
                    sql: """
                        INSERT INTO activity (key, recordId, person, date, year, kind, title, hours, days, minutes, absentHours, credited,
                            creditRule, sourceRow, batch)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(key) DO NOTHING
                        """)
                let replace = try BulkStatement(
                    db,
                    sql: """
                        UPDATE activity SET recordId = ?, person = ?, date = ?, year = ?, kind = ?, title = ?, hours = ?, days = ?, minutes = ?,
                            absentHours = ?, credited = ?, creditRule = ?, sourceRow = ?, batch = ? WHERE key = ?
                        """)
                func bind(_ statement: BulkStatement, _ activity: Activity, _ credit: Credit, from first: Int32) {
                    var index = first
                    func next() -> Int32 {
                        defer { index += 1 }
                        return index
                    }
                    statement.bind(next(), activity.recordID)
                    statement.bind(next(), activity.person)
                    statement.bind(next(), activity.date.description)
                    statement.bind(next(), activity.date.year)
                    statement.bind(next(), activity.kind)
                    statement.bind(next(), activity.title)
                    statement.bind(next(), activity.hours)
                    statement.bind(next(), activity.days)
                    statement.bind(next(), activity.minutes)
                    statement.bind(next(), activity.absentHours)
                    statement.bind(next(), credit.hours)
                    statement.bind(next(), credit.ruleKey)
                    statement.bind(next(), activity.sourceRow)
                    statement.bind(next(), batch)
                }
                let good = try produce { activity in
                    outcome.rows += 1
                    if !known.contains(activity.person) {
                        known.insert(activity.person)
                        person.bind(1, activity.person)
                        person.bind(2, activity.name)
                        person.bind(3, activity.unit)
                        _ = try person.run()
                        if units.insert(activity.unit).inserted { try Self.saveUnits(of: activity.unit, in: db) }
                        outcome.newPeople += 1
                    }
                    let credit = rules.credit(for: activity)
                    insert.bind(1, activity.key)
                    bind(insert, activity, credit, from: 2)
                    if try insert.run() == 1 {
                        outcome.added += 1
                        return
                    }
                    try Self.settle(
                        &outcome, row: activity.sourceRow, key: activity.key, stored: Self.storedActivity(activity.key, in: db),
                        incoming: activity.content, fields: Activity.contentFields, policy: policy
                    ) {
                        bind(replace, activity, credit, from: 1)
                        replace.bind(15, activity.key)
                        _ = try replace.run()
                    }
                }
                guard good else { return (nil, false) }
                let commit = try Self.close(&outcome, batch: batch, policy: policy, dryRun: dryRun, in: db)
                return (outcome, commit)
            }
        }
    }

    public func creditTotals(years: ClosedRange<Int>, kinds: [String], through last: CalendarDate?) throws(StoreError) -> CreditTotals {
        try wrap {
            try database.read { db in
                var totals = CreditTotals(kinds: kinds, years: years)
                // Read through SQLite's C API straight off the covering index (year, person, kind, credited), summed here
                // rather than by GROUP BY: kinds are matched on their bytes and a person's id is made a String once per
                // run of rows (the index keeps each person's rows of a year together).
                let statement = try db.makeStatement(
                    sql: "SELECT person, year, kind, credited FROM activity INDEXED BY activity_year_person WHERE year BETWEEN ? AND ? AND date <= ?")
                let handle = statement.sqliteStatement
                sqlite3_bind_int64(handle, 1, Int64(years.lowerBound))
                sqlite3_bind_int64(handle, 2, Int64(years.upperBound))
                // Dates are stored as YYYY-MM-DD, so text order is date order.
                let through = (last ?? CalendarDate(year: 9999, month: 12, day: 31)!).description
                sqlite3_bind_text(handle, 3, through, -1, unsafeBitCast(-1, to: sqlite3_destructor_type.self))
                defer { sqlite3_reset(handle) }
                let kindBytes = kinds.map { Array($0.utf8) }
                var personBytes: [UInt8] = []
                var year = Int.min
                var run = Array(repeating: Int64(0), count: kinds.count)
                func flush() {
                    if !personBytes.isEmpty { totals.add(person: String(decoding: personBytes, as: UTF8.self), year: year, units: run) }
                    run = Array(repeating: 0, count: kinds.count)
                }
                while true {
                    let code = sqlite3_step(handle)
                    if code == SQLITE_DONE { break }
                    guard code == SQLITE_ROW else {
                        throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
                    }
                    let id = UnsafeBufferPointer(start: sqlite3_column_text(handle, 0), count: Int(sqlite3_column_bytes(handle, 0)))
                    let rowYear = Int(sqlite3_column_int64(handle, 1))
                    if rowYear != year || !personBytes.elementsEqual(id) {
                        flush()
                        personBytes = Array(id)
                        year = rowYear
                    }
                    let kind = UnsafeBufferPointer(start: sqlite3_column_text(handle, 2), count: Int(sqlite3_column_bytes(handle, 2)))
                    guard let index = kindBytes.firstIndex(where: { $0.elementsEqual(kind) }) else { continue }
                    // Each credit is a whole number of units (stored as the nearest double): rounded back and summed exactly.
                    run[index] &+= CreditHours(sqlite3_column_double(handle, 3)).units
                }
                flush()
                return totals
            }
        }
    }

    public func activities(person: String, years: ClosedRange<Int>, through last: CalendarDate?) throws(StoreError) -> [StoredActivity] {
        try wrap {
            try database.read { db in
                let rows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT a.key, a.person, a.date, a.kind, a.title, a.hours, a.days, a.minutes, a.absentHours, a.recordId, a.sourceRow,
                            a.credited, b.file
                        FROM activity a JOIN importBatch b ON b.id = a.batch
                        WHERE a.person = ? AND a.year BETWEEN ? AND ? AND a.date <= ? ORDER BY a.date, a.key
                        """, arguments: [person, years.lowerBound, years.upperBound, (last ?? CalendarDate(year: 9999, month: 12, day: 31)!).description])
                return rows.map { StoredActivity(activity: Self.activity($0), credited: $0[11], file: $0[12]) }
            }
        }
    }

    public func importPoints(_ entries: [PointEntry], source: ImportSource, policy: ConflictPolicy, dryRun: Bool) throws(StoreError) -> ImportOutcome {
        try transaction { db in
            var (outcome, batch) = try Self.writePoints(entries, source: source, policy: policy, in: db)
            let commit = try Self.close(&outcome, batch: batch, policy: policy, dryRun: dryRun, in: db)
            return (outcome, commit)
        }
    }

    /// Inserts `entries` as one new import batch, settling keys already stored by `policy`; the caller's
    /// transaction commits or rolls back (see `close`).
    static func writePoints(_ entries: [PointEntry], source: ImportSource, policy: ConflictPolicy, in db: Database) throws -> (ImportOutcome, batch: Int) {
        var outcome = ImportOutcome()
        outcome.rows = entries.count
        let batch = try newBatch("points", source, rows: entries.count, in: db)
        let insert = try db.makeStatement(
            sql: """
                INSERT INTO pointEntry (key, person, date, year, category, item, points, note, sourceRow, batch)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(key) DO NOTHING
                """)
        for entry in entries {
            let values: [DatabaseValueConvertible?] = [
                entry.person, entry.date.description, entry.date.year, entry.category, entry.item, entry.points, entry.note, entry.sourceRow, batch,
            ]
            insert.setUncheckedArguments(StatementArguments([entry.key] + values))
            try insert.execute()
            if db.changesCount == 1 {
                outcome.added += 1
                continue
            }
            try settle(
                &outcome, row: entry.sourceRow, key: entry.key, stored: storedEntry(entry.key, in: db), incoming: entry.content,
                fields: PointEntry.contentFields, policy: policy
            ) {
                try db.cachedStatement(
                    sql: """
                        UPDATE pointEntry SET person = ?, date = ?, year = ?, category = ?, item = ?, points = ?, note = ?, sourceRow = ?,
                            batch = ? WHERE key = ?
                        """
                ).execute(arguments: StatementArguments(values + [entry.key]))
            }
        }
        return (outcome, batch)
    }

    public func pointEntries(year: Int) throws(StoreError) -> [PointEntry] {
        try wrap {
            try database.read { db in
                var entries: [PointEntry] = []
                let rows = try Row.fetchCursor(
                    db, sql: "SELECT key, person, date, category, item, points, note, sourceRow FROM pointEntry WHERE year = ?", arguments: [year])
                while let row = try rows.next() { entries.append(Self.entry(row)) }
                return entries
            }
        }
    }
}

/// A prepared statement bound and stepped through SQLite's C API, for bulk writes inside a GRDB transaction.
struct BulkStatement {
    let statement: Statement
    let connection: SQLiteConnection

    init(_ db: Database, sql: String) throws {
        statement = try db.makeStatement(sql: sql)
        connection = db.sqliteConnection!
    }

    /// SQLite copies the bytes (`SQLITE_TRANSIENT`).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    func bind(_ index: Int32, _ text: String?) {
        guard var text else {
            sqlite3_bind_null(statement.sqliteStatement, index)
            return
        }
        text.withUTF8 { bytes in
            // An empty buffer may have no address, which SQLite would take for NULL.
            if let base = bytes.baseAddress, bytes.count > 0 {
                _ = base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                    sqlite3_bind_text(statement.sqliteStatement, index, $0, Int32(bytes.count), Self.transient)
                }
            } else {
                _ = sqlite3_bind_text(statement.sqliteStatement, index, "", 0, Self.transient)
            }
        }
    }

    func bind(_ index: Int32, _ value: Double?) {
        if let value {
            sqlite3_bind_double(statement.sqliteStatement, index, value)
        } else {
            sqlite3_bind_null(statement.sqliteStatement, index)
        }
    }

    func bind(_ index: Int32, _ value: Int) {
        sqlite3_bind_int64(statement.sqliteStatement, index, Int64(value))
    }

    /// Executes the statement with its bindings; the number of rows it changed.
    func run() throws -> Int {
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle) }
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)), sql: statement.sql)
        }
        return Int(sqlite3_changes(connection))
    }
}
