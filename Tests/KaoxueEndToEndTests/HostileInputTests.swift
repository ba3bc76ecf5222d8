import Foundation
import Testing

/// Files made to hurt, given to the binary as a user (or an attacker) would: each is refused with a located error
/// (or read as meant), and none stops kaoxue on a signal, hangs it, or leaves anything behind.
@Suite("hostile input, given to kaoxue as a file")
struct HostileInputTests {
    func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kaoxue-hostile-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Runs kaoxue and checks it ended by itself, with a code a user can act on (never a signal or a trap).
    func refused(_ arguments: [String], environment: [String: String] = [:], input: String? = "", status: Int32 = 1) throws -> KaoxueRun {
        let run = try KaoxueRun.run(arguments, environment: environment, input: input)
        #expect(!run.signalled, "\(arguments) stopped on signal \(run.status): \(run.stderr)")
        #expect(run.status == status, "\(arguments): \(run.status) \(run.stderr)")
        #expect(!run.stderr.contains("Fatal error") && !run.stderr.contains("crashed"), "\(run.stderr)")
        return run
    }

    @Test func filesThatAreNotRegularOrTooLargeAreRefusedWithoutWaiting() throws {
        let dir = try folder()
        let fifo = dir + "/bank.txt"
        #expect(mkfifo(fifo, 0o600) == 0)
        for path in [fifo, "/dev/zero"] {
            let run = try refused(["bank", "check", path], status: 2)
            #expect(run.stderr.contains("不是普通文件"), "\(run.stderr)")
        }
        // A FIFO inside a folder of banks is refused the same way, not waited on.
        let run = try refused(["bank", "check", dir], status: 2)
        #expect(run.stderr.contains("“\(fifo)”：不是普通文件"), "\(run.stderr)")
        // A sparse file larger than the limit is refused before a byte is read (the limit is lowered to 1 MB here).
        let sparse = dir + "/huge.txt"
        #expect(FileManager.default.createFile(atPath: sparse, contents: nil))
        #expect(truncate(sparse, 3 << 20) == 0)
        let large = try refused(["bank", "check", sparse], environment: ["KAOXUE_MAX_FILE_MB": "1"], status: 2)
        #expect(large.stderr.contains("文件超过 1 MB"), "\(large.stderr)")
    }

