import BankFormats
import Foundation
import QuizGames
import QuizModel
import StudySession
import TerminalIO

/// The host's console: reads commands (readline on a terminal, lines from a script otherwise), logs each event
/// before it takes effect, shows questions, countdowns and the scoreboard.
struct ContestConsole {
    var contest: Contest
    let journal: EventJournal<ContestEvent>
    let clock: SessionClock
    let language: DisplayLanguage
    /// The `--result` files, how to write them and in which CSV encoding.
    let results: (paths: [String], outputs: OutputOptions, csv: CSVEncoding)
    let logPath: String
    let memberPoints: ContestMemberPoints?
    let colour = TerminalStyle.colourAllowed(on: .standardOutput)
    /// The terminal's width now (read again each time: a resized window wraps later output to its new width).
    var width: Int { Terminal.columns }

    /// The answer countdown: when it began (monotonic seconds), its length, and whether it was announced as over.
    var countdown: (start: Double, seconds: Int, announced: Bool)?
    var pausedAt: Double?

    init(
        contest: Contest, journal: EventJournal<ContestEvent>, clock: SessionClock, language: DisplayLanguage,
        results: (paths: [String], outputs: OutputOptions, csv: CSVEncoding), logPath: String,
        memberPoints: ContestMemberPoints?
    ) {
        self.memberPoints = memberPoints
        self.contest = contest
        self.journal = journal
        self.clock = clock
        self.language = language
        self.results = results
        self.logPath = logPath
    }

    mutating func run(resumed: Bool) throws {
        let input = SessionInput(completions: HostInput.words + contest.teams, colour: colour)
        say(
            language.pick(
                "考学知识竞赛 · \(contest.rules.name) · \(contest.teams.joined(separator: " / ")) · help 查看命令",
                "kaoxue contest · \(contest.rules.name) · \(contest.teams.joined(separator: " / ")) · help for commands"
            ), .emphasis)
        if contest.state.confirmed {
            // Confirmed before: the same standings, the result files written again.
            showBoard()
            showStandings()
            try writeResults()
            return
        }
        if contest.state.phase == .finished {
            // Finished but never confirmed (the host left at the confirmation): the standings, then the question.
            showBoard()
            showStandings()
        } else if resumed {
            say(
                language.pick(
                    "从日志 \(logPath) 恢复：已出 \(contest.shown.count) 题。",
                    "Resumed from \(logPath): \(contest.shown.count) questions shown."), .note)
            showBoard()
            if case .asking(let asking) = contest.state.phase { showQuestion(asking) } else { announceRound() }
        } else {
            announceRound()
        }
        while true {
            let finished = contest.state.phase == .finished
            let ticking = countdown != nil && pausedAt == nil && input.isTerminal && !finished
            let prompt =
                finished
                ? language.pick(
                    "比赛结束：输入 是（y）确认成绩，undo 撤销上一判定> ",
                    "Contest over: y confirms the results, undo takes back the last ruling> ")
                : prompt(live: input.isTerminal)
            switch input.source.readLine(prompt: input.styledPrompt(prompt), timeout: ticking ? 0.5 : nil) {
            case .timeout:
                announceTimeUp(input.source)
                continue
            case .end, .interrupt:
                // Neither Ctrl-D nor Ctrl-C confirms: a finished contest's results wait in the log for the host's 是.
                leave()
                return
            case .line(let line):
                if finished {
                    if case .success(.contest(.undo)) = HostInput.parse(line, contest: contest) {
                        try carryOut(.undo)
                        continue
                    }
                    // Only an explicit yes makes the results final: Enter alone (one too many) changes nothing.
                    guard SessionInput.confirms(line) else {
                        say(language.pick("成绩尚未确认。", "The results are not confirmed yet."), .note)
                        continue
                    }
                    try carryOut(.confirm)
                    try writeResults()
                    return
                }
                switch HostInput.parse(line, contest: contest) {
                case .failure(let problem): warn(problem)
                case .success(let hostInput):
                    switch hostInput {
                    case .nothing: break
                    case .help: Console.out(help())
                    case .board: showBoard()
                    case .answer:
                        // While a question is open the answer would end it for everyone: asked first.
                        if case .asking = contest.state.phase {
                            let ask = language.pick(
                                "题目还在作答中，现在公布答案？(是/y 公布，其他取消) ",
                                "The question is still open: show the answer now? (y shows it) ")
                            guard case .line(let reply) = input.source.readLine(prompt: ask, timeout: nil),
                                SessionInput.confirms(reply)
                            else {
                                say(language.pick("未公布答案", "The answer was not shown"))
                                break
                            }
                        }
                        showAnswer()
                    case .pause:
                        if pausedAt == nil { pausedAt = StandardInput.monotonicSeconds() }
                        say(language.pick("已暂停（resume 继续）", "Paused (resume to go on)"))
                    case .resume:
                        if let paused = pausedAt, let running = countdown {
                            countdown = (
                                running.start + StandardInput.monotonicSeconds() - paused, running.seconds,
                                running.announced
                            )
                        }
                        pausedAt = nil
                        say(language.pick("继续", "Go on"))
                    case .quit:
                        leave()
                        return
                    case .contest(let command):
                        try carryOut(command)
                    }
                }
            }
        }
    }

