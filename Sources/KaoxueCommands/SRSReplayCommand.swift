import ArgumentParser
import BankFormats
import Foundation
import StudySession
import TerminalIO

/// `kaoxue srs replay LOG.csv [--json]`: each card's final FSRS state after its reviews, fuzzing off.
struct SRSReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "回放复习记录，输出每张卡片的最终状态 (replay a review log; print each card's final state).",
        discussion: """
            LOG.csv 的表头为 card,time,rating（ISO 8601 时间，评分 1–4）。回放时不加随机扰动，结果与 py-fsrs 6.3.2 一致。
            The log has the header card,time,rating (ISO 8601 times, ratings 1–4). Replay runs without fuzzing and \
            matches py-fsrs 6.3.2. Output: card,state,step,stability,difficulty,due,lastReview.
            """
    )

    @Argument(help: ArgumentHelp("复习记录 CSV (review log).", valueName: "LOG.csv"))
    var log: String

    @Flag(help: "输出 JSON (print JSON).")
    var json = false

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let language = global.lang
        let text = try CommandInputs.readText(log, language: language)
        let entries: [ReviewEntry]
        switch ReviewLog.parse(text) {
        case .success(let parsed): entries = parsed
        case .failure(let failure):
            let colour = TerminalStyle.colourAllowed(on: .standardError)
            for problem in failure.problems {
                let word = TerminalStyle.paint(language.pick("错误", "error") + ":", .error, enabled: colour)
                Console.err("\(log):\(problem.row):\(problem.column): \(word) \(problem.message(in: language))")
            }
            throw ExitStatus.inputErrors.exitCode
        }
        let states = ReviewLog.replay(entries)
        if json {
            let cards: [[String: Any]] = states.map { card, state in
                var entry: [String: Any] = ["card": card, "state": state.phase.name, "due": ISOTime.format(state.due)]
                entry["step"] = state.step.map { $0 as Any } ?? NSNull()
                entry["stability"] = state.stability.map { $0 as Any } ?? NSNull()
                entry["difficulty"] = state.difficulty.map { $0 as Any } ?? NSNull()
                entry["lastReview"] = state.lastReview.map { ISOTime.format($0) as Any } ?? NSNull()
                return entry
            }
            let data = try JSONSerialization.data(withJSONObject: ["cards": cards, "reviews": entries.count], options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            Console.out(String(decoding: data, as: UTF8.self))
        } else {
            Console.out("card,state,step,stability,difficulty,due,lastReview")
            for (card, state) in states {
                let step: String = state.step.map { String($0) } ?? ""
                let stability: String = state.stability.map { "\($0)" } ?? ""
                let difficulty: String = state.difficulty.map { "\($0)" } ?? ""
                let last: String = state.lastReview.map { ISOTime.format($0) } ?? ""
                let fields: [String] = [card, state.phase.name, step, stability, difficulty, ISOTime.format(state.due), last]
                Console.out(fields.map(csvField).joined(separator: ","))
            }
        }
    }
}
