import ArgumentParser
import BankFormats
import FileIO
import Foundation
import QuizGames
import QuizModel
import RulesFiles
import StudyLedger
import StudyRecords
import StudySession

/// `kaoxue contest`: the host console of a knowledge contest (知识竞赛).
struct ContestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contest",
        abstract: "知识竞赛主持台：必答、抢答、风险、同分加赛，大字记分牌 (host console for knowledge contests).",
        discussion: """
            主持人命令（单键或词，Tab 补全）：n 下一题  s 开始（抢答）  b 队 抢答  f 队 犯规  c 分值 选分（风险）
            r 答对  w 答错  v 作废  u 撤销上一判定  a 显示答案  sb 记分牌  p 暂停  resume 继续  end 结束比赛  q 离开
            队伍可用序号、名称或名称开头；抢答时直接输入队伍即为抢答，风险题选分时直接输入分值。
            每个事件写入日志（--log）并落盘后才继续；程序中断后用同样的命令重新运行即从中断处继续。
            标准输入不是终端时逐行读取命令（脚本、测试）。默认规则见 kaoxue contest --print-rules。
            Host keys: n next, s start (buzz-in), b TEAM buzz, f TEAM foul, c VALUE choose, r right, w wrong, v void,
            u undo, a answer, sb scoreboard, p pause, resume, end, q leave (resume later with the same command).
            """
    )

    @Option(name: .long, help: ArgumentHelp("题库文件或文件夹，可重复；默认 QuestionBanks (bank paths).", valueName: "PATH"))
    var bank: [String] = []

    @Option(help: ArgumentHelp("参赛队伍，用逗号或顿号分隔 (teams, comma-separated).", valueName: "一队,二队,三队"))
    var teams: String?

    @Option(help: ArgumentHelp("竞赛规则 YAML，默认内置预设 (rules file; default the built-in preset).", valueName: "FILE"))
    var rules: String?

    @Option(help: "抽题种子；默认取当前时间 (seed of the question draw).")
    var seed: UInt64?

    @Option(help: ArgumentHelp("事件日志；用同一日志再次运行即继续比赛 (event log; run again with it to resume).", valueName: "FILE"))
    var log: String = "Reports/contest.jsonl"

    @Option(help: ArgumentHelp("比赛结束时写出成绩：.json、.csv（另有 -rulings.csv）或 .md，可重复 (result files).", valueName: "FILE"))
    var result: [String] = []

    @Option(
        help: ArgumentHelp(
            "队员名单 CSV 或 .xlsx（team,person_id 或 队伍,人员编号）：结束时按队伍名次把积分记入台账 (team members: points in the ledger).",
            valueName: "FILE"))
    var members: String?

    @Flag(name: .customLong("print-rules"), help: "打印内置规则预设后退出 (print the preset rules).")
    var printRules = false

    @OptionGroup var storeOptions: StoreOptions

    @OptionGroup var clockOptions: ClockOptions
    @OptionGroup var outputs: OutputOptions
    @OptionGroup var csv: CSVOptions
    @OptionGroup var global: GlobalOptions

    /// Team names from `--teams`, split at commas (ASCII or full-width) and 、.
    var teamNames: [String]? {
        teams.map { $0.split(whereSeparator: { ",，、".contains($0) }).map { String($0).trimmingWhitespace() } }
    }

    func validate() throws {
        for path in result where ContestResultFile.Format(path: path) == nil {
            throw ValidationError("--result: \(path) — .json, .csv or .md")
        }
    }

    func run() throws {
        let language = global.lang
        if printRules {
            Console.out(ContestRules.presetYAML)
            return
        }
        // The result files are written when the contest ends: a name taken by someone else's file is refused now.
        for path in result { try ContestResultFile.check(path, outputs: outputs, language: language) }
        let questions = try CommandInputs.bank(try CommandInputs.bankPaths(bank, language: language), language: language).bank.questions
        let fingerprint = Self.fingerprint(questions)
        let clock = clockOptions.clock
        func fail(_ chinese: String, _ english: String, _ status: ExitStatus) -> ExitCode {
            Console.fail(language.pick(chinese, english), language: language)
            return status.exitCode
        }

        var contest: Contest
        let journal: EventJournal<ContestEvent>
        let resumed: Bool
        var memberLedger: ContestMemberPoints?
        // A log holding events is a contest to resume; an empty one (a crash before the start was written) is reused.
        var opened: (journal: EventJournal<ContestEvent>, events: [ContestEvent])?
        if FileManager.default.fileExists(atPath: log) {
            // Opening drops an unfinished last line (a crash's); a file whose complete first line is not a contest's
            // start is someone else's and is left untouched.
            guard Self.mayBeContestLog(log) else {
                throw fail("\(log) 不是比赛日志（第一行应为开始事件）；请用 --log 指定另一个文件", "\(log) is not a contest log (its first line is not a start event); choose another --log", .inputErrors)
            }
            do {
                opened = try EventJournal<ContestEvent>.open(path: log)
            } catch {
                throw fail("比赛日志 \(log)：\(error.chinese)", "contest log \(log): \(error.english)", .usageOrIO)
            }
        }
        if let opened, !opened.events.isEmpty {
            journal = opened.journal
            contest = try resume(opened.events, questions: questions, fingerprint: fingerprint, language: language)
            memberLedger = try memberPoints(contest, key: "\(contest.seed):\(opened.events.first?.time ?? "")", language: language)
            resumed = true
        } else {
            // Everything is checked before the log is created: a refused start leaves no file behind.
            guard let names = teamNames else {
                throw fail("请用 --teams 给出参赛队伍，如 --teams 一队,二队,三队", "name the teams with --teams, e.g. --teams A,B,C", .usageOrIO)
            }
            do {
                try Contest.checkTeams(names)  // a wrong --teams is a usage problem (exit 2)
            } catch {
                throw fail(error.chinese, error.english, .usageOrIO)
            }
            let (contestRules, yaml) = try readRules(language: language)
            let drawSeed = seed ?? UInt64(bitPattern: clock.seedTime.microseconds)
            do {
                contest = try Contest(rules: contestRules, teams: names, questions: questions, seed: drawSeed)
            } catch {
                throw fail(error.chinese, error.english, .inputErrors)
            }
            let startTime = ISOTime.format(clock.now())
            memberLedger = try memberPoints(contest, key: "\(drawSeed):\(startTime)", language: language)
            do {
                if let reused = opened?.journal { journal = reused } else { journal = try EventJournal<ContestEvent>.open(path: log).journal }
                try journal.append(ContestEvent(.start, time: startTime, teams: names, seed: drawSeed, rules: yaml, bank: fingerprint))
            } catch {
                throw fail("无法写入比赛日志 \(log)：\(error.chinese)", "cannot write the contest log \(log): \(error.english)", .usageOrIO)
            }
            resumed = false
        }
        var console = ContestConsole(
            contest: contest, journal: journal, clock: clock, language: language, results: (result, outputs, csv.encoding), logPath: log, memberPoints: memberLedger)
        try console.run(resumed: resumed)
    }

    /// The contest the log holds, replayed; the command line must not contradict it.
    func resume(_ events: [ContestEvent], questions: [Question], fingerprint: String, language: DisplayLanguage) throws -> Contest {
        func fail(_ chinese: String, _ english: String, _ status: ExitStatus = .usageOrIO) -> ExitCode {
            Console.fail(language.pick(chinese, english), language: language)
            return status.exitCode
        }
        guard let start = events.first, start.kind == .start, let names = start.teams, let yaml = start.rules, let logSeed = start.seed else {
            throw fail("\(log) 不是比赛日志（第一行应为开始事件）", "\(log) is not a contest log (the first line is not a start event)", .inputErrors)
        }
        if let given = teamNames, given != names {
            throw fail(
                "日志 \(log) 属于另一场比赛（队伍：\(names.joined(separator: "、"))）；新比赛请用 --log 指定另一个文件",
                "the log \(log) belongs to another contest (teams: \(names.joined(separator: ", "))); give a new contest another --log")
        }
        if let seed, seed != logSeed { throw fail("--seed 与日志中的种子 \(logSeed) 不同", "--seed differs from the log's seed \(logSeed)") }
        if rules != nil, try readRules(language: language).yaml != yaml {
            throw fail("--rules 与日志中的规则不同；比赛按日志中的规则继续，请去掉 --rules", "--rules differs from the rules in the log; drop --rules to resume")
        }
        let contestRules: ContestRules
        do {
            contestRules = try ContestRules.read(yaml: yaml)
        } catch {
            for diagnostic in error.diagnostics { Console.err(diagnostic.rendered(file: "\(log)#rules", language: language)) }
            throw ExitStatus.inputErrors.exitCode
        }
        if start.bank != fingerprint {
            Console.err(
                language.pick(
                    "kaoxue: 警告：题库与比赛开始时不同；已出的题目按编号查找，之后的抽题会不同",
                    "kaoxue: warning: the bank differs from the one the contest began with; shown questions are found by id, later draws differ"))
        }
        var contest: Contest
        do {
            contest = try Contest(rules: contestRules, teams: names, questions: questions, seed: logSeed)
        } catch {
            throw fail(error.chinese, error.english, .inputErrors)
        }
        for (index, event) in events.enumerated().dropFirst() {
            do {
                try contest.apply(event)
            } catch {
                throw fail(
                    "\(log):\(index + 1): 无法重放：\(error.chinese)", "\(log):\(index + 1): cannot replay: \(error.english)", .inputErrors)
            }
        }
        return contest
    }

    /// `--members` read and checked against the teams, with the store the points go to; nil without `--members`.
    func memberPoints(_ contest: Contest, key: String, language: DisplayLanguage) throws -> ContestMemberPoints? {
        guard let members else { return nil }
        guard let rule = contest.rules.memberPoints else {
            Console.fail(language.pick("规则中没有 memberPoints，队员积分无从计算", "the rules have no memberPoints: no points for members"), language: language)
            throw ExitStatus.inputErrors.exitCode
        }
        let table = try LedgerInputs.table(members, language: language).table
        let list = try LedgerInputs.rows(LedgerTables.teamMembers(table, teams: contest.teams), file: members, language: language)
        return ContestMemberPoints(store: try storeOptions.open(language: language), members: list, rule: rule, key: key)
    }

    /// The rules from `--rules` (every problem located) or the preset, with their YAML text for the log.
    func readRules(language: DisplayLanguage) throws -> (rules: ContestRules, yaml: String) {
        guard let path = rules else { return (.preset, ContestRules.presetYAML) }
        let yaml = String(decoding: try CommandInputs.readFile(path, language: language), as: UTF8.self)
        do {
            return (try ContestRules.read(yaml: yaml), yaml)
        } catch {
            for diagnostic in error.diagnostics { Console.err(diagnostic.rendered(file: path, language: language)) }
            throw ExitStatus.inputErrors.exitCode
        }
    }

    /// Whether the file at `path` is empty, holds only an unfinished first line, or begins with a contest's start event.
    static func mayBeContestLog(_ path: String) -> Bool {
        // What cannot be opened as a regular file is left to the journal, which says why (a FIFO is not waited on).
        guard let (descriptor, _) = try? InputFile.open(path, maximumBytes: InputFile.maximumWholeBytes) else { return true }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        let head = (try? handle.read(upToCount: 1 << 20)) ?? Data()
        guard let newline = head.firstIndex(of: UInt8(ascii: "\n")) else { return head.count < 1 << 20 }
        let event = try? JSONDecoder().decode(ContestEvent.self, from: head[..<newline])
        return event?.kind == .start
    }

    /// The bank's identity: a hash of its question ids.
    static func fingerprint(_ questions: [Question]) -> String {
        String(FNV1a.hash(questions.map(\.id).sorted().joined(separator: "\n")), radix: 16)
    }
}

