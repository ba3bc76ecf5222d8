import Foundation
import Testing

@Suite("kaoxue daily and kaoxue challenge, run as a cadre runs them", .serialized)
struct SoloGameCommandTests {
    /// A folder with a bank of eight true/false questions whose answer is 对, a register with U1, and a store.
    func workspace() throws -> (folder: String, bank: String, store: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kaoxue-games-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let bank = folder + "/bank.txt"
        let questions = (1...8).map { "\($0). 第\($0)条表述正确吗？\n答案：对\n" }.joined(separator: "\n")
        try ("一、判断题\n" + questions).write(toFile: bank, atomically: true, encoding: .utf8)
        return (folder, bank, folder + "/store.sqlite")
    }

    func register(_ store: String, folder: String) throws {
        try "person_id,name,unit,tier\nU1,王明,组织部,乡科级及以下\n".write(toFile: folder + "/people.csv", atomically: true, encoding: .utf8)
        let run = try KaoxueRun.run(["credits", "people", folder + "/people.csv", "--store", store])
        #expect(run.status == 0, "\(run.stderr)")
    }

    func summary(_ run: KaoxueRun) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stdout)")
    }

    /// The stems in the order they were asked.
    func stems(_ transcript: String) -> [String] {
        transcript.split(separator: "\n").filter { $0.hasPrefix("第") && $0.hasSuffix("吗？") }.map(String.init)
    }

    func ledgerPoints(_ store: String) throws -> [String: Any] {
        let report = try KaoxueRun.run(["points", "report", "--period", "2026", "--json", "--store", store])
        #expect(report.status == 0, "\(report.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])
        let people = try #require(json["people"] as? [[String: Any]])
        return people.first ?? [:]
    }

    @Test func theDailyQuizIsTheSameForEveryoneAndItsPointsStopAtTheCap() throws {
        let (folder, bank, store) = try workspace()
        try register(store, folder: folder)
        // Points only for today's quiz by the real clock: no --date, no --now.
        let base = ["daily", "--bank", bank, "--store", store]
        let first = try KaoxueRun.run(base + ["--user", "U1"], input: "对\n对\n对\n对\n错\n")
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("本次答对 4/5，得 4 分（今日共 4 分）"))
        #expect(first.stdout.contains("积分已记入台账：学习/每日答题 4 分"))
        // Another cadre the same day: the same questions in the same order; not in the register.
        let other = try KaoxueRun.run(base + ["--user", "U2"], input: String(repeating: "对\n", count: 5))
        #expect(stems(other.stdout) == stems(first.stdout))
        #expect(stems(first.stdout).count == 5)
        #expect(other.stdout.contains("“U2”不在人员名册中"))
        // Again the same day: five right, but only one point is left under the cap of 5.
        let again = try KaoxueRun.run(base + ["--user", "U1", "--json"], input: String(repeating: "对\n", count: 5))
        #expect(again.status == 0)
        let json = try summary(again)
        #expect(json["right"] as? Int == 5 && json["points"] as? Double == 1 && json["earnedToday"] as? Double == 5)
        #expect(json["ledger"] as? String == "recorded")
        // The transcript went to standard error, so standard output is the JSON alone.
        #expect(again.stderr.contains("[1/5]"))
        let third = try KaoxueRun.run(base + ["--user", "U1"], input: String(repeating: "对\n", count: 5))
        #expect(third.stdout.contains("每日上限 5 分：本次答对 5 题应得 5 分，按上限计 0 分"), "\(third.stdout)")
        // Practice's commands are refused in words, not taken for answers.
        let commands = try KaoxueRun.run(base + ["--user", "U1"], input: ":hint\n:skip\n:foo\n:quit\n")
        #expect(commands.stdout.components(separatedBy: "计分答题不能跳过、提示或看答案").count == 3, "\(commands.stdout)")
        #expect(commands.stdout.contains("没有命令 :foo；可用 :help、:quit") && !commands.stdout.contains("不是选项字母"))
        // Another day draws another set — and is practice: a past date (or a --now) gives no points, and says so.
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.timeZone = .current
        let yesterday = formatter.string(from: Date().addingTimeInterval(-86_400))
        let past = try KaoxueRun.run(base + ["--date", yesterday, "--user", "U1", "--json"], input: String(repeating: "对\n", count: 5))
        #expect(stems(past.stderr) != stems(again.stderr) && stems(past.stderr).count == 5)
        let pastJSON = try summary(past)
        #expect(pastJSON["right"] as? Int == 5 && pastJSON["points"] as? Double == 0 && pastJSON["practice"] as? Bool == true, "\(pastJSON)")
        #expect(past.stderr.contains("练习：\(yesterday) 不是今天"), "\(past.stderr)")
        let replayed = try KaoxueRun.run(base + ["--user", "U1", "--now", "2025-01-01T09:00:00+08:00"], input: String(repeating: "对\n", count: 5))
        #expect(replayed.stdout.contains("练习：") && replayed.stdout.contains("得 0 分"), "\(replayed.stdout)")
        let ledger = try ledgerPoints(store)
        #expect(ledger["points"] as? Double == 5)
    }

    @Test func aChallengeKeepsTheBestStreakAndCapsItsPoints() throws {
        let (folder, bank, store) = try workspace()
        try register(store, folder: folder)
        let base = ["challenge", "--bank", bank, "--store", store, "--user", "U1", "--seed", "4"]
        // Every answer right: the bank runs out after 8, a streak of 8; points stop at the cap of 6.
        let first = try KaoxueRun.run(base, input: String(repeating: "对\n", count: 8))
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("题库中的题全部答对！"))
        #expect(first.stdout.contains("挑战结束：连对 8 题（新纪录），得 6 分（今日共 6 分）"))
        #expect(first.stdout.contains("每日上限 6 分：本次答对 8 题应得 8 分，按上限计 6 分"), "\(first.stdout)")
        // Wrong at the third: streak 2; the record stays 8; no points left today.
        let second = try KaoxueRun.run(base + ["--json"], input: "对\n对\n错\n对\n")
        let json = try summary(second)
        #expect(json["streak"] as? Int == 2 && json["best"] as? Int == 8 && json["newBest"] as? Bool == false)
        #expect(json["answered"] as? Int == 3 && json["points"] as? Double == 0)
        let ledger = try ledgerPoints(store)
        #expect(ledger["points"] as? Double == 6)
        // A --now would move the day whose cap applies: such a run is practice, 0 points however many are right.
        let moved = try KaoxueRun.run(base + ["--json", "--now", "2030-01-01T09:00:00+08:00"], input: String(repeating: "对\n", count: 8))
        let movedJSON = try summary(moved)
        #expect(movedJSON["right"] as? Int == 8 && movedJSON["points"] as? Double == 0 && movedJSON["practice"] as? Bool == true, "\(movedJSON)")
        #expect(try ledgerPoints(store)["points"] as? Double == 6)
        // Quitting before answering saves nothing.
        let quit = try KaoxueRun.run(base, input: ":quit\n")
        #expect(quit.status == 0)
        #expect(quit.stdout.contains("最佳纪录 8 题"))
    }

    @Test func badGameRulesAreLocatedAndNothingIsAsked() throws {
        let (folder, bank, store) = try workspace()
        try "name: x\ndaily: {questions: 0}\n".write(toFile: folder + "/rules.yaml", atomically: true, encoding: .utf8)
        let run = try KaoxueRun.run(["daily", "--bank", bank, "--store", store, "--rules", folder + "/rules.yaml"], input: "对\n")
        #expect(run.status == 1)
        #expect(run.stderr.contains("rules.yaml:2:20: 错误：daily.questions: 应为 1–100 的整数"), "\(run.stderr)")
        #expect(!run.stdout.contains("[1/"))
        let printed = try KaoxueRun.run(["challenge", "--print-rules"])
        #expect(printed.stdout.contains("挑战答题"))
    }
}
