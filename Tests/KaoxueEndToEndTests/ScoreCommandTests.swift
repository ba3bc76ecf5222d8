import Foundation
import Testing

@Suite("kaoxue score, run as a user runs it")
struct ScoreCommandTests {
    /// A generated paper's key and paper.json, 400 sheets and what numpy computed from them
    /// (`scripts/golden/make_score_golden.py`).
    static let folder = fixture("scoring")

    func temporaryFolder() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("kaoxue-score-\(UUID().uuidString)").path
    }

    func csvRows(_ path: String) throws -> [[String: String]] {
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\r\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(lines[0], $0)) }
    }

    @Test func excelSheetsScoreLikeTheirCSVAndProblemsKeepTheSheetsRows() throws {
        // The first 40 sheets, written by openpyxl with an empty row 3 and item 1 of K0008 (sheet row 10) set to Z.
        let folder = temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let lines = try String(contentsOfFile: Self.folder + "/sheets.csv", encoding: .utf8).split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        var subset = Array(lines.prefix(41))
        var k0008 = subset[8].split(separator: ",", omittingEmptySubsequences: false)
        #expect(k0008[0] == "K0008")
        k0008[4] = "Z"
        subset[8] = k0008.joined(separator: ",")[...]
        try (subset.joined(separator: "\n") + "\n").write(toFile: folder + "/s.csv", atomically: true, encoding: .utf8)
        let fromCSV = try KaoxueRun.run(["score", "--paper", Self.folder, "--sheets", folder + "/s.csv", "--out", folder + "/csv", "--lang", "en"])
        let fromExcel = try KaoxueRun.run(["score", "--paper", Self.folder, "--sheets", fixture("scoring-sheets-40.xlsx"), "--out", folder + "/xlsx", "--lang", "en"])
        #expect(fromCSV.status == 1 && fromExcel.status == 1)  // the Z cell
        #expect(try String(contentsOfFile: folder + "/csv/scores.csv", encoding: .utf8) == String(contentsOfFile: folder + "/xlsx/scores.csv", encoding: .utf8))
        #expect(fromCSV.stderr.contains("s.csv:9:5: error: item 1 has no option Z"), "\(fromCSV.stderr)")
        #expect(fromExcel.stderr.contains("scoring-sheets-40.xlsx:10:5: error: item 1 has no option Z"), "\(fromExcel.stderr)")
    }

    @Test func totalsAndStatisticsMatchAnIndependentComputation() throws {
        let out = temporaryFolder()
        let run = try KaoxueRun.run(["score", "--paper", Self.folder, "--out", out, "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let expected = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Self.folder + "/expected.json"))) as? [String: Any])
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        for name in ["candidates", "mean", "median", "sd", "min", "max", "skewness", "kurtosis", "alpha", "sem", "passRate"] {
            let want = try #require(expected[name] as? Double, "\(name)")
            let got = try #require(summary[name] as? Double, "\(name)")
            #expect(abs(want - got) < 1e-9 * max(1, abs(want)), "\(name): \(got) ≠ \(want)")
        }
        // Every candidate's total.
        let totals = try #require(expected["totals"] as? [String: Double])
        let scores = try csvRows(out + "/scores.csv")
        #expect(scores.count == totals.count)
        // Printed to two decimals.
        for row in scores { #expect(abs(Double(row["score"]!)! - totals[row["id"]!]!) <= 0.005 + 1e-9, "\(row["id"]!)") }
        // Competition ranks: equal totals share a rank, the next rank skips.
        let sorted = scores.sorted { Double($0["score"]!)! > Double($1["score"]!)! }
        for (position, row) in sorted.enumerated() {
            let better = sorted.prefix(position).filter { Double($0["score"]!)! > Double(row["score"]!)! }.count
            #expect(Int(row["rank"]!) == better + 1)
        }
        // Item statistics, to the precision items.csv prints (efficiency pairs sorted scores in 0.01-point steps).
        let questions = try #require(expected["questions"] as? [String: [String: Double]])
        let items = Dictionary(uniqueKeysWithValues: try csvRows(out + "/items.csv").map { ($0["id"]!, $0) })
        #expect(items.count == questions.count)
        for (id, want) in questions {
            let row = try #require(items[id])
            for (name, tolerance) in [("facility", 5e-5), ("discrimination", 5e-3), ("pointBiserial", 5e-5), ("D", 5e-5), ("efficiency", 0.05)] {
                guard let value = want[name] else { continue }
                let got = try #require(Double(row[name == "D" ? "D" : name] ?? ""), "\(id) \(name)")
                #expect(abs(got - value) <= tolerance, "\(id) \(name): \(got) ≠ \(value)")
            }
        }
        for name in ["scores.csv", "units.csv", "items.csv", "errors.csv", "summary.json", "report.md", "report.html"] {
            #expect(FileManager.default.fileExists(atPath: out + "/" + name), "\(name)")
        }
        let html = try String(contentsOfFile: out + "/report.html", encoding: .utf8)
        #expect(html.contains("<svg"))
        // Self-contained: nothing loaded from elsewhere.
        #expect(!html.contains("<script") && !html.contains("<link") && !html.contains("src=") && !html.contains("href="))
    }

    /// Sheets with every kind of problem: each is located by row and column; cells score 0, rows are left out.
    static let badSheets = """
        id,name,unit,version,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23
        K1,甲,组织部,A,b,,,,,,,,,,,,,,,,,,,,,,
        K2,乙,组织部,C,A,,,,,,,,,,,,,,,,,,,,,,
        K3,丙,组织部,A,A,B
        K4,丁,组织部,A,Z,,,,,,,,,,,,,,,,,,,,,,
        K1,戊,组织部,B,A,,,,,,,,,,,,,,,,,,,,,,
        K5,己,组织部,A,AB,,,,,,,,,,,,,,,,,,,,,,
        K6,庚,宣传部,A,A?,,,,,,,,,,,,,,,,对,,,,,,

        """

    @Test func aFreeAnswerMarkedBeforeIsMarkedAndReportedAgainOnEveryRow() throws {
        // The same unreadable true/false answer (item 16) on three rows: each row is reported, none is marked
        // from a remembered answer without its problem.
        let folder = temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let empty = String(repeating: ",", count: 22)
        var fields = empty.map { _ in "" } + [""]
        fields[15] = "也许"
        let row = fields.joined(separator: ",")
        let text = "id,name,unit,version,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23\n"
            + (1...3).map { "K\($0),甲,组织部,A," + row }.joined(separator: "\n") + "\n"
        try text.write(toFile: folder + "/s.csv", atomically: true, encoding: .utf8)
        let run = try KaoxueRun.run(["score", "--paper", Self.folder, "--sheets", folder + "/s.csv", "--out", folder + "/out", "--lang", "en"])
        #expect(run.status == 1)
        for line in 2...4 { #expect(run.stderr.contains("s.csv:\(line):20: error: item 16"), "\(line): \(run.stderr)") }
    }

    @Test func aWorkbookWhoseDirectoryPointsPastItsEndIsRefusedNotTrappedOn() throws {
        // The end record of the 40-sheet workbook made to point past the end of the file: ZIPFoundation trapped.
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: fixture("scoring-sheets-40.xlsx"))))
        let end = try #require((0...(bytes.count - 22)).reversed().first { bytes[$0..<($0 + 4)].elementsEqual([0x50, 0x4B, 0x05, 0x06]) })
        let past = UInt32(bytes.count + 1000)
        for k in 0..<4 { bytes[end + 16 + k] = UInt8(past >> (8 * UInt32(k)) & 0xFF) }
        let folder = temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: folder + "/past.xlsx"))
        let run = try KaoxueRun.run(["score", "--paper", Self.folder, "--sheets", folder + "/past.xlsx", "--out", folder + "/out", "--lang", "en"])
        #expect(run.status == 1 && !run.signalled, "\(run.stderr)")
        #expect(run.stderr.contains("lies beyond the end of the file"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/out"))
    }

    @Test func trueFalseAnswersAreCountedAndTheReportSpeaksTheUsersLanguage() throws {
        // 对 and 错 per true/false question, counted again here from the sheets over every version that prints it.
        let out = temporaryFolder()
        let run = try KaoxueRun.run(["score", "--paper", Self.folder, "--out", out, "--lang", "en"])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = try String(contentsOfFile: Self.folder + "/sheets.csv", encoding: .utf8).split(whereSeparator: \.isNewline)
            .map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let sheets = lines.dropFirst().map { Dictionary(zip(lines[0], $0), uniquingKeysWith: { first, _ in first }) }
        let items = try csvRows(out + "/items.csv")
        let trueFalse = items.filter { $0["type"] == "truefalse" }
        #expect(trueFalse.count >= 2)
        for item in trueFalse {
            var counted = (true: 0, false: 0)
            for placement in item["placements"]!.split(separator: " ") {
                let version = String(placement.prefix(1)), number = String(placement.dropFirst())
                for sheet in sheets where sheet["version"] == version {
                    if sheet[number] == "对" { counted.true += 1 } else if sheet[number] == "错" { counted.false += 1 }
                }
            }
            #expect(item["answeredTrue"] == String(counted.true) && item["answeredFalse"] == String(counted.false), "\(item["id"]!)")
            #expect(item["randomGuessScore"] == "50.00")
        }
        #expect(items.first { $0["type"] == "single" }?["randomGuessScore"] == "25.00")
        // The report in English: headings, figures and flags; the questions' own text stays as written.
        let english = try String(contentsOfFile: out + "/report.html", encoding: .utf8)
        for words in ["<html lang=\"en\">", "Item analysis", "Expected score of random answers", "Sheets with problems", "Discrimination D", "true✓"] {
            #expect(english.contains(words), "\(words)")
        }
        for words in ["试题分析", "分数分布", "需修改", "很好", "未答"] { #expect(!english.contains(words), "\(words)") }
        let chinese = try KaoxueRun.run(["score", "--paper", Self.folder, "--out", out + "-zh"])
        #expect(chinese.status == 0)
        let report = try String(contentsOfFile: out + "-zh/report.md", encoding: .utf8)
        #expect(report.contains("| 随机作答期望得分率 |") && report.contains("对✓ ") && report.contains("## 有问题的答题卡\n\n无。"), "\(report)")
    }

    @Test(arguments: [40, -2, 5])
    func aPaperThatContradictsItselfIsRefusedBeforeAnythingIsScored(section: Int) throws {
        // A forged or hand-edited paper.json: item 1 of version A names a section the paper does not have (the
        // scorer indexes its tables by section, so this once wrote out of bounds). The paper has 5 sections.
        let folder = temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for name in ["key.csv", "sheets.csv"] { try FileManager.default.copyItem(atPath: Self.folder + "/" + name, toPath: folder + "/" + name) }
        var paper = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Self.folder + "/paper.json"))) as? [String: Any])
        #expect((paper["sections"] as? [Any])?.count == 5)
        var versions = try #require(paper["versions"] as? [[String: Any]])
        var items = try #require(versions[0]["items"] as? [[String: Any]])
        items[0]["section"] = section
        versions[0]["items"] = items
        paper["versions"] = versions
        try JSONSerialization.data(withJSONObject: paper).write(to: URL(fileURLWithPath: folder + "/paper.json"))
        let out = folder + "/out"
        let run = try KaoxueRun.run(["score", "--paper", folder, "--sheets", folder + "/sheets.csv", "--out", out, "--lang", "en"])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderr.contains("paper.json: versions[0].items[0].section: section \(section) does not exist (the paper has 5 sections, counted from 0)"), "\(run.stderr)")
        #expect(run.stderr.contains("contradicts itself in one place"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func badSheetsAreLocatedAndContained() throws {
        let folder = temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Self.badSheets.write(toFile: folder + "/bad.csv", atomically: true, encoding: .utf8)
        let out = folder + "/out"
        let run = try KaoxueRun.run(["score", "--paper", Self.folder, "--sheets", folder + "/bad.csv", "--out", out, "--lang", "en"])
        #expect(run.status == 1)
        let expectedLines = [
            "bad.csv:3:4: error: unknown version \"C\" (the key has A, B)",
            "bad.csv:4:7: error: expected 27 fields, found 6",
            "bad.csv:5:5: error: item 1 has no option Z (A–D)",
            "bad.csv:6:1: error: duplicate id K1: only the first sheet counts",
            "bad.csv:7:5: error: item 1 is single choice: one letter",
            "bad.csv:8:5: error: item 1: \"A?\" is not option letters",
        ]
        for line in expectedLines { #expect(run.stderr.contains(line), "\(line)\n\(run.stderr)") }
        let scores = try csvRows(out + "/scores.csv").map { $0["id"]! }
        #expect(scores == ["K1", "K4", "K5", "K6"])
        let errors = try csvRows(out + "/errors.csv")
        #expect(errors.count == expectedLines.count)
        #expect(errors.map { $0["action"]! } == ["row left out", "row left out", "cell scored 0", "row left out", "cell scored 0", "cell scored 0"])
        // The report lists the same rows, in the user's language.
        let report = try String(contentsOfFile: out + "/report.md", encoding: .utf8)
        #expect(report.contains("## Sheets with problems\n\n| Row | Column | Id | Action | Problem |"), "\(report)")
        #expect(report.contains("| 5 | 5 | K4 | cell scored 0 | item 1 has no option Z (A–D) |"), "\(report)")

        // --strict: the same problems, nothing written.
        let strictOut = folder + "/strict"
        let strict = try KaoxueRun.run(["score", "--paper", Self.folder, "--sheets", folder + "/bad.csv", "--out", strictOut, "--strict"])
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("bad.csv:3:4: 错误：没有“C”卷"))
        #expect(!FileManager.default.fileExists(atPath: strictOut))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).allSatisfy { !$0.contains("partial") })
    }

    @Test func cellsReadAsTheyAreMeantWhenUnambiguous() throws {
        // Version `a`/`Ａ`, `(B)`, two blanks written `一流，第一` or `一流、第一`, an empty Excel row: all read; a
        // sheet's wrong blank count is worded for the organizer, and counted with the blanks.
        let folder = temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let lines = try String(contentsOfFile: Self.folder + "/sheets.csv", encoding: .utf8).components(separatedBy: "\r\n")
        let first = lines[1]
        func variant(_ id: String, _ change: (String) -> String) -> String { change(first.replacingOccurrences(of: "K0001,", with: id + ",")) }
        let rows = [
            lines[0], first,
            variant("K0101") { $0.replacingOccurrences(of: ",组织部,A,B,", with: ",组织部,a,(B),") },
            variant("K0102") { $0.replacingOccurrences(of: ",组织部,A,", with: ",组织部,Ａ,").replacingOccurrences(of: "一流|第一", with: "一流，第一") },
            String(repeating: ",", count: 26),
            variant("K0103") { $0.replacingOccurrences(of: "一流|第一", with: "一流、第一") },
            variant("K0104") { $0.replacingOccurrences(of: "一流|第一", with: "一流") },
        ]
        #expect(Set(rows[2...].filter { !$0.hasPrefix(",") }).count == 4)
        try (rows.joined(separator: "\n") + "\n").write(toFile: folder + "/s.csv", atomically: true, encoding: .utf8)
        let run = try KaoxueRun.run(["score", "--paper", Self.folder, "--sheets", folder + "/s.csv", "--out", folder + "/o"])
        #expect(run.status == 1)
        let scores = try csvRows(folder + "/o/scores.csv")
        #expect(scores.map { $0["id"]! } == ["K0001", "K0101", "K0102", "K0103", "K0104"])
        #expect(Set(scores.prefix(4).map { $0["score"]! }).count == 1, "\(scores)")
        let errors = try csvRows(folder + "/o/errors.csv")
        #expect(errors.count == 1 && errors[0]["row"] == "7" && errors[0]["message"] == "第 21 题：本题有 2 个空，答案中有 1 个（各空应以 | 或 ； 分隔）", "\(errors)")
        let items = try csvRows(folder + "/o/items.csv")
        let blanks = try #require(items.first { $0["placements"] == "A21" }?["blank"])
        #expect(Int(blanks) == 1)
    }

    @Test func oneLetterOutputFoldersRelativeToWhereTheUserIs() throws {
        // Foundation traps taking the parent of a one-character name: `--out o` and `--out r/o` once did.
        let folder = temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for out in ["o", "r/o"] {
            let run = try KaoxueRun.run(["score", "--paper", Self.folder, "--out", out], directory: folder)
            #expect(run.status == 0, "\(out): \(run.stderr)")
            #expect(FileManager.default.fileExists(atPath: folder + "/" + out + "/scores.csv"))
        }
    }

    @Test func gb18030SheetsHandMarksAndRules() throws {
        let folder = temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        // The first two sheets of the fixture, saved as GB18030 with Chinese headers.
        let original = try String(contentsOfFile: Self.folder + "/sheets.csv", encoding: .utf8).split(separator: "\r\n")
        let text = (["考号,姓名,单位,版本," + original[0].split(separator: ",").dropFirst(4).joined(separator: ",")] + original[1...2].map(String.init)).joined(separator: "\r\n") + "\r\n"
        try text.write(toFile: folder + "/utf8.csv", atomically: true, encoding: .utf8)
        let iconv = Process()
        iconv.executableURL = URL(fileURLWithPath: "/usr/bin/iconv")
        iconv.arguments = ["-f", "UTF-8", "-t", "GB18030", "-o", folder + "/gb.csv", folder + "/utf8.csv"]
        try iconv.run()
        iconv.waitUntilExit()
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder + "/gb.csv")) != Data(text.utf8))
        let plain = try KaoxueRun.run(["score", "--paper", Self.folder, "--sheets", folder + "/gb.csv", "--out", folder + "/a"])
        #expect(plain.status == 0, "\(plain.stderr)")
        let totals = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Self.folder + "/expected.json"))) as? [String: Any])["totals"] as? [String: Double]
        let first = try csvRows(folder + "/a/scores.csv")
        #expect(zip(first, ["K0001", "K0002"]).allSatisfy { abs(Double($0["score"]!)! - totals![$1]!) <= 0.005 + 1e-9 })
        #expect(first[0]["name"] == "考生1")
        // A hand mark replaces item 23 of K0001 (a short answer worth 10).
        try "id,number,score\nK0001,23,3.5\n".write(toFile: folder + "/marks.csv", atomically: true, encoding: .utf8)
        let marked = try KaoxueRun.run(["score", "--paper", Self.folder, "--sheets", folder + "/gb.csv", "--out", folder + "/b", "--marks", folder + "/marks.csv"])
        #expect(marked.status == 0)
        let withMarks = try csvRows(folder + "/b/scores.csv")
        // Item 23 is the only item of the short-answer section: its column is that item's score.
        let automatic = try #require(Double(first[0]["简答题"] ?? ""))
        #expect(Double(withMarks[0]["score"]!)! == Double(first[0]["score"]!)! - automatic + 3.5)
        #expect(withMarks[0]["简答题"] == "3.5")
        #expect(withMarks[1]["score"] == first[1]["score"])
        // Bad marks are located.
        try "id,number,score\nK0001,x,3\n".write(toFile: folder + "/badmarks.csv", atomically: true, encoding: .utf8)
        let bad = try KaoxueRun.run(["score", "--paper", Self.folder, "--sheets", folder + "/gb.csv", "--out", folder + "/c", "--marks", folder + "/badmarks.csv", "--lang", "en"])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("badmarks.csv:2:2: error: number \"x\" is not a positive whole number"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/c"))
        // Rows that fit no sheet, item or maximum are located problems (exit 1), never ignored or clamped in
        // silence; --strict writes nothing; a repeated row is refused at its second appearance.
        try "id,number,score\nK0001,23,3.5\nK0010,23,2\nK0002,24,1\nK0002,23,12\n,,\n".write(toFile: folder + "/misfits.csv", atomically: true, encoding: .utf8)
        let misfits = try KaoxueRun.run(["score", "--paper", Self.folder, "--sheets", folder + "/gb.csv", "--out", folder + "/e", "--marks", folder + "/misfits.csv", "--lang", "en"])
        #expect(misfits.status == 1)
        #expect(misfits.stderr.contains("misfits.csv:3:1: error: no counted sheet has the id K0010 (did you mean K0001?)"), "\(misfits.stderr)")
        #expect(misfits.stderr.contains("misfits.csv:4:2: error: version B has no item 24 (it has 23)"))
        #expect(misfits.stderr.contains("misfits.csv:5:3: error: the mark 12 is above item 23's 10 points"))
        #expect(try csvRows(folder + "/e/scores.csv")[1]["简答题"] == "10")
        let strictMisfits = try KaoxueRun.run(["score", "--paper", Self.folder, "--sheets", folder + "/gb.csv", "--out", folder + "/f", "--marks", folder + "/misfits.csv", "--strict"])
        #expect(strictMisfits.status == 1 && !FileManager.default.fileExists(atPath: folder + "/f"))
        try "考号,题号,得分\nK0001,23,3\nK0001,23,4\n".write(toFile: folder + "/twice.csv", atomically: true, encoding: .utf8)
        let twice = try KaoxueRun.run(["score", "--paper", Self.folder, "--sheets", folder + "/gb.csv", "--out", folder + "/g", "--marks", folder + "/twice.csv"])
        #expect(twice.status == 1 && twice.stderr.contains("twice.csv:3:1: 错误：考号 K0001 第 23 题已在第 2 行给分"))
        // --multi-rule all: no half marks, so the total can only drop.
        let strictRule = try KaoxueRun.run(["score", "--paper", Self.folder, "--sheets", folder + "/gb.csv", "--out", folder + "/d", "--multi-rule", "all"])
        #expect(strictRule.status == 0)
        let all = try csvRows(folder + "/d/scores.csv")
        for (a, b) in zip(all, first) { #expect(Double(a["score"]!)! <= Double(b["score"]!)!) }
        #expect(try KaoxueRun.run(["score", "--paper", Self.folder, "--multi-rule", "most"]).status == 2)
        // A rule that cannot give an item its points is a warning; the rules and marks used are in summary.json.
        let capped = try KaoxueRun.run(["score", "--paper", Self.folder, "--sheets", folder + "/gb.csv", "--out", folder + "/h", "--multi-rule", "per-option:0.5", "--pass", "70", "--lang", "en"])
        #expect(capped.status == 0)
        #expect(capped.stderr.contains("warning: version A item 12 scores at most 1.5 of its 6 points under per-option:0.5"), "\(capped.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/h/summary.json"))) as? [String: Any])
        let basis = try #require(summary["basis"] as? [String: Any])
        #expect(basis["passPercent"] as? Double == 70 && basis["multipleChoiceRules"] as? [String: Int] == ["per-option:0.5": 10])
        #expect((basis["keySHA256"] as? String)?.count == 64)
        let report = try String(contentsOfFile: folder + "/h/report.md", encoding: .utf8)
        #expect(report.contains("| Pass / good / excellent marks | 70% / 80% / 90% |"))
        #expect(report.contains("| Multiple-choice rules | 0.5 per right option, 0 with a wrong one (10 items) |"), "\(report)")
    }
}
