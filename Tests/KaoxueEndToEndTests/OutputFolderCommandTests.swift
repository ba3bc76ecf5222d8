import Foundation
import Testing

/// Every command that writes files, run into a folder full of files kaoxue did not write: twice, and with the
/// second run killed (SIGKILL) at each point of its write. The foreign files must come out byte-identical, and the
/// outputs must be the first run's complete set or the second run's, never a mix or nothing.
@Suite("kaoxue's outputs beside a user's own files")
struct OutputFolderCommandTests {
    /// A folder holding a user's files: notes, collected answer sheets, a sub-folder, a Word file.
    /// `named`: the folder's own name, when a command writes into a folder of that name under its `--out`.
    static func folderOfForeignFiles(named: String? = nil) throws -> (path: String, foreign: [String: Data]) {
        var path = FileManager.default.temporaryDirectory.appendingPathComponent("kaoxue-foreign-\(UUID().uuidString)").path
        if let named { path += "/" + named }
        try FileManager.default.createDirectory(atPath: path + "/资料/sub", withIntermediateDirectories: true)
        let foreign: [String: Data] = [
            "notes.txt": Data("会议记录\n".utf8), "collected.csv": Data("id,name,1\nC1,张三,A\n".utf8),
            "资料/sub/keep.md": Data("# 保留\n".utf8), "通知.docx": Data([0x50, 0x4B, 0x03, 0x04, 1, 2, 3]),
        ]
        for (name, data) in foreign { try data.write(to: URL(fileURLWithPath: path + "/" + name)) }
        return (path, foreign)
    }