    /// Turns `command` into events, checks them on a copy, logs them (fsync) and only then applies them.
    mutating func carryOut(_ command: HostCommand) throws {
        let before = contest
        switch contest.events(for: command, time: ISOTime.format(clock.now())) {
        case .failure(let problem):
            warn(problem)
        case .success(let events):
            var trial = contest
            do {
                for event in events { try trial.apply(event) }
            } catch {
                warn(error)
                return
            }
            for event in events {
                do {
                    try journal.append(event)
                } catch {
                    Console.fail(
                        language.pick("无法写入比赛日志：\(error.chinese)", "cannot write the contest log: \(error.english)"),
                        language: language)
                    throw ExitStatus.usageOrIO.exitCode
                }
            }
            contest = trial
            for event in events { describe(event, before: before) }
        }
    }

    // MARK: - Showing what happened

    mutating func describe(_ event: ContestEvent, before: Contest) {
        let state = contest.state
        func team(_ index: Int?) -> String { index.map { contest.teams[$0] } ?? "" }
        switch event.kind {
        case .start: break
        case .question:
            guard case .asking(let asking) = state.phase else { return }
            showQuestion(asking)
        case .open:
            say(language.pick("开始！请抢答", "Go! Buzz in"), .emphasis)
        case .buzz:
            guard case .asking(let asking) = state.phase else { return }
            say(
                language.pick(
                    "\(team(event.team)) 抢答，请作答（\(asking.seconds) 秒）",
                    "\(team(event.team)) buzzed: answer within \(asking.seconds) s"), .emphasis)
            startCountdown(asking.seconds)
        case .foul:
            countdown = nil
            let index = event.team ?? 0
            let penalty = state.rulings.last?.points ?? 0
            say(
                language.pick(
                    "⚠ \(team(index)) 抢答犯规 \(penalty) → \(state.scores[index])；本题作废",
                    "⚠ \(team(index)) buzzed early: \(penalty) → \(state.scores[index]); the question is void"),
                .warning)
            if contest.barred.contains(index) {
                say(
                    language.pick(
                        "\(team(index)) 本轮犯规 \(state.fouls[index]) 次，不得再抢答",
                        "\(team(index)) has \(state.fouls[index]) fouls: barred for the round"))
            }
        case .choose:
            let value = contest.currentRound?.values.first { $0.points == event.points }
            say(
                language.pick(
                    "\(team(contest.teamOnTurn)) 选择 \(event.points ?? 0) 分题（\(value?.seconds ?? 0) 秒）；n 出题",
                    "\(team(contest.teamOnTurn)) chose \(event.points ?? 0) points (\(value?.seconds ?? 0) s); n shows the question"
                ))
        case .right, .wrong:
            countdown = nil
            guard let ruling = state.rulings.last, let index = ruling.team else { return }
            let change = ruling.points > 0 ? "+\(ruling.points)" : String(ruling.points)
            if event.kind == .right {
                say(
                    language.pick(
                        "✔ \(team(index)) 答对 \(change) → \(state.scores[index])",
                        "✔ \(team(index)) right \(change) → \(state.scores[index])"), .caret)
            } else {
                say(
                    language.pick(
                        "✘ \(team(index)) 答错 \(change) → \(state.scores[index])",
                        "✘ \(team(index)) wrong \(change) → \(state.scores[index])"), .error)
            }
        case .pass:
            countdown = nil
            say(language.pick("无人抢答，本题不计分", "Nobody answered; no points"))
        case .void:
            countdown = nil
            say(language.pick("本题作废，换题", "The question is void; another replaces it"), .warning)
        case .undo:
            countdown = nil
            say(language.pick("已撤销上一判定", "The last ruling is undone"), .warning)
            Console.out(compactScores())
            if case .asking(let asking) = state.phase {
                let number = (contest.shown.firstIndex(of: asking.question) ?? contest.shown.count - 1) + 1
                let stem = contest.question(asking.question).map { ReadableText.excerpt($0.stem) } ?? ""
                say(
                    language.pick(
                        "第 \(number) 题“\(stem)”重新待判定\(asking.responder.map { "（\(team($0))）" } ?? "")",
                        "question \(number) (\(stem)) awaits a ruling again\(asking.responder.map { " (\(team($0)))" } ?? "")"
                    ))
            }
        case .end:
            countdown = nil
            say(language.pick("主持人宣布比赛结束", "The host ended the contest"), .emphasis)
        case .confirm:
            say(language.pick("成绩已确认", "The results are confirmed"), .emphasis)
        }
        // A new round, sudden death, a risk choice, or the end.
        if event.kind != .undo, state.phase != .finished,
            state.round != before.state.round || (state.phase == .choosing && before.state.phase != .choosing)
        {
            if state.round != before.state.round { showBoard() }
            announceRound()
        } else if contest.currentRound == nil, state.phase != .finished, state.tied != before.state.tied,
            !state.tied.isEmpty
        {
            // Within sudden death the group playing changed (a place was decided, or an undo brought a group back).
            showBoard()
            announceRound()
        }
        if event.kind != .undo, state.phase == .finished, before.state.phase != .finished {
            showBoard()
            showStandings()
        }
    }

