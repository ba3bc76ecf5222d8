import ArgumentParser
import Foundation
import QuizGames
import QuizModel
import StudyLedger
import RulesFiles
import StudyRecords
import StudySession
import TerminalIO

/// Options and the question loop shared by `kaoxue daily` and `kaoxue challenge`.
struct SoloGameOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("题库文件或文件夹，可重复；默认 QuestionBanks (bank paths).", valueName: "PATH"))
    var bank: [String] = []

    @Option(help: "学员编号（与人员名册一致时积分记入台账），默认为系统用户名 (user id).")
    var user: String?

    @Option(help: ArgumentHelp("玩法规则 YAML，默认内置预设；kaoxue daily --print-rules 可查看 (game rules file).", valueName: "FILE"))
    var rules: String?

    @Flag(name: .customLong("print-rules"), help: "打印内置玩法规则预设后退出 (print the preset game rules).")
    var printRules = false

    @Flag(help: "结束时输出 JSON 摘要 (print a JSON summary at the end).")
    var json = false

    /// With `--print-rules`: the preset printed, and true (the command has nothing more to do).
    func printedRules() -> Bool {
        if printRules { Console.out(GameRules.presetYAML) }
        return printRules
    }

    var userID: String { user ?? ProcessInfo.processInfo.environment["USER"] ?? "default" }

    /// The questions of `--bank` (default `QuestionBanks`); a bank with errors ends the command.
    func questions(language: DisplayLanguage) throws -> [Question] {
        try CommandInputs.bank(try CommandInputs.bankPaths(bank, language: language), language: language).bank.questions
    }

    /// The rules from `--rules` (every problem located) or the preset.
    func gameRules(language: DisplayLanguage) throws -> GameRules {
        guard let path = rules else { return .preset }
        let yaml = String(decoding: try CommandInputs.readFile(path, language: language), as: UTF8.self)
        do {
            return try GameRules.read(yaml: yaml)
        } catch {
            for diagnostic in error.diagnostics { Console.err(diagnostic.rendered(file: path, language: language)) }
            throw ExitStatus.inputErrors.exitCode
        }
    }
}

/// Asks questions one at a time and marks them at once; records the run (and its ledger points) at the end.
struct SoloGameRunner {
    let mode: String
    let rules: GameRules.Mode
    let store: StudyStore
    let user: String
    let date: CalendarDate
    let clock: SessionClock
    let language: DisplayLanguage
    let json: Bool
    let grader = AnswerGrader.standard()
    let colour = TerminalStyle.colourAllowed(on: .standardOutput)
    /// The terminal's width now (read again each time: a resized window wraps later output to its new width).
    var width: Int { min(Terminal.columns, 100) }
    let input: SessionInput
    let startedAt: String

    var asked: [String] = []
    var right = 0
    var streak = 0
    /// Whether the run earns points: false for a daily quiz of another day than today (practice), so that no
    /// option a player sets gives points.
    var earnsPoints = true

    init(
        mode: String, rules: GameRules.Mode, store: StudyStore, user: String, date: CalendarDate, clock: SessionClock, language: DisplayLanguage, json: Bool,
        history: String? = nil
    ) {
        self.mode = mode
        self.rules = rules
        self.store = store
        self.user = user
        self.date = date
        self.clock = clock
        self.language = language
        self.json = json
        input = SessionInput(
            completions: [":quit", ":help"], colour: TerminalStyle.colourAllowed(on: .standardOutput), transcriptOnStandardError: json, history: history)
        startedAt = ISOTime.format(clock.now())
    }

    /// Points already earned today in this mode.
    func earnedToday() throws -> Double {
        do {
            return try store.gamePointsEarned(user: user, mode: mode, date: date.description)
        } catch {
            Console.fail(language.pick("无法读取学习记录：\(storeWords(error, language))", "cannot read the study store: \(storeWords(error, language))"), language: language)
            throw ExitStatus.usageOrIO.exitCode
        }
    }

