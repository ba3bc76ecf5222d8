import Benchmark
import Foundation
import PaperAssembly
import QuizModel
import Scoring
import Spreadsheets

/// The key of a 100-question paper: 70 single choice (4 options, 1 point), 30 multiple choice (5 options,
/// 1 point, half marks for a correct subset). One version.
let keyText: String = {
    var random = SplitMix64(seed: 6)
    var lines = ["version,number,id,type,answer,points,rule"]
    for number in 1...100 {
        if number <= 70 {
            lines.append("A,\(number),q\(number),single,\(optionLabel(random.uniform(below: 4))),1,")
        } else {
            var mask = 0
            while mask.nonzeroBitCount < 2 { mask = random.uniform(below: 32) }
            let letters = (0..<5).filter { mask & (1 << $0) != 0 }.map(optionLabel).joined()
            lines.append("A,\(number),q\(number),multiple,\(letters),1,half")
        }
    }
    return lines.joined(separator: "\n") + "\n"
}()

/// The key as a file beside the sheets, for `kaoxue score` and the numpy reference (`scripts/numpy_score.py`) to
/// be run on the same files.
let keyPath: String = {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("kaoxue-bench-key.csv").path
    try! Data(keyText.utf8).write(to: URL(fileURLWithPath: path))
    return path
}()

/// 1,000,000 sheets (about 272 MB) written once to a temporary file by a seeded generator: answers right with a
/// probability that grows with a per-candidate ability, 2 % blank.
let sheetsPath: String = {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("kaoxue-bench-sheets-1m.csv").path
    if FileManager.default.fileExists(atPath: path) { return path }
    let key = try! AnswerKey.parse(keyText).get()
    var random = SplitMix64(seed: 2026)
    let units = ["组织部", "宣传部", "统战部", "政法委", "县委办", "发改委", "教育局", "财政局"]
    var out = Array(("id,name,unit,version," + (1...100).map(String.init).joined(separator: ",") + "\n").utf8)
    out.reserveCapacity(290_000_000)
    for candidate in 0..<1_000_000 {
        let ability = random.uniform(below: 100)
        out += Array("C\(String(format: "%07d", candidate)),考生\(candidate),\(units[candidate % units.count]),A".utf8)
        for number in 1...100 {
            out.append(UInt8(ascii: ","))
            let roll = random.uniform(below: 100)
            if roll < 2 { continue }
            let entry = key.entry(version: "A", number: number)!
            guard case .choices(let right) = entry.answer else { continue }
            let chosen: [Int] = roll < 30 + ability * 6 / 10 ? right : number <= 70 ? [random.uniform(below: 4)] : [random.uniform(below: 5), random.uniform(below: 5)]
            out += Array(Set(chosen).sorted().map(optionLabel).joined().utf8)
        }
        out.append(UInt8(ascii: "\n"))
    }
    try! Data(out).write(to: URL(fileURLWithPath: path))
    return path
}()

/// A paper of 20 single-choice questions, 10 fill-ins of two blanks and 5 short answers of three keywords (2, 2
/// and 6 points), and 120,000 sheets answering it: free answers in words, as cadres write them.
let freeAnswerKeyText: String = {
    var lines = ["version,number,id,type,answer,points,rule"]
    for number in 1...20 { lines.append("A,\(number),s\(number),single,\(optionLabel(number % 4)),2,") }
    for number in 21...30 { lines.append("A,\(number),f\(number),fill,实事求是\(number)|群众路线\(number);群众工作\(number),2,") }
    for number in 31...35 { lines.append("A,\(number),k\(number),short,民主集中制;党的领导\(number);自我革命,6,") }
    return lines.joined(separator: "\n") + "\n"
}()