    /// The round's banner and what the host does next.
    func announceRound() {
        let state = contest.state
        guard let round = contest.currentRound else {
            let rule = contest.rules.suddenDeath
            let tied = state.tied.map { contest.teams[$0] }.joined(separator: "、")
            // The place the group plays for: one after every team placed above it.
            let place = 1 + contest.places.prefix { !$0.contains(state.tied.first ?? -1) }.reduce(0) { $0 + $1.count }
            say(
                language.pick(
                    "—— 同分加赛：\(tied) 争第 \(place) 名（只有这些队可以抢答；抢答，答对 +\(rule.points)\(rule.deductWrong ? "，答错 −\(rule.points)" : "")）——",
                    "—— Sudden death: \(tied) for place \(place) (only they may buzz; right +\(rule.points)\(rule.deductWrong ? ", wrong −\(rule.points)" : "")) ——"
                ), .emphasis)
            return
        }
        if state.turn == 0, isRoundStart {
            let number = state.round + 1
            var rule: String
            switch round.kind {
            case .mustAnswer:
                rule = language.pick(
                    "各队依次作答，每队 \(round.questionsPerTeam) 题，答对 +\(round.points)\(round.deductWrong ? "，答错 −\(round.points)" : "，答错不扣分")，限时 \(round.seconds) 秒",
                    "teams answer in turn, \(round.questionsPerTeam) each, right +\(round.points)\(round.deductWrong ? ", wrong −\(round.points)" : ", no deduction"), \(round.seconds) s"
                )
            case .buzzIn:
                rule = language.pick(
                    "共 \(round.questions) 题，说“开始”(s) 后抢答，答对 +\(round.points)\(round.deductWrong ? "，答错 −\(round.points)" : "")，限时 \(round.seconds) 秒；提前抢答犯规 −\(round.earlyBuzzPenalty)",
                    "\(round.questions) questions, buzz after start (s), right +\(round.points)\(round.deductWrong ? ", wrong −\(round.points)" : ""), \(round.seconds) s; early buzz −\(round.earlyBuzzPenalty)"
                )
                if let limit = round.foulLimit {
                    rule += language.pick("，犯规 \(limit) 次不得再抢答", ", barred after \(limit) fouls")
                }
            case .risk:
                let values = round.values.map { "\($0.points)/\($0.seconds)s" }.joined(separator: " ")
                rule = language.pick(
                    "每队 \(round.questionsPerTeam) 题，自选分值（\(values)）\(round.deductWrong ? "，答错扣除所选分值" : "")；选题顺序：\(state.order.map { contest.teams[$0] }.joined(separator: "、"))",
                    "\(round.questionsPerTeam) per team, choose a value (\(values))\(round.deductWrong ? ", wrong loses it" : ""); order: \(state.order.map { contest.teams[$0] }.joined(separator: ", "))"
                )
            }
            say(
                language.pick(
                    "—— 第 \(number) 轮 \(round.name)：\(rule) ——", "—— Round \(number) \(round.name): \(rule) ——"),
                .emphasis)
        }
        if state.phase == .choosing, let team = contest.teamOnTurn {
            let values = round.values.map { String($0.points) }.joined(separator: " / ")
            say(
                language.pick(
                    "请 \(contest.teams[team]) 选择分值：\(values)（c 分值）",
                    "\(contest.teams[team]) chooses a value: \(values) (c VALUE)"))
        }
    }

