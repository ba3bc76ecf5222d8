import Foundation
import Testing

/// Every command's `--bank` and `bank check` read a bank in any format `bank convert` reads: a Word document, an
/// Excel workbook, a folder holding them, with problems at the cell or paragraph they come from.
@Suite("banks in Word and Excel everywhere, run as a user runs it")
struct BankFormatsEverywhereTests {
    let interchangeFixtures = repositoryPath("Tests/BankInterchangeTests/Fixtures")
    let blueprint = repositoryPath("QuestionBanks/blueprints/月度测试.yaml")

    func temporaryFolder() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kaoxue-formats-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func bankCheckReadsWordAndExcelWithTheirPlaces() throws {
        let word = try KaoxueRun.run(["bank", "check", "\(interchangeFixtures)/organizer.docx", "--json"])
        #expect(word.status == 0, "\(word.stderr)")
        let wordReport = try json(word.stdout)
        #expect(wordReport["questions"] as? Int == 4)
        let wordFiles = try #require(wordReport["files"] as? [[String: Any]])
        #expect(wordFiles.first?["format"] as? String == "docx")

        let excel = try KaoxueRun.run(["bank", "check", "\(interchangeFixtures)/malformed.xlsx", "--json", "--lang", "en"])
        #expect(excel.status == 1)
        let excelReport = try json(excel.stdout)
        let diagnostics = try #require(excelReport["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.first?["cell"] as? String == "I2")
        #expect(diagnostics.first?["message"] as? String == "answer E is not among the options (A–D)")
        #expect(diagnostics.allSatisfy { $0["line"] == nil }, "cells, not lines: \(diagnostics)")

        let text = try KaoxueRun.run(["bank", "check", "\(interchangeFixtures)/malformed.xlsx", "--lang", "en"])
        #expect(text.status == 1)
        #expect(text.stderr.contains("malformed.xlsx:I2: error: answer E is not among the options (A–D)"), "\(text.stderr)")
        #expect(!text.stderr.contains("UTF-8"))
    }

    @Test func aFolderHoldsWordExcelAndTextBanksTogether() throws {
        let folder = try temporaryFolder()
        for name in ["organizer.docx", "chinese-template.xlsx"] {
            try FileManager.default.copyItem(atPath: "\(interchangeFixtures)/\(name)", toPath: "\(folder)/\(name)")
        }
        try FileManager.default.copyItem(atPath: fixture("fill.txt"), toPath: "\(folder)/fill.txt")
        // Word leaves a lock file beside an open document: it is not a bank.
        try Data([0x00, 0x01]).write(to: URL(fileURLWithPath: "\(folder)/~$ganizer.docx"))
        let result = try KaoxueRun.run(["bank", "check", folder, "--json"])
        let report = try json(result.stdout)
        let files = try #require(report["files"] as? [[String: Any]])
        #expect(Set(files.compactMap { $0["format"] as? String }) == ["docx", "xlsx", "kaoxue"])
        let counts = files.compactMap { $0["questions"] as? Int }
        #expect(report["questions"] as? Int == counts.reduce(0, +))
        #expect(counts.count == 3 && counts.allSatisfy { $0 > 0 })
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test func aPaperFromAnExcelBankIsThePaperFromItsTextBank() throws {
        let folder = try temporaryFolder()
        let converted = try KaoxueRun.run(["bank", "convert", repositoryPath("QuestionBanks"), "-o", "\(folder)/题库.xlsx"])
        #expect(converted.status == 0, "\(converted.stderr)")
        let fromExcel = try KaoxueRun.run(["paper", "generate", "--bank", "\(folder)/题库.xlsx", "--blueprint", blueprint, "--out", "\(folder)/excel", "--format", "md"])
        #expect(fromExcel.status == 0, "\(fromExcel.stderr)")
        let fromText = try KaoxueRun.run(["paper", "generate", "--bank", repositoryPath("QuestionBanks"), "--blueprint", blueprint, "--out", "\(folder)/text", "--format", "md"])
        #expect(fromText.status == 0, "\(fromText.stderr)")
        let excelKey = try String(contentsOfFile: "\(folder)/excel/organizer/key.csv", encoding: .utf8)
        let textKey = try String(contentsOfFile: "\(folder)/text/organizer/key.csv", encoding: .utf8)
        #expect(!excelKey.isEmpty && excelKey == textKey)
    }

    @Test func practiceAndPapersRefuseAWordBankWithErrorsAtItsParagraph() throws {
        let folder = try temporaryFolder()
        let paper = try KaoxueRun.run([
            "paper", "generate", "--bank", "\(interchangeFixtures)/malformed.docx", "--blueprint", blueprint, "--out", "\(folder)/p", "--lang", "en",
        ])
        #expect(paper.status == 1)
        #expect(paper.stderr.contains("malformed.docx:paragraph 13:4: error: answer F is not among the options (A–D)"), "\(paper.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "\(folder)/p"))
        let practice = try KaoxueRun.run([
            "practice", "--bank", "\(interchangeFixtures)/organizer.docx", "--store", "\(folder)/k.sqlite", "--count", "1", "--type", "trueFalse", "--lang", "en",
        ], input: ":quit\n")
        #expect(practice.status == 0, "\(practice.stderr)")
        #expect(practice.stdout.contains("[1/1] true/false\n党支部委员会每届任期三年。"), "\(practice.stdout)")
    }
}
