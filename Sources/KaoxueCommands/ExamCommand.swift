import ArgumentParser
import BankFormats
import FileIO
import Foundation
import PaperAssembly
import PaperRendering
import QuizModel
import StudyLedger
import StudyRecords
import StudySession

/// `kaoxue exam`: sit a generated paper against the clock; every answer is journaled and survives a crash.
struct ExamCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exam",
        abstract: "考试：限时作答、断电不丢答案、交卷后评分并签名 (timed exam that survives crashes).",
        discussion: """
            命令：:next 下一题（或直接回车） :prev 上一题 :goto N 跳到第 N 题 :flag 标记/取消标记 :clear 清除本题答案
            :review 未答与已标记的题 :time 剩余时间 :submit 交卷（需确认） :help 帮助。交卷前不显示对错。
            时间：从第一次开始计时，按墙上时钟走；程序关闭期间时间照常流逝（与考场一致），再次运行同一命令从原题继续，
            若时间已到则立即以已保存的答案交卷。剩余 5 分钟与 1 分钟时提醒，时间到自动交卷。
            答案逐条写入考试记录并同步到磁盘（fsync），默认位于学习记录数据库旁的 exams/ 文件夹。
            Clock: wall-clock time from the first start; it keeps running while kaoxue is closed. Answers are journaled
            and fsynced before the next prompt; run the same command again to resume.
            """
    )

    @Option(help: ArgumentHelp("试卷：paper.json 或其所在文件夹 (the paper).", valueName: "PATH"))
    var paper: String

    @Option(
        name: .customLong("paper-version"),
        help: ArgumentHelp("试卷版本（A、B…，大小写、全角均可）；默认按考号分配 (paper version, any case; by default chosen from the candidate id).", valueName: "NAME"))
    var version: String?

    @Option(help: "考号 (candidate id).")
    var candidate: String

    @Option(help: ArgumentHelp("把签名的成绩写到这个 JSON 文件 (write the signed result here).", valueName: "FILE"))
    var result: String?

    @OptionGroup var storeOptions: StoreOptions

    @Option(help: ArgumentHelp("考试记录文件；默认在学习记录旁的 exams/ 中 (journal path).", valueName: "PATH"))
    var journal: String?

    @OptionGroup var outputs: OutputOptions

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if candidate.trimmingWhitespace().isEmpty { throw ValidationError("--candidate 不能为空 (must not be empty).") }
    }

    func run() throws {
        let language = global.lang
        let loaded = try CommandInputs.paper(paper, language: language)
        // The result file is written at the end: a name taken by someone else's file is refused before the exam.
        if let result { try Outputs.checkFile(result, force: outputs.force, language: language) }
        // An unknown --paper-version is a usage problem found before anything is created.
        if let version, loaded.paper.version(matching: version) == nil { throw Self.noVersion(version, of: loaded.paper, language: language) }
        let studyStore = try storeOptions.open(language: language)
        let journalPath = journal ?? Self.defaultJournalPath(store: storeOptions.path, paper: loaded.sha256, candidate: candidate)
        let opened: (journal: ExamJournal, events: [ExamEvent])
        do {
            opened = try ExamJournal.open(path: journalPath)
        } catch {
            let line = error.line.map { ":\($0)" } ?? ""
            Console.fail("\(error.path)\(line): " + language.pick(error.chinese, error.english), language: language)
            throw (error.line == nil ? ExitStatus.usageOrIO : ExitStatus.inputErrors).exitCode
        }
        // The system's clock and nothing else: no option or environment a candidate sets moves an exam's start,
        // time left or submission (tests set the process's clock from outside, with libfaketime).
        let clock = SessionClock(fixed: nil)
        let state = try startOrResume(opened, loaded: loaded, clock: clock, language: language)
        guard let chosen = loaded.paper.version(named: state.start.version) else {
            Console.fail(language.pick("试卷没有 \(state.start.version) 卷", "the paper has no version \(state.start.version)"), language: language)
            throw ExitStatus.inputErrors.exitCode
        }
        var runner = ExamRunner(
            paper: loaded.paper, version: chosen, state: state, journal: opened.journal, clock: clock, language: language,
            resumed: opened.events.count > 1)
        guard try runner.run() else { return }
        try finish(runner.state, version: chosen, loaded: loaded, store: studyStore, language: language)
    }

    /// The state from the journal, or a new exam whose start is journaled now.
    func startOrResume(
        _ opened: (journal: ExamJournal, events: [ExamEvent]), loaded: CommandInputs.LoadedPaper, clock: SessionClock, language: DisplayLanguage
    ) throws -> ExamState {
        guard let first = opened.events.first else {
            let versionName = version ?? Self.assignedVersion(candidate: candidate, versions: loaded.paper.versions.map(\.name))
            guard let chosen = loaded.paper.version(matching: versionName) else { throw Self.noVersion(versionName, of: loaded.paper, language: language) }
            let start = ExamStart(
                paper: loaded.sha256, version: chosen.name, candidate: candidate, startedAt: clock.now(),
                limitSeconds: loaded.paper.timeLimitMinutes.map { Int64($0) * 60 })
            try opened.journal.append(event: .start(start), language: language)
            return ExamState(start: start, items: ExamItemShape.of(chosen))
        }
        guard case .start(let start) = first, start.paper == loaded.sha256, start.candidate == candidate else {
            Console.fail(
                language.pick("考试记录 \(opened.journal.path) 属于另一份试卷或另一位考生", "the journal \(opened.journal.path) belongs to another paper or candidate"),
                language: language)
            throw ExitStatus.inputErrors.exitCode
        }
        if let version, loaded.paper.version(matching: version)?.name != start.version {
            Console.fail(
                language.pick("这场考试用的是 \(start.version) 卷，不能换成 \(version) 卷", "this exam was started on version \(start.version), not \(version)"),
                language: language)
            throw ExitStatus.usageOrIO.exitCode
        }
        // The journal's times never go backwards: a clock earlier than its last event would give the
        // candidate back time already spent, so the exam does not go on until the clock is right.
        if let last = opened.events.map(\.time).max(), clock.now() < last {
            Console.fail(
                language.pick(
                    "时钟（\(ISOTime.format(clock.now()))）早于考试记录中最后一次操作（\(ISOTime.format(last))）：考试不能继续，请校正系统时间",
                    "the clock (\(ISOTime.format(clock.now()))) is earlier than the journal's last event (\(ISOTime.format(last))): the exam cannot go on until the clock is right"),
                language: language)
            throw ExitStatus.usageOrIO.exitCode
        }
        // The journal's start must say what the paper (whose hash it carries) says: an edited limit or version is
        // refused, never obeyed.
        let limit = loaded.paper.timeLimitMinutes.map { Int64($0) * 60 }
        guard let chosen = loaded.paper.version(named: start.version), start.limitSeconds == limit else {
            Console.fail(
                "\(opened.journal.path):1: "
                    + language.pick(
                        "考试记录的开始事件与试卷不符（卷别或限时被改动过）：考试不能继续", "the journal's start does not match the paper (its version or time limit was changed): the exam cannot go on"),
                language: language)
            throw ExitStatus.inputErrors.exitCode
        }
        do {
            return try ExamState.replay(opened.events, items: ExamItemShape.of(chosen))
        } catch {
            Console.fail("\(opened.journal.path)\(error.line.map { ":\($0)" } ?? ""): " + language.pick(error.chinese, error.english), language: language)
            throw ExitStatus.inputErrors.exitCode
        }
    }

    /// After submission: mark against `key.csv`, sign, keep in the store, write `--result`, show the score.
    func finish(_ state: ExamState, version: Paper.Version, loaded: CommandInputs.LoadedPaper, store: StudyStore, language: DisplayLanguage) throws {
        guard let keyPath = loaded.keyPath else {
            let expected = (FilePaths.parent(of: loaded.folder) as NSString).appendingPathComponent(PaperOutput.organizerFolder + "/key.csv")
            Console.fail(
                language.pick(
                    "答卷已保存，但找不到答案文件 key.csv（应在 \(expected) 或 paper.json 旁边），无法评分；放好后再运行同一命令即可评分",
                    "the answers are saved but key.csv is missing (expected at \(expected) or beside paper.json); put it there and run the same command to mark them"),
                language: language)
            throw ExitStatus.inputErrors.exitCode
        }
        let key = try CommandInputs.answerKey(keyPath, language: language)
        let marked: (items: [ItemScore], sections: [SectionScore])
        do {
            marked = try ExamGrader().grade(paper: loaded.paper, version: version, answers: state.answers, key: key)
        } catch {
            Console.fail("\(keyPath): " + language.pick(error.chinese, error.english), language: language)
            throw ExitStatus.inputErrors.exitCode
        }
        let submission = state.submitted!
        let unsigned = ExamResult(
            candidate: candidate, paper: .init(title: loaded.paper.title, sha256: loaded.sha256), version: version.name,
            answers: Dictionary(uniqueKeysWithValues: state.answers.map { (String($0.key), $0.value) }),
            score: marked.items.reduce(0) { $0 + $1.score }, maxScore: marked.items.reduce(0) { $0 + $1.points },
            sections: marked.sections, items: marked.items, startedAt: ISOTime.format(state.start.startedAt),
            submittedAt: ISOTime.format(submission.at), submittedBy: submission.reason.rawValue,
            elapsedSeconds: state.secondsUsed, limitSeconds: state.start.limitSeconds)
        let signed: ExamResult
        do {
            signed = try ResultSigner.standard(store: store).sign(unsigned)
            try store.save(signed)
        } catch {
            Console.fail(language.pick("无法保存成绩：\(storeWords(error, language))", "cannot save the result: \(storeWords(error, language))"), language: language)
            throw ExitStatus.usageOrIO.exitCode
        }
        if let result {
            try ResultFile.write(signed, to: result, force: outputs.force, language: language)
        }
        ExamRunner.showResult(signed, language: language)
        try creditLedger(signed, store: store, language: language)
    }

    /// A passed exam adds the rules' exam credit to the ledger, once per paper and candidate.
    func creditLedger(_ result: ExamResult, store: StudyStore, language: DisplayLanguage) throws {
        let percent = result.maxScore > 0 ? result.score / result.maxScore * 100 : 0
        let date = CalendarDate(parsing: result.submittedAt.prefix(10)) ?? CalendarDate.today
        let source = ImportSource(file: "kaoxue exam \(paper)", sha256: result.paper.sha256, time: LedgerInputs.now())
        let outcome: ExamCreditOutcome
        do {
            outcome = try store.recordExamCredits(
                [(candidate, percent)], paperTitle: result.paper.title, paperSHA256: result.paper.sha256, date: date, source: source)
        } catch {
            Console.fail(
                language.pick("成绩已保存，但学时未能计入：\(storeWords(error, language))；再次运行同一命令即可补记", "the result is saved but the credit was not recorded: \(storeWords(error, language)); run the same command again to record it"),
                language: language)
            throw ExitStatus.usageOrIO.exitCode
        }
        // Everyone learns where they stand against the pass mark, not only those who passed.
        let mark = ledgerNumber(outcome.passPercent) + "%"
        let scored = ledgerNumber((percent * 100).rounded() / 100) + "%"
        guard percent >= outcome.passPercent else {
            Console.out(language.pick("未通过：得分率 \(scored)，及格线 \(mark)", "Not passed: \(scored) scored, the pass mark is \(mark)"))
            return
        }
        if outcome.credited > 0 {
            Console.out(language.pick("考试通过（及格线 \(mark)），计入学时 \(ledgerNumber(outcome.hours))", "Passed (pass mark \(mark)): \(ledgerNumber(outcome.hours)) 学时 recorded"))
        } else if !outcome.unregistered.isEmpty {
            Console.out(
                language.pick(
                    "考试通过（及格线 \(mark)），但“\(candidate)”不在人员名册中，未计入学时（kaoxue credits people）",
                    "Passed (pass mark \(mark)), but \(candidate) is not in the register of people: no credit recorded (kaoxue credits people)"))
        } else {
            Console.out(language.pick("考试通过（及格线 \(mark)）", "Passed (pass mark \(mark))"))
        }
    }

    /// `<store folder>/exams/<paper hash, 16 digits>-<candidate>.journal`; a candidate id with characters unfit for
    /// a file name is replaced by its hash.
    static func defaultJournalPath(store: String, paper: String, candidate: String) -> String {
        let name = SessionInput.fileName(forID: candidate)
        let folder = (FilePaths.parent(of: store) as NSString).appendingPathComponent("exams")
        return (folder as NSString).appendingPathComponent("\(paper.prefix(16))-\(name).journal")
    }

    /// Says that `paper` has no version `name` and returns the exit code (a usage problem).
    static func noVersion(_ name: String, of paper: Paper, language: DisplayLanguage) -> ExitCode {
        Console.fail(
            language.pick(
                "试卷没有 \(name) 卷（有 \(paper.versions.map(\.name).joined(separator: "、"))）",
                "the paper has no version \(name) (it has \(paper.versions.map(\.name).joined(separator: ", ")))"),
            language: language)
        return ExitStatus.usageOrIO.exitCode
    }

    /// The version a candidate sits when none is given: FNV-1a of the id modulo the number of versions, so the
    /// same candidate always gets the same version and neighbours in a list usually do not.
    static func assignedVersion(candidate: String, versions: [String]) -> String {
        guard !versions.isEmpty else { return "A" }
        return versions[Int(FNV1a.hash(candidate) % UInt64(versions.count))]
    }
}

/// Writing result files whole, never over a file kaoxue did not write (unless `--force`).
enum ResultFile {
    static func write(_ result: ExamResult, to path: String, force: Bool, language: DisplayLanguage) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
        var data = try encoder.encode(result)
        data.append(0x0A)
        try Outputs.writeFile(path, data, force: force, language: language)
    }
}

extension ExamJournal {
    /// Appends `event` (on disk when this returns); a journal that cannot be written ends the command (exit 2),
    /// since the exam could no longer promise to keep the answers.
    func append(event: ExamEvent, language: DisplayLanguage) throws {
        do {
            try append(event)
        } catch {
            Console.fail("\(error.path): " + language.pick(error.chinese, error.english), language: language)
            throw ExitStatus.usageOrIO.exitCode
        }
    }
}