    /// Whether nothing has been ruled in the current round yet.
    var isRoundStart: Bool { !contest.state.rulings.contains { $0.round == contest.state.round && $0.kind != .foul } }

    mutating func showQuestion(_ asking: ContestState.Asking) {
        guard let question = contest.question(asking.question) else { return }
        let state = contest.state
        let roundName = contest.roundName(state.round, language: language)
        var header = "\n" + roundName
        if let total = contest.turnsInRound {
            header += language.pick(" 第 \(state.turn + 1)/\(total) 题", " \(state.turn + 1)/\(total)")
        }
        header +=
            " · " + question.type.name(in: language) + " · "
            + language.pick("\(asking.points) 分", "\(asking.points) points")
        if let team = asking.responder {
            header +=
                " · "
                + language.pick(
                    "\(contest.teams[team]) 作答 · \(asking.seconds) 秒",
                    "\(contest.teams[team]) answers · \(asking.seconds) s")
        }
        say(header, .note)
        let item = PracticeItem(question: question)
        for line in QuestionView.body(
            stem: question.stem, options: item.options, type: question.type, blanks: item.blankCount,
            width: min(width, 100), language: language,
            typing: false)
        {
            Console.out(line)
        }
        // The host's next key is on the prompt (待开始 · s 开始), not under the question the audience reads.
        if asking.responder != nil { startCountdown(asking.seconds) }
    }

    func showAnswer() {
        let id: String? =
            if case .asking(let asking) = contest.state.phase { asking.question } else { contest.shown.last }
        guard let id, let question = contest.question(id) else {
            say(language.pick("还没有出题", "No question yet"))
            return
        }
        say(language.pick("答案：", "Answer: ") + PracticeItem(question: question).correctAnswer, .emphasis)
        if let explanation = question.explanation {
            say(language.pick("解析：", "Explanation: ") + explanation)
        }
        if let document = question.source?.document {
            say(
                language.pick("出处：", "Source: ") + "《\(document)》" + (question.source?.article.map { " " + $0 } ?? ""),
                .note)
        }
    }

    func showBoard() {
        let ranks = contest.ranks
        let teams = contest.teams.indices.sorted { (ranks[$0], $0) < (ranks[$1], $1) }.map {
            (rank: ranks[$0], name: contest.teams[$0], score: contest.state.scores[$0])
        }
        Console.out("")
        for line in ScoreboardView.lines(
            teams: teams, width: width, height: Terminal.rows,
            style: { line, leader in leader ? paint(line, .leader) : line })
        {
            Console.out(line)
        }
    }

    func compactScores() -> String {
        contest.teams.indices.map { "\(contest.teams[$0]) \(contest.state.scores[$0])" }.joined(separator: "  ")
    }

    func showStandings() {
        let result = ContestResult(contest, language: language)
        let table = result.standingsTable(language: language)
        say(language.pick("最终成绩", "Final standings"), .emphasis)
        for line in CreditsReportCommand.aligned(table.header, table.rows) { Console.out(line) }
    }

