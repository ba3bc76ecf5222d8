import Foundation
import Testing

/// `kaoxue bank convert`, run as a user runs it: files in, files or standard output out, exit codes.
@Suite("kaoxue bank convert, run as a user runs it")
struct BankConvertCommandTests {
    func temporaryFolder() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kaoxue-convert-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    let interchangeFixtures = repositoryPath("Tests/BankInterchangeTests/Fixtures")

    @Test func shippedBanksGoToEveryFormatAndBack() throws {
        let folder = try temporaryFolder()
        for format in ["gift", "aiken", "moodle-xml", "qti", "xlsx", "csv", "json", "kaoxue"] {
            let out = "\(folder)/bank.\(format)"
            let there = try KaoxueRun.run(["bank", "convert", repositoryPath("QuestionBanks"), "--to", format, "-o", out])
            #expect(there.status == 0, "\(format): \(there.stderr)")
            let back = try KaoxueRun.run(["bank", "convert", out, "--from", format, "--to", "kaoxue", "-o", "\(folder)/back-\(format).txt"])
            #expect(back.status == 0, "\(format): \(back.stderr)")
            let check = try KaoxueRun.run(["bank", "check", "\(folder)/back-\(format).txt", "--json"])
            #expect(check.status == 0, "\(format): \(check.stdout)")
        }
        // Full formats give the native text back byte for byte.
        let original = try KaoxueRun.run(["bank", "convert", repositoryPath("QuestionBanks"), "--to", "kaoxue"]).stdout
        for format in ["xlsx", "csv", "json", "kaoxue"] {
            #expect(try String(contentsOfFile: "\(folder)/back-\(format).txt", encoding: .utf8) == original, "\(format)")
        }
    }

    @Test func lossesAreReportedOncePerKindAndStrictRefuses() throws {
        let folder = try temporaryFolder()
        let result = try KaoxueRun.run(["bank", "convert", repositoryPath("QuestionBanks"), "--to", "gift", "-o", "\(folder)/b.gift", "--lang", "en"])
        #expect(result.status == 0)
        #expect(result.stderr.contains("note: GIFT cannot carry 难度 (difficulty): dropped for 193 questions"))
        #expect(result.stderr.contains("note: GIFT cannot carry fill-in questions with several blanks: 12 questions left out"))
        #expect(result.stderr.components(separatedBy: "难度 (difficulty)").count == 2)
        let strict = try KaoxueRun.run(["bank", "convert", repositoryPath("QuestionBanks"), "--to", "gift", "-o", "\(folder)/s.gift", "--strict"])
        #expect(strict.status == 1)
        #expect(!FileManager.default.fileExists(atPath: "\(folder)/s.gift"))
        #expect(strict.stderr.contains("未写出任何文件"))
    }

    @Test func errorsWriteNothingAndKeepAnOldOutput() throws {
        let folder = try temporaryFolder()
        let out = "\(folder)/out.json"
        try "previous".write(toFile: out, atomically: true, encoding: .utf8)
        let result = try KaoxueRun.run(["bank", "convert", "\(interchangeFixtures)/malformed.xlsx", "--to", "json", "-o", out])
        #expect(result.status == 1)
        #expect(result.stderr.contains("malformed.xlsx:I2: 错误: 答案 E 不在选项中（选项为 A–D）"))
        #expect(result.stderr.contains("malformed.xlsx:E3: 错误: 缺少选项 B"))
        #expect(try String(contentsOfFile: out, encoding: .utf8) == "previous")
        let word = try KaoxueRun.run(["bank", "convert", "\(interchangeFixtures)/malformed.docx", "--to", "gift", "-o", "\(folder)/w.gift", "--lang", "en"])
        #expect(word.status == 1)
        #expect(word.stderr.contains("malformed.docx:paragraph 13:4: error: answer F is not among the options (A–D)\n答案：F\n      ^"))
        #expect(!FileManager.default.fileExists(atPath: "\(folder)/w.gift"))
    }