/// Team members' points for the ledger when the contest ends: each member gets the rule's points for the team's
/// rank, as one entry per member and contest (`contest:<seed>:<start>:<person>`), so recording twice adds nothing.
struct ContestMemberPoints {
    let store: StudyStore
    let members: [(team: String, person: String)]
    let rule: ContestRules.MemberPoints
    let key: String

    func record(_ result: ContestResult, date: CalendarDate, language: DisplayLanguage) throws {
        let registered = try LedgerInputs.knownPeople(store, language: language)
        let rank = Dictionary(result.teams.map { ($0.name, $0.rank) }, uniquingKeysWith: { first, _ in first })
        var entries: [PointEntry] = []
        var unregistered: [String] = []
        for (index, member) in members.enumerated() {
            guard registered.contains(member.person) else {
                unregistered.append(member.person)
                continue
            }
            let points = rule.points(rank: rank[member.team] ?? result.teams.count)
            guard points != 0 else { continue }
            entries.append(
                PointEntry(
                    entryID: "contest:\(key):\(member.person)", person: member.person, date: date, category: rule.category, item: rule.item, points: points,
                    note: "\(result.contest) \(member.team) 第\(rank[member.team] ?? 0)名", sourceRow: index + 2))
        }
        if !entries.isEmpty {
            let outcome = try LedgerInputs.storeCall(language) { () throws(StoreError) in
                try store.importPoints(entries, source: ImportSource(file: "kaoxue contest", sha256: "", time: LedgerInputs.now()), policy: .keep, dryRun: false)
            }
            Console.out(
                language.pick(
                    "队员积分已记入台账（\(rule.category)/\(rule.item)）：新增 \(outcome.added) 人，已记过 \(outcome.duplicates + outcome.kept) 人",
                    "Members' points in the ledger (\(rule.category)/\(rule.item)): \(outcome.added) added, \(outcome.duplicates + outcome.kept) recorded before"))
        }
        if !unregistered.isEmpty {
            Console.out(
                language.pick(
                    "不在人员名册中，未记积分：\(unregistered.joined(separator: "、"))", "not in the register, no points: \(unregistered.joined(separator: ", "))"))
        }
    }
}