    /// The prompt: round, question number, who answers, and on a terminal the seconds left.
    func prompt(live: Bool) -> String {
        let state = contest.state
        var parts = [contest.roundName(state.round, language: language)]
        if let total = contest.turnsInRound { parts.append("\(min(state.turn + 1, total))/\(total)") }
        switch state.phase {
        case .choosing:
            parts.append(
                language.pick(
                    "\(contest.teamOnTurn.map { contest.teams[$0] } ?? "") 选分",
                    "\(contest.teamOnTurn.map { contest.teams[$0] } ?? "") chooses"))
        case .asking(let asking):
            if let team = asking.responder {
                parts.append(language.pick("\(contest.teams[team]) 作答", "\(contest.teams[team]) answers"))
            } else {
                parts.append(
                    asking.opened ? language.pick("抢答中", "buzzing") : language.pick("待开始 · s 开始", "not open · s opens"))
            }
            if live, let countdown {
                let elapsed = (pausedAt ?? StandardInput.monotonicSeconds()) - countdown.start
                let left = max(0, countdown.seconds - Int(elapsed.rounded(.down)))
                parts.append(
                    left > 0 ? language.pick("剩 \(left) 秒", "\(left) s left") : language.pick("超时", "time's up"))
                if pausedAt != nil { parts.append(language.pick("暂停", "paused")) }
            }
        case .waiting, .finished: break
        }
        return "[" + parts.joined(separator: " · ") + "]> "
    }

    mutating func startCountdown(_ seconds: Int) {
        countdown = (StandardInput.monotonicSeconds(), seconds, false)
        pausedAt = nil
    }

    /// Once the countdown runs out: a bell and a notice above the line being typed.
    mutating func announceTimeUp(_ source: any LineSource) {
        guard let running = countdown, !running.announced,
            StandardInput.monotonicSeconds() - running.start >= Double(running.seconds)
        else { return }
        countdown = (running.start, running.seconds, true)
        source.notice("\u{07}" + paint(language.pick("⏰ 时间到！", "⏰ Time's up!"), .error))
    }

    /// The contest is over and confirmed: the result files, and the members' points in the ledger.
    func writeResults() throws {
        let result = ContestResult(contest, language: language)
        for path in results.paths {
            try ContestResultFile.write(
                result, to: path, outputs: results.outputs, csv: results.csv, language: language)
            say(language.pick("成绩已写入 \(path)", "Results written to \(path)"))
        }
        try memberPoints?.record(result, date: CalendarDate.local(clock.now()), language: language)
    }

    func leave() {
        let rulings = contest.state.rulings.count
        Console.out(
            contest.state.phase == .finished
                ? language.pick(
                    "成绩尚未确认，已保存 \(rulings) 个判定在 \(logPath)；再次运行同一命令即可确认。",
                    "The results are not confirmed; \(rulings) ruling(s) are saved in \(logPath). Run the same command again to confirm them."
                )
                : language.pick(
                    "比赛尚未结束，已保存 \(rulings) 个判定在 \(logPath)；再次运行同一命令即可继续。",
                    "The contest is not over; \(rulings) ruling(s) are saved in \(logPath). Run the same command again to resume."
                ))
    }

    func warn(_ problem: ContestProblem) { say(language.pick(problem.chinese, problem.english), .warning) }

    /// Prints `text` wrapped to the window's width now by the Chinese rules, at spaces where it can (team names in
    /// a banner stay whole); each line painted after wrapping.
    func say(_ text: String, _ style: TerminalStyle.Style? = nil) { Console.wrapped(text, width: min(width, 100), style: style, colour: colour) }

    func help() -> String {
        language.pick(
            """
            n 下一题   s 开始抢答   b 队伍 抢答（或直接输入队伍）   f 队伍 犯规   c 分值 风险题选分（或直接输入分值）
            r 答对   w 答错   v 本题作废   u 撤销上一判定   a 显示答案与解析   sb 记分牌
            p 暂停计时   resume 继续   end 结束比赛   q 离开（之后用同一命令继续）
            队伍：\(contest.teams.enumerated().map { "\($0.offset + 1) \($0.element)" }.joined(separator: "  "))
            """,
            """
            n next   s start buzzing   b TEAM buzz (or type the team)   f TEAM foul   c VALUE choose (or type the value)
            r right   w wrong   v void   u undo the last ruling   a answer and explanation   sb scoreboard
            p pause the clock   resume   end the contest   q leave (resume later with the same command)
            Teams: \(contest.teams.enumerated().map { "\($0.offset + 1) \($0.element)" }.joined(separator: "  "))
            """)
    }

    func paint(_ text: String, _ style: TerminalStyle.Style) -> String {
        TerminalStyle.paint(text, style, enabled: colour)
    }
}
