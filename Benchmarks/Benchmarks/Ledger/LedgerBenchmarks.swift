import BankFormats
import Benchmark
import Foundation
import QuizModel
import StudyLedger
import StudyRecords

/// 1,000,000 activities (about 85 MB) of 100,000 people in 2026, written once by a deterministic generator: a
/// fifth each full-time training in days, online courses in minutes (banded), and three kinds in hours.
let activitiesPath: String = {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("kaoxue-bench-activities-1m.csv").path
    if FileManager.default.fileExists(atPath: path) { return path }
    let kinds = ["脱产培训", "网络培训", "集中学习", "专题讲座", "在职自学"]
    var out = "record_id,person_id,name,unit,date,kind,title,hours,days,minutes,absent_hours\n"
    out.reserveCapacity(90_000_000)
    func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
    for i in 0..<1_000_000 {
        let person = i % 100_000
        let kind = kinds[i % 5]
        let amount = kind == "网络培训" ? ",,\(15 + i % 60)," : kind == "脱产培训" ? ",\(1 + i % 5),," : "\(1 + i % 8),,,"
        out += "R\(pad(i, 7)),P\(pad(person, 6)),人员\(person),单位\(person % 50)/科室\(person % 7),2026-\(pad(i % 11 + 1, 2))-\(pad(i % 28 + 1, 2)),\(kind),课程\(i % 997),\(amount)\n"
    }
    try! out.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}()

/// A store holding the 1,000,000 activities, built once for the report benchmark.
let reportStore: StudyStore = {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("kaoxue-bench-ledger-\(getpid()).sqlite").path
    let store = try! StudyStore(path: path)
    _ = try! importActivities(into: store)
    return store
}()

/// What `kaoxue credits import` does: read, decode, parse, check every row, store in one transaction.
/// Reads the file a row at a time into the open transaction, as `kaoxue credits import` does.
func importActivities(into store: StudyStore) throws -> ImportOutcome {
    let bytes = try FileBytes.read(activitiesPath)
    let utf8 = try TextDecoder.decode(bytes).utf8
    let rules = try store.rulesInForce().rules
    var reader = ActivityRows(rules: rules, knownPeople: Set(try store.people().map(\.id)))
    let source = ImportSource(file: activitiesPath, sha256: "", time: "2026-11-21T00:00:00Z")
    let outcome = try store.importActivities(source: source, rules: rules, policy: .reject, dryRun: false) { emit in
        var writing = true
        do {
            try CSVTable.forEachRow(utf8: utf8) { fields in
                guard writing, let activity = reader.read(fields) else { return }
                writing = emit(activity)
            }
        } catch {
            return false
        }
        reader.finish()
        return reader.problems.isEmpty
    }
    guard let outcome else { preconditionFailure("the generated file has bad rows: \(reader.problems.prefix(3))") }
    return outcome
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .peakMemoryResident, .throughput],
        warmupIterations: 0,
        scalingFactor: .one,
        maxDuration: .seconds(90),
        maxIterations: 3
    )

    Benchmark("Import 1,000,000 activity rows into a new store") { benchmark in
        _ = activitiesPath
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kaoxue-bench-import-\(UUID().uuidString).sqlite").path
        let store = try StudyStore(path: path)
        benchmark.startMeasurement()
        let outcome = try importActivities(into: store)
        benchmark.stopMeasurement()
        precondition(outcome.added == 1_000_000 && outcome.newPeople == 100_000)
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    Benchmark("Yearly credit report over 100,000 people (1,000,000 activities)", configuration: .init(maxIterations: 10)) { benchmark in
        let store = reportStore
        let rules = try store.rulesInForce().rules
        let kinds = rules.kinds.map(\.name)
        benchmark.startMeasurement()
        // As `kaoxue credits report` does: the register and the totals read at once on two connections.
        nonisolated(unsafe) var totals: CreditTotals? = nil
        let reading = DispatchGroup()
        DispatchQueue.global().async(group: reading) { totals = try? store.creditTotals(years: 2022...2026, kinds: kinds, through: nil) }
        let people = try store.people()
        reading.wait()
        let report = CreditReport(year: 2026, asOf: CalendarDate(year: 2026, month: 12, day: 31)!, people: people, totals: totals!, rules: rules)
        blackHole(LedgerDocuments.csv(report, language: .zhHans).utf8.count)
        benchmark.stopMeasurement()
        precondition(report.people.count == 100_000)
    }
}