/// A `--result` file: JSON, CSV (standings, with the rulings beside it) or Markdown.
enum ContestResultFile {
    enum Format { case json, csv, markdown }

    /// Writes the file at `path` (with the rulings beside a CSV), both or neither.
    static func write(_ result: ContestResult, to path: String, outputs: OutputOptions, csv: CSVEncoding, language: DisplayLanguage) throws {
        let name = (path as NSString).lastPathComponent
        let files: [OutputFile]
        switch Format(path: path) {
        case .json: files = [.data(name, Data(try result.json()) + Data("\n".utf8))]
        case .csv:
            files = [csv.file(name, result.standingsCSV(language: language)), csv.file(rulingsPath(name), result.rulingsCSV(language: language))]
        case .markdown: files = [.data(name, Data(result.markdown(language: language).utf8))]
        case nil: return
        }
        try Outputs.write(files, into: OutputFolder.split(path).folder, set: set(path), force: outputs.force, language: language)
    }

    /// Before the contest starts: whether the files of `path` could be written at its end.
    static func check(_ path: String, outputs: OutputOptions, language: DisplayLanguage) throws {
        let name = (path as NSString).lastPathComponent
        let names = Format(path: path) == .csv ? [name, rulingsPath(name)] : [name]
        do {
            try OutputFolder(OutputFolder.split(path).folder).check(set: set(path), names: names, force: outputs.force)
        } catch {
            throw Outputs.fail(error, language: language)
        }
    }

    /// The output set of one result file.
    static func set(_ path: String) -> String { "contest result " + (path as NSString).lastPathComponent }

    /// `result.csv` → `result-rulings.csv`.
    static func rulingsPath(_ path: String) -> String { String(path.dropLast(4)) + "-rulings.csv" }
}

extension ContestResultFile.Format {
    init?(path: String) {
        switch (path as NSString).pathExtension.lowercased() {
        case "json": self = .json
        case "csv": self = .csv
        case "md", "markdown": self = .markdown
        default: return nil
        }
    }
}
