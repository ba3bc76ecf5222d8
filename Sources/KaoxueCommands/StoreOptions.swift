import ArgumentParser
import Foundation
import QuizModel
import StudyRecords
import StudySession

/// `--store PATH`: the study store of the commands that keep records.
struct StoreOptions: ParsableArguments {
    @Option(help: ArgumentHelp("学习记录数据库路径；默认 KAOXUE_STORE 或 $XDG_DATA_HOME/kaoxue/kaoxue.sqlite (study store path).", valueName: "PATH"))
    var store: String?

    /// `--store`, else `KAOXUE_STORE`, else the XDG default.
    var path: String { store ?? StudyStore.defaultPath() }

    /// The opened store, created when it does not exist yet (said once, on standard error); one that cannot be
    /// opened ends the command (exit 2). For commands that write records.
    func open(language: DisplayLanguage) throws -> StudyStore {
        let path = path
        let isNew = !FileManager.default.fileExists(atPath: path)
        let store = try opened(path, language: language)
        if isNew { Self.sayCreated(path, language: language) }
        return store
    }

    /// Says once, on standard error, that a new study store was made at `path`.
    static func sayCreated(_ path: String, language: DisplayLanguage) {
        Console.err(language.pick("已新建学习记录：\(path)", "created the study store \(path)"))
    }

    /// The existing store, for commands that only read: a store that does not exist is an error naming its path
    /// (exit 2) — a mistyped `--store` must not quietly create an empty one and report nothing.
    func openExisting(language: DisplayLanguage) throws -> StudyStore {
        let path = path
        guard FileManager.default.fileExists(atPath: path) else {
            Console.fail(
                language.pick(
                    "学习记录“\(path)”不存在：请检查 --store 或 KAOXUE_STORE（只读的命令不会新建学习记录）",
                    "the study store \(path) does not exist: check --store or KAOXUE_STORE (commands that only read create none)"),
                language: language)
            throw ExitStatus.usageOrIO.exitCode
        }
        return try opened(path, language: language)
    }

    private func opened(_ path: String, language: DisplayLanguage) throws -> StudyStore {
        do {
            return try StudyStore(path: path)
        } catch {
            Console.fail(language.pick("无法打开学习记录“\(path)”：\(error.words(language))", "cannot open the study store \(path): \(error.words(language))"), language: language)
            throw ExitStatus.usageOrIO.exitCode
        }
    }
}

/// `--now TIME`: a fixed "now" for scripted runs and tests of the commands that keep time.
struct ClockOptions: ParsableArguments {
    @Option(help: ArgumentHelp("以此时间代替当前时间，ISO 8601（用于回放与测试）(use this time as now).", valueName: "TIME"))
    var now: String?

    func validate() throws {
        if let now, ISOTime.parse(now) == nil { throw ValidationError("--now: an ISO 8601 time such as 2026-11-21T09:00:00Z") }
    }

    /// The real clock, or `--now` advanced by the real time elapsed since the start.
    var clock: SessionClock { SessionClock(fixed: now.flatMap(ISOTime.parse)) }
}

/// The reason a store call failed, in the user's language: a `StoreError`'s words, else a generic phrase.
func storeWords(_ error: any Error, _ language: DisplayLanguage) -> String {
    (error as? StoreError)?.words(language) ?? language.pick("数据库出错", "a database error")
}
