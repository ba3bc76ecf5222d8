import ArgumentParser
import QuizModel
import StudyRecords
import StudySession

/// `--store PATH`: the study store of the commands that keep records.
struct StoreOptions: ParsableArguments {
    @Option(help: ArgumentHelp("学习记录数据库路径；默认 KAOXUE_STORE 或 $XDG_DATA_HOME/kaoxue/kaoxue.sqlite (study store path).", valueName: "PATH"))
    var store: String?

    /// `--store`, else `KAOXUE_STORE`, else the XDG default.
    var path: String { store ?? StudyStore.defaultPath() }

    /// The opened store; one that cannot be opened ends the command (exit 2).
    func open(language: DisplayLanguage) throws -> StudyStore {
        do {
            return try StudyStore(path: path)
        } catch {
            Console.fail(language.pick("无法打开学习记录：\(error)", "cannot open the study store: \(error)"), language: language)
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
