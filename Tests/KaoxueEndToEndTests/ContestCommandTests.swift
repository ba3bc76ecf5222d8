import Foundation
import Testing

@Suite("kaoxue contest, run as a host runs it", .serialized)
struct ContestCommandTests {
    /// The whole preset contest (必答, 抢答 with a foul, a pass and an undo, 风险 in score order, a tie settled by
    /// sudden death), as the host types it. Scores by hand: 一队 130, 二队 100, 三队 140.
    static let script = [
        "n", "r", "n", "w", "n", "w", "undo", "r", "n", "r", "n", "r", "n", "w",
        "n", "s", "b 2", "r", "n", "三队", "n", "s", "b1", "w", "n", "s", "n", "s", "b 三队", "r",
        "n", "s", "b 二", "r", "n", "s", "b 1", "r",
        "30", "n", "w", "c 10", "n", "r", "choose 20", "n", "r",
        "n", "s", "b 3", "r", "", "y",
    ]

    func workspace() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kaoxue-contest-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    func arguments(_ folder: String, _ extra: [String] = []) -> [String] {
        ["contest", "--bank", repositoryPath("QuestionBanks"), "--teams", "一队,二队,三队", "--seed", "7", "--log", folder + "/log.jsonl"] + extra
    }

    func json(_ path: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
    }

    func standings(_ result: [String: Any]) -> [String] {
        (result["teams"] as? [[String: Any]] ?? []).map { "\($0["rank"] ?? "") \($0["name"] ?? "") \($0["score"] ?? "")" }
    }

    @Test func aScriptedContestEndsWithTheExpectedScoresAndResults() throws {
        let folder = try workspace()
        let run = try KaoxueRun.run(
            arguments(folder, ["--result", folder + "/r.json", "--result", folder + "/r.csv", "--result", folder + "/r.md"]),
            input: Self.script.joined(separator: "\n") + "\n")
        #expect(run.status == 0, "\(run.stderr)")
        // Enter alone at the confirmation is not a yes.
        #expect(run.stdout.contains("成绩尚未确认。"), "\(run.stdout.suffix(400))")
        let result = try json(folder + "/r.json")
        #expect(standings(result) == ["1 三队 140", "2 一队 130", "3 二队 100"])
        #expect(result["finished"] as? Bool == true)
        #expect(result["rounds"] as? [String] == ["必答题", "抢答题", "风险题", "同分加赛"])
        let teams = try #require(result["teams"] as? [[String: Any]])
        #expect(teams[0]["rounds"] as? [Int] == [10, 0, 20, 10])
        let rulings = try #require(result["rulings"] as? [[String: Any]])
        #expect(rulings.count == 17)
        #expect(rulings.map { $0["ruling"] as? String ?? "" }.filter { $0 == "foul" || $0 == "pass" } == ["foul", "pass"])
        // Every question once.
        let questions = rulings.compactMap { $0["question"] as? String }
        #expect(Set(questions).count == questions.count)
        let csv = try String(contentsOfFile: folder + "/r.csv", encoding: .utf8)
        // Points are numbers for a spreadsheet (the Markdown writes them signed).
        #expect(csv.hasPrefix("名次,队伍,得分,必答题,抢答题,风险题,同分加赛\n1,三队,140,10,0,20,10\n"))
        let rulingsCSV = try String(contentsOfFile: folder + "/r-rulings.csv", encoding: .utf8)
        #expect(rulingsCSV.split(separator: "\n").count == 18)
        #expect(rulingsCSV.contains(",抢答题,") && rulingsCSV.contains(",犯规,-10,"))
        let markdown = try String(contentsOfFile: folder + "/r.md", encoding: .utf8)
        #expect(markdown.contains("| 1 | 三队 | 140 | +10 | 0 | +20 | +10 |"))
        // What the audience saw: the round banners, the foul, the tie, the big board.
        #expect(run.stdout.contains("—— 第 2 轮 抢答题"))
        #expect(run.stdout.contains("⚠ 三队 抢答犯规 -10 → 100；本题作废"))
        #expect(run.stdout.contains("选题顺序：二队、一队、三队"))
        #expect(run.stdout.contains("—— 同分加赛：一队、三队"))
        #expect(run.stdout.contains("██"))
        // No keyboard hints for the judges under the questions: those are on the host's prompt.
        #expect(run.stdout.contains("· 判断题 ·") && !run.stdout.contains("对/错、√/×") && run.stdout.contains("待开始 · s 开始]> "))
        // The log: a start line, then one line per event; undo is an event.
        let log = try String(contentsOfFile: folder + "/log.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(log.first?.contains("\"kind\":\"start\"") == true)
        #expect(log.filter { $0.contains("\"kind\":\"undo\"") }.count == 1)