    @Test func deepOrRepeatingXMLIsRefusedQuickly() throws {
        let dir = try folder()
        let depth = 20_000
        let deep = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<quiz>" + String(repeating: "<a>", count: depth) + String(repeating: "</a>", count: depth) + "</quiz>\n"
        try Data(deep.utf8).write(to: URL(fileURLWithPath: dir + "/deep.xml"))
        let started = Date()
        let run = try refused(["bank", "check", dir + "/deep.xml"])
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(run.stderr.contains("deep.xml:2:") && run.stderr.contains("元素嵌套超过 256 层"), "\(run.stderr)")
        // An entity of the file's own is refused where it is declared, not expanded or dropped without a word.
        let entity = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE quiz [<!ENTITY e "甲">]>
            <quiz><question type="truefalse"><name><text>q</text></name><questiontext format="plain_text"><text>&e; 是否正确</text></questiontext>
            <answer fraction="100"><text>true</text></answer><answer fraction="0"><text>false</text></answer></question></quiz>

            """
        try Data(entity.utf8).write(to: URL(fileURLWithPath: dir + "/entity.xml"))
        let declared = try refused(["bank", "check", dir + "/entity.xml"])
        #expect(declared.stderr.contains("entity.xml:2:17:") && declared.stderr.contains("声明了实体"), "\(declared.stderr)")
    }

    @Test func aQTIManifestNamingOneItemManyTimesReadsItOnce() throws {
        let dir = try folder()
        let bank = dir + "/bank.txt"
        try Data("1. 中国共产党成立于哪一年？（  ）\nA. 1919\nB. 1921\n答案：B\n".utf8).write(to: URL(fileURLWithPath: bank))
        #expect(try KaoxueRun.run(["bank", "convert", bank, "--to", "qti", "-o", dir + "/q.zip"]).status == 0)
        // The manifest is made to list the one item 3,000 times.
        let script = """
            import re, sys, zipfile
            source = zipfile.ZipFile(sys.argv[1])
            manifest = source.read("imsmanifest.xml").decode()
            resource = re.search(r"<resource .*?</resource>", manifest, re.S).group(0)
            manifest = manifest.replace(resource, resource * 3000)
            with zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED) as out:
                for name in source.namelist():
                    out.writestr(name, manifest if name == "imsmanifest.xml" else source.read(name))
            """
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", "-c", script, dir + "/q.zip", dir + "/many.zip"]
        try python.run()
        python.waitUntilExit()
        #expect(python.terminationStatus == 0)
        let started = Date()
        let run = try KaoxueRun.run(["bank", "check", dir + "/many.zip"])
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("共 1 道题"), "\(run.stdout)")
        #expect(run.stderr.contains("已由前面的资源列出，此处不再读取"), "\(run.stderr)")
    }

    @Test func numbersBeyondTheirRangeAreLocatedNotTrapped() throws {
        let dir = try folder()
        // A JSON bank's difficulty of 1e19 (Int(1e19) trapped).
        try Data(#"{"questions":[{"type":"single","stem":"x？","options":["a","b"],"answer":"A","difficulty":1e19}]}"#.utf8)
            .write(to: URL(fileURLWithPath: dir + "/b.json"))
        let json = try refused(["bank", "check", dir + "/b.json"])
        #expect(json.stderr.contains("b.json:1:90: 错误: difficulty 应为 1–5"), "\(json.stderr)")
        // Blueprint counts whose sum overflows.
        let blueprint = try String(contentsOfFile: repositoryPath("QuestionBanks/blueprints/月度测试.yaml"), encoding: .utf8)
        for (name, text) in [
            ("one", blueprint.replacingOccurrences(of: "count: 10", with: "count: 9223372036854775807")),
            ("sum", blueprint.replacingOccurrences(of: "count: 10", with: "count: 4611686018427387904").replacingOccurrences(of: "count: 5", with: "count: 4611686018427387904")),
        ] {
            try Data(text.utf8).write(to: URL(fileURLWithPath: dir + "/\(name).yaml"))
            let run = try refused(["paper", "check", "--bank", repositoryPath("QuestionBanks"), "--blueprint", dir + "/\(name).yaml"])
            #expect(run.stderr.contains("\(name).yaml:") && run.stderr.contains("sections[0].count"), "\(name): \(run.stderr)")
        }
        // Points beyond 100,000 in a native bank, and a section's 每题 of 10^400 points.
        try Data("一、单选题（每题\(String(repeating: "9", count: 400))分）\n1. 问题（  ）\nA. 甲\nB. 乙\n答案：A\n2. 问题二（  ）\nA. 甲\nB. 乙\n答案：B\n分值：1e6\n".utf8)
            .write(to: URL(fileURLWithPath: dir + "/points.txt"))
        let points = try refused(["bank", "check", dir + "/points.txt"])
        #expect(points.stderr.contains("应为不超过 100000 的正数"), "\(points.stderr)")
        // Moodle's defaultgrade of 1e400 (read as infinity, once written as `"points": inf`).
        let moodle = """
            <?xml version="1.0" encoding="UTF-8"?>
            <quiz><question type="truefalse"><name><text>q</text></name><questiontext format="plain_text"><text>是否正确</text></questiontext>
            <defaultgrade>1e400</defaultgrade><answer fraction="100"><text>true</text></answer><answer fraction="0"><text>false</text></answer></question></quiz>

