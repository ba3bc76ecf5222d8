import FileIO
import Foundation
import Glibc
import GRDB
import QuizModel
import StudySession

/// One answered question, as recorded.
public struct ReviewRecord: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "review"
    public var user: String
    public var question: String
    /// Microseconds since 1970 (exact, see `Instant`).
    public var time: Int64
    public var rating: Int
    public var correct: Bool
    /// How long the answer took, in milliseconds.
    public var elapsedMilliseconds: Int64
    /// The answer as typed.
    public var answer: String

    public init(user: String, question: String, time: Instant, rating: Rating, correct: Bool, elapsedMilliseconds: Int64, answer: String) {
        self.user = user
        self.question = question
        self.time = time.microseconds
        self.rating = rating.rawValue
        self.correct = correct
        self.elapsedMilliseconds = elapsedMilliseconds
        self.answer = answer
    }
}

/// A question's scheduling state for one person.
public struct CardRecord: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "card"
    public var user: String
    public var question: String
    public var phase: Int
    public var step: Int?
    public var stability: Double?
    public var difficulty: Double?
    public var due: Int64
    public var lastReview: Int64?

    public init(user: String, question: String, state: CardState) {
        self.user = user
        self.question = question
        phase = state.phase.rawValue
        step = state.step
        stability = state.stability
        difficulty = state.difficulty
        due = state.due.microseconds
        lastReview = state.lastReview?.microseconds
    }

    public var state: CardState {
        CardState(
            phase: CardPhase(rawValue: phase) ?? .learning, step: step, stability: stability, difficulty: difficulty,
            due: Instant(microseconds: due), lastReview: lastReview.map(Instant.init(microseconds:)))
    }
}

/// A question in the wrong-answer book (错题本): answered wrong, not yet answered right twice in a row since.
public struct WrongBookEntry: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "wrongBook"
    public var user: String
    public var question: String
    public var wrongCount: Int
    public var lastWrong: Int64
    /// Right answers in a row since the last wrong one; at 2 the question leaves the book.
    public var rightStreak: Int
}

/// Why the store could not be opened or written.
public struct StoreError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, as far as a person can act on it.
    public enum Kind: Equatable, Sendable {
        /// The file is not an SQLite database (a mistyped `--store` naming some other file).
        case notADatabase
        /// The database file is damaged.
        case corrupt
        /// The disk is full.
        case full
        /// The file or its folder cannot be written.
        case readOnly
        /// Another process holds the database longer than the busy timeout.
        case busy
        /// The file or its folder cannot be opened or created.
        case cannotOpen(SystemError?)
        /// Anything else; `description` has the details.
        case other
    }

    public var kind: Kind
    /// The details, for logs and `--json` (English, from SQLite or GRDB).
    public var description: String

    public init(_ kind: Kind = .other, description: String) {
        self.kind = kind
        self.description = description
    }

    /// `error` (from GRDB or the file system) sorted into a kind.
    public init(_ error: any Error, path: String? = nil) {
        let prefix = path.map { "\($0): " } ?? ""
        description = prefix + "\(error)"
        if let database = error as? DatabaseError {
            switch database.resultCode.primaryResultCode {
            case .SQLITE_NOTADB: kind = .notADatabase
            case .SQLITE_CORRUPT: kind = .corrupt
            case .SQLITE_FULL: kind = .full
            case .SQLITE_READONLY: kind = .readOnly
            case .SQLITE_BUSY, .SQLITE_LOCKED: kind = .busy
            case .SQLITE_CANTOPEN: kind = .cannotOpen(nil)
            default: kind = .other
            }
        } else if let cocoa = error as? CocoaError, let posix = cocoa.underlying as? POSIXError {
            kind = .cannotOpen(.code(posix.code.rawValue))
        } else if let cocoa = error as? CocoaError, cocoa.code == .fileWriteNoPermission {
            kind = .cannotOpen(.code(EACCES))
        } else {
            kind = .other
        }
    }

    /// The reason in the user's language (the details only where there are no better words).
    public func words(_ language: DisplayLanguage) -> String {
        switch kind {
        case .notADatabase: return language.pick("这不是 kaoxue 的学习记录（不是 SQLite 数据库）", "not a kaoxue study store (not an SQLite database)")
        case .corrupt: return language.pick("数据库文件已损坏", "the database file is damaged")
        case .full: return language.pick("磁盘已满", "the disk is full")
        case .readOnly: return language.pick("没有写入权限", "cannot be written")
        case .busy: return language.pick("正被另一个程序占用，请稍后再试", "busy in another program; try again later")
        case .cannotOpen(let system): return system?.words(language) ?? language.pick("无法打开或创建", "cannot be opened or created")
        case .other: return language.pick("数据库出错（\(description)）", description)
        }
    }
}

