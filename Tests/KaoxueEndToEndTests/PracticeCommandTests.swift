import Foundation
import Testing

@Suite("kaoxue practice, run as a user runs it")
struct PracticeCommandTests {
    func storePath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("kaoxue-practice-\(UUID().uuidString)/k.sqlite").path
    }

    /// Runs `kaoxue` in the repository (where `QuestionBanks` is) with `input` on standard input.
    func run(_ arguments: [String], input: String) throws -> KaoxueRun {
        try KaoxueRun.run(arguments, input: input, directory: repositoryPath(""))
    }

    @Test func practisesTheShippedBankAndKeepsHistory() throws {
        let store = storePath()
        // Single-choice questions only: "z" and "zz" are not options and are asked again, never recorded.
        let first = try run(
            ["practice", "--store", store, "--user", "t", "--count", "3", "--type", "single", "--now", "2026-11-21T09:00:00Z"],
            input: "z\nzz\n:hint\n:explain\n:skip\n:stats\nq-not-a-letter\n")
        #expect(first.status == 0)
        #expect(first.stdout.contains("考学练习 · 共 3 题"))
        #expect(first.stdout.contains("答案> z\n没有选项 Z"))  // the line read is echoed, then the problem
        #expect(first.stdout.contains("答案："))  // :explain showed the answer
        // A hint strikes out one wrong option (never the header again); looking up counts as not known, and says so.
        #expect(first.stdout.range(of: #"提示：可以排除：[A-D]"#, options: .regularExpression) != nil, "\(first.stdout)")
        #expect(first.stdout.contains("看了答案：本题记为未答对，很快会再出现。"))
        #expect(first.stdout.contains("已记入错题本：连续答对 2 次后移出"))
        #expect(first.stdout.contains("解析："))
        #expect(first.stdout.contains("本次练习："))
        // The revealed question went to the wrong-answer book; a second run serves it.
        let second = try run(["practice", "--store", store, "--user", "t", "--mode", "wrong"], input: ":quit\n")
        #expect(second.stdout.contains("共 1 题（到期 0、错题 1、新题 0）"))
        let other = try run(["practice", "--store", store, "--user", "someone-else", "--mode", "wrong"], input: "")
        #expect(other.stdout.contains("错题本是空的"))
    }

    @Test func fillAnswersForgiveWidthAndSpaces() throws {
        let run = try run(["practice", "--bank", fixture("fill.txt"), "--store", storePath(), "--count", "1", "--lang", "en"], input: "周末 大课堂\n")
        #expect(run.status == 0)
        #expect(run.stdout.contains("✔ Right"))
        #expect(run.stdout.contains("Explanation: 见原文。"))
    }

    @Test func aTopicIsFoundInEitherScriptAndAMissingOneListsTheTopics() throws {
        // The shipped bank files 34 questions under 年輕幹部實踐鍛煉 (Traditional) and 干部工作's under both scripts.
        func served(_ topic: String) throws -> String {
            let run = try run(["practice", "--store", storePath(), "--topic", topic, "--count", "100"], input: "")
            #expect(run.status == 0, "\(topic): \(run.stderr)")
            return run.stdout
        }
        #expect(try served("年轻干部实践锻炼").contains("共 34 题"))
        #expect(try served("年輕幹部實踐鍛煉").contains("共 34 题"))
        // The count bank check gives for 干部工作, whichever script its questions were filed in.
        let check = try run(["bank", "check", "QuestionBanks", "--json"], input: "")
        let counts = try #require((try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any])?["byTopic"] as? [String: Int])
        let cadreWork = try #require(counts["干部工作"])
        #expect(try served("干部工作").contains("共 \(cadreWork) 题"))
        #expect(try served(" 幹部工作 ").contains("共 \(cadreWork) 题"))
        let missing = try run(["practice", "--store", storePath(), "--topic", "干部工", "--lang", "en"], input: "")
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no question is filed under the topic 干部工; the bank's topics: 自身建设（76）"), "\(missing.stderr)")
        #expect(missing.stderr.contains("年轻干部实践锻炼（34）") && missing.stderr.contains("干部工作（\(cadreWork)）"))
    }

    @Test func badOptionsAndMissingBanks() throws {
        #expect(try run(["practice", "--mode", "sometimes"], input: "").status == 2)
        #expect(try run(["practice", "--bank", "/no/bank"], input: "").status == 2)
        #expect(try run(["practice", "--bank", fixture("fill.txt"), "--type", "multiple", "--store", storePath()], input: "").status == 1)
    }

    /// A window made narrower while an answer is being typed: the typed text survives, later output fits the new width.
    @Test func aResizedTerminalKeepsTheLineAndWrapsLaterOutputToItsWidth() throws {
        let terminal = try PseudoTerminalKaoxue(
            ["practice", "--store", storePath(), "--user", "w", "--count", "2", "--type", "single", "--now", "2026-11-21T09:00:00Z",
             "--bank", repositoryPath("QuestionBanks")], columns: 120)
        #expect(terminal.waitFor("答案> "), "\(terminal.text)")
        terminal.type("zz")
        Thread.sleep(forTimeInterval: 0.3)
        terminal.resize(columns: 40)
        Thread.sleep(forTimeInterval: 0.5)
        let beforeAnswer = terminal.text.count
        // The two letters typed before the resize are still the line: Enter makes them the answer.
        terminal.type("\r")
        #expect(terminal.waitFor("没有选项 Z"), "\(terminal.text)")
        terminal.type("a\r")
        #expect(terminal.waitFor("[2/2]"), "\(terminal.text)")
        terminal.type("\u{04}")
        #expect(terminal.wait() == 0)
        // Everything printed after the resize fits 40 columns (CJK counts two).
        let later = String(terminal.text.dropFirst(beforeAnswer)).replacingOccurrences(of: "\r", with: "")
        let lines = later.split(separator: "\n").map { line in line.unicodeScalars.filter { $0.value >= 0x20 } }.map { String(String.UnicodeScalarView($0)) }
        // East Asian wide and full-width characters take two columns; curly quotes and the rest one.
        func columns(_ scalar: Unicode.Scalar) -> Int {
            let wide: [ClosedRange<UInt32>] = [0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6]
            return wide.contains { $0.contains(scalar.value) } ? 2 : 1
        }
        let widest = lines.map { line in line.unicodeScalars.reduce(0) { $0 + columns($1) } }.max() ?? 0
        #expect(lines.count > 5 && widest <= 40, "widest \(widest): \(lines)")
    }

    /// Up-arrow history survives the run, per user, beside the store; piped runs keep none.
    @Test(.enabled(if: KaoxueRun.canUseTerminal))
    func historyIsKeptAcrossRunsOnATerminal() throws {
        let store = storePath()
        let arguments = ["practice", "--bank", fixture("fill.txt"), "--store", store, "--user", "王明", "--count", "1"]
        // `:stats` prints 已答 … once, the closing summary once more.
        func statsShown(_ run: KaoxueRun) -> Int { run.stdout.components(separatedBy: "已答 0 题").count - 2 }
        let first = try KaoxueRun.onTerminal(arguments, typing: ":stats\r:quit\r", closeInputAfter: nil)
        #expect(statsShown(first) == 1, "\(first.stdout)")
        let file = (store as NSString).deletingLastPathComponent + "/history/practice-王明"
        #expect(try String(contentsOfFile: file, encoding: .utf8) == ":stats\n:quit\n")
        // Up twice brings back :stats from the last run; Enter runs it.
        let second = try KaoxueRun.onTerminal(arguments, typing: "\u{1B}[A\u{1B}[A\r", closeInputAfter: 1.5)
        #expect(statsShown(second) == 1, "\(second.stdout)")
        // Another user has a history of their own.
        let other = try KaoxueRun.onTerminal(
            ["practice", "--bank", fixture("fill.txt"), "--store", store, "--user", "other", "--count", "1"], typing: "\u{1B}[A\r", closeInputAfter: 1.5)
        #expect(statsShown(other) == 0, "\(other.stdout)")
    }

    /// The real terminal path: readline on a pty (util-linux `script`), Chinese typed, a character deleted.
    @Test(.enabled(if: KaoxueRun.canUseTerminal))
    func readlineEditsChineseOnATerminal() throws {
        let store = storePath()
        // 周末大课x, Backspace, 堂, Enter — then close, as a user would press Ctrl-D.
        let output = try KaoxueRun.onTerminal(
            ["practice", "--bank", fixture("fill.txt"), "--store", store, "--user", "pty", "--count", "1"], typing: "周末大课x\u{7F}堂\r",
            closeInputAfter: 1.5
        ).stdout
        #expect(output.contains("✔ 正确"), "\(output)")
        // The answer stored is the edited text.
        let check = try run(["practice", "--bank", fixture("fill.txt"), "--store", store, "--user", "pty", "--mode", "wrong"], input: "")
        #expect(check.stdout.contains("错题本是空的"))
    }
}