    @Test func standardOutputJSONSummaryScriptAndInferredTarget() throws {
        let folder = try temporaryFolder()
        let gift = try KaoxueRun.run(["bank", "convert", "\(interchangeFixtures)/every-feature.gift", "--to", "aiken"])
        #expect(gift.status == 0)
        #expect(gift.stdout.hasPrefix("干部选拔任用工作必须坚持的原则不包括（  ）。\nA. 论资排辈\n"))
        // The target from -o's extension, a JSON summary for scripts, Traditional characters.
        let summary = try KaoxueRun.run([
            "bank", "convert", "\(interchangeFixtures)/moodle-export.xml", "-o", "\(folder)/m.json", "--json", "--script", "hant",
        ])
        #expect(summary.status == 0, "\(summary.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(summary.stdout.utf8)) as? [String: Any])
        #expect(object["questionsWritten"] as? Int == 7 && object["skipped"] as? Int == 1 && object["to"] as? String == "json")
        let written = try String(contentsOfFile: "\(folder)/m.json", encoding: .utf8)
        #expect(written.contains("幹部選拔任用工作必須堅持的原則不包括"))
        // GB18030 CSV out, read back by the same command.
        let csv = try KaoxueRun.run(["bank", "convert", "\(interchangeFixtures)/chinese-template.xlsx", "-o", "\(folder)/t.csv", "--encoding", "gb18030"])
        #expect(csv.status == 0)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: "\(folder)/t.csv"))
        #expect(String(data: bytes, encoding: .utf8) == nil)
        #expect(try KaoxueRun.run(["bank", "convert", "\(folder)/t.csv", "--to", "json"]).stdout == (try String(contentsOfFile: "\(interchangeFixtures)/chinese-template.expected.json", encoding: .utf8)))
    }

    @Test func anIDUsedInTwoFilesIsAnErrorAtItsCell() throws {
        let folder = try temporaryFolder()
        try "编号,题型,题干,选项A,选项B,答案\nK-1,单选,甲？,是,否,A\n".write(toFile: "\(folder)/a.csv", atomically: true, encoding: .utf8)
        try "编号,题型,题干,选项A,选项B,答案\nK-2,单选,乙？,是,否,B\nK-1,单选,丙？,是,否,A\n".write(toFile: "\(folder)/b.csv", atomically: true, encoding: .utf8)
        let result = try KaoxueRun.run(["bank", "convert", "\(folder)/a.csv", "\(folder)/b.csv", "--to", "json", "-o", "\(folder)/out.json", "--lang", "en"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("b.csv:C3: error:"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "\(folder)/out.json"))
    }

    @Test func usageProblemsExitTwo() throws {
        let folder = try temporaryFolder()
        #expect(try KaoxueRun.run(["bank", "convert", repositoryPath("QuestionBanks"), "--to", "xlsx"]).status == 2)
        #expect(try KaoxueRun.run(["bank", "convert", repositoryPath("QuestionBanks"), "--to", "docx", "-o", "\(folder)/x.docx"]).status == 2)
        #expect(try KaoxueRun.run(["bank", "convert", repositoryPath("QuestionBanks")]).status == 2)
        #expect(try KaoxueRun.run(["bank", "convert", repositoryPath("QuestionBanks"), "--to", "pdf"]).status == 2)
        let missing = try KaoxueRun.run(["bank", "convert", "\(folder)/nope.gift", "--to", "json", "--lang", "en"])
        #expect(missing.status == 2 && missing.stderr.contains("no such file or folder"))
        try Data([0x00, 0x01, 0x02]).write(to: URL(fileURLWithPath: "\(folder)/mystery.bin"))
        let unknown = try KaoxueRun.run(["bank", "convert", "\(folder)/mystery.bin", "--to", "json", "--lang", "en"])
        #expect(unknown.status == 2 && unknown.stderr.contains("cannot tell the format"))
    }
}
