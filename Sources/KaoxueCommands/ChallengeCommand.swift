import ArgumentParser
import Foundation
import QuizGames
import QuizModel
import StudyLedger
import StudySession

/// `kaoxue challenge`: answer until the first wrong answer; the best streak is kept.
struct ChallengeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "challenge",
        abstract: "挑战答题：连续作答，答错即止，记录最佳连对 (answer until the first wrong answer).",
        discussion: """
            预设：每答对一题 1 分，每天最多 6 分；积分记入台账“学习/挑战答题”（学员须在人员名册中）。
            规则是预设不是法规：kaoxue challenge --print-rules 查看，--rules 指定自己的。
            Preset: 1 point per right answer, at most 6 a day; recorded in the ledger when the user is registered.
            """
    )

    @OptionGroup var game: SoloGameOptions

    @Option(help: "出题顺序的种子；默认取当前时间 (seed of the question order).")
    var seed: UInt64?

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var clockOptions: ClockOptions
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let language = global.lang
        if game.printedRules() { return }
        let rules = try game.gameRules(language: language).challenge
        let pool = try game.questions(language: language)
        let clock = clockOptions.clock
        let store = try storeOptions.open(language: language)
        var runner = SoloGameRunner(
            mode: "challenge", rules: rules, store: store, user: game.userID, date: CalendarDate.local(clock.now()), clock: clock, language: language,
            json: game.json,
            history: SessionInput.historyPath(store: storeOptions.path, kind: "challenge", user: game.userID))
        let best: Int
        do {
            best = try store.gameRuns(user: game.userID, mode: "challenge").map(\.streak).max() ?? 0
        } catch {
            Console.fail(language.pick("无法读取学习记录：\(storeWords(error, language))", "cannot read the study store: \(storeWords(error, language))"), language: language)
            throw ExitStatus.usageOrIO.exitCode
        }
        var run = ChallengeRun(pool: pool, rules: rules, seed: seed ?? UInt64(bitPattern: clock.seedTime.microseconds))
        // A `--now` (for replays and scripts) would move the day whose cap applies: such a run is practice.
        if clockOptions.now != nil {
            runner.earnsPoints = false
            runner.say(
                runner.paint(
                    language.pick("练习：给了 --now（用于回放与脚本），本次不计积分", "Practice: --now was given (for replays and scripts), no points"), .note))
        }
        runner.say(
            runner.paint(
                language.pick("考学挑战答题 · 答错即止 · 最佳纪录 \(best) 题 · :quit 结束", "kaoxue challenge · until the first wrong answer · best \(best) · :quit ends"),
                .emphasis))
        var exhausted = false
        while true {
            guard let question = run.next() else {
                exhausted = !run.over
                break
            }
            guard let right = runner.ask(question, header: language.pick("[第 \(run.streak + 1) 题 · 连对 \(run.streak)]", "[#\(run.streak + 1) · streak \(run.streak)]")) else { break }
            run.answered(right: right)
        }
        let (points, today, note) = try runner.finish(extra: ["streak": run.streak, "best": max(best, run.streak), "newBest": run.streak > best])
        guard !game.json else { return }
        if exhausted { runner.say(language.pick("\n题库中的题全部答对！", "\nEvery question answered right!")) }
        runner.say(
            runner.paint(
                language.pick(
                    "\n挑战结束：连对 \(run.streak) 题\(run.streak > best ? "（新纪录）" : "（最佳纪录 \(best) 题）")，得 \(ledgerNumber(points)) 分（今日共 \(ledgerNumber(today)) 分）",
                    "\nChallenge over: \(run.streak) in a row\(run.streak > best ? ", a new best!" : " (best \(best))"); \(ledgerNumber(points)) points (\(ledgerNumber(today)) today)"),
                .emphasis))
        if let cut = runner.capNote(points: points) { runner.say(runner.paint(cut, .note)) }
        if let note { runner.say(runner.paint(note, .note)) }
    }
}
