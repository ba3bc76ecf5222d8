import Foundation
import GRDB
import QuizModel
import StudyLedger

/// One run of a solo game mode (daily quiz or challenge): what was answered and the points it earned.
public struct GameRun: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "gameRun"
    public var id: Int64?
    public var user: String
    /// `daily` or `challenge`.
    public var mode: String
    /// The day it counts for (YYYY-MM-DD).
    public var date: String
    public var startedAt: String
    public var answered: Int
    public var right: Int
    /// Challenge: right answers before the first wrong one.
    public var streak: Int
    /// Points earned (within the mode's daily cap).
    public var points: Double
    /// The question ids, in the order asked, separated by spaces.
    public var questions: String

    public init(user: String, mode: String, date: String, startedAt: String, answered: Int, right: Int, streak: Int, points: Double, questions: [String]) {
        self.user = user
        self.mode = mode
        self.date = date
        self.startedAt = startedAt
        self.answered = answered
        self.right = right
        self.streak = streak
        self.points = points
        self.questions = questions.joined(separator: " ")
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// What recording a run did in the ledger.
public enum GameLedgerOutcome: Equatable, Sendable {
    /// The points went into the ledger as an entry of the rules' item.
    case recorded
    /// Nobody is in the register yet: the ledger is not in use.
    case noLedger
    /// The register has people, but not this one.
    case notRegistered
    /// The ledger's rules have no such points item.
    case unknownItem
    /// Nothing to record (no points, or no ledger item for the mode).
    case nothing
}

extension StudyStore {
    static func registerGameMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v4: solo game runs (daily quiz, challenge)") { db in
            try db.create(table: "gameRun") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("user", .text).notNull()
                t.column("mode", .text).notNull()
                t.column("date", .text).notNull()
                t.column("startedAt", .text).notNull()
                t.column("answered", .integer).notNull()
                t.column("right", .integer).notNull()
                t.column("streak", .integer).notNull()
                t.column("points", .double).notNull()
                t.column("questions", .text).notNull()
            }
            try db.create(index: "gameRun_user_mode_date", on: "gameRun", columns: ["user", "mode", "date"])
        }
    }

    /// Points `user` earned in `mode` on `date`, over every run.
    public func gamePointsEarned(user: String, mode: String, date: String) throws(StoreError) -> Double {
        try wrap {
            try database.read { db in
                try Double.fetchOne(db, sql: "SELECT COALESCE(SUM(points), 0) FROM gameRun WHERE user = ? AND mode = ? AND date = ?", arguments: [user, mode, date]) ?? 0
            }
        }
    }

    /// Every run of `user` in `mode`, oldest first.
    public func gameRuns(user: String, mode: String) throws(StoreError) -> [GameRun] {
        try wrap {
            try database.read { db in
                try GameRun.filter(Column("user") == user && Column("mode") == mode).order(Column("id")).fetchAll(db)
            }
        }
    }

    /// Saves `run` and, when it earned points and the ledger is in use, a points entry of `item` for its user — in
    /// one transaction, so a run is never half recorded.
    public func record(_ run: GameRun, ledgerItem item: (category: String, item: String)?) throws(StoreError) -> GameLedgerOutcome {
        try transaction { db in
            var saved = run
            try saved.insert(db)
            guard let item, run.points > 0, let date = CalendarDate(parsing: run.date) else { return (.nothing, true) }
            guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM person)") == true else { return (.noLedger, true) }
            guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM person WHERE id = ?)", arguments: [run.user]) == true else {
                return (.notRegistered, true)
            }
            let yaml = try String.fetchOne(db, sql: "SELECT yaml FROM ledgerRules ORDER BY id DESC LIMIT 1")
            let rules = try yaml.map { try LedgerRules.read(yaml: $0) } ?? LedgerRules.preset
            guard rules.pointsItem(category: item.category, item: item.item) != nil else { return (.unknownItem, true) }
            let entry = PointEntry(
                entryID: "\(run.mode):\(run.user):\(run.startedAt):\(saved.id ?? 0)", person: run.user, date: date, category: item.category,
                item: item.item, points: run.points, note: "kaoxue \(run.mode)", sourceRow: 0)
            let source = ImportSource(file: "kaoxue \(run.mode)", sha256: "", time: run.startedAt)
            var (outcome, batch) = try Self.writePoints([entry], source: source, policy: .reject, in: db)
            // The entry's id holds the run's row id: it cannot meet a stored one, so the batch always closes.
            guard try Self.close(&outcome, batch: batch, policy: .reject, dryRun: false, in: db) else {
                throw StoreError(description: "the points entry \(entry.key) conflicts with a stored one")
            }
            return (.recorded, true)
        }
    }
}