let freeAnswerSheets: [UInt8] = {
    var random = SplitMix64(seed: 35)
    var out = Array(("id,name,unit,version," + (1...35).map(String.init).joined(separator: ",") + "\n").utf8)
    for candidate in 0..<120_000 {
        let ability = random.uniform(below: 100)
        var cells = ["K\(candidate)", "考生\(candidate)", "组织部", "A"]
        for number in 1...20 { cells.append(random.uniform(below: 100) < ability ? optionLabel(number % 4) : optionLabel(random.uniform(below: 4))) }
        for number in 21...30 {
            let first = random.uniform(below: 100) < ability ? "实事求是\(number)" : "实事\(random.uniform(below: 50))"
            let second = random.uniform(below: 100) < ability ? "群众工作\(number)" : "群众\(random.uniform(below: 50))"
            cells.append(first + "|" + second)
        }
        for number in 31...35 {
            let words = ["民主集中制", "党的领导\(number)", "自我革命"].filter { _ in random.uniform(below: 100) < ability }
            cells.append("\"" + (words + ["要坚持\(random.uniform(below: 1000))"]).joined(separator: "，") + "\"")
        }
        out += Array((cells.joined(separator: ",") + "\n").utf8)
    }
    return out
}()

/// The 1,000,000-sheet file's first 120,000 rows as an .xlsx workbook (inline strings, as kaoxue and openpyxl write).
let sheetsWorkbook: Data = {
    let text = try! String(contentsOfFile: sheetsPath, encoding: .utf8)
    var rows: [[String]] = []
    for line in text.split(separator: "\n", maxSplits: 120_001).prefix(120_001) {
        rows.append(line.split(separator: ",", omittingEmptySubsequences: false).map(String.init))
    }
    return try! XLSXWriter.workbook([.init(name: "答题卡", rows: rows)])
}()

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .peakMemoryResident, .throughput],
        warmupIterations: 1,
        scalingFactor: .one,
        maxDuration: .seconds(60),
        maxIterations: 5
    )

    // What `kaoxue score` does: map the file, score, every statistic, scores.csv written to a file.
    Benchmark("Score 1,000,000 sheets × 100 questions with statistics and scores.csv") { benchmark in
        let path = sheetsPath
        _ = keyPath
        let key = ScoringKey(key: try AnswerKey.parse(keyText).get(), paper: nil)
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("kaoxue-bench-scores.csv").path
        benchmark.startMeasurement()
        let sheets = try SheetBytes(mapping: path)
        let scorer = BatchScorer(key: key, options: ScoringOptions())
        let outcome = try scorer.score(sheets)
        let report = ScoreReport(key: key, options: ScoringOptions(), outcome: outcome)
        try report.writeScoresCSV(to: out)
        blackHole(report.itemsCSV().count + report.unitsCSV().count)
        benchmark.stopMeasurement()
        precondition(outcome.candidates.count == 1_000_000 && outcome.problems.isEmpty)
    }

    // Fill-ins and short answers matched in words: the per-sheet cost beside choice-only sheets.
    Benchmark("Score 120,000 sheets of 20 choices, 10 fill-ins and 5 short answers") { benchmark in
        let key = ScoringKey(key: try AnswerKey.parse(freeAnswerKeyText).get(), paper: nil)
        let sheets = SheetBytes(freeAnswerSheets)
        benchmark.startMeasurement()
        let outcome = try BatchScorer(key: key, options: ScoringOptions()).score(sheets)
        blackHole(outcome.questionStatistics().count)
        benchmark.stopMeasurement()
        precondition(outcome.candidates.count == 120_000 && outcome.problems.isEmpty)
    }

    // A workbook of answer sheets read as `kaoxue score` reads it: streamed, row by row, as it inflates.
    Benchmark("Read a 120,000-row answer-sheet workbook (.xlsx, 104 columns)") { benchmark in
        let workbook = sheetsWorkbook
        benchmark.startMeasurement()
        var rows = 0
        try XLSXReader.forEachRow(workbook) { _, cells in rows += cells.isEmpty ? 0 : 1 }
        benchmark.stopMeasurement()
        precondition(rows == 120_001)
    }
}