    /// The files of `folder` kaoxue wrote: everything but the foreign ones, its manifest and staging folders.
    static func outputs(_ folder: String, foreign: [String: Data]) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) where foreign[name] == nil && name != "资料" {
            guard name != ".kaoxue-outputs.json", !name.hasPrefix(".kaoxue-staging-") else { continue }
            files[name] = FileManager.default.contents(atPath: folder + "/" + name)
        }
        return files
    }

    static func expectForeignFilesKept(_ folder: String, _ foreign: [String: Data], sourceLocation: SourceLocation = #_sourceLocation) {
        for (name, data) in foreign {
            #expect(FileManager.default.contents(atPath: folder + "/" + name) == data, "\(name) changed", sourceLocation: sourceLocation)
        }
    }

    /// One command that writes into `folder`: its two runs (which write different bytes), an environment, its input.
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var first: @Sendable (_ folder: String, _ scratch: String) -> [String]
        var second: @Sendable (_ folder: String, _ scratch: String) -> [String]
        var input: String? = nil
        var prepare: @Sendable (_ scratch: String) throws -> Void = { _ in }
        /// The name of the folder the command writes into under its `--out` (nil: `--out` itself).
        var folderName: String? = nil
        var testDescription: String { name }
    }

    static let bank = repositoryPath("QuestionBanks")
    static let blueprint = repositoryPath("QuestionBanks/blueprints/月度测试.yaml")
    static let ledger = repositoryPath("examples/ledger")

    static let cases: [Case] = [
        Case(
            name: "paper generate",
            // The papers go into --out/handout, where the foreign files are (the keys into --out/organizer).
            first: { folder, _ in ["paper", "generate", "--bank", bank, "--blueprint", blueprint, "--seed", "1", "--out", (folder as NSString).deletingLastPathComponent] },
            second: { folder, _ in ["paper", "generate", "--bank", bank, "--blueprint", blueprint, "--seed", "2", "--out", (folder as NSString).deletingLastPathComponent] },
            folderName: "handout"),
        Case(
            name: "score",
            first: { folder, _ in ["score", "--paper", fixture("scoring"), "--out", folder] },
            second: { folder, _ in ["score", "--paper", fixture("scoring"), "--pass", "50", "--out", folder, "--encoding", "gb18030"] }),
        Case(
            name: "bank convert -o",
            first: { folder, _ in ["bank", "convert", bank, "--to", "gift", "-o", folder + "/bank.gift"] },
            second: { folder, _ in ["bank", "convert", bank + "/组织工作改革创新.txt", "--to", "gift", "-o", folder + "/bank.gift"] }),
        Case(
            name: "credits report -o",
            first: { folder, scratch in ["credits", "report", "--year", "2026", "--as-of", "2026-12-31", "--format", "csv", "-o", folder + "/学时.csv", "--store", scratch + "/k.sqlite"] },
            second: { folder, scratch in ["credits", "report", "--year", "2025", "--as-of", "2025-12-31", "--format", "csv", "-o", folder + "/学时.csv", "--store", scratch + "/k.sqlite"] },
            prepare: { scratch in
                _ = try KaoxueRun.run(["credits", "people", ledger + "/people.csv", "--store", scratch + "/k.sqlite"])
                _ = try KaoxueRun.run(["credits", "import", ledger + "/activities.csv", "--store", scratch + "/k.sqlite"])
            }),
        Case(
            name: "contest --result",
            first: { folder, scratch in ["contest", "--bank", bank, "--teams", "一队,二队", "--seed", "3", "--log", scratch + "/a.jsonl", "--result", folder + "/比赛.csv"] },
            second: { folder, scratch in ["contest", "--bank", bank, "--teams", "一队,二队", "--seed", "3", "--log", scratch + "/b.jsonl", "--result", folder + "/比赛.csv"] },
            input: "n\nr\nn\nw\nsb\nend\ny\n"),
    ]

    @Test(arguments: cases) func twiceAndKilledMidWriteKeepsEveryForeignFile(_ command: Case) throws {
        let (folder, foreign) = try Self.folderOfForeignFiles(named: command.folderName)
        let scratch = folder + "-scratch"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        try command.prepare(scratch)
        var input = command.input
        // The contest's second run is another contest with another script, so its results differ.
        let first = try KaoxueRun.run(command.first(folder, scratch), input: input)
        #expect(first.status == 0, "\(first.stderr)")
        let old = try Self.outputs(folder, foreign: foreign)
        #expect(!old.isEmpty)
        Self.expectForeignFilesKept(folder, foreign)
        if command.input != nil { input = "n\nw\nn\nr\nsb\nend\ny\n" }

        for (point, attempt) in [("staged", 1), ("committed", 2)] {
            var arguments = command.second(folder, scratch)
            if command.input != nil { arguments[arguments.firstIndex(of: scratch + "/b.jsonl")!] = scratch + "/c\(attempt).jsonl" }
            let killed = try KaoxueRun.run(arguments, environment: ["KAOXUE_TEST_CRASH": point], input: input)
            #expect(killed.signalled && killed.status == SIGKILL, "killed at \(point): \(killed.status) \(killed.stderr)")
            #expect(try Self.outputs(folder, foreign: foreign) == old, "after a crash at \(point) the old outputs stand whole")
            Self.expectForeignFilesKept(folder, foreign)
        }
        // Killed after the first rename: the next write into the folder finishes the committed one first.
        var arguments = command.second(folder, scratch)
        if command.input != nil { arguments[arguments.firstIndex(of: scratch + "/b.jsonl")!] = scratch + "/c3.jsonl" }
        let killed = try KaoxueRun.run(arguments, environment: ["KAOXUE_TEST_CRASH": "renaming"], input: input)
        #expect(killed.signalled)
        let second = try KaoxueRun.run(command.second(folder, scratch), input: input)
        #expect(second.status == 0, "\(second.stderr)")
        let new = try Self.outputs(folder, foreign: foreign)
        #expect(Set(new.keys) == Set(old.keys))
        #expect(new != old, "the second run writes other bytes")
        Self.expectForeignFilesKept(folder, foreign)
        #expect(try !FileManager.default.contentsOfDirectory(atPath: folder).contains { $0.hasPrefix(".kaoxue-staging-") })
        // Run again: the outputs are kaoxue's own, so they are replaced without --force.
        let again = try KaoxueRun.run(command.second(folder, scratch), input: input)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try Self.outputs(folder, foreign: foreign) == new)
    }

    @Test func scoreIntoThePaperFolderKeepsThePaperAndTheSheets() throws {
        let (folder, foreign) = try Self.folderOfForeignFiles()
        let paper = folder + "/paper"
        try FileManager.default.copyItem(atPath: fixture("scoring"), toPath: paper)
        let inputs = try FileManager.default.contentsOfDirectory(atPath: paper).map { ($0, FileManager.default.contents(atPath: paper + "/" + $0)!) }
        let run = try KaoxueRun.run(["score", "--paper", paper, "--out", paper])
        #expect(run.status == 0, "\(run.stderr)")
        for (name, data) in inputs { #expect(FileManager.default.contents(atPath: paper + "/" + name) == data, "\(name)") }
        #expect(FileManager.default.fileExists(atPath: paper + "/scores.csv"))
        // From inside a folder of sheets, `--out .`.
        try FileManager.default.copyItem(atPath: paper + "/sheets.csv", toPath: folder + "/x.csv")
        let here = try KaoxueRun.run(["score", "--paper", "paper", "--sheets", "x.csv", "--out", "."], directory: folder)
        #expect(here.status == 0, "\(here.stderr)")
        Self.expectForeignFilesKept(folder, foreign)
        #expect(FileManager.default.contents(atPath: folder + "/x.csv") == FileManager.default.contents(atPath: paper + "/sheets.csv"))
        #expect(FileManager.default.fileExists(atPath: folder + "/scores.csv"))
    }

    @Test func aNameTakenByAForeignFileIsRefusedUnlessForced() throws {
        let (folder, foreign) = try Self.folderOfForeignFiles()
        let mine = Data("我自己的成绩表\n".utf8)
        try mine.write(to: URL(fileURLWithPath: folder + "/scores.csv"))
        let before = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        let refused = try KaoxueRun.run(["score", "--paper", fixture("scoring"), "--out", folder])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("“\(folder)/scores.csv” 不是 kaoxue 写出的"), "\(refused.stderr)")
        #expect(refused.stderr.contains("--force"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == before, "nothing written")
        #expect(FileManager.default.contents(atPath: folder + "/scores.csv") == mine)
        let forced = try KaoxueRun.run(["score", "--paper", fixture("scoring"), "--out", folder, "--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(FileManager.default.contents(atPath: folder + "/scores.csv") != mine)
        Self.expectForeignFilesKept(folder, foreign)

        // A converted bank may not be written over its own input, nor an exam's result over a user's file.
        let convert = try KaoxueRun.run(["bank", "convert", folder + "/notes.txt", "--to", "kaoxue", "-o", folder + "/notes.txt", "--lang", "en"])
        #expect(convert.status == 1 || convert.status == 2)
        #expect(FileManager.default.contents(atPath: folder + "/notes.txt") == foreign["notes.txt"])
        let exam = try KaoxueRun.run(
            ["exam", "--paper", fixture("scoring") + "/paper.json", "--candidate", "C1", "--result", folder + "/notes.txt", "--store", folder + "-store/k.sqlite", "--lang", "en"],
            input: ":submit\ny\n")
        #expect(exam.status == 1, "\(exam.stderr)")
        #expect(exam.stderr.contains("\(folder)/notes.txt not written by kaoxue"), "\(exam.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder + "-store"), "refused before the exam started: no store")
        // A path that is a file where a folder is wanted is an I/O problem.
        let notAFolder = try KaoxueRun.run(["score", "--paper", fixture("scoring"), "--out", folder + "/notes.txt"])
        #expect(notAFolder.status == 2)
        #expect(notAFolder.stderr.contains("不是文件夹"))
    }

    /// `data` converted by the C library's `iconv` command.
    static func iconv(_ data: Data, from: String, to: String) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/iconv")
        process.arguments = ["-f", from, "-t", to]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(data)
        try input.fileHandleForWriting.close()
        let converted = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return converted
    }

    @Test func csvFilesOpenInExcelAndReadBackInEitherEncoding() throws {
        let (folder, _) = try Self.folderOfForeignFiles()
        let utf8 = try KaoxueRun.run(["paper", "generate", "--bank", Self.bank, "--blueprint", Self.blueprint, "--out", folder + "/u"])
        let gb = try KaoxueRun.run(["paper", "generate", "--bank", Self.bank, "--blueprint", Self.blueprint, "--out", folder + "/g", "--encoding", "gb18030"])
        #expect(utf8.status == 0 && gb.status == 0)
        for name in ["organizer/key.csv", "handout/sheet-template.csv"] {
            let bom = try #require(FileManager.default.contents(atPath: folder + "/u/" + name))
            #expect(bom.starts(with: [0xEF, 0xBB, 0xBF]), "\(name) has a BOM for Excel")
            let gbBytes = try #require(FileManager.default.contents(atPath: folder + "/g/" + name))
            #expect(try Self.iconv(gbBytes, from: "GB18030", to: "UTF-8") == bom.dropFirst(3), "\(name) in GB18030")
        }
        // kaoxue reads a key back in every encoding it writes: the scores are the same.
        let key = try #require(FileManager.default.contents(atPath: fixture("scoring") + "/key.csv"))
        let plain = try KaoxueRun.run(["score", "--paper", fixture("scoring"), "--out", folder + "/s0", "--encoding", "gb18030"])
        #expect(plain.status == 0, "\(plain.stderr)")
        for (index, bytes) in [Data([0xEF, 0xBB, 0xBF]) + key, try Self.iconv(key, from: "UTF-8", to: "GB18030")].enumerated() {
            let paper = folder + "/p\(index)"
            try FileManager.default.createDirectory(atPath: paper, withIntermediateDirectories: true)
            try bytes.write(to: URL(fileURLWithPath: paper + "/key.csv"))
            try FileManager.default.copyItem(atPath: fixture("scoring") + "/paper.json", toPath: paper + "/paper.json")
            let gbSheets = try Self.iconv(try Data(contentsOf: URL(fileURLWithPath: fixture("scoring") + "/sheets.csv")), from: "UTF-8", to: "GB18030")
            try gbSheets.write(to: URL(fileURLWithPath: paper + "/sheets.csv"))
            let run = try KaoxueRun.run(["score", "--paper", paper + "/key.csv", "--out", folder + "/s\(index + 1)", "--encoding", "gb18030"])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(FileManager.default.contents(atPath: folder + "/s\(index + 1)/units.csv") == FileManager.default.contents(atPath: folder + "/s0/units.csv"))
        }
        let scores = try #require(FileManager.default.contents(atPath: folder + "/s0/scores.csv"))
        #expect(String(decoding: try Self.iconv(scores, from: "GB18030", to: "UTF-8"), as: UTF8.self).hasPrefix("id,name,unit,version,score"))
    }
}
