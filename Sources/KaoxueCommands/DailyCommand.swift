import ArgumentParser
import Foundation
import QuizGames
import QuizModel
import StudyLedger
import StudySession

/// `kaoxue daily`: the daily quiz — the same questions for everyone on the same day from the same bank.
struct DailyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "daily",
        abstract: "每日答题：同一天、同一题库，人人答同样的题；积分每日封顶 (the daily quiz).",
        discussion: """
            预设：每天 5 题，每答对一题 1 分，每天最多 5 分（可再答，不超过上限）；积分记入台账“学习/每日答题”
            （学员须在人员名册中）。规则是预设不是法规：kaoxue daily --print-rules 查看，--rules 指定自己的。
            Preset: 5 questions a day, 1 point each, at most 5 points a day; recorded in the ledger when the user is registered.
            """
    )

    @OptionGroup var game: SoloGameOptions

    @Option(help: ArgumentHelp("答题日期，默认今天 (the day; default today).", valueName: "YYYY-MM-DD"))
    var date: String?

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var clockOptions: ClockOptions
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if let date, CalendarDate(parsing: date) == nil { throw ValidationError("--date: a date such as 2026-11-21") }
    }

    func run() throws {
        let language = global.lang
        if game.printedRules() { return }
        let rules = try game.gameRules(language: language).daily
        let pool = try game.questions(language: language)
        let clock = clockOptions.clock
        // Points only for today's quiz by the real clock: another `--date`, or a `--now` (for replays and scripts),
        // is practice without points — said before the first question.
        let realToday = CalendarDate.local(Instant(Date()))
        let day = date.flatMap { CalendarDate(parsing: $0) } ?? CalendarDate.local(clock.now())
        let practice = day != realToday || clockOptions.now != nil
        let questions = DailyQuiz.questions(from: pool, on: day, rules: rules)
        guard !questions.isEmpty else {
            Console.fail(language.pick("题库中没有适合每日答题的题目", "the bank has no question for the daily quiz"), language: language)
            throw ExitStatus.inputErrors.exitCode
        }
        var runner = SoloGameRunner(
            mode: "daily", rules: rules, store: try storeOptions.open(language: language), user: game.userID, date: day, clock: clock, language: language,
            json: game.json,
            history: SessionInput.historyPath(store: storeOptions.path, kind: "daily", user: game.userID))
        runner.earnsPoints = !practice
        let before = try runner.earnedToday()
        if practice {
            let why =
                day != realToday
                ? language.pick("\(day) 不是今天（\(realToday)）", "\(day) is not today (\(realToday))")
                : language.pick("给了 --now（用于回放与脚本）", "--now was given (for replays and scripts)")
            runner.say(
                runner.paint(
                    language.pick("练习：\(why)，本次不计积分——只有当天的每日答题计分", "Practice: \(why), no points — only today's daily quiz earns them"),
                    .note))
        }
        let cap = rules.dailyCap.isFinite ? language.pick("，每日上限 \(ledgerNumber(rules.dailyCap)) 分", ", at most \(ledgerNumber(rules.dailyCap)) a day") : ""
        runner.say(
            runner.paint(
                language.pick(
                    "考学每日答题 · \(day) · \(questions.count) 题 · 每题 \(ledgerNumber(rules.pointsPerRight)) 分\(cap)（今日已得 \(ledgerNumber(before)) 分）",
                    "kaoxue daily quiz · \(day) · \(questions.count) questions · \(ledgerNumber(rules.pointsPerRight)) each\(cap) (\(ledgerNumber(before)) earned today)"),
                .emphasis))
        for (index, question) in questions.enumerated() {
            guard runner.ask(question, header: "[\(index + 1)/\(questions.count)]") != nil else { break }
        }
        let (points, today, note) = try runner.finish()
        if !game.json {
            Console.out(
                runner.paint(
                    language.pick(
                        "\n本次答对 \(runner.right)/\(runner.asked.count)，得 \(ledgerNumber(points)) 分（今日共 \(ledgerNumber(today)) 分）",
                        "\nRight \(runner.right)/\(runner.asked.count): \(ledgerNumber(points)) points (\(ledgerNumber(today)) today)"),
                    .emphasis))
            if let cut = runner.capNote(points: points) { runner.say(runner.paint(cut, .note)) }
            if let note { runner.say(runner.paint(note, .note)) }
        }
    }
}