            """
        try Data(moodle.utf8).write(to: URL(fileURLWithPath: dir + "/grade.xml"))
        let grade = try refused(["bank", "convert", dir + "/grade.xml", "--to", "json", "-o", dir + "/grade.json"])
        #expect(grade.stderr.contains("defaultgrade"), "\(grade.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/grade.json"))
    }

    @Test func noncharactersAreRefusedByEveryReader() throws {
        let dir = try folder()
        let bad = "\u{FFFE}"
        let files: [(name: String, text: String, place: String)] = [
            ("n.txt", "1. 问题\(bad)（  ）\nA. 甲\nB. 乙\n答案：A\n", "n.txt:1:6:"),
            ("n.gift", "::q:: 问题\(bad) {T}\n", "n.gift:1:9:"),
            ("n.json", #"{"questions":[{"type":"trueFalse","stem":"问题"# + bad + #"","answer":"对"}]}"#, "n.json:1:"),
            ("n.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<quiz><question type=\"truefalse\"><name><text>q</text></name><questiontext><text><![CDATA[问题\(bad)]]></text></questiontext><answer fraction=\"100\"><text>true</text></answer></question></quiz>\n", "n.xml:2:"),
        ]
        for file in files {
            try Data(file.text.utf8).write(to: URL(fileURLWithPath: dir + "/" + file.name))
            let run = try refused(["bank", "check", dir + "/" + file.name])
            #expect(run.stderr.contains(file.place) && run.stderr.contains("U+FFFE"), "\(file.name): \(run.stderr)")
            // Nothing ill-formed is written from it either.
            let converted = try refused(["bank", "convert", dir + "/" + file.name, "--to", "moodle-xml", "-o", dir + "/\(file.name).out.xml"])
            #expect(!FileManager.default.fileExists(atPath: dir + "/\(file.name).out.xml"), "\(converted.stderr)")
        }
    }

    @Test func aUnitPathTenThousandDeepIsRefused() throws {
        let dir = try folder()
        let path = (1...10_000).map { "u\($0)" }.joined(separator: "/")
        try Data("person_id,name,unit,tier\nP1,张三,\(path),\n".utf8).write(to: URL(fileURLWithPath: dir + "/people.csv"))
        let started = Date()
        let run = try refused(["credits", "people", dir + "/people.csv", "--store", dir + "/s.sqlite"])
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(run.stderr.contains("people.csv:2:3:") && run.stderr.contains("单位路径最多 16 层"), "\(run.stderr)")
    }

    @Test func linesEndedByCarriageReturnsAloneAreRead() throws {
        let dir = try folder()
        let paper = repositoryPath("Tests/KaoxueEndToEndTests/Fixtures/scoring")
        let sheets = try String(contentsOfFile: paper + "/sheets.csv", encoding: .utf8)
        let lf = sheets.replacingOccurrences(of: "\r\n", with: "\n")
        try Data(lf.replacingOccurrences(of: "\n", with: "\r").utf8).write(to: URL(fileURLWithPath: dir + "/cr.csv"))
        try Data(lf.utf8).write(to: URL(fileURLWithPath: dir + "/lf.csv"))
        let cr = try refused(["score", "--sheets", dir + "/cr.csv", "--paper", paper, "--out", dir + "/cr"], status: 0)
        let plain = try refused(["score", "--sheets", dir + "/lf.csv", "--paper", paper, "--out", dir + "/lf"], status: 0)
        #expect(!cr.stdout.contains("已评分 0 人"), "\(cr.stdout)")
        #expect(cr.stdout.replacingOccurrences(of: "/cr", with: "/x") == plain.stdout.replacingOccurrences(of: "/lf", with: "/x"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir + "/cr/scores.csv")) == Data(contentsOf: URL(fileURLWithPath: dir + "/lf/scores.csv")))
        // The ledger's tables read the same way.
        try Data("person_id,name,unit,tier\rP1,张三,市委组织部/一科,\rP2,李四,市委组织部/二科,\r".utf8).write(to: URL(fileURLWithPath: dir + "/people.csv"))
        let people = try refused(["credits", "people", dir + "/people.csv", "--store", dir + "/s.sqlite"], status: 0)
        #expect(people.stdout.contains("2 人，新增 2"), "\(people.stdout)")
    }

    @Test func storesCreatedByCommandsStartedTogetherAreCreatedOnce() throws {
        let dir = try folder()
        let people = dir + "/people.csv"
        try Data("person_id,name,unit,tier\nP1,张三,市委组织部/一科,\n".utf8).write(to: URL(fileURLWithPath: people))
        for round in 0..<3 {
            let store = dir + "/\(round)/s.sqlite"
            let processes = try (0..<6).map { _ -> Process in
                let process = Process()
                process.executableURL = KaoxueRun.binary
                process.arguments = ["credits", "people", people, "--store", store]
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                try process.run()
                return process
            }
            for process in processes { process.waitUntilExit() }
            #expect(processes.map(\.terminationStatus) == Array(repeating: 0, count: 6), "round \(round)")
        }
    }

    @Test func bankTextNeverDrivesTheTerminal() throws {
        let dir = try folder()
        // A clear screen, a window title and an OSC 8 link in a stem and an option.
        let escapes = "\u{1B}[2J\u{1B}]0;owned\u{07}\u{1B}]8;;http://x\u{1B}\\link\u{1B}]8;;\u{1B}\\\u{1B}[31m\u{9B}2J"
        try Data("1. 问题\(escapes)（  ）\nA. 甲\(escapes)\nB. 乙\n答案：A\n解析：说明\(escapes)\n".utf8).write(to: URL(fileURLWithPath: dir + "/esc.txt"))
        let run = try refused(["practice", "--bank", dir + "/esc.txt", "--store", dir + "/s.sqlite", "--count", "1"], input: "B\n", status: 0)
        #expect(run.stdout.contains("问题[2J]0;owned]8;;http://x\\link]8;;\\[31m2J"), "the text stays, its controls go: \(run.stdout)")
        #expect(run.stdout.contains("甲[2J]0;owned") && run.stdout.contains("说明[2J]0;owned"), "options and explanations too: \(run.stdout)")
        #expect(!run.stdout.contains("\u{1B}") && !run.stdout.contains("\u{07}") && !run.stdout.contains("\u{9B}"), "\(run.stdout.debugDescription)")
    }

    @Test func markdownReportsTakeNamesLiterally() throws {
        let dir = try folder()
        let paper = repositoryPath("Tests/KaoxueEndToEndTests/Fixtures/scoring")
        var lines = try String(contentsOfFile: paper + "/sheets.csv", encoding: .utf8).components(separatedBy: "\r\n")
        // The first candidate's unit: raw HTML, a link, and a line break inside a quoted cell.
        var first = lines[1].components(separatedBy: ",")
        first[2] = "\"<script>alert(1)</script>[x](javascript:alert(1))\n二行\""
        lines[1] = first.joined(separator: ",")
        try Data(lines.joined(separator: "\r\n").utf8).write(to: URL(fileURLWithPath: dir + "/sheets.csv"))
        _ = try refused(["score", "--sheets", dir + "/sheets.csv", "--paper", paper, "--out", dir + "/out"], status: 0)
        let report = try String(contentsOfFile: dir + "/out/report.md", encoding: .utf8)
        #expect(!report.contains("<script>"), "raw HTML never reaches the report")
        #expect(report.contains(#"\<script\>alert(1)\</script\>\[x\](javascript:alert(1))<br>二行"#), "\(report)")
        for line in report.split(separator: "\n") where line.hasPrefix("|") { #expect(line.hasSuffix("|"), "a table row stays one line: \(line)") }
    }

    @Test func reviewLogTimesWithImpossibleOffsetsAreLocated() throws {
        let dir = try folder()
        try Data("card,time,rating\nq1,2026-01-01T09:00:00+99:00,3\n".utf8).write(to: URL(fileURLWithPath: dir + "/log.csv"))
        let run = try refused(["srs", "replay", dir + "/log.csv"])
        #expect(run.stderr.contains("log.csv:2:2:"), "\(run.stderr)")
        // Bytes that are no text name their row and column, in review logs as in answer sheets.
        try Data("card,time,rating\nq1,2026-01-01T09:00:00Z,3\nq2,2026-01-01T09:00:00Z,".utf8 + [0xFF, 0xFE, 0xFD, 0x0A]).write(to: URL(fileURLWithPath: dir + "/bytes.csv"))
        let bytes = try refused(["srs", "replay", dir + "/bytes.csv"])
        #expect(bytes.stderr.contains("bytes.csv:3:25:") && bytes.stderr.contains("既不是 UTF-8 也不是 GB18030"), "\(bytes.stderr)")
        let sheets = try refused(["score", "--sheets", dir + "/bytes.csv", "--paper", repositoryPath("Tests/KaoxueEndToEndTests/Fixtures/scoring"), "--out", dir + "/out"])
        #expect(sheets.stderr.contains("bytes.csv:3:25:"), "\(sheets.stderr)")
    }

    @Test func papersWithBrokenJSONAreLocated() throws {
        let dir = try folder()
        let paper = try String(contentsOfFile: repositoryPath("Tests/KaoxueEndToEndTests/Fixtures/scoring/paper.json"), encoding: .utf8)
        let broken = paper.replacingOccurrences(of: "\"versions\"", with: "\"versions\" \"")
        #expect(broken != paper)
        try Data(broken.utf8).write(to: URL(fileURLWithPath: dir + "/paper.json"))
        let line = broken.components(separatedBy: "\n").firstIndex { $0.contains("\"versions\" \"") }! + 1
        let run = try refused(["exam", "--paper", dir + "/paper.json", "--candidate", "C", "--store", dir + "/s.sqlite"])
        #expect(run.stderr.contains("paper.json:\(line):") && run.stderr.contains("JSON 语法错误：键名之后应为冒号"), "\(run.stderr)")
        // A field of the wrong kind is located at its value.
        let wrongKind = paper.replacingOccurrences(of: "\"timeLimitMinutes\" : 20", with: "\"timeLimitMinutes\" : \"20\"")
        if wrongKind != paper {
            try Data(wrongKind.utf8).write(to: URL(fileURLWithPath: dir + "/paper.json"))
            let kind = try refused(["exam", "--paper", dir + "/paper.json", "--candidate", "C", "--store", dir + "/s.sqlite"])
            #expect(kind.stderr.contains("字段“timeLimitMinutes”的值类型不对"), "\(kind.stderr)")
        }
    }

    /// Every input the fuzzer (scripts/fuzz.py) once stopped kaoxue with, given again.
    @Test func theFuzzersFindingsStayFixed() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", repositoryPath("scripts/fuzz.py"), "--binary", KaoxueRun.binary.path, "--replay", repositoryPath("Tests/Fuzz/regressions")]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("replayed") && !text.contains("replayed 0 inputs"), "\(text)")
    }
}
