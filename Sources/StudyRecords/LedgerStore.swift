import QuizModel
import BankFormats
import StudyLedger

/// What to do when an imported record has the key of a stored one but different values.
public enum ConflictPolicy: String, Sendable, CaseIterable {
    /// Reject the whole file (the default): nothing is written, every conflict is listed.
    case reject
    /// Keep the stored record, import the rest of the file.
    case keep
    /// Replace the stored record with the file's, import the rest.
    case replace
}

/// A record whose key is already stored (or earlier in the same file) with different values.
public struct ImportConflict: Hashable, Sendable {
    public struct Change: Hashable, Sendable {
        public var field: String
        public var stored: String
        public var incoming: String
    }

    /// The row in the file being imported.
    public var row: Int
    public var key: String
    /// Where the stored version came from: its file and row.
    public var storedSource: String
    public var changes: [Change]
}

/// The file an import reads, recorded with every batch.
public struct ImportSource: Hashable, Sendable {
    public var file: String
    public var sha256: String
    public var time: String

    public init(file: String, sha256: String, time: String) {
        self.file = file
        self.sha256 = sha256
        self.time = time
    }
}

/// What an import did (or, in a dry run or when rejected, would have done).
public struct ImportOutcome: Hashable, Sendable {
    public var rows = 0
    public var added = 0
    /// Records already stored with the same values (or repeated within the file): not counted again.
    public var duplicates = 0
    public var replaced = 0
    /// Conflicts left as stored (`--on-conflict keep`).
    public var kept = 0
    public var conflicts: [ImportConflict] = []
    /// People registered from the file's name and unit columns.
    public var newPeople = 0
    /// Rows naming a person the store does not know, without a name to register them by.
    public var problems: [TableProblem] = []
    /// The import batch, when something was written.
    public var batch: Int?

    public init() {}
}

extension LedgerStore {
    /// Imports `activities` (all checked) in one transaction, as the streaming call does.
    public func importActivities(
        _ activities: [Activity], source: ImportSource, rules: LedgerRules, policy: ConflictPolicy, dryRun: Bool
    ) throws(StoreError) -> ImportOutcome {
        let outcome = try importActivities(source: source, rules: rules, policy: policy, dryRun: dryRun) { write in
            for activity in activities { try write(activity) }
            return true
        }
        // Only a producer returning false gives nil, and this one never does.
        return outcome ?? ImportOutcome()
    }
}

/// The rules in force: the last installed, else the built-in preset.
public struct InstalledRules: Sendable {
    public var rules: LedgerRules
    public var yaml: String
    public var sha256: String
    /// nil for the built-in preset.
    public var installedAt: String?
}

/// One stored activity with its credit.
public struct StoredActivity: Sendable {
    public var activity: Activity
    public var credited: Double
    public var file: String
}

/// The ledger's storage: people and units, activities with their credits, points, the rules in force, import
/// batches. `StudyStore` implements it on SQLite; another backend (PostgreSQL) implements the same calls.
///
/// Every call that writes is one transaction: a crash or a refusal leaves all of it or none of it.
public protocol LedgerStore: Sendable {
    func rulesInForce() throws(StoreError) -> InstalledRules
    /// Installs `rules` and recomputes every stored activity's credit under them; returns how many were recomputed.
    func installRules(_ rules: LedgerRules, yaml: String, sha256: String, time: String) throws(StoreError) -> Int
    /// Every registered person, by unit then id (byte order).
    func people() throws(StoreError) -> [PersonRecord]
    /// Kinds the stored activities use and tiers the stored people have, so that rules dropping one can be refused.
    func namesInUse() throws(StoreError) -> (kinds: Set<String>, tiers: Set<String>)
    /// Adds or updates people (the people file is the register: name, unit, tier and tier date are replaced).
    func savePeople(_ people: [PersonRecord], source: ImportSource, dryRun: Bool) throws(StoreError) -> (added: Int, updated: Int)
    /// Imports activities as `produce` hands them to its `write` closure, all in one transaction: a file read a row
    /// at a time goes in without being held. People not yet registered are registered from the activity's name and
    /// unit. When `produce` returns false (the file had bad rows) everything is rolled back and the result is nil;
    /// otherwise it commits unless `dryRun` or a conflict under `.reject`.
    func importActivities(
        source: ImportSource, rules: LedgerRules, policy: ConflictPolicy, dryRun: Bool,
        streaming produce: (_ write: (Activity) throws -> Void) throws -> Bool
    ) throws(StoreError) -> ImportOutcome?
    /// Credited hours by person, year and kind over `years`, for the kinds named (the rules' kinds, in order),
    /// counting only activities dated `through` or earlier (nil: all).
    func creditTotals(years: ClosedRange<Int>, kinds: [String], through: CalendarDate?) throws(StoreError) -> CreditTotals
    /// One person's activities over `years`, dated `through` or earlier (nil: all).
    func activities(person: String, years: ClosedRange<Int>, through: CalendarDate?) throws(StoreError) -> [StoredActivity]
    func importPoints(_ entries: [PointEntry], source: ImportSource, policy: ConflictPolicy, dryRun: Bool) throws(StoreError) -> ImportOutcome
    func pointEntries(year: Int) throws(StoreError) -> [PointEntry]
}