    /// Shows `question` under `header` and reads an answer until one parses: true when right, nil when the player
    /// quits (`:quit` or end of input).
    mutating func ask(_ question: Question, header: String) -> Bool? {
        say(paint("\n" + header + " · " + question.type.name(in: language), .note))
        let item = PracticeItem(question: question)
        for line in QuestionView.body(stem: question.stem, options: item.options, type: question.type, blanks: item.blankCount, width: width, language: language) {
            say(line)
        }
        while true {
            guard let line = input.source.readLine(prompt: input.styledPrompt(language.pick("答案> ", "answer> "))) else { return nil }
            let text = line.trimmingCharacters(in: .whitespaces)
            switch text {
            case ":quit", ":q", ":exit": return nil
            case ":help", "?":
                say(
                    language.pick(
                        "选择题输入字母（a / ac / A,C），判断题输入 对/错/√/×/t/f，填空题各空用 | 或 ；分隔；:quit 结束",
                        "Letters (a / ac / A,C), 对/错/√/×/t/f, or blanks separated by | or ；; :quit ends"))
                continue
            case _ where text.hasPrefix(":") || text.hasPrefix("："):
                // Practice's commands are understood here too, and refused in words: these rounds count.
                let practiceOnly = [":skip", ":s", ":hint", ":h", ":explain", ":e", ":stats"].contains(text)
                say(
                    paint(
                        practiceOnly
                            ? language.pick("计分答题不能跳过、提示或看答案（这些在 kaoxue practice 中可用）；:quit 结束", "Scored rounds have no skip, hint or answer lookup (kaoxue practice has them); :quit ends")
                            : language.pick("没有命令 \(text)；可用 :help、:quit", "No command \(text); :help and :quit work here"),
                        .warning))
                continue
            default: break
            }
            switch grader.parse(text, for: question.type, optionCount: item.options.count, blankCount: item.blankCount) {
            case .failure(let problem):
                say(paint(problem.message(in: language), .warning))
            case .success(let answer):
                let isRight = grader.grade(answer, question: question).isCorrect
                asked.append(question.id)
                if isRight {
                    right += 1
                    streak += 1
                    say(paint(language.pick("✔ 正确", "✔ Right"), .caret))
                } else {
                    say(paint(language.pick("✘ 错误。正确答案：", "✘ Wrong. Answer: ") + item.correctAnswer, .error))
                }
                if let explanation = question.explanation {
                    for line in DisplayWidth.wrap(language.pick("解析：", "Explanation: ") + explanation, width: width) { say(line) }
                }
                return isRight
            }
        }
    }

    /// When the day's cap cut this run's points, says by how much; nil otherwise.
    func capNote(points: Double) -> String? {
        let uncapped = Double(right) * rules.pointsPerRight
        guard earnsPoints, rules.dailyCap.isFinite, uncapped > points else { return nil }
        return language.pick(
            "每日上限 \(ledgerNumber(rules.dailyCap)) 分：本次答对 \(right) 题应得 \(ledgerNumber(uncapped)) 分，按上限计 \(ledgerNumber(points)) 分",
            "The daily cap is \(ledgerNumber(rules.dailyCap)): \(right) right would earn \(ledgerNumber(uncapped)), \(ledgerNumber(points)) counted")
    }

    /// Saves the run with its points (capped for the day); returns them with where they went in the ledger (nil:
    /// nowhere worth saying). Nothing is saved when nothing was answered. With `--json`, prints the summary.
    func finish(extra: [String: Any] = [:]) throws -> (points: Double, earnedToday: Double, ledgerNote: String?) {
        defer {
            if Interrupt.happened {
                say(
                    language.pick(
                        "已中断：已保存本次 \(asked.count) 题作答；再次运行同一命令可重新开始一局",
                        "Interrupted: this run's \(asked.count) answer(s) are saved; run the same command again for a new run"))
            }
        }
        let before = try earnedToday()
        let points = earnsPoints ? gamePoints(right: right, rules: rules, earnedToday: before) : 0
        guard !asked.isEmpty else { return (0, before, nil) }
        let run = GameRun(
            user: user, mode: mode, date: date.description, startedAt: startedAt, answered: asked.count, right: right, streak: mode == "challenge" ? streak : right,
            points: points, questions: asked)
        let outcome: GameLedgerOutcome
        do {
            outcome = try store.record(run, ledgerItem: rules.ledger.map { ($0.category, $0.item) })
        } catch {
            Console.fail(language.pick("无法保存本次答题：\(storeWords(error, language))", "cannot save this run: \(storeWords(error, language))"), language: language)
            throw ExitStatus.usageOrIO.exitCode
        }
        let item = rules.ledger.map { "\($0.category)/\($0.item)" } ?? ""
        let note: String? =
            switch outcome {
            case .recorded: language.pick("积分已记入台账：\(item) \(ledgerNumber(points)) 分", "points recorded in the ledger: \(item) \(ledgerNumber(points))")
            case .notRegistered: language.pick("“\(user)”不在人员名册中，积分未记入台账（kaoxue credits people）", "\(user) is not in the register: points not recorded in the ledger")
            case .unknownItem: language.pick("台账规则中没有积分项目“\(item)”，积分未记入", "the ledger's rules have no points item \(item): not recorded")
            case .noLedger, .nothing: nil
            }
        if json {
            var summary: [String: Any] = [
                "mode": mode, "user": user, "date": date.description, "answered": asked.count, "right": right, "points": points,
                "earnedToday": before + points, "dailyCap": rules.dailyCap.isFinite ? rules.dailyCap : NSNull(), "ledger": "\(outcome)",
                "practice": !earnsPoints,
            ]
            for (key, value) in extra { summary[key] = value }
            Console.out(LedgerInputs.jsonText(summary))  // the only line on standard output with --json
        }
        return (points, before + points, note)
    }

    func paint(_ text: String, _ style: TerminalStyle.Style) -> String { TerminalStyle.paint(text, style, enabled: colour) }

    /// A line of the transcript: standard output, or standard error with `--json`.
    func say(_ text: String) { json ? Console.err(text) : Console.out(text) }
}

extension CalendarDate {
    /// The local calendar day of `instant`.
    static func local(_ instant: Instant) -> CalendarDate {
        let parts = Calendar(identifier: .gregorian).dateComponents(in: TimeZone.current, from: instant.date)
        return CalendarDate(year: parts.year!, month: parts.month!, day: parts.day!)!
    }
}
