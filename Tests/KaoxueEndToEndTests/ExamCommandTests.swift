import Foundation
import Testing

@Suite("kaoxue exam and result verify, run as a user runs them")
struct ExamCommandTests {
    static let bank = repositoryPath("QuestionBanks")
    static let blueprint = repositoryPath("QuestionBanks/blueprints/月度测试.yaml")

    /// A fresh folder with a generated paper (two versions, 23 items, 20 minutes) in `paper/` and a store path.
    func workspace() throws -> (paper: String, store: String, folder: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kaoxue-exam-\(UUID().uuidString)").path
        let paper = folder + "/paper"
        let generate = try KaoxueRun.run(["paper", "generate", "--bank", Self.bank, "--blueprint", Self.blueprint, "--versions", "2", "--format", "md", "--out", paper])
        #expect(generate.status == 0, "\(generate.stderr)")
        return (paper, folder + "/store/k.sqlite", folder)
    }

    /// Moves every time in the journals beside `store` by `seconds` (negative: the exam began that much earlier),
    /// as if the real clock had run on that long while kaoxue was closed: the exam takes no clock from its caller.
    func shiftJournals(beside store: String, by seconds: Double) throws {
        let folder = (store as NSString).deletingLastPathComponent + "/exams"
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) where name.hasSuffix(".journal") {
            let path = folder + "/" + name
            try shifted(String(contentsOfFile: path, encoding: .utf8), by: seconds).write(toFile: path, atomically: true, encoding: .utf8)
        }
    }

    /// A journal's text with every time moved by `seconds`; `last` moves the last event alone by that much more.
    func shifted(_ journal: String, by seconds: Double, last: Double = 0) throws -> String {
        let format = ISO8601DateFormatter()
        format.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let lines = journal.split(separator: "\n")
        return try lines.enumerated().map { index, line -> String in
            var event = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            for field in ["startedAt", "at"] {
                guard let time = event[field] as? String else { continue }
                let by = seconds + (index == lines.count - 1 ? last : 0)
                event[field] = format.string(from: try #require(format.date(from: time)).addingTimeInterval(by))
            }
            return String(decoding: try JSONSerialization.data(withJSONObject: event, options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self)
        }.joined(separator: "\n") + "\n"
    }

    /// The `key.csv` row of one item: its answer as printed.
    func keyAnswer(_ paper: String, version: String, number: Int) throws -> String {
        let rows = try String(contentsOfFile: paper + "/organizer/key.csv", encoding: .utf8).split(separator: "\r\n")
        let row = try #require(rows.first { $0.hasPrefix("\(version),\(number),") })
        return String(row.split(separator: ",", omittingEmptySubsequences: false)[4])
    }

    func result(_ path: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
    }

    @Test func killedMidExamResumesWithEveryAnswer() throws {
        let (paper, store, folder) = try workspace()
        let arguments = ["exam", "--paper", paper + "/handout/paper.json", "--candidate", "C001", "--paper-version", "A", "--store", store]
        let right1 = try keyAnswer(paper, version: "A", number: 1)
        let first = try LiveKaoxue(arguments)
        #expect(first.waitFor("[1/23"))
        // Answer item 1 (the next one comes up), flag item 2, answer it.
        first.send("\(right1)\n:flag\nb\n")
        // The prompt of item 3 appears only after item 2's answer is on disk.
        #expect(first.waitFor("[3/23"), "\(first.text)")
        first.kill9()
        #expect(first.process.terminationReason == .uncaughtSignal)

        let resumed = try KaoxueRun.run(arguments + ["--result", folder + "/result.json"], input: "c\n:goto 2\n:review\n:submit\ny\n")
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.contains("继续上次的考试：已答 2/23 题"))
        // Resumed at the same question: item 3 is shown first.
        let firstShown = try #require(resumed.stdout.range(of: #"\[\d+/23\] "#, options: .regularExpression))
        #expect(resumed.stdout[firstShown].hasPrefix("[3/23]"))
        #expect(resumed.stdout.contains("已标记：2"))
        #expect(resumed.stdout.contains("成绩："))
        let json = try result(folder + "/result.json")
        #expect(json["answers"] as? [String: String] == ["1": right1, "2": "B", "3": "C"])
        #expect(json["candidate"] as? String == "C001" && json["version"] as? String == "A")
        #expect(json["maxScore"] as? Double == 100)
        #expect((json["score"] as? Double ?? 0) >= 4)  // item 1 was answered right
        #expect(json["submittedBy"] as? String == "candidate")
        #expect(json["signature"] != nil)

        // Submitted: running again shows the result and takes no more answers.
        let again = try KaoxueRun.run(arguments, input: "a\n")
        #expect(again.status == 0)
        #expect(again.stdout.contains("交卷，不能再作答"))
    }

    @Test func timeRunsWhileClosedAndAResumeAfterTheEndSubmits() throws {
        let (paper, store, folder) = try workspace()
        let arguments = ["exam", "--paper", paper, "--candidate", "C002", "--store", store, "--result", folder + "/r.json"]
        let first = try KaoxueRun.run(arguments, input: "a\nb\n")
        #expect(first.status == 0)
        #expect(first.stdout.contains("[1/23 剩余 20:00] 答案>"), "\(first.stdout)")
        // The paper's instructions come before the first item (from the shipped blueprint).
        let instructions = try #require(first.stdout.range(of: "考试说明：\n  1. 本卷为闭卷考试"), "\(first.stdout)")
        #expect(instructions.lowerBound < first.stdout.range(of: "[1/23]")!.lowerBound)
        #expect(first.stdout.contains("已暂停"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/r.json"))
        // A system clock set back an hour would give back spent time: refused, the journal untouched. (The journal's
        // times an hour ahead are the same thing seen from the journal.)
        try shiftJournals(beside: store, by: 3600)
        let journals = try FileManager.default.subpathsOfDirectory(atPath: (store as NSString).deletingLastPathComponent).filter { $0.hasPrefix("exams/") }
        #expect(!journals.isEmpty)
        let sizes = try journals.map { try FileManager.default.attributesOfItem(atPath: (store as NSString).deletingLastPathComponent + "/" + $0)[.size] as? Int }
        let earlier = try KaoxueRun.run(arguments, input: "c\n")
        #expect(earlier.status == 2 && earlier.stderr.contains("早于考试记录中最后一次操作"), "\(earlier.stderr)")
        #expect(!earlier.stdout.contains("剩余"))
        #expect(try journals.map { try FileManager.default.attributesOfItem(atPath: (store as NSString).deletingLastPathComponent + "/" + $0)[.size] as? Int } == sizes)
        // 25 minutes later: the 20 minutes are over; submitted at once with what was journaled.
        try shiftJournals(beside: store, by: -3600 - 25 * 60)
        let started = try #require(try String(contentsOfFile: (store as NSString).deletingLastPathComponent + "/" + journals[0], encoding: .utf8)
            .firstMatch(of: /"startedAt":"([^"]+)"/)?.1)
        let late = try KaoxueRun.run(arguments, input: "c\n")
        #expect(late.status == 0)
        #expect(late.stdout.contains("时间到，已自动交卷"))
        let json = try result(folder + "/r.json")
        #expect(json["answers"] as? [String: String] == ["1": "A", "2": "B"])
        #expect(json["submittedBy"] as? String == "timeout")
        // 25 minutes passed, but the candidate had the paper for the 20 of the limit.
        #expect(json["elapsedSeconds"] as? Double == 1200 && json["limitSeconds"] as? Int == 1200, "\(json)")
        // The journal's start (to the millisecond, as rewritten above), printed to the microsecond.
        #expect((json["startedAt"] as? String)?.hasPrefix(String(started.dropLast())) == true, "\(json["startedAt"] ?? "") vs \(started)")
    }

    @Test func noOptionOrEnvironmentACandidateSetsMovesTheExamsClock() throws {
        let (paper, store, folder) = try workspace()
        let arguments = ["exam", "--paper", paper, "--candidate", "C009", "--store", store, "--result", folder + "/r.json"]
        #expect(try KaoxueRun.run(arguments, input: "a\n").status == 0)
        // A time on the command line is not an option of the exam: usage error, nothing journaled or written.
        for now in ["2026-11-21T08:00:00Z", "2026-11-21T12:00:00Z"] {
            let run = try KaoxueRun.run(arguments + ["--now", now], input: "b\n:submit\ny\n")
            #expect(run.status == 2 && run.stderr.contains("--now"), "\(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: folder + "/r.json"))
        }
        // Five minutes on by the system's clock, five minutes are gone.
        try shiftJournals(beside: store, by: -5 * 60)
        let resumed = try KaoxueRun.run(arguments, input: "")
        #expect(resumed.status == 0 && (resumed.stdout.contains("剩余 15:00") || resumed.stdout.contains("剩余 14:5")), "\(resumed.stdout)")
    }

    @Test func theClockWarnsAndSubmitsWhileWaitingForInput() throws {
        let (paper, store, _) = try workspace()
        let arguments = ["exam", "--paper", paper, "--candidate", "C003", "--store", store, "--lang", "en"]
        #expect(try KaoxueRun.run(arguments, input: "").status == 0)
        // Resumed 2 seconds before the end, nobody typing: warned, then submitted by the clock.
        try shiftJournals(beside: store, by: -20 * 60 + 2)
        let live = try LiveKaoxue(arguments)
        #expect(live.waitFor("less than 1 min left"))
        #expect(!live.text.contains("less than 5 min left"), "one warning on a late resume, the tightest: \(live.text)")
        #expect(live.wait(seconds: 20) == 0, "\(live.text)")
        #expect(live.text.contains("Time is up: the exam was submitted."))
        #expect(live.text.contains("Score: 0 / 100"))
        #expect(live.text.contains("Not passed: 0% scored, the pass mark is 60%"), "\(live.text)")
    }

    @Test func signedResultsAreVerified() throws {
        let (paper, store, folder) = try workspace()
        let resultPath = folder + "/r.json"
        let run = try KaoxueRun.run(
            ["exam", "--paper", paper, "--candidate", "C004", "--store", store, "--result", resultPath], input: "a\n:submit\n是\n")
        #expect(run.status == 0)
        let verify = try KaoxueRun.run(["result", "verify", resultPath, "--store", store])
        #expect(verify.status == 0)
        #expect(verify.stdout.contains("签名有效"))
        // A changed score is detected.
        var json = try result(resultPath)
        json["score"] = 100.0
        let altered = folder + "/altered.json"
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: altered))
        let bad = try KaoxueRun.run(["result", "verify", altered, "--store", store, "--json"])
        #expect(bad.status == 1)
        let verdict = try JSONSerialization.jsonObject(with: Data(bad.stdout.utf8)) as? [String: Any]
        #expect(verdict?["verdict"] as? String == "altered")
        // Another key (KAOXUE_SECRET) does not vouch for it either.
        let otherKey = try KaoxueRun.run(["result", "verify", resultPath, "--store", store], environment: ["KAOXUE_SECRET": "elsewhere"])
        #expect(otherKey.status == 1)
        #expect(otherKey.stderr.contains("另一把密钥"))
        let missing = try KaoxueRun.run(["result", "verify", folder + "/missing.json", "--store", store])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("无法读取“\(folder)/missing.json”：文件不存在"), "\(missing.stderr)")
        // A file cut short is not a result (exit 1), located and said in words, not a DecodingError dump.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: resultPath))
        let text = String(decoding: bytes, as: UTF8.self)
        let lineCount = text.split(separator: "\n", omittingEmptySubsequences: false).count
        try Data(text.utf8.prefix(text.utf8.count - 3)).write(to: URL(fileURLWithPath: folder + "/cut.json"))
        let cut = try KaoxueRun.run(["result", "verify", folder + "/cut.json", "--store", store])
        #expect(cut.status == 1)
        #expect(cut.stderr.hasPrefix("\(folder)/cut.json:\(lineCount - 2):"), "\(cut.stderr)")
        #expect(cut.stderr.contains("JSON 语法错误：对象没有结束（缺少 }）"), "\(cut.stderr)")
        var noScore = try result(resultPath)
        noScore["score"] = nil
        try JSONSerialization.data(withJSONObject: noScore).write(to: URL(fileURLWithPath: folder + "/no-score.json"))
        let incomplete = try KaoxueRun.run(["result", "verify", folder + "/no-score.json", "--store", store, "--lang", "en"])
        #expect(incomplete.status == 1)
        #expect(incomplete.stderr.contains("no-score.json:1:1: error: the field score is missing"), "\(incomplete.stderr)")
        // Forgeries the signature alone would let through: a second `score` (read by jq, Python and JavaScript,
        // not by the signature's check), a second `candidate`, an unsigned field, a number spelled anew.
        let scoreLine = try #require(text.split(separator: "\n").firstIndex { $0.hasPrefix("  \"score\" :") }) + 1
        let forgeries: [(name: String, text: String, error: String)] = [
            ("two-scores", text.replacingOccurrences(of: "\n  \"startedAt\"", with: "\n  \"score\" : 100,\n  \"startedAt\""),
                "键“score”重复（第 \(scoreLine) 行已有）"),
            ("two-candidates", text.replacingOccurrences(of: "\n  \"format\"", with: "\n  \"candidate\" : \"C999\",\n  \"format\""), "键“candidate”重复"),
            ("passed", text.replacingOccurrences(of: "\n  \"format\"", with: "\n  \"passed\" : true,\n  \"format\""), "“passed”不是成绩文件的字段（不在签名范围内）"),
            ("spelled", text.replacingOccurrences(of: "\"maxScore\" : 100,", with: "\"maxScore\" : 1e2,"), "“maxScore”的数字写作 1e2，kaoxue 写作 100"),
        ]
        for forgery in forgeries {
            #expect(forgery.text != text, "\(forgery.name) changed the file")
            let path = folder + "/\(forgery.name).json"
            try Data(forgery.text.utf8).write(to: URL(fileURLWithPath: path))
            let run = try KaoxueRun.run(["result", "verify", path, "--store", store, "--json"])
            #expect(run.status == 1, "\(forgery.name)")
            #expect(run.stdout.isEmpty && run.stderr.contains(forgery.error) && run.stderr.hasPrefix(path + ":"), "\(forgery.name): \(run.stderr)")
        }
        // Verifying only reads: a mistyped --store is an error naming it, and no store or key is made.
        let typo = try KaoxueRun.run(["result", "verify", resultPath, "--store", folder + "/typo/k.sqlite"])
        #expect(typo.status == 2)
        #expect(typo.stderr.contains("学习记录“\(folder)/typo/k.sqlite”不存在"), "\(typo.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/typo"))
        // With the shared secret no store is needed at all.
        let shared = try KaoxueRun.run(["result", "verify", resultPath, "--store", folder + "/none.sqlite"], environment: ["KAOXUE_SECRET": "x"])
        #expect(shared.status == 1 && !FileManager.default.fileExists(atPath: folder + "/none.sqlite"))
    }

    @Test func anUnknownVersionIsAUsageErrorFoundBeforeAnythingIsMade() throws {
        let (paper, _, folder) = try workspace()
        let run = try KaoxueRun.run(["exam", "--paper", paper, "--candidate", "C9", "--paper-version", "Z", "--store", folder + "/new/k.sqlite"], input: "")
        #expect(run.status == 2)
        #expect(run.stderr.contains("试卷没有 Z 卷（有 A、B）"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/new"), "no store was created")
        let fresh = try KaoxueRun.run(["exam", "--paper", paper, "--candidate", "C9", "--store", folder + "/new/k.sqlite"], input: "")
        #expect(fresh.stderr.components(separatedBy: "已新建学习记录：\(folder)/new/k.sqlite").count == 2, "said once: \(fresh.stderr)")
    }

    @Test func markingWaitsForTheKeyAndLosesNothing() throws {
        let (paper, store, folder) = try workspace()
        // The organizer kept the key elsewhere: the answers wait for it.
        try FileManager.default.moveItem(atPath: paper + "/organizer/key.csv", toPath: folder + "/key.csv")
        let arguments = ["exam", "--paper", paper, "--candidate", "C005", "--paper-version", "B", "--store", store]
        let run = try KaoxueRun.run(arguments, input: "d\n:submit\ny\n")
        #expect(run.status == 1)
        #expect(run.stderr.contains("无法评分"))
        #expect(run.stderr.contains("\(paper)/organizer/key.csv"), "says where the key belongs: \(run.stderr)")
        try FileManager.default.moveItem(atPath: folder + "/key.csv", toPath: paper + "/organizer/key.csv")
        let marked = try KaoxueRun.run(arguments + ["--result", folder + "/r.json"], input: "")
        #expect(marked.status == 0)
        #expect(try result(folder + "/r.json")["answers"] as? [String: String] == ["1": "D"])
    }

    @Test func badPapersJournalsAndVersions() throws {
        let (paper, store, folder) = try workspace()
        try Data("{\"format\": 1}".utf8).write(to: URL(fileURLWithPath: folder + "/bad.json"))
        let bad = try KaoxueRun.run(["exam", "--paper", folder + "/bad.json", "--candidate", "C", "--store", store], input: "")
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("不是 kaoxue 试卷"))
        #expect(try KaoxueRun.run(["exam", "--paper", folder + "/none.json", "--candidate", "C", "--store", store], input: "").status == 2)
        #expect(try KaoxueRun.run(["exam", "--paper", paper, "--candidate", "C", "--paper-version", "Q", "--store", store], input: "").status == 2)
        // A started exam keeps its version.
        #expect(try KaoxueRun.run(["exam", "--paper", paper, "--candidate", "C", "--paper-version", "A", "--store", store], input: "").status == 0)
        let switched = try KaoxueRun.run(["exam", "--paper", paper, "--candidate", "C", "--paper-version", "B", "--store", store], input: "")
        #expect(switched.status == 2)
        #expect(switched.stderr.contains("A 卷"))
        // The same version as people write it is the same version; `--version` is kaoxue's own version.
        for typed in ["a", "Ａ", "a卷"] {
            let same = try KaoxueRun.run(["exam", "--paper", paper, "--candidate", "C", "--paper-version", typed, "--store", store], input: "")
            #expect(same.status == 0 && same.stdout.contains("· A 卷 ·"), "\(typed): \(same.stderr)")
        }
        let own = try KaoxueRun.run(["exam", "--version"])
        #expect(own.status == 0 && own.stdout.range(of: #"^\d+\.\d+"#, options: .regularExpression) != nil, "\(own.stdout)\(own.stderr)")
        // A journal damaged in the middle is reported with its line, not skipped.
        let journal = folder + "/j.journal"
        #expect(try KaoxueRun.run(["exam", "--paper", paper, "--candidate", "D", "--store", store, "--journal", journal], input: "a\nb\n").status == 0)
        var lines = try String(contentsOfFile: journal, encoding: .utf8).split(separator: "\n")
        lines[1] = "garbage"
        try (lines.joined(separator: "\n") + "\n").write(toFile: journal, atomically: true, encoding: .utf8)
        let damaged = try KaoxueRun.run(["exam", "--paper", paper, "--candidate", "D", "--store", store, "--journal", journal], input: "")
        #expect(damaged.status == 1)
        #expect(damaged.stderr.contains("j.journal:2:"))
    }

    /// The journal is the exam's memory, not its authority: what it says is checked against the paper and
    /// replayed as the live exam would have taken it, and kaoxue never writes into a file that is not its own.
    @Test func anEditedJournalChangesNothingButARefusal() throws {
        let (paper, store, folder) = try workspace()
        let journal = folder + "/e.journal"
        let arguments = ["exam", "--paper", paper, "--candidate", "E", "--paper-version", "A", "--store", store, "--journal", journal]
        #expect(try KaoxueRun.run(arguments, input: "a\n").status == 0)
        let original = try String(contentsOfFile: journal, encoding: .utf8)
        let edits: [(name: String, text: String, error: String)] = [
            ("limit lifted", original.replacingOccurrences(of: #""limitSeconds":1200"#, with: #""limitSeconds":999999"#), "e.journal:1: 考试记录的开始事件与试卷不符"),
            ("limit removed", original.replacingOccurrences(of: #""limitSeconds":1200,"#, with: ""), "e.journal:1: 考试记录的开始事件与试卷不符"),
            ("an answer the exam refuses", original.replacingOccurrences(of: #""answer":"A""#, with: #""answer":"Z""#), "e.journal:2: “Z”不是第 1 题可接受的答案"),
            // An hour ago the exam began; an answer 21 minutes into its 20.
            ("an answer after the time", try shifted(original + original.split(separator: "\n")[1] + "\n", by: -3600, last: 1260), "e.journal:3: 限时已到"),
        ]
        for edit in edits {
            #expect(edit.text != original, "\(edit.name) changed the journal")
            try edit.text.write(toFile: journal, atomically: true, encoding: .utf8)
            let run = try KaoxueRun.run(arguments, input: ":submit\n是\n")
            #expect(run.status == 1, "\(edit.name)")
            #expect(run.stderr.contains(edit.error), "\(edit.name): \(run.stderr)")
            #expect(try String(contentsOfFile: journal, encoding: .utf8) == edit.text, "\(edit.name): the journal is left as it was")
        }
        // Someone's one-line file (no line break) is not cut to nothing; a device is not read for ever; a FIFO not waited on.
        let foreign = folder + "/notes.json"
        try Data(#"{"mine":true}"#.utf8).write(to: URL(fileURLWithPath: foreign))
        let notMine = try KaoxueRun.run(["exam", "--paper", paper, "--candidate", "E", "--store", store, "--journal", foreign], input: "")
        #expect(notMine.status == 1 && notMine.stderr.contains("不是 kaoxue 的日志"), "\(notMine.stderr)")
        #expect(try String(contentsOfFile: foreign, encoding: .utf8) == #"{"mine":true}"#)
        let fifo = folder + "/fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        for path in ["/dev/zero", fifo] {
            let run = try KaoxueRun.run(["exam", "--paper", paper, "--candidate", "E", "--store", store, "--journal", path], input: "")
            #expect(run.status == 2 && run.stderr.contains("不是普通文件"), "\(path): \(run.stderr)")
        }
    }

    /// The terminal path: readline in callback mode keeps what is typed while the clock warns and submits.
    @Test(.enabled(if: KaoxueRun.canUseTerminal))
    func theClockWorksOnATerminal() throws {
        let (paper, store, folder) = try workspace()
        let arguments = ["exam", "--paper", paper, "--candidate", "T1", "--store", store, "--result", folder + "/r.json"]
        #expect(try KaoxueRun.run(arguments, input: "").status == 0)
        // Typed but never entered: not an answer.
        try shiftJournals(beside: store, by: -20 * 60 + 3)
        let run = try KaoxueRun.onTerminal(arguments, typing: "ab", closeInputAfter: nil)
        let output = run.stdout
        #expect(run.status == 0, "\(output)")
        #expect(output.contains("提醒：剩余不足 1 分钟"))
        #expect(output.contains("剩余 0:0"))  // the prompt counts down in the last minute
        #expect(output.contains("时间到，已自动交卷。"))
        #expect(output.contains("成绩：0 / 100"))
        #expect(try result(folder + "/r.json")["answers"] as? [String: String] == [:])
    }
}
