import Foundation
import Testing

@Suite("kaoxue credits and points, run as a user runs them")
struct LedgerCommandTests {
    static let examples = repositoryPath("examples/ledger")

    func workspace() -> (folder: String, store: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kaoxue-ledger-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return (folder, folder + "/store/k.sqlite")
    }

    func json(_ run: KaoxueRun) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stdout)\n\(run.stderr)")
    }

    /// Each person's (hours, met) from `credits report --json`.
    func standings(_ store: String, year: String = "2026") throws -> [String: String] {
        let report = try KaoxueRun.run(["credits", "report", "--year", year, "--as-of", "\(year)-12-31", "--json", "--store", store])
        #expect(report.status == 0, "\(report.stderr)")
        let people = try #require(try json(report)["people"] as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: people.map { ($0["id"] as! String, "\($0["hours"]!) \($0["met"] as! Bool) \($0["standing"]!)") })
    }

    /// `rows` activities of one hour each (专题讲座, no cap) for `people` people in 2026, dated January to November
    /// (imports refuse dates after the day of import).
    func activitiesFile(_ path: String, rows: Int, people: Int) throws {
        var text = "record_id,person_id,name,unit,date,kind,title,hours,days,minutes,absent_hours\n"
        text.reserveCapacity(rows * 80)
        for i in 0..<rows {
            let person = i % people
            text += "R\(i),P\(person),人员\(person),单位\(person % 7),2026-\(i % 11 + 1)-\(i % 28 + 1),专题讲座,课程\(i),1,,,\n"
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    func totalHours(_ store: String) throws -> Double {
        let report = try KaoxueRun.run(["credits", "report", "--year", "2026", "--json", "--store", store])
        let people = try #require(try json(report)["people"] as? [[String: Any]])
        return people.reduce(0) { $0 + ($1["hours"] as! Double) }
    }

    @Test func theSampleImportedTwiceGivesTheSameReport() throws {
        let (_, store) = workspace()
        let people = try KaoxueRun.run(["credits", "people", Self.examples + "/people.csv", "--store", store])
        #expect(people.status == 0 && people.stdout.contains("新增 6"), "\(people.stderr)")
        let first = try KaoxueRun.run(["credits", "import", Self.examples + "/activities.csv", "--store", store, "--json"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try json(first)["added"] as? Int == 25)
        let before = try standings(store)
        #expect(before["P001"] == "166.75 true met")
        #expect(before["P002"] == "53 false shortfall")
        #expect(before["P004"] == "152 false makeUp")
        let again = try KaoxueRun.run(["credits", "import", Self.examples + "/activities.csv", "--store", store, "--json"])
        #expect(try json(again)["added"] as? Int == 0 && json(again)["duplicates"] as? Int == 25)
        #expect(try standings(store) == before)
        // The report's other forms say the same.
        let table = try KaoxueRun.run(["credits", "report", "--year", "2026", "--as-of", "2026-12-31", "--store", store])
        #expect(table.stdout.contains("未达标名单（1 人）") && table.stdout.contains("P002 李华 市委组织部/干部一科 差 90"))
        #expect(table.stdout.contains("kinds[在职自学].capPerYear: 在职自学每年最多计 20 学时"))
        let csv = try KaoxueRun.run(["credits", "report", "--year", "2026", "--format", "csv", "--lang", "en", "--store", store])
        #expect(csv.stdout.hasPrefix("id,name,unit,tier,"))
        #expect(csv.stdout.contains("P001,王明,市委组织部/干部一科,乡科级及以下,96,50.75,"))
        let person = try KaoxueRun.run(["credits", "report", "--year", "2026", "--person", "P002", "--store", store])
        #expect(person.stdout.contains("缺勤 6 学时，超过课程 40 学时的 1/7，不计学时"))
        let unit = try json(KaoxueRun.run(["credits", "report", "--year", "2026", "--unit", "县委组织部", "--json", "--store", store]))
        #expect((unit["people"] as? [[String: Any]])?.map { $0["id"] as! String } == ["P005", "P006", "P007"])
        // A unit or person that matches nobody is an error naming what was meant, never an empty report.
        for (typed, meant) in [("市委组织", "市委组织部"), ("干部一科", "市委组织部/干部一科"), ("县委组织布", "县委组织部")] {
            for command in [["credits", "report", "--year", "2026"], ["points", "report", "--period", "2026"]] {
                let typo = try KaoxueRun.run(command + ["--unit", typed, "--store", store, "--lang", "en"])
                #expect(typo.status == 1 && typo.stdout.isEmpty, "\(command) \(typed)")
                #expect(typo.stderr.contains("no unit \(typed) in the register (did you mean \(meant)"), "\(typo.stderr)")
            }
        }
        let nobody = try KaoxueRun.run(["credits", "report", "--year", "2026", "--person", "P0002", "--store", store])
        #expect(nobody.status == 1 && nobody.stderr.contains("名册中没有人员“P0002”（是否为 P002？）"), "\(nobody.stderr)")
        let folder = (store as NSString).deletingLastPathComponent
        #expect(try KaoxueRun.run(["credits", "report", "--year", "2026", "--format", "html", "-o", folder + "/r.html", "--store", store]).status == 0)
        #expect(try String(contentsOfFile: folder + "/r.html", encoding: .utf8).contains("<tr class=\"behind\">"))
    }

    @Test func aReportCountsWhatHappenedUpToItsDayAndImportsRefuseImplausibleDates() throws {
        let (folder, store) = workspace()
        #expect(try KaoxueRun.run(["credits", "people", Self.examples + "/people.csv", "--store", store]).status == 0)
        let header = "record_id,person_id,name,unit,date,kind,title,hours,days,minutes,absent_hours\n"
        try (header + "X1,P001,,,2062-03-01,专题讲座,讲座,2,,,\nX2,P001,,,1926-03-01,专题讲座,讲座,2,,,\n").write(toFile: folder + "/typo.csv", atomically: true, encoding: .utf8)
        let typo = try KaoxueRun.run(["credits", "import", folder + "/typo.csv", "--store", store, "--lang", "en"])
        #expect(typo.status == 1)
        #expect(typo.stderr.contains("typo.csv:2:5: error: the date 2062-03-01 is after"), "\(typo.stderr)")
        #expect(typo.stderr.contains("typo.csv:3:5: error: the date 1926-03-01 is before 2000-01-01 (rule dates.earliest)"), "\(typo.stderr)")
        try (header + "Y1,P001,,,2026-03-01,专题讲座,讲座,10,,,\nY2,P001,,,2026-11-20,专题讲座,讲座,5,,,\n").write(toFile: folder + "/year.csv", atomically: true, encoding: .utf8)
        #expect(try KaoxueRun.run(["credits", "import", folder + "/year.csv", "--store", store]).status == 0)
        func hours(asOf: String) throws -> Double? {
            let report = try KaoxueRun.run(["credits", "report", "--year", "2026", "--as-of", asOf, "--person", "P001", "--json", "--store", store])
            return (try json(report)["people"] as? [[String: Any]])?.first?["hours"] as? Double
        }
        #expect(try hours(asOf: "2026-10-31") == 10)
        #expect(try hours(asOf: "2026-11-20") == 15)
        #expect(try hours(asOf: "2026-12-31") == 15)
        let listed = try KaoxueRun.run(["credits", "report", "--year", "2026", "--as-of", "2026-10-31", "--person", "P001", "--store", store])
        #expect(listed.stdout.contains("截至 2026-10-31") && listed.stdout.contains("2026-03-01") && !listed.stdout.contains("2026-11-20"), "\(listed.stdout)")
    }

    @Test func aBadFileIsRejectedWholeWithEveryBadRowNamed() throws {
        let (folder, store) = workspace()
        _ = try KaoxueRun.run(["credits", "import", Self.examples + "/activities.csv", "--store", store])
        let before = try standings(store)
        let bad = folder + "/bad.csv"
        try """
            record_id,person_id,name,unit,date,kind,title,hours,days,minutes,absent_hours
            B1,P001,王明,市委组织部/干部一科,2026-11-01,专题讲座,好的一行,2,,,
            B2,P001,王明,市委组织部/干部一科,2026-11-31,专题讲座,坏日期,2,,,
            B3,P001,王明,市委组织部/干部一科,2026-11-02,春游,未知形式,2,,,
            B4,P001,王明,市委组织部/干部一科,2026-11-03,专题讲座,负数,-2,,,
            B5,,王明,市委组织部/干部一科,2026-11-04,专题讲座,无人员,2,,,

            """.write(toFile: bad, atomically: true, encoding: .utf8)
        let run = try KaoxueRun.run(["credits", "import", bad, "--store", store, "--lang", "en"])
        #expect(run.status == 1)
        let lines = run.stderr.split(separator: "\n").filter { $0.hasPrefix(bad) }
        #expect(lines.map { String($0.split(separator: ": error: ")[0]) } == ["\(bad):3:5", "\(bad):4:6", "\(bad):5:8", "\(bad):6:2"], "\(run.stderr)")
        #expect(run.stderr.contains("nothing written"))
        #expect(try standings(store) == before)
        // A changed record is a conflict: refused whole by default, kept or replaced when asked.
        let changed = folder + "/changed.csv"
        try "record_id,person_id,date,kind,title,hours\nA011x,P002,2026-10-02,专题讲座,新,1\nA012,P002,2026-10-20,网络培训,网络学院年度课程,60\n"
            .write(toFile: changed, atomically: true, encoding: .utf8)
        let conflict = try KaoxueRun.run(["credits", "import", changed, "--store", store])
        #expect(conflict.status == 1 && conflict.stderr.contains("\(changed):3:1: 错误: 记录“A012”与已存的（\(Self.examples)/activities.csv:11）不同：hours 50 → 60"), "\(conflict.stderr)")
        #expect(try standings(store) == before)
        let kept = try KaoxueRun.run(["credits", "import", changed, "--store", store, "--on-conflict", "keep"])
        #expect(kept.status == 0 && kept.stdout.contains("新增 1") && kept.stdout.contains("保留原记录 1"))
        #expect(try standings(store)["P002"] == "54 false untiered")  // no register imported here: no tier
        // Unreadable and non-CSV files.
        #expect(try KaoxueRun.run(["credits", "import", folder + "/none.csv", "--store", store]).status == 2)
        try "person_id,date\n\"P1,2026".write(toFile: folder + "/quote.csv", atomically: true, encoding: .utf8)
        let quote = try KaoxueRun.run(["credits", "import", folder + "/quote.csv", "--store", store])
        #expect(quote.status == 1 && quote.stderr.contains("quote.csv:2:1:"))
    }

    @Test func aBadRowOrBrokenQuoteAtTheEndOfALargeFileWritesNothing() throws {
        // The import writes rows into its transaction as it reads them: what comes last must still undo what went first.
        let (folder, store) = workspace()
        let good = folder + "/good.csv"
        try activitiesFile(good, rows: 20_000, people: 200)
        let text = try String(contentsOfFile: good, encoding: .utf8)
        #expect(try KaoxueRun.run(["credits", "rules", "--install", repositoryPath("Sources/StudyLedger/preset-rules.yaml"), "--store", store]).status == 0)
        for (name, tail, place) in [
            ("badrow.csv", "Z1,P1,人员1,单位1,2026-02-30,专题讲座,末行,1,,,\n", "20002:5"),
            ("quote.csv", "Z1,P1,人员1,单位1,2026-02-03,专题讲座,\"未闭合,1,,,\n", "20002:7"),
        ] {
            try (text + tail).write(toFile: folder + "/" + name, atomically: true, encoding: .utf8)
            let run = try KaoxueRun.run(["credits", "import", folder + "/" + name, "--store", store, "--lang", "en"])
            #expect(run.status == 1, "\(name): \(run.stderr)")
            #expect(run.stderr.contains("\(name):\(place): error: "), "\(name): \(run.stderr)")
            #expect(try totalHours(store) == 0, "\(name)")
        }
        #expect(try KaoxueRun.run(["credits", "import", good, "--store", store]).status == 0)
        #expect(try totalHours(store) == 20_000)
    }

    @Test func gb18030AndChineseHeaders() throws {
        let (folder, store) = workspace()
        let path = folder + "/gbk.csv"
        let text = "记录编号,人员编号,姓名,单位,日期,类型,名称,学时\nG1,P9,钱七,乡镇,2026年3月1日,集中学习,学习会,4\n"
        try text.write(toFile: path + ".utf8", atomically: true, encoding: .utf8)
        let iconv = Process()
        iconv.executableURL = URL(fileURLWithPath: "/usr/bin/iconv")
        iconv.arguments = ["-f", "UTF-8", "-t", "GB18030", "-o", path, path + ".utf8"]
        try iconv.run()
        iconv.waitUntilExit()
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) != Data(text.utf8))
        let run = try KaoxueRun.run(["credits", "import", path, "--store", store])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try standings(store)["P9"] == "4 false untiered")
    }

    @Test func excelWorkbooksInAndOut() throws {
        let (folder, store) = workspace()
        // Written by openpyxl: inline strings, dates as date-formatted serials, an empty row, a second sheet.
        let imported = try KaoxueRun.run(["credits", "import", fixture("ledger/activities.xlsx"), "--store", store, "--json"])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(try json(imported)["added"] as? Int == 4)
        // 5 days × 8 = 40 and a 45-minute online course = 1.
        #expect(try standings(store)["P001"] == "41 false untiered")
        let bad = try KaoxueRun.run(["credits", "import", fixture("ledger/bad-activities.xlsx"), "--store", store, "--lang", "en"])
        #expect(bad.status == 1)
        let places = bad.stderr.split(separator: "\n").filter { $0.contains(": error: ") && !$0.hasPrefix("kaoxue") }.map { $0.split(separator: ": error: ")[0].split(separator: ":").suffix(2).joined(separator: ":") }
        #expect(places == ["2:4", "3:3", "4:6"], "\(bad.stderr)")
        try "PK\u{3}\u{4} not really".write(toFile: folder + "/fake.xlsx", atomically: true, encoding: .utf8)
        let fake = try KaoxueRun.run(["credits", "import", folder + "/fake.xlsx", "--store", store])
        #expect(fake.status == 1 && fake.stderr.contains("无法读取 Excel 工作簿"))
        let out = folder + "/report.xlsx"
        #expect(try KaoxueRun.run(["credits", "report", "--year", "2026", "--format", "xlsx", "-o", out, "--store", store]).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)).starts(with: Data("PK".utf8)))
        #expect(try KaoxueRun.run(["credits", "report", "--format", "xlsx", "--store", store]).status == 2)  // a workbook needs -o
    }

    @Test func rulesAreCheckedLocatedAndInstalled() throws {
        let (folder, store) = workspace()
        _ = try KaoxueRun.run(["credits", "import", Self.examples + "/activities.csv", "--store", store])
        let preset = try KaoxueRun.run(["credits", "rules", "--store", store])
        #expect(preset.stdout.hasPrefix("# 内置预设"))
        let bad = folder + "/bad.yaml"
        try "name: x\nhoursPerDay: many\nkinds:\n  - {name: 其他}\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let check = try KaoxueRun.run(["credits", "rules", "--check", bad, "--lang", "en"])
        #expect(check.status == 1 && check.stderr.contains("\(bad):2:14: error: hoursPerDay: expected a positive number"), "\(check.stderr)")
        // Rules that drop a kind in use are refused.
        let narrow = folder + "/narrow.yaml"
        try "name: 窄\nkinds:\n  - {name: 其他}\n".write(toFile: narrow, atomically: true, encoding: .utf8)
        let refused = try KaoxueRun.run(["credits", "rules", "--install", narrow, "--store", store])
        #expect(refused.status == 1 && refused.stderr.contains("脱产培训"))
        // Six hours a day: 王明's twelve days count 72.
        let six = folder + "/six.yaml"
        let presetText = try String(contentsOfFile: Self.examples + "/rules.yaml", encoding: .utf8)
        try presetText.replacingOccurrences(of: "hoursPerDay: 8", with: "hoursPerDay: 6").write(toFile: six, atomically: true, encoding: .utf8)
        let installed = try KaoxueRun.run(["credits", "rules", "--install", six, "--store", store])
        #expect(installed.status == 0 && installed.stdout.contains("重新计算 25 条"), "\(installed.stderr)")
        #expect(try standings(store)["P001"]?.hasPrefix("142.75 ") == true)
    }

    @Test func pointsImportAndReport() throws {
        let (_, store) = workspace()
        _ = try KaoxueRun.run(["credits", "people", Self.examples + "/people.csv", "--store", store])
        let imported = try KaoxueRun.run(["points", "import", Self.examples + "/points.csv", "--store", store])
        #expect(imported.status == 0, "\(imported.stderr)")
        let add = try KaoxueRun.run(["points", "add", "--person", "P006", "--category", "学习", "--item", "专题考试", "--date", "2026-05-20", "--store", store])
        #expect(add.status == 0)
        let quarter = try json(KaoxueRun.run(["points", "report", "--period", "2026-Q2", "--json", "--store", store]))
        let rows = try #require(quarter["people"] as? [[String: Any]])
        func row(_ id: String) -> [String: Any]? { rows.first { $0["id"] as? String == id } }
        #expect(row("P001")?["points"] as? Double == 11 && row("P001")?["rank"] as? Int == 1)
        #expect(row("P006")?["points"] as? Double == 5 && row("P006")?["rank"] as? Int == 2)
        #expect(row("P007") == nil)  // not registered in this store
        #expect((row("P001")?["months"] as? [String: Double])?["2026-05"] == 6)
        #expect(try KaoxueRun.run(["points", "add", "--person", "P404", "--category", "学习", "--item", "专题考试", "--store", store]).status == 1)
        // A date outside the rules' window, and points the report could not sum exactly, are refused; nothing is added.
        let future = try KaoxueRun.run(["points", "add", "--person", "P006", "--category", "学习", "--item", "专题考试", "--date", "2062-05-20", "--store", store])
        #expect(future.status == 1 && future.stderr.contains("日期 2062-05-20 晚于"), "\(future.stderr)")
        let fine = try KaoxueRun.run(["points", "add", "--person", "P006", "--category", "工作", "--item", "贡献积分", "--points", "0.125", "--store", store])
        #expect(fine.status == 2 && fine.stderr.contains("at most 2 decimals"), "\(fine.stderr)")
        #expect(try json(KaoxueRun.run(["points", "report", "--period", "2026-Q2", "--json", "--store", store]))["people"] as? NSArray == quarter["people"] as? NSArray)
        #expect(try KaoxueRun.run(["points", "add", "--person", "P001", "--category", "学习", "--item", "跳舞", "--store", store]).status == 1)
        #expect(try KaoxueRun.run(["points", "report", "--period", "2026-Q9", "--store", store]).status == 2)
    }

    @Test func identicalPointsRowsEachCountAndReimportingAddsNothing() throws {
        // Two 专题考试 rows alike in every cell and without an entry_id: two exams passed the same day.
        let (folder, store) = workspace()
        _ = try KaoxueRun.run(["credits", "people", Self.examples + "/people.csv", "--store", store])
        let file = folder + "/exams.csv"
        try "person_id,date,category,item,points,note\nP002,2026-06-01,学习,专题考试,5,\nP002,2026-06-01,学习,专题考试,5,\nP002,2026-06-02,学习,专题考试,5,\n"
            .write(toFile: file, atomically: true, encoding: .utf8)
        let first = try KaoxueRun.run(["points", "import", file, "--store", store, "--json"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try json(first)["added"] as? Int == 3)
        let again = try KaoxueRun.run(["points", "import", file, "--store", store, "--json"])
        #expect(try json(again)["added"] as? Int == 0 && json(again)["duplicates"] as? Int == 3)
        let report = try json(KaoxueRun.run(["points", "report", "--period", "2026-06", "--json", "--store", store]))
        let p002 = (report["people"] as? [[String: Any]])?.first { $0["id"] as? String == "P002" }
        #expect(p002?["points"] as? Double == 15)
    }

    @Test func reportsOnlyReadAndNeverCreateAStore() throws {
        let (folder, _) = workspace()
        for arguments in [["credits", "report"], ["points", "report", "--period", "2026"], ["credits", "rules"]] {
            let run = try KaoxueRun.run(arguments + ["--store", folder + "/typo/k.sqlite"])
            #expect(run.status == 2, "\(arguments)")
            #expect(run.stderr.contains("学习记录“\(folder)/typo/k.sqlite”不存在"), "\(run.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: folder + "/typo"))
        // A file that is not a store is said to be one in words.
        try Data("not a database, just notes\n".utf8).write(to: URL(fileURLWithPath: folder + "/notes.txt"))
        let notes = try KaoxueRun.run(["credits", "report", "--store", folder + "/notes.txt"])
        #expect(notes.status == 2)
        #expect(notes.stderr.contains("这不是 kaoxue 的学习记录（不是 SQLite 数据库）"), "\(notes.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder + "/notes.txt")) == Data("not a database, just notes\n".utf8))
    }

    @Test func killedDuringAnImportLeavesAllOrNothing() throws {
        let (folder, store) = workspace()
        let file = folder + "/big.csv"
        try activitiesFile(file, rows: 300_000, people: 3_000)
        // Installing the preset rules creates the store (reading them would not).
        #expect(try KaoxueRun.run(["credits", "rules", "--install", repositoryPath("Sources/StudyLedger/preset-rules.yaml"), "--store", store]).status == 0)
        let process = Process()
        process.executableURL = KaoxueRun.binary
        process.arguments = ["credits", "import", file, "--store", store]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait until the import is writing (its pages spill into the WAL), then kill it.
        var walSize = 0
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning, Date() < deadline {
            walSize = ((try? FileManager.default.attributesOfItem(atPath: store + "-wal"))?[.size] as? Int) ?? 0
            if walSize > 2_000_000 { break }
            usleep(2_000)
        }
        let killedMidWrite = process.isRunning
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(killedMidWrite, "the import ended before it could be killed (WAL \(walSize) bytes)")
        let total = try totalHours(store)
        #expect(total == 0 || total == 300_000, "a killed import left \(total) of 300000 hours")
        let again = try KaoxueRun.run(["credits", "import", file, "--store", store])
        #expect(again.status == 0)
        #expect(try totalHours(store) == 300_000)
    }

    @Test func aPracticeSessionAndAnImportWriteAtOnce() throws {
        let (folder, store) = workspace()
        let file = folder + "/many.csv"
        try activitiesFile(file, rows: 60_000, people: 600)
        let practice = Process()
        practice.executableURL = KaoxueRun.binary
        practice.arguments = ["practice", "--store", store, "--user", "u", "--count", "40", "--type", "single", "--bank", repositoryPath("QuestionBanks")]
        let input = Pipe()
        practice.standardInput = input
        #expect(FileManager.default.createFile(atPath: folder + "/practice.out", contents: nil))
        practice.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: folder + "/practice.out"))
        practice.standardError = FileHandle.nullDevice
        try practice.run()
        // The answers go in while the import runs.
        let writer = Thread {
            for _ in 0..<40 {
                input.fileHandleForWriting.write(Data("a\n".utf8))
                usleep(20_000)
            }
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        let imported = try KaoxueRun.run(["credits", "import", file, "--store", store])
        practice.waitUntilExit()
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(practice.terminationStatus == 0)
        #expect(try totalHours(store) == 60_000)
        // Every answer was kept: the session says how many were right, the store's wrong-answer book has the rest.
        let summary = try String(contentsOfFile: folder + "/practice.out", encoding: .utf8)
        let match = try #require(summary.firstMatch(of: /已答 40 题，答对 (\d+) 题/), "\(summary.suffix(400))")
        let wrong = 40 - Int(match.1)!
        let book = try KaoxueRun.run(
            ["practice", "--store", store, "--user", "u", "--mode", "wrong", "--count", "100", "--bank", repositoryPath("QuestionBanks")], input: "")
        #expect(book.stdout.contains("错题 \(wrong)、"), "\(book.stdout.prefix(200))")
    }

    @Test func aPassedExamIsCredited() throws {
        let (folder, store) = workspace()
        let paper = folder + "/paper"
        let generate = try KaoxueRun.run([
            "paper", "generate", "--bank", repositoryPath("QuestionBanks"), "--blueprint", repositoryPath("QuestionBanks/blueprints/月度测试.yaml"),
            "--format", "md", "--out", paper,
        ])
        #expect(generate.status == 0, "\(generate.stderr)")
        try "person_id,name,unit\nC1,考生一,一科\n".write(toFile: folder + "/p.csv", atomically: true, encoding: .utf8)
        #expect(try KaoxueRun.run(["credits", "people", folder + "/p.csv", "--store", store]).status == 0)
        // Every item answered from the key.
        let rows = try String(contentsOfFile: paper + "/organizer/key.csv", encoding: .utf8).split(separator: "\r\n").dropFirst()
        let answers = rows.filter { $0.hasPrefix("A,") }.map { $0.split(separator: ",", omittingEmptySubsequences: false)[4] }
        let input = answers.map { "\($0)\n" }.joined() + ":submit\n是\n"
        let exam = try KaoxueRun.run(["exam", "--paper", paper + "/handout/paper.json", "--candidate", "C1", "--paper-version", "A", "--store", store], input: input)
        #expect(exam.status == 0, "\(exam.stderr)")
        #expect(exam.stdout.contains("考试通过（及格线 60%），计入学时 0.5"), "\(exam.stdout)")
        let person = try KaoxueRun.run(["credits", "report", "--person", "C1", "--json", "--store", store])
        let activities = try #require(try json(person)["activities"] as? [[String: Any]])
        #expect(activities.count == 1 && activities[0]["kind"] as? String == "考试" && activities[0]["hours"] as? Double == 0.5)
        // Marking the same paper in batch does not credit C1 again.
        try "id,name,unit,version\nC1,考生一,一科,A\n".write(toFile: folder + "/s.csv", atomically: true, encoding: .utf8)
        let batch = try KaoxueRun.run(["score", "--paper", paper, "--sheets", folder + "/s.csv", "--out", folder + "/out", "--record", "--store", store])
        #expect(batch.stdout.contains("0 人计入") || batch.stdout.contains("1 人未通过"), "\(batch.stdout)\(batch.stderr)")
    }

    @Test func scoreRecordCreditsThePersonBehindEach考号ThroughARoster() throws {
        let (folder, store) = workspace()
        let paper = fixture("scoring")
        try "person_id,name,unit,tier\nP100,甲,一科,乡科级及以下\nP200,乙,一科,乡科级及以下\n".write(toFile: folder + "/p.csv", atomically: true, encoding: .utf8)
        #expect(try KaoxueRun.run(["credits", "people", folder + "/p.csv", "--store", store]).status == 0)
        // Three candidates answer version A from the key (short answers left blank); the roster knows two of them.
        let key = try String(contentsOfFile: paper + "/key.csv", encoding: .utf8).split(whereSeparator: \.isNewline).dropFirst()
            .map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }.filter { $0[0] == "A" }
        // A fill-in key gives each blank's accepted words after `;`: the sheet writes the first.
        let answers = key.map { cells in
            cells[3] == "short" ? "" : cells[3] == "fill" ? cells[4].split(separator: "|").map { $0.split(separator: ";")[0] }.joined(separator: "|") : cells[4]
        }.joined(separator: ",")
        let header = "id,name,unit,version," + key.map { $0[1] }.joined(separator: ",")
        let sheets = [header, "K1,甲,一科,A,\(answers)", "K2,乙,一科,A,\(answers)", "P100,丙,一科,A,\(answers)"].joined(separator: "\n") + "\n"
        try sheets.write(toFile: folder + "/s.csv", atomically: true, encoding: .utf8)
        // A roster naming one 考号 twice is refused before anything is scored, written or credited.
        try "考号,人员编号\nK1,P100\nK1,P200\n".write(toFile: folder + "/bad-roster.csv", atomically: true, encoding: .utf8)
        let refused = try KaoxueRun.run(
            ["score", "--paper", paper, "--sheets", folder + "/s.csv", "--out", folder + "/refused", "--record", "--roster", folder + "/bad-roster.csv", "--store", store, "--lang", "en"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("bad-roster.csv:3:1: error: the candidate_id repeats row 2"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/refused"))
        try "考号,人员编号,姓名\nK1,P100,甲\nK2,P200,乙\n".write(toFile: folder + "/roster.csv", atomically: true, encoding: .utf8)
        let arguments = ["score", "--paper", paper, "--sheets", folder + "/s.csv", "--out", folder + "/out", "--record", "--roster", folder + "/roster.csv", "--store", store, "--force"]
        // An exam dated 2062 (or 1926) is a typo refused like an import's row: nothing scored, written or credited.
        for typo in ["2062-06-01", "1926-06-01"] {
            let dated = try KaoxueRun.run(
                ["score", "--paper", paper, "--sheets", folder + "/s.csv", "--out", folder + "/dated", "--record", "--date", typo, "--roster", folder + "/roster.csv", "--store", store, "--lang", "en"])
            #expect(dated.status == 1 && dated.stderr.contains("--date: the date \(typo) is"), "\(dated.stderr)")
            #expect(!FileManager.default.fileExists(atPath: folder + "/dated"))
        }
        let first = try KaoxueRun.run(arguments)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("学时台账：2 人计入 0.5 学时，0 人此前已计入，0 人未通过，0 人不在名册中"), "\(first.stdout)")
        // The sheet whose 考号 happens to be someone's 人员编号 is not credited to him: the roster does not name it.
        #expect(first.stderr.contains("考生名单中没有的考号（1 个，未计学时）：P100"), "\(first.stderr)")
        for person in ["P100", "P200"] {
            let report = try KaoxueRun.run(["credits", "report", "--year", String(Calendar(identifier: .gregorian).component(.year, from: Date())), "--person", person, "--json", "--store", store])
            let activities = try #require(try json(report)["activities"] as? [[String: Any]])
            #expect(activities.count == 1 && activities.first?["kind"] as? String == "考试", "\(person)")
        }
        let again = try KaoxueRun.run(arguments)
        #expect(again.stdout.contains("0 人计入 0.5 学时，2 人此前已计入"), "\(again.stdout)")
    }

    @Test func eachYearIsJudgedByTheTierHeldThen() throws {
        let (folder, store) = workspace()
        // P1's history in one file; P2 promoted by a later file; P3 known only from his promotion in 2026.
        try """
            person_id,name,unit,tier,tier_since
            P1,甲,一科,乡科级及以下,
            P1,甲,一科,县处级及以上,2026-03-01
            P2,乙,一科,乡科级及以下,
            P3,丙,一科,县处级及以上,2026-05-01
            """.write(toFile: folder + "/people.csv", atomically: true, encoding: .utf8)
        #expect(try KaoxueRun.run(["credits", "people", folder + "/people.csv", "--store", store]).status == 0)
        try "person_id,name,unit,tier,tier_since\nP2,乙,一科,县处级及以上,2026-06-01\n".write(toFile: folder + "/promoted.csv", atomically: true, encoding: .utf8)
        #expect(try KaoxueRun.run(["credits", "people", folder + "/promoted.csv", "--store", store]).status == 0)
        var rows = "person_id,date,kind,title,hours\n"
        for person in ["P1", "P2", "P3"] { rows += "\(person),2025-05-01,专题讲座,讲座,100\n\(person),2026-05-02,专题讲座,讲座,100\n" }
        try rows.write(toFile: folder + "/a.csv", atomically: true, encoding: .utf8)
        let imported = try KaoxueRun.run(["credits", "import", folder + "/a.csv", "--store", store])
        #expect(imported.status == 0, "\(imported.stderr)")
        // 2025: P1 and P2 were 乡科级; P3's tier then is not known.
        let before = try json(KaoxueRun.run(["credits", "report", "--year", "2025", "--as-of", "2025-12-31", "--json", "--store", store]))
        let people2025 = try #require(before["people"] as? [[String: Any]])
        func tier(_ people: [[String: Any]], _ id: String) -> String? { people.first { $0["id"] as? String == id }?["tier"] as? String }
        #expect(tier(people2025, "P1") == "乡科级及以下" && tier(people2025, "P2") == "乡科级及以下", "\(people2025)")
        #expect(before["untiered"] as? [String] == ["P3"])
        // 2026: all three are 县处级 (550 学时 over five years: 200 so far) and within their make-up year.
        let after = try standings(store)
        #expect(after["P1"] == "100 false makeUp" && after["P2"] == "100 false makeUp" && after["P3"] == "100 false makeUp", "\(after)")
        // A transfer is a row of its own: 戊 was in 一科 until 2026-04-01, then in 二科. Reports on 2025 count him
        // in 一科 (credits and points, with `--unit`), reports on 2026 in 二科; the register shows him in 二科.
        try """
            person_id,name,unit,tier,tier_since
            P5,戊,局/一科,乡科级及以下,2019-01-01
            P5,戊,局/二科,乡科级及以下,2026-04-01
            P6,己,局/一科,乡科级及以下,2019-01-01
            """.write(toFile: folder + "/moved.csv", atomically: true, encoding: .utf8)
        #expect(try KaoxueRun.run(["credits", "people", folder + "/moved.csv", "--store", store]).status == 0)
        func ids(_ arguments: [String]) throws -> [String] {
            let report = try json(KaoxueRun.run(arguments + ["--json", "--store", store]))
            return try #require(report["people"] as? [[String: Any]]).map { $0["id"] as! String }
        }
        #expect(try ids(["credits", "report", "--year", "2025", "--unit", "局/一科"]) == ["P5", "P6"])
        #expect(try ids(["credits", "report", "--year", "2026", "--as-of", "2026-06-30", "--unit", "局/一科"]) == ["P6"])
        #expect(try ids(["credits", "report", "--year", "2026", "--as-of", "2026-06-30", "--unit", "局/二科"]) == ["P5"])
        #expect(try ids(["points", "report", "--period", "2026-Q1", "--unit", "局/一科"]) == ["P5", "P6"])
        #expect(try ids(["points", "report", "--period", "2026-Q2", "--unit", "局/一科"]) == ["P6"])
        let units2025 = try json(KaoxueRun.run(["credits", "report", "--year", "2025", "--json", "--store", store]))
        let unitRows = try #require(units2025["units"] as? [[String: Any]])
        #expect(unitRows.first { $0["unit"] as? String == "局/一科" }?["people"] as? Int == 2)
        #expect(unitRows.first { $0["unit"] as? String == "局/二科" } == nil)
        // Two rows of one person with the same tier_since are a located error.
        try "person_id,name,unit,tier,tier_since\nP4,丁,一科,乡科级及以下,2020-01-01\nP4,丁,一科,县处级及以上,2020-01-01\n"
            .write(toFile: folder + "/twice.csv", atomically: true, encoding: .utf8)
        let twice = try KaoxueRun.run(["credits", "people", folder + "/twice.csv", "--store", store, "--lang", "en"])
        #expect(twice.status == 1 && twice.stderr.contains("twice.csv:3:1: error: the person_id repeats row 2 (rows of one person need different tier_since dates)"), "\(twice.stderr)")
    }
}
