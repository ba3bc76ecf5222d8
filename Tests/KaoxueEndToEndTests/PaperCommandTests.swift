import Foundation
import Testing

@Suite("kaoxue paper generate / check, run as a user runs them")
struct PaperCommandTests {
    static let blueprint = repositoryPath("QuestionBanks/blueprints/月度测试.yaml")
    static let bank = repositoryPath("QuestionBanks")

    func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kaoxue-paper-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func generatesEveryFileAndTheSameBytesTwice() throws {
        let base = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: base) }
        let first = base.appendingPathComponent("one").path
        let second = base.appendingPathComponent("two").path
        let run = try KaoxueRun.run(["paper", "generate", "--bank", Self.bank, "--blueprint", Self.blueprint, "--seed", "42", "--out", first])
        #expect(run.status == 0)
        #expect(run.stdout.contains("已生成 2 个版本"))
        _ = try KaoxueRun.run(["paper", "generate", "--bank", Self.bank, "--blueprint", Self.blueprint, "--seed", "42", "--out", second])
        #expect(try FileManager.default.contentsOfDirectory(atPath: first).sorted() == ["handout", "organizer"])
        let handout = try FileManager.default.contentsOfDirectory(atPath: first + "/handout").sorted()
        #expect(handout == [
            ".kaoxue-outputs.json", "paper-A.docx", "paper-A.html", "paper-A.md", "paper-B.docx", "paper-B.html", "paper-B.md", "paper.json",
            "sheet-template.csv",
        ])
        let organizer = try FileManager.default.contentsOfDirectory(atPath: first + "/organizer").sorted()
        #expect(organizer == [
            ".kaoxue-outputs.json", "blueprint-report.html", "blueprint-report.md", "key-A.docx", "key-A.html", "key-A.md", "key-B.docx",
            "key-B.html", "key-B.md", "key.csv",
        ])
        // The manifest records where each file is on this disk (inode, time); every file it names is the same.
        for name in handout.map({ "handout/" + $0 }) + organizer.map({ "organizer/" + $0 }) where !name.hasSuffix(".kaoxue-outputs.json") {
            let a = try Data(contentsOf: URL(fileURLWithPath: first).appendingPathComponent(name))
            let b = try Data(contentsOf: URL(fileURLWithPath: second).appendingPathComponent(name))
            #expect(a == b, "\(name) differs between two runs with the same seed")
        }
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: first).appendingPathComponent("handout/paper.json"))) as? [String: Any]
        let manifest = try #require(json?["manifest"] as? [String: Any])
        #expect(manifest["seed"] as? Int == 42)
        #expect((manifest["bankHash"] as? String)?.count == 64)
        #expect((manifest["blueprintHash"] as? String)?.count == 64)
        #expect(manifest["kaoxueVersion"] as? String != nil)
    }

    @Test func everyQuestionIsPrintedInThePapersScriptWithItsBankID() throws {
        // The shipped bank has a file in Traditional characters (年輕幹部基層實踐鍛煉.txt).
        let base = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: base) }
        func generate(_ name: String, _ extra: [String]) throws -> (text: String, ids: [String]) {
            let out = base.appendingPathComponent(name).path
            let run = try KaoxueRun.run(["paper", "generate", "--bank", Self.bank, "--blueprint", Self.blueprint, "--seed", "5", "--out", out] + extra)
            #expect(run.status == 0, "\(run.stderr)")
            let text = try ["handout/paper-A.md", "handout/paper-B.md", "organizer/key-A.md", "organizer/key-B.md", "handout/paper-A.html"].map {
                try String(contentsOfFile: out + "/" + $0, encoding: .utf8)
            }.joined()
            let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/handout/paper.json"))) as? [String: Any])
            let versions = try #require(json["versions"] as? [[String: Any]])
            return (text, versions.flatMap { ($0["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String } })
        }
        let simplified = try generate("hans", [])
        let traditional = try generate("hant", ["--script", "hant"])
        #expect(!simplified.text.contains("幹部") && !simplified.text.contains("實踐") && simplified.text.contains("干部"))
        #expect(!traditional.text.contains("干部") && traditional.text.contains("幹部"))
        #expect(simplified.ids == traditional.ids, "the same questions, known by the same ids")
        #expect(simplified.ids.count == 46)
    }

    @Test func duplicatesAcrossFilesAndScriptsAreOneQuestion() throws {
        let base = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: base) }
        let bank = base.appendingPathComponent("bank").path
        try FileManager.default.createDirectory(atPath: bank, withIntermediateDirectories: true)
        var simplified = "一、单选题\n"
        for number in 1...4 { simplified += "\(number). 第\(number)题问的是什么？\nA. 甲\(number)  B. 乙\(number)  C. 丙\(number)  D. 丁\(number)\n答案：A\n\n" }
        simplified += "5. 组织部门的职责是什么？\nA. 选干部  B. 管人才  C. 抓基层  D. 建队伍\n答案：C\n"
        try simplified.write(toFile: bank + "/简体.txt", atomically: true, encoding: .utf8)
        // The same question in Traditional characters, and again with its options in another order.
        let traditional = "一、單選題\n1. 組織部門的職責是什麼？\nA. 選幹部  B. 管人才  C. 抓基層  D. 建隊伍\n答案：C\n\n2. 组织部门的职责是什么？\nA. 抓基层  B. 选干部  C. 管人才  D. 建队伍\n答案：A\n"
        try traditional.write(toFile: bank + "/繁體.txt", atomically: true, encoding: .utf8)
        let check = try KaoxueRun.run(["bank", "check", bank])
        #expect(check.stderr.contains("重复") || check.stdout.contains("重复"), "bank check finds the group: \(check.stdout)\(check.stderr)")
        let blueprint = base.appendingPathComponent("b.yaml").path
        try "title: 测试\ntotalScore: 10\nsections:\n  - type: single\n    count: 5\n    points: 2\n".write(toFile: blueprint, atomically: true, encoding: .utf8)
        // Five distinct questions: the paper takes the group once, whatever the seed.
        for seed in 1...6 {
            let out = base.appendingPathComponent("p\(seed)").path
            let run = try KaoxueRun.run(["paper", "generate", "--bank", bank, "--blueprint", blueprint, "--seed", "\(seed)", "--format", "md", "--out", out])
            #expect(run.status == 0, "\(run.stderr)")
            let paper = try String(contentsOfFile: out + "/handout/paper-A.md", encoding: .utf8)
            let copies = ["组织部门的职责是什么", "組織部門的職責是什麼"].map { paper.components(separatedBy: $0).count - 1 }.reduce(0, +)
            #expect(copies == 1, "seed \(seed): the duplicate group appears \(copies) times")
        }
        // Six distinct questions are not there: asking for six is refused, not met with a duplicate.
        try "title: 测试\ntotalScore: 12\nsections:\n  - type: single\n    count: 6\n    points: 2\n".write(toFile: blueprint, atomically: true, encoding: .utf8)
        let six = try KaoxueRun.run(["paper", "generate", "--bank", bank, "--blueprint", blueprint, "--format", "md", "--out", base.appendingPathComponent("six").path])
        #expect(six.status == 1, "\(six.stdout)\(six.stderr)")
        let sixCheck = try KaoxueRun.run(["paper", "check", "--bank", bank, "--blueprint", blueprint])
        #expect(sixCheck.status == 1, "check and generate agree: \(sixCheck.stdout)")
    }

    @Test func otherSeedOtherPaperAndExcludeUsed() throws {
        let base = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: base) }
        let first = base.appendingPathComponent("first").path
        let later = base.appendingPathComponent("later").path
        #expect(try KaoxueRun.run(["paper", "generate", "--bank", Self.bank, "--blueprint", Self.blueprint, "--versions", "1", "--format", "md", "--out", first]).status == 0)
        let run = try KaoxueRun.run([
            "paper", "generate", "--bank", Self.bank, "--blueprint", Self.blueprint, "--versions", "1", "--format", "md",
            "--exclude-used", first, "--out", later, "--json",
        ])
        #expect(run.status == 0)
        func ids(_ folder: String) throws -> Set<Substring> {
            let csv = try String(contentsOfFile: folder + "/organizer/key.csv", encoding: .utf8)
            return Set(csv.split(separator: "\r\n").dropFirst().map { $0.split(separator: ",")[2] })
        }
        #expect(try ids(first).isDisjoint(with: try ids(later)))
        #expect(try ids(first).count == 23)
        let summary = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        #expect(summary?["questions"] as? Int == 23)
    }

    @Test func infeasibleBlueprintIsExplained() throws {
        let run = try KaoxueRun.run(["paper", "generate", "--bank", Self.bank, "--blueprint", fixture("impossible.yaml"), "--out", "/tmp/kaoxue-never-written"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("多选题 × 干部工作 × 难：需要 3 道，题库只有 0 道"))
        #expect(!FileManager.default.fileExists(atPath: "/tmp/kaoxue-never-written"))
        let check = try KaoxueRun.run(["paper", "check", "--bank", Self.bank, "--blueprint", fixture("impossible.yaml"), "--lang", "en"])
        #expect(check.status == 1)
        #expect(check.stderr.contains("multiple choice × 干部工作 × hard: need 3, the bank has 0"))
    }

    @Test func checkShowsTheCellsAndSaysYes() throws {
        let run = try KaoxueRun.run(["paper", "check", "--bank", Self.bank, "--blueprint", Self.blueprint])
        #expect(run.status == 0)
        #expect(run.stdout.contains("单选题（需要 10 道，可用 77 道）"))
        #expect(run.stdout.contains("可以组卷。"))
        // The 双向细目表 generate would realize, one table for both parallel versions, with its mean level.
        #expect(run.stdout.contains("将组出的双向细目表（种子 "), "\(run.stdout)")
        #expect(run.stdout.contains("各卷（A、B）细目相同：平均难度 "))
        #expect(run.stdout.contains("合计"))
        let json = try KaoxueRun.run(["paper", "check", "--bank", Self.bank, "--blueprint", Self.blueprint, "--json"])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(object?["feasible"] as? Bool == true)
        let versions = try #require(object?["versions"] as? [[String: Any]])
        #expect(versions.map { $0["name"] as? String } == ["A", "B"])
        // The same cells generate writes into paper.json with the same seed.
        let base = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: base) }
        let seed = try #require(object?["seed"] as? UInt64)
        let out = base.appendingPathComponent("p").path
        #expect(try KaoxueRun.run(["paper", "generate", "--bank", Self.bank, "--blueprint", Self.blueprint, "--seed", "\(seed)", "--format", "md", "--out", out]).status == 0)
        let paper = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/handout/paper.json"))) as? [String: Any])
        let written = try #require(paper["versions"] as? [[String: Any]])
        let table = try #require(written[0]["table"] as? [String: Any])
        #expect((table["cells"] as? [[String: Any]])?.count == (versions[0]["cells"] as? [[String: Any]])?.count)
        #expect(table["meanDifficulty"] as? Double == versions[0]["meanDifficulty"] as? Double)
    }

    @Test func blueprintErrorsAreLocated() throws {
        let path = fixture("bad-blueprint.yaml")
        let run = try KaoxueRun.run(["paper", "check", "--bank", Self.bank, "--blueprint", path])
        #expect(run.status == 1)
        #expect(run.stderr == "\(path):4:12: 错误：sections[0].count: 应为 1–10000 的整数\n")
        let english = try KaoxueRun.run(["paper", "check", "--bank", Self.bank, "--blueprint", path, "--lang", "en"])
        #expect(english.status == 1)
        #expect(english.stderr == "\(path):4:12: error: sections[0].count: expected a whole number from 1 to 10000\n")
    }

    @Test func missingInputsExitTwo() throws {
        #expect(try KaoxueRun.run(["paper", "generate", "--bank", "/no/bank", "--blueprint", Self.blueprint]).status == 2)
        #expect(try KaoxueRun.run(["paper", "generate", "--bank", Self.bank, "--blueprint", "/no/blueprint.yaml"]).status == 2)
        #expect(try KaoxueRun.run(["paper", "generate", "--blueprint", Self.blueprint]).status == 2)
        #expect(try KaoxueRun.run(["paper", "generate", "--bank", Self.bank, "--blueprint", Self.blueprint, "--format", "pdf"]).status == 2)
    }
}
