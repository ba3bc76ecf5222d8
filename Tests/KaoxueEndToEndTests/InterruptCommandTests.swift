import Foundation
import Testing

/// Ctrl-C in each interactive command, on a real pseudo-terminal: the session says what it kept and how to go
/// on, exits 130, and running the same command again continues from what was kept.
@Suite("Ctrl-C in interactive commands", .enabled(if: KaoxueRun.canUseTerminal))
struct InterruptCommandTests {
    func workspace() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kaoxue-interrupt-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func anExamPausesWithItsAnswersSavedAndResumes() throws {
        let folder = try workspace()
        let arguments = ["exam", "--paper", fixture("scoring") + "/paper.json", "--candidate", "C7", "--store", folder + "/s.sqlite"]
        let run = try KaoxueRun.onTerminal(arguments, typing: "b\r", later: [("[2/", "\u{03}")], closeInputAfter: nil)
        #expect(run.status == 130, "\(run.stdout)")
        #expect(run.stdout.contains("已暂停：已保存 1 题作答。再次运行同一命令即可继续（计时不停）。"), "\(run.stdout)")
        // The same command goes on at the next item, with the first answer kept.
        let again = try KaoxueRun.run(arguments + ["--lang", "en"], input: "")
        #expect(again.stdout.contains("[2/23"), "resumes at the next item: \(again.stdout)")
        #expect(again.stdout.contains("Paused: 1 answer(s) saved."), "\(again.stdout)")
    }

    @Test func practiceSaysWhatWasKept() throws {
        let folder = try workspace()
        let run = try KaoxueRun.onTerminal(
            ["practice", "--count", "3", "--type", "single", "--store", folder + "/s.sqlite", "--bank", repositoryPath("QuestionBanks")], typing: "a\r", later: [("[2/3]", "\u{03}")],
            closeInputAfter: nil)
        #expect(run.status == 130, "\(run.stdout)")
        #expect(run.stdout.contains("已中断：已保存 1 题作答与复习计划；再次运行同一命令即可继续"), "\(run.stdout)")
        #expect(run.stdout.contains("本次练习：已答 1 题"))
    }

    @Test func aContestKeepsItsRulingsAndNeverConfirmsOnCtrlC() throws {
        let folder = try workspace()
        let arguments = ["contest", "--bank", repositoryPath("QuestionBanks"), "--teams", "一队,二队", "--seed", "3", "--log", folder + "/log.jsonl", "--result", folder + "/r.json"]
        let run = try KaoxueRun.onTerminal(arguments, typing: "n\rr\r", later: [("[必答题 · 2/4]", "\u{03}")], closeInputAfter: nil)
        #expect(run.status == 130, "\(run.stdout)")
        #expect(run.stdout.contains("比赛尚未结束，已保存 1 个判定在 \(folder)/log.jsonl；再次运行同一命令即可继续。"), "\(run.stdout)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/r.json"))
        let resumed = try KaoxueRun.run(arguments, input: "")
        #expect(resumed.stdout.contains("恢复：已出 1 题") && resumed.stdout.contains("已保存 1 个判定"), "\(resumed.stdout)")
    }

    @Test func theDailyQuizSavesTheRunSoFar() throws {
        let folder = try workspace()
        let run = try KaoxueRun.onTerminal(
            ["daily", "--store", folder + "/s.sqlite", "--bank", repositoryPath("QuestionBanks"), "--user", "P1", "--now", "2026-12-02T09:00:00Z"], typing: "a\r", later: [("[2/", "\u{03}")],
            closeInputAfter: nil)
        #expect(run.status == 130, "\(run.stdout)")
        #expect(run.stdout.contains("已中断：已保存本次 1 题作答"), "\(run.stdout)")
    }
}