        // Running again with the finished log shows the same standings and writes the results again.
        try FileManager.default.removeItem(atPath: folder + "/r.json")
        let again = try KaoxueRun.run(arguments(folder, ["--result", folder + "/r.json", "--lang", "en"]), input: "")
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("Final standings"))
        #expect(standings(try json(folder + "/r.json")) == ["1 三队 140", "2 一队 130", "3 二队 100"])
    }

    @Test func aKilledConsoleResumesWithTheSameScoresAndQuestions() throws {
        let whole = try workspace()
        _ = try KaoxueRun.run(arguments(whole, ["--result", whole + "/r.json"]), input: Self.script.joined(separator: "\n") + "\n")

        let folder = try workspace()
        let first = try LiveKaoxue(arguments(folder))
        // Up to the buzz-in round's second question, then kill -9 while it waits for the host.
        let cut = 19
        first.send(Self.script[..<cut].joined(separator: "\n") + "\n")
        #expect(first.waitFor("[抢答题 · 2/6 · 待开始 · s 开始]> "), "\(first.text)")
        first.kill9()
        #expect(first.process.terminationReason == .uncaughtSignal)

        let resumed = try KaoxueRun.run(arguments(folder, ["--result", folder + "/r.json"]), input: Self.script[cut...].joined(separator: "\n") + "\n")
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.contains("从日志"))
        let expected = try json(whole + "/r.json")
        let got = try json(folder + "/r.json")
        #expect(standings(got) == standings(expected))
        let questions = { (result: [String: Any]) in (result["rulings"] as? [[String: Any]] ?? []).compactMap { $0["question"] as? String } }
        #expect(questions(got) == questions(expected))
    }

    @Test func membersEarnLedgerPointsByTheirTeamsRankOnce() throws {
        let folder = try workspace()
        let store = folder + "/store.sqlite"
        try "person_id,name,unit,tier\nP1,甲,组织部,乡科级及以下\nP2,乙,组织部,乡科级及以下\nP3,丙,组织部,乡科级及以下\n"
            .write(toFile: folder + "/people.csv", atomically: true, encoding: .utf8)
        #expect(try KaoxueRun.run(["credits", "people", folder + "/people.csv", "--store", store]).status == 0)
        try "队伍,人员编号,姓名\n一队,P1,甲\n二队,P2,乙\n三队,P3,丙\n三队,P9,外单位\n".write(toFile: folder + "/members.csv", atomically: true, encoding: .utf8)
        let withMembers = arguments(folder, ["--members", folder + "/members.csv", "--store", store])
        let run = try KaoxueRun.run(withMembers, input: Self.script.joined(separator: "\n") + "\n")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("队员积分已记入台账（学习/知识竞赛）：新增 3 人"))
        #expect(run.stdout.contains("不在人员名册中，未记积分：P9"))
        // Running the finished log again records nothing twice.
        let again = try KaoxueRun.run(withMembers, input: "")
        #expect(again.stdout.contains("新增 0 人，已记过 3 人"))
        // 三队 first (5), 一队 second (3), 二队 third (2).
        let report = try KaoxueRun.run(["points", "report", "--period", "2026", "--json", "--store", store])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])
        let points = Dictionary(uniqueKeysWithValues: (json["people"] as? [[String: Any]] ?? []).map { ($0["id"] as? String ?? "", $0["points"] as? Double ?? -1) })
        #expect(points == ["P1": 3, "P2": 2, "P3": 5])

        // A members file naming another team is refused with its row and column, before anything starts.
        try "team,person_id\n四队,P1\n一队,\n".write(toFile: folder + "/bad.csv", atomically: true, encoding: .utf8)
        let bad = try KaoxueRun.run(
            ["contest", "--bank", repositoryPath("QuestionBanks"), "--teams", "一队,二队,三队", "--log", folder + "/other.jsonl", "--members", folder + "/bad.csv",
             "--store", store], input: "")
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("bad.csv:2:1: 错误: “四队”不是参赛队伍"), "\(bad.stderr)")
        #expect(bad.stderr.contains("bad.csv:3:2: 错误: 缺少 person_id"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/other.jsonl"))
    }

    @Test func leavingAndComingBackGoesOnWhereItStopped() throws {
        let folder = try workspace()
        let first = try KaoxueRun.run(arguments(folder), input: "n\nr\nn\nq\n")
        #expect(first.status == 0)
        #expect(first.stdout.contains("比赛尚未结束，已保存 1 个判定在 \(folder)/log.jsonl；再次运行同一命令即可继续。"))
        let second = try KaoxueRun.run(arguments(folder, ["--lang", "en"]), input: "r\nend\ny\n")
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("Resumed from"))
        #expect(second.stdout.contains("✔ 二队 right +10 → 110"))
        #expect(second.stdout.contains("The host ended the contest"))
    }

    @Test func everyPlayOffGroupIsAnnouncedWithThePlaceItPlaysFor() throws {
        let folder = try workspace()
        try """
            name: 短赛
            baseScore: 100
            rounds:
              - kind: 必答
                questionsPerTeam: 1
                points: 10
                seconds: 30
            """.write(toFile: folder + "/short.yaml", atomically: true, encoding: .utf8)
        // All three wrong: a three-way tie for first. 二队 wins it; 一队 and 三队 then play for second.
        let run = try KaoxueRun.run(
            arguments(folder, ["--rules", folder + "/short.yaml", "--result", folder + "/r.json"]),
            input: "n\nw\nn\nw\nn\nw\nn\ns\nb 2\nr\nn\ns\nb 2\nb 1\nr\ny\n")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("—— 同分加赛：一队、二队、三队 争第 1 名"), "\(run.stdout)")
        #expect(run.stdout.contains("—— 同分加赛：一队、三队 争第 2 名"), "\(run.stdout)")
        #expect(run.stdout.contains("“二队”不在加赛队伍中（现在加赛的是 一队、三队）"), "\(run.stdout)")
        #expect(standings(try json(folder + "/r.json")) == ["1 二队 110", "2 一队 110", "3 三队 100"])
    }

    @Test func theScoreboardFillsTheWindowItIsShownIn() throws {
        // Four teams; 第一代表队 leads 110 to 100 after one right answer; the board drawn on `sb`.
        func board(columns: Int, rows: Int) throws -> [String] {
            let folder = try workspace()
            let run = try KaoxueRun.run(
                ["contest", "--bank", repositoryPath("QuestionBanks"), "--teams", "第一代表队,二队,三队,四队", "--log", folder + "/log.jsonl"],
                environment: ["COLUMNS": String(columns), "LINES": String(rows)], input: "n\nr\nsb\nq\n")
            #expect(run.status == 0, "\(run.stderr)")
            let after = try #require(run.stdout.components(separatedBy: "]> sb\n").last)
            return Array(after.components(separatedBy: "\n").prefix { !$0.hasPrefix("[") }.drop { $0.isEmpty })
        }
        func width(_ line: String) -> Int { line.unicodeScalars.reduce(0) { $0 + (($1.value >= 0x2E80 && $1.value < 0xA4D0) ? 2 : 1) } }
        // 80×24: digits five lines high without gaps (4 × 5 = 20 lines), so the leader stays on screen.
        let small = try board(columns: 80, rows: 24)
        #expect(small.count == 20 && small[2].contains("1  第一代表队"), "\(small)")
        // 200×50: digits ten lines high, centred: as much room left as right.
        let large = try board(columns: 200, rows: 50)
        let drawn = large.filter { !$0.isEmpty }
        #expect(drawn.count == 40 && large.count == 44, "a blank line after each team: \(large.count)")
        let left = drawn.map { $0.prefix { $0 == " " }.count }.min() ?? 0
        let right = 200 - (drawn.map(width).max() ?? 0)
        #expect(left > 50 && abs(left - right) <= 1, "left \(left), right \(right)")
        // Scores right-aligned: 110 and 100 end in the same column.
        #expect(Set(drawn.map(width)).count == 1, "\(Set(drawn.map(width)))")
        // Too narrow for digits: one line per team, still in rank order.
        let narrow = try board(columns: 30, rows: 24)
        #expect(narrow.map { $0.trimmingCharacters(in: .whitespaces) }.prefix(4) == ["1  第一代表队   110", "2  二队         100", "2  三队         100", "2  四队         100"], "\(narrow)")
    }

    @Test func nothingFinalHappensWithoutAnExplicitYes() throws {
        let folder = try workspace()
        let withResult = arguments(folder, ["--result", folder + "/r.json"])
        // A question is open (二队 answering): `a` asks first, and anything but yes keeps the answer hidden.
        let peek = try KaoxueRun.run(withResult, input: "n\na\n\na\n是\nr\nq\n")
        #expect(peek.stdout.contains("题目还在作答中，现在公布答案？"), "\(peek.stdout)")
        #expect(peek.stdout.components(separatedBy: "答案：").count == 2, "shown once, after 是: \(peek.stdout)")
        #expect(peek.stdout.contains("未公布答案"))
        // `end`, then Enter (one too many), then the input ends: nothing is final and no result is written.
        let ended = try KaoxueRun.run(withResult, input: "end\n\n")
        #expect(ended.status == 0, "\(ended.stderr)")
        #expect(ended.stdout.contains("成绩尚未确认。") && ended.stdout.contains("成绩尚未确认，已保存"), "\(ended.stdout)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/r.json"))
        // Coming back asks again; the end can still be undone, and the contest goes on.
        let back = try KaoxueRun.run(withResult, input: "undo\nn\nw\nend\ny\n")
        #expect(back.stdout.contains("比赛结束：输入 是（y）确认成绩"), "\(back.stdout)")
        #expect(back.stdout.contains("已撤销上一判定") && back.stdout.contains("成绩已确认"), "\(back.stdout)")
        let result = try json(folder + "/r.json")
        #expect((result["rulings"] as? [[String: Any]])?.count == 2)
        // Confirmed is final: a later run shows the standings and writes the same results; undo is refused.
        let later = try KaoxueRun.run(withResult, input: "undo\n")
        #expect(later.status == 0 && !later.stdout.contains("已撤销"))
        #expect(standings(try json(folder + "/r.json")) == standings(result))
        let log = try String(contentsOfFile: folder + "/log.jsonl", encoding: .utf8)
        #expect(log.components(separatedBy: "\"kind\":\"confirm\"").count == 2)
    }

    @Test func badStartsAreRefusedAndLeaveNoLog() throws {
        let folder = try workspace()
        let rules = folder + "/rules.yaml"
        try "name: 赛\nrounds:\n  - kind: 必答\n    questionsPerTeam: 0\n    points: 10\n  - kind: 快答\n".write(toFile: rules, atomically: true, encoding: .utf8)
        let badRules = try KaoxueRun.run(arguments(folder, ["--rules", rules]), input: "")
        #expect(badRules.status == 1)
        #expect(badRules.stderr.contains("rules.yaml:4:23: 错误：rounds[0].questionsPerTeam: 应为 1–100 的整数"), "\(badRules.stderr)")
        #expect(badRules.stderr.contains("rules.yaml:6:11: 错误：rounds[1].kind"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/log.jsonl"))

        let oneTeam = try KaoxueRun.run(["contest", "--bank", repositoryPath("QuestionBanks"), "--teams", "一队", "--log", folder + "/log.jsonl"], input: "")
        #expect(oneTeam.status == 2, "a wrong --teams is a usage problem")
        #expect(oneTeam.stderr.contains("需要 2 到 12 支队伍"))
        let noTeams = try KaoxueRun.run(["contest", "--bank", repositoryPath("QuestionBanks"), "--log", folder + "/log.jsonl"], input: "")
        #expect(noTeams.status == 2)
        let small = folder + "/small.txt"
        try "一、判断题\n1. 对吗？\n答案：对\n".write(toFile: small, atomically: true, encoding: .utf8)
        let tooFew = try KaoxueRun.run(["contest", "--bank", small, "--teams", "甲,乙", "--log", folder + "/log.jsonl"], input: "")
        #expect(tooFew.status == 1)
        #expect(tooFew.stderr.contains("需要"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/log.jsonl"))

        // A log that belongs to another contest is not taken over.
        _ = try KaoxueRun.run(arguments(folder), input: "n\nq\n")
        let other = try KaoxueRun.run(
            ["contest", "--bank", repositoryPath("QuestionBanks"), "--teams", "甲,乙", "--log", folder + "/log.jsonl"], input: "")
        #expect(other.status == 2)
        #expect(other.stderr.contains("属于另一场比赛"))
        // A log whose start line was torn by a crash (never acknowledged) starts afresh.
        try "{\"kind\":\"sta".write(toFile: folder + "/torn.jsonl", atomically: true, encoding: .utf8)
        let torn = try KaoxueRun.run(arguments(folder).dropLast(2) + ["--log", folder + "/torn.jsonl"], input: "n\nq\n")
        #expect(torn.status == 0, "\(torn.stderr)")
        #expect(try String(contentsOfFile: folder + "/torn.jsonl", encoding: .utf8).hasPrefix("{\"bank\""))
        // Someone else's file given as the log is refused and left as it was.
        let notes = "{\"a\":1}\n{\"b\":2}"
        try notes.write(toFile: folder + "/notes.jsonl", atomically: true, encoding: .utf8)
        let foreign = try KaoxueRun.run(arguments(folder).dropLast(2) + ["--log", folder + "/notes.jsonl"], input: "")
        #expect(foreign.status == 1)
        #expect(foreign.stderr.contains("不是比赛日志"))
        #expect(try String(contentsOfFile: folder + "/notes.jsonl", encoding: .utf8) == notes)
        // A damaged line in the middle of the log is an error, never skipped.
        var lines = try String(contentsOfFile: folder + "/log.jsonl", encoding: .utf8).split(separator: "\n").map(String.init)
        lines.insert("{not json", at: 1)
        try (lines.joined(separator: "\n") + "\n").write(toFile: folder + "/log.jsonl", atomically: true, encoding: .utf8)
        let damaged = try KaoxueRun.run(arguments(folder), input: "")
        #expect(damaged.status == 2)
        #expect(damaged.stderr.contains("第 2 行已损坏"))
    }

    @Test func theScoreboardAlignsMixedTeamNamesByDisplayWidth() throws {
        let folder = try workspace()
        let run = try KaoxueRun.run(
            ["contest", "--bank", repositoryPath("QuestionBanks"), "--teams", "第一代表队,Team B,三", "--log", folder + "/log.jsonl"], input: "n\nr\nsb\nq\n")
        #expect(run.status == 0)
        /// Columns before the first block: CJK characters take two.
        func column(_ line: Substring) -> Int {
            line.prefix { $0 != "█" }.unicodeScalars.reduce(0) { $0 + ((0x4E00...0x9FFF).contains($1.value) ? 2 : 1) }
        }
        let board = run.stdout.split(separator: "\n").filter { $0.contains("█") }
        let named = board.filter { $0.contains("第一代表队") || $0.contains("Team B") || $0.contains("  三 ") }
        #expect(named.count == 3, "\(board)")
        #expect(Set(board.map(column)).count == 1, "\(board)")
        // The leader first, then the tied teams in the order they were named.
        #expect(named.map { $0.contains("第一代表队") ? 1 : $0.contains("Team B") ? 2 : 3 } == [1, 2, 3])
        #expect(named[0].trimmingCharacters(in: .whitespaces).hasPrefix("1  第一代表队") && named[1].trimmingCharacters(in: .whitespaces).hasPrefix("2  Team B"))
    }

    @Test func commandsThatDoNotFitAreExplainedAndChangeNothing() throws {
        let folder = try workspace()
        let run = try KaoxueRun.run(arguments(folder, ["--lang", "en"]), input: "r\nc 20\nb 9\n跳舞\nn\nn\nundo\nundo\nq\n")
        #expect(run.status == 0)
        #expect(run.stdout.contains("no question is being answered"))
        #expect(run.stdout.contains("no value is to be chosen now"))
        #expect(run.stdout.contains("there is no team 9 (3 teams)"))
        #expect(run.stdout.contains("unknown command \"跳舞\""))
        #expect(run.stdout.contains("rule on this question first"))
        #expect(run.stdout.contains("there is no ruling to undo"))
        let log = try String(contentsOfFile: folder + "/log.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(log.count == 2)  // start and the one question shown
    }

    @Test(.enabled(if: KaoxueRun.canUseTerminal)) func onATerminalTheCountdownRunsOut() throws {
        let folder = try workspace()
        let rules = folder + "/rules.yaml"
        try "name: 快赛\nrounds:\n  - {kind: 必答, questionsPerTeam: 1, seconds: 1}\n".write(toFile: rules, atomically: true, encoding: .utf8)
        let run = try KaoxueRun.onTerminal(
            ["contest", "--bank", repositoryPath("QuestionBanks"), "--teams", "一队,二队", "--rules", rules, "--log", folder + "/log.jsonl"],
            typing: "n\n", closeInputAfter: 3)
        #expect(run.stdout.contains("剩 1 秒"), "\(run.stdout)")
        #expect(run.stdout.contains("时间到"))
        #expect(run.stdout.contains("个判定在 \(folder)/log.jsonl"), "\(run.stdout)")
    }
}