extension CocoaError {
    /// The POSIX error under a Foundation file error.
    var underlying: (any Error)? { userInfo[NSUnderlyingErrorKey] as? any Error }
}

/// The study store: history, review states and the wrong-answer book, in SQLite (WAL, busy timeout) at
/// `$XDG_DATA_HOME/kaoxue/kaoxue.sqlite` unless given another path. Several kaoxue processes may write at once.
public final class StudyStore: Sendable {
    let database: DatabasePool

    /// `--store PATH`, else `KAOXUE_STORE`, else `$XDG_DATA_HOME/kaoxue/kaoxue.sqlite` (`~/.local/share/…`).
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let path = environment["KAOXUE_STORE"], !path.isEmpty { return path }
        let base = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ((environment["HOME"] ?? NSHomeDirectory()) as NSString).appendingPathComponent(".local/share")
        return (base as NSString).appendingPathComponent("kaoxue/kaoxue.sqlite")
    }

    /// Opens (creating it and its folder if needed) and migrates the store at `path`.
    ///
    /// Opening and migrating hold an exclusive lock on the store's folder: two commands starting at once on a store
    /// that does not exist yet create it once (the second finds it made), rather than both running the migrations
    /// (`table unit already exists`) or racing to switch it to WAL (`database is locked`).
    public init(path: String) throws(StoreError) {
        do {
            let folder = FilePaths.parent(of: path)
            if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
            let lock = try FolderLock(folder.isEmpty ? "." : folder, waitingSeconds: 10)
            defer { lock.release() }
            var configuration = Configuration()
            configuration.busyMode = .timeout(10)
            database = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(database)
        } catch {
            throw StoreError(error, path: path)
        }
    }

    /// The schema, one migration per version, never edited once shipped.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: reviews, cards, wrong-answer book") { db in
            try db.create(table: "review") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("user", .text).notNull()
                t.column("question", .text).notNull()
                t.column("time", .integer).notNull()
                t.column("rating", .integer).notNull()
                t.column("correct", .boolean).notNull()
                t.column("elapsedMilliseconds", .integer).notNull()
                t.column("answer", .text).notNull()
            }
            try db.create(index: "review_user_question", on: "review", columns: ["user", "question", "time"])
            try db.create(table: "card") { t in
                t.column("user", .text).notNull()
                t.column("question", .text).notNull()
                t.column("phase", .integer).notNull()
                t.column("step", .integer)
                t.column("stability", .double)
                t.column("difficulty", .double)
                t.column("due", .integer).notNull()
                t.column("lastReview", .integer)
                t.primaryKey(["user", "question"])
            }
            try db.create(index: "card_user_due", on: "card", columns: ["user", "due"])
            try db.create(table: "wrongBook") { t in
                t.column("user", .text).notNull()
                t.column("question", .text).notNull()
                t.column("wrongCount", .integer).notNull()
                t.column("lastWrong", .integer).notNull()
                t.column("rightStreak", .integer).notNull()
                t.primaryKey(["user", "question"])
            }
        }
        migrator.registerMigration("v2: exam results, signing key") { db in
            try db.create(table: "examResult") { t in
                t.column("candidate", .text).notNull()
                t.column("paper", .text).notNull()
                t.column("version", .text).notNull()
                t.column("score", .double).notNull()
                t.column("maxScore", .double).notNull()
                t.column("startedAt", .text).notNull()
                t.column("submittedAt", .text).notNull()
                t.column("json", .text).notNull()
                t.primaryKey(["candidate", "paper"])
            }
            try db.create(table: "secret") { t in
                t.column("name", .text).primaryKey()
                t.column("value", .blob).notNull()
            }
        }
        registerLedgerMigration(&migrator)
        registerGameMigration(&migrator)
        registerLedgerDateMigration(&migrator)
        return migrator
    }

    /// Every card state of `user`, by question id.
    public func cards(user: String) throws(StoreError) -> [String: CardState] {
        do {
            // Rows read by position rather than decoded through Codable: practice reads every card at start.
            return try database.read { db in
                var cards: [String: CardState] = [:]
                let rows = try Row.fetchCursor(
                    db, sql: "SELECT question, phase, step, stability, difficulty, due, lastReview FROM card WHERE user = ?", arguments: [user])
                while let row = try rows.next() {
                    cards[row[0]] = CardState(
                        phase: CardPhase(rawValue: row[1]) ?? .learning, step: row[2], stability: row[3], difficulty: row[4],
                        due: Instant(microseconds: row[5]), lastReview: (row[6] as Int64?).map(Instant.init(microseconds:)))
                }
                return cards
            }
        } catch {
            throw StoreError(error)
        }
    }

    /// Moves every user's history (answers, cards, wrong-answer book) from old question ids to new ones
    /// (`renames[old] = new`), in one transaction; a card or book entry the new id already has is kept and the
    /// old one left. Returns how many rows moved. Used when derived ids change (Traditional questions since 0.3).
    @discardableResult
    public func carryHistory(_ renames: [String: String]) throws(StoreError) -> Int {
        guard !renames.isEmpty else { return 0 }
        do {
            return try database.write { db in
                var moved = 0
                for (old, new) in renames.sorted(by: { $0.key < $1.key }) {
                    try db.execute(sql: "UPDATE review SET question = ? WHERE question = ?", arguments: [new, old])
                    moved += db.changesCount
                    for table in ["card", "wrongBook"] {
                        try db.execute(
                            sql: "UPDATE OR IGNORE \(table) SET question = ? WHERE question = ?", arguments: [new, old])
                        moved += db.changesCount
                    }
                }
                return moved
            }
        } catch {
            throw StoreError(error)
        }
    }

    /// Question ids in `user`'s wrong-answer book, most recently wrong first.
    public func wrongBook(user: String) throws(StoreError) -> [WrongBookEntry] {
        do {
            return try database.read { db in
                try WrongBookEntry.filter(Column("user") == user).order(Column("lastWrong").desc).fetchAll(db)
            }
        } catch {
            throw StoreError(error)
        }
    }

    /// `question`'s entry in `user`'s wrong-answer book, or nil when it is not there.
    public func wrongBookEntry(user: String, question: String) throws(StoreError) -> WrongBookEntry? {
        do {
            return try database.read { db in try WrongBookEntry.fetchOne(db, key: ["user": user, "question": question]) }
        } catch {
            throw StoreError(error)
        }
    }

    /// Number of answers `user` has recorded.
    public func reviewCount(user: String) throws(StoreError) -> Int {
        do {
            return try database.read { db in try ReviewRecord.filter(Column("user") == user).fetchCount(db) }
        } catch {
            throw StoreError(error)
        }
    }

    /// Records one answer: the review, the new card state and the wrong-answer book, all or nothing.
    public func record(_ review: ReviewRecord, card: CardState) throws(StoreError) {
        try record([(review, card)])
    }

    /// Records answers in order in one transaction (imports, migrations of histories): all or none.
    public func record(_ answers: [(review: ReviewRecord, card: CardState)]) throws(StoreError) {
        do {
            try database.write { db in
                for (review, card) in answers { try Self.apply(review, card: card, in: db) }
            }
        } catch {
            throw StoreError(error)
        }
    }

    static func apply(_ review: ReviewRecord, card: CardState, in db: Database) throws {
        try review.insert(db)
        try CardRecord(user: review.user, question: review.question, state: card).save(db)
        var entry = try WrongBookEntry.fetchOne(db, key: ["user": review.user, "question": review.question])
        if !review.correct {
            if entry == nil {
                entry = WrongBookEntry(user: review.user, question: review.question, wrongCount: 0, lastWrong: review.time, rightStreak: 0)
            }
            entry!.wrongCount += 1
            entry!.lastWrong = review.time
            entry!.rightStreak = 0
            try entry!.save(db)
        } else if var existing = entry {
            existing.rightStreak += 1
            if existing.rightStreak >= 2 {
                try existing.delete(db)
            } else {
                try existing.save(db)
            }
        }
    }
}

/// An exclusive `flock` on a folder, held while a store is opened and migrated. A lock on the folder, not on the
/// database file: closing any descriptor of the database would drop SQLite's own POSIX locks in this process.
struct FolderLock {
    private let descriptor: Int32

    /// Waits up to `waitingSeconds` for the lock; a folder that cannot be opened is not locked (SQLite then reports
    /// what is wrong with it).
    init(_ folder: String, waitingSeconds: Double) throws(StoreError) {
        descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        let deadline = Date().addingTimeInterval(waitingSeconds)
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR, Date() < deadline else {
                close(descriptor)
                throw StoreError(.busy, description: "the store's folder stays locked by another kaoxue")
            }
            usleep(20_000)
        }
    }

    func release() {
        guard descriptor >= 0 else { return }
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
