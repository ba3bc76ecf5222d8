import BankFormats
import CScoring
import Foundation
import QuizModel

/// One unit's results.
public struct UnitSummary: Sendable, Codable {
    public var unit: String
    public var candidates: Int
    public var mean: Double
    public var median: Double
    public var passRate: Double
    public var excellentRate: Double
    /// Competition rank by mean (1, 2, 2, 4).
    public var rank: Int
}

/// The files of a scoring run: `scores.csv`, `units.csv`, `items.csv`, `errors.csv`, `summary.json`, `report.md`,
/// `report.html` (self-contained: inline SVG, no network).
public struct ScoreReport: Sendable {
    public var key: ScoringKey
    public var options: ScoringOptions
    public var outcome: BatchScorer.Outcome
    public var items: [QuestionStatistics]
    public var summary: TestSummary
    public var units: [UnitSummary]
    /// Competition ranks by total, in candidate order.
    public var ranks: [Int32]

    /// `keySHA256`: the key's hash, recorded in the summary's basis.
    public init(key: ScoringKey, options: ScoringOptions, outcome: BatchScorer.Outcome, keySHA256: String? = nil) {
        self.key = key
        self.options = options
        self.outcome = outcome
        items = outcome.questionStatistics()
        // The summary on one thread, units and ranks on the other.
        let parts = concurrentMap(2) { part -> (TestSummary?, ([UnitSummary], [Int32])?) in
            part == 0 ? (outcome.summary(options: options), nil) : (nil, Self.unitsAndRanks(outcome, options: options))
        }
        summary = parts[0].0!
        summary.basis.keySHA256 = keySHA256
        (units, ranks) = parts[1].1!
    }

    /// Per unit its results, ranked by mean; and every candidate's competition rank by total (1, 2, 2, 4).
    static func unitsAndRanks(_ outcome: BatchScorer.Outcome, options: ScoringOptions) -> ([UnitSummary], [Int32]) {
        let candidates = outcome.candidates
        let totals = candidates.totals, unitOf = candidates.units
        // Units: counts, sums and bands in sheet order.
        let unitCount = candidates.unitNames.count
        let bands = BatchScorer.Outcome.PercentBands(outcome, options: options)
        let (members, sums, passed, excellent) = withBuffers(totals, candidates.versions, unitOf) { totals, versions, unitOf in
            var members = [Int](repeating: 0, count: unitCount)
            var sums = [Double](repeating: 0, count: unitCount)
            var passed = [Int](repeating: 0, count: unitCount)
            var excellent = [Int](repeating: 0, count: unitCount)
            for index in totals.indices {
                let unit = Int(unitOf[index])
                members[unit] += 1
                sums[unit] += totals[index]
                let band = bands.bandAndTenth(totals[index], version: Int(versions[index])).band
                if band <= 2 { passed[unit] += 1 }
                if band == 0 { excellent[unit] += 1 }
            }
            return (members, sums, passed, excellent)
        }
        // One walk down the order, highest first: competition ranks (1, 2, 2, 4), and each unit's middle totals (the
        // median's positions are the same counted from either end).
        let (ranks, middle) = withBuffers(outcome.order, totals, unitOf) { order, totals, unitOf in
            var ranks = [Int32](repeating: 0, count: order.count)
            var seen = [Int](repeating: 0, count: unitCount)
            var middle = [Double](repeating: 0, count: unitCount)
            var rank: Int32 = 0
            var previousKey: Int64 = -1
            for (position, index) in order.enumerated() {
                // Candidates far apart in the sheets: their values are asked for ahead.
                if position + 16 < order.count {
                    kaoxue_prefetch(totals.baseAddress! + Int(order[position + 16]))
                    kaoxue_prefetch(unitOf.baseAddress! + Int(order[position + 16]))
                }
                let index = Int(index)
                let total = totals[index]
                let key = BatchScorer.rankKey(total)
                if key != previousKey {
                    rank = Int32(position + 1)
                    previousKey = key
                }
                ranks[index] = rank
                let unit = Int(unitOf[index])
                let seat = seen[unit]
                if seat == (members[unit] - 1) / 2 { middle[unit] += total }
                if seat == members[unit] / 2 { middle[unit] += total }
                seen[unit] = seat + 1
            }
            return (ranks, middle)
        }
        var units = (0..<unitCount).filter { members[$0] > 0 }.map { unit in
            let count = Double(members[unit])
            return UnitSummary(
                unit: candidates.unitNames[unit], candidates: members[unit], mean: sums[unit] / count, median: middle[unit] / 2,
                passRate: Double(passed[unit]) / count, excellentRate: Double(excellent[unit]) / count, rank: 0)
        }
        units.sort { $0.mean != $1.mean ? $0.mean > $1.mean : $0.unit < $1.unit }
        for (position, unit) in units.enumerated() {
            units[position].rank = position > 0 && units[position - 1].mean == unit.mean ? units[position - 1].rank : position + 1
        }
        return (units, ranks)
    }

    /// The grades of the bands of `ScoringOptions.band`.
    static let grades = ["优秀", "良好", "合格", "不合格"]

    /// 优秀 / 良好 / 合格 / 不合格 for a percentage.
    public func grade(_ percent: Double) -> String {
        Self.grades[options.band(percent)]
    }

    /// `value` with `digits` decimals; `missing` when there is no value.
    public static func number(_ value: Double?, digits: Int = 2, missing: String = "") -> String {
        guard let value, value.isFinite else { return missing }
        let text = String(format: "%.\(digits)f", value)
        return text == "-0.00" ? "0.00" : text
    }

    /// Writes `scores.csv` — `id,name,unit,version,score,percent,grade,rank` and one column per section, in sheet
    /// order — to `path`, a block of candidates at a time: both threads format half a block each (ids and names
    /// copied from the sheets, or read again) into one set of buffers while the block before is written from the other.
    ///
    /// `prefix` goes first (a byte-order mark for Excel).
    public func writeScoresCSV(to path: String, prefix: [UInt8] = []) throws {
        guard FileManager.default.createFile(atPath: path, contents: Data(prefix)) else { throw CocoaError(.fileWriteUnknown) }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()  // after the prefix
        let header = ["id", "name", "unit", "version", "score", "percent", "grade", "rank"] + key.sections.map(csvField)
        try handle.write(contentsOf: Data((header.joined(separator: ",") + "\r\n").utf8))
        let count = outcome.candidates.count
        let block = 1 << 14
        let threads = max(1, options.threads)
        let texts = ScoreTexts(self)
        let buffers = (0..<2).map { _ in (0..<threads).map { _ in ByteSink(capacity: block * 96) } }
        defer { buffers.joined().forEach { $0.free() } }
        let writer = BlockWriter(handle)
        var start = 0
        var turn = 0
        while start < count {
            let end = min(count, start + block * threads)
            let first = start
            let sinks = buffers[turn]
            _ = concurrentMap(threads) { part in
                self.scoreRows((first + (end - first) * part / threads)..<(first + (end - first) * (part + 1) / threads), texts: texts, into: sinks[part])
            }
            try writer.write(sinks) {
                self.outcome.sheet.release(self.outcome.candidates.offsets[first]..<(end < count ? self.outcome.candidates.offsets[end] : self.outcome.sheet.count))
            }
            start = end
            turn = 1 - turn
        }
        try writer.finish()
    }

    /// The `scores.csv` rows of candidates `range`, into `sink` (emptied first).
    func scoreRows(_ range: Range<Int>, texts: ScoreTexts, into sink: ByteSink) {
        sink.count = 0
        let candidates = outcome.candidates
        let sections = key.sections.count
        let layout = outcome.layout
        let reader = RowReader(sheet: outcome.sheet, scorer: outcome.scorer, layout: layout)
        let limit = max(layout.id, layout.name ?? 0) + 1
        func appendField(_ column: Int) {
            // An unquoted field of a row without quotes holds no comma, quote or line feed: only a carriage return
            // would need quoting.
            if let bytes = reader.trimmedBytes(column), bytes.isEmpty || memchr(bytes.baseAddress!, 0x0D, bytes.count) == nil,
                reader.plainRow || !bytes.contains(0x22)
            {
                sink.append(bytes)
            } else {
                var field = csvField(reader.text(column))
                field.withUTF8 { sink.append($0) }
            }
        }
        let base = outcome.sheet.base
        let ahead = 8
        for index in range {
            // The rows are far apart: their first bytes are asked for a few rows ahead.
            if index + ahead < range.upperBound { kaoxue_prefetch(base + candidates.offsets[index + ahead]) }
            let offset = candidates.offsets[index], prefix = Int(candidates.prefixLengths[index])
            if prefix > 0, memchr(base + offset, 0x0D, prefix) == nil {
                // `id,name` as the sheet has them.
                sink.append(UnsafeBufferPointer(start: base + offset, count: prefix))
            } else {
                reader.readPrefix(at: offset, limit: limit)
                appendField(layout.id)
                sink.append(0x2C)
                if let name = layout.name { appendField(name) }
            }
            sink.append(0x2C)
            sink.append(texts.units[Int(candidates.units[index])])
            sink.append(0x2C)
            let version = Int(candidates.versions[index])
            sink.append(texts.versions[version])
            sink.append(0x2C)
            let total = candidates.totals[index]
            if let step = texts.gridStep(total), let percentAndGrade = texts.percentAndGrade(version: version, step: step) {
                sink.append(texts.number(step))
                sink.append(0x2C)
                sink.append(percentAndGrade)
            } else {
                sink.appendFixed(total, decimals: 2)
                sink.append(0x2C)
                let percent = outcome.percent(index)
                sink.appendFixed(percent, decimals: 1, keepZeros: true)
                sink.append(0x2C)
                sink.append(texts.grades[options.band(percent)])
            }
            sink.append(0x2C)
            sink.appendInteger(Int(ranks[index]))
            for s in 0..<sections {
                sink.append(0x2C)
                let score = candidates.sectionScores[index * sections + s]
                if let step = texts.gridStep(score) { sink.append(texts.number(step)) } else { sink.appendFixed(score, decimals: 2) }
            }
            sink.append(0x0D)
            sink.append(0x0A)
        }
    }

    /// `units.csv`: per unit, ranked by mean.
    public func unitsCSV() -> String {
        var lines = ["unit,candidates,mean,median,passRate,excellentRate,rank"]
        for unit in units {
            lines.append([csvField(unit.unit), String(unit.candidates), Self.number(unit.mean), Self.number(unit.median), Self.number(unit.passRate, digits: 4), Self.number(unit.excellentRate, digits: 4), String(unit.rank)].joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// `items.csv`: per bank question, across versions.
    public func itemsCSV() -> String {
        let maxOptions = key.questions.map(\.optionCount).filter { $0 < 26 }.max() ?? 4
        var header = ["id", "type", "placements", "candidates", "points", "facility", "sd", "discrimination", "efficiency", "effectiveWeight", "pointBiserial", "upper", "lower", "D", "ebel"]
        header += (0..<maxOptions).map { "option" + optionLabel($0) } + ["answeredTrue", "answeredFalse", "blank", "randomGuessScore", "needsRevision"]
        var lines = [header.joined(separator: ",")]
        for item in items {
            var fields = [csvField(item.id), item.type, item.placements.joined(separator: " "), String(item.candidates), formatPoints(item.points)]
            fields += [item.facility, item.sd].map { Self.number($0, digits: 4) }
            fields += [item.discrimination, item.efficiency, item.effectiveWeight].map { Self.number($0) }
            fields += [item.pointBiserial, item.upper, item.lower, item.d].map { Self.number($0, digits: 4) }
            fields.append(item.ebel ?? "")
            let isChoice = item.type == "single" || item.type == "multiple"
            fields += (0..<maxOptions).map { isChoice && $0 < item.optionCounts.count ? String(item.optionCounts[$0]) : "" }
            fields += (0..<2).map { item.type == "truefalse" && $0 < item.optionCounts.count ? String(item.optionCounts[$0]) : "" }
            fields.append(String(item.blanks))
            fields.append(Self.number(item.randomGuessScore))
            fields.append(csvField(item.flags.joined(separator: "; ")))
            lines.append(fields.joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// `errors.csv`: `row,column,id,action,message`.
    public func errorsCSV(language: DisplayLanguage) -> String {
        var lines = ["row,column,id,action,message"]
        for problem in outcome.problems {
            let action = problem.rowExcluded ? language.pick("整行未计分", "row left out") : language.pick("本题记 0 分", "cell scored 0")
            lines.append([String(problem.problem.row), String(problem.problem.column), csvField(problem.candidate), action, csvField(problem.problem.message(in: language))].joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// `summary.json` and `--json`: the summary with the keys scripts rely on.
    public func summaryJSON() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return (try? encoder.encode(summary)) ?? Data()
    }
}

/// The texts `scores.csv` repeats, made once: units, versions and grades as CSV fields, and the numbers on the
/// plan's grid — each step's score (2 decimals, as `ByteSink.appendFixed` writes it) and, per version, each total
/// step's `percent,grade`. A number off the grid is formatted where it is written.
final class ScoreTexts: @unchecked Sendable {
    let units: [TextBytes]
    let versions: [TextBytes]
    let grades: [TextBytes]
    private let plan: ScoringPlan
    private let storage: ByteSink
    /// `numbers[k]`: the text of k steps; `percents[v · steps + k]`: version v's `percent,grade` at k steps.
    private let numbers: [TextBytes]
    private let percents: [TextBytes]
    /// Grids larger than this are not laid out (every number is formatted where it is written).
    static let largest = 1 << 20

    init(_ report: ScoreReport) {
        let plan = report.outcome.scorer.plan
        self.plan = plan
        let storage = ByteSink(capacity: 1 << 12)
        self.storage = storage
        func text(_ write: (ByteSink) -> Void) -> (Int, Int) {
            let start = storage.count
            write(storage)
            return (start, storage.count - start)
        }
        func field(_ value: String) -> (Int, Int) { text { sink in var field = csvField(value); field.withUTF8 { sink.append($0) } } }
        let unitSpans = report.outcome.candidates.unitNames.map(field)
        let versionSpans = report.key.versions.map(field)
        let gradeSpans = ScoreReport.grades.map(field)
        var numberSpans: [(Int, Int)] = []
        var percentSpans: [(Int, Int)] = []
        if plan.totalSteps * (plan.versions + 1) <= Self.largest {
            numberSpans = (0..<plan.totalSteps).map { k in text { $0.appendFixed(Double(k) * plan.step, decimals: 2) } }
            for version in 0..<plan.versions {
                let maximum = report.key.maxScore[version]
                for k in 0..<plan.totalSteps {
                    percentSpans.append(text { sink in
                        let percent = BatchScorer.Outcome.percent(Double(k) * plan.step, of: maximum)
                        sink.appendFixed(percent, decimals: 1, keepZeros: true)
                        sink.append(0x2C)
                        var grade = ScoreReport.grades[report.options.band(percent)]
                        grade.withUTF8 { sink.append($0) }
                    })
                }
            }
        }
        // Spans become pointers once the storage no longer grows.
        func bytes(_ span: (Int, Int)) -> TextBytes { TextBytes(start: storage.start + span.0, count: span.1) }
        units = unitSpans.map(bytes)
        versions = versionSpans.map(bytes)
        grades = gradeSpans.map(bytes)
        numbers = numberSpans.map(bytes)
        percents = percentSpans.map(bytes)
    }

    deinit { storage.free() }

    /// The grid step of `value` when it lies exactly on the laid-out grid.
    @inline(__always)
    func gridStep(_ value: Double) -> Int? {
        numbers.isEmpty ? nil : plan.exactStep(value)
    }

    @inline(__always)
    func number(_ step: Int) -> TextBytes { numbers[step] }

    @inline(__always)
    func percentAndGrade(version: Int, step: Int) -> TextBytes? { percents.isEmpty ? nil : percents[version * plan.totalSteps + step] }
}

/// `body` with the elements of three arrays in place.
@inline(__always)
func withBuffers<A, B, C, R>(_ a: [A], _ b: [B], _ c: [C], _ body: (UnsafeBufferPointer<A>, UnsafeBufferPointer<B>, UnsafeBufferPointer<C>) -> R) -> R {
    a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in c.withUnsafeBufferPointer { c in body(a, b, c) } } }
}

/// Bytes kept by their owner, appended as they are.
typealias TextBytes = UnsafeBufferPointer<UInt8>

/// Writes blocks of `scores.csv` on a thread of its own, one block at a time, so that the next block is formatted
/// while one is written.
final class BlockWriter: @unchecked Sendable {
    private let handle: FileHandle
    private let queue = DispatchQueue(label: "kaoxue.scores-writer")
    private let group = DispatchGroup()
    private var failure: (any Error)?

    init(_ handle: FileHandle) { self.handle = handle }

    /// Waits for the block before, then writes `sinks` in order and calls `done`; the sinks are not touched again
    /// by the caller until the next call has returned.
    func write(_ sinks: [ByteSink], done: @escaping @Sendable () -> Void) throws {
        try wait()
        let handle = self.handle
        queue.async(group: group) {
            do {
                for sink in sinks { try handle.write(contentsOf: Data(bytesNoCopy: sink.start, count: sink.count, deallocator: .none)) }
                done()
            } catch {
                self.failure = error
            }
        }
    }

    /// Waits for the last block; throws what writing any block threw.
    func finish() throws { try wait() }

    private func wait() throws {
        group.wait()
        if let failure { throw failure }
    }
}

/// Bytes appended without a bounds check per byte or reference counting: the rows of `scores.csv`, a block at a
/// time, in a buffer kept from block to block.
final class ByteSink: @unchecked Sendable {
    private(set) var start: UnsafeMutablePointer<UInt8>
    var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 64)
        start = .allocate(capacity: self.capacity)
    }

    func free() { start.deallocate() }

    @inline(__always)
    private func reserve(_ extra: Int) {
        guard count + extra > capacity else { return }
        let size = max(capacity * 2, count + extra)
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: size)
        grown.update(from: start, count: count)
        start.deallocate()
        start = grown
        capacity = size
    }

    @inline(__always)
    func append(_ byte: UInt8) {
        reserve(1)
        start[count] = byte
        count += 1
    }

    @inline(__always)
    func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        reserve(bytes.count)
        if let base = bytes.baseAddress { (start + count).update(from: base, count: bytes.count) }
        count += bytes.count
    }

    /// A non-negative integer as ASCII digits.
    @inline(__always)
    func appendInteger(_ value: Int) {
        reserve(20)
        var length = 1
        var rest = value / 10
        while rest > 0 {
            rest /= 10
            length += 1
        }
        var remaining = value
        for index in stride(from: count + length - 1, through: count, by: -1) {
            start[index] = UInt8(ascii: "0") + UInt8(remaining % 10)
            remaining /= 10
        }
        count += length
    }

    /// `value` rounded to `decimals` places (0–3) as ASCII digits; trailing zeros (and the point) dropped unless
    /// `keepZeros`.
    @inline(__always)
    func appendFixed(_ value: Double, decimals: Int, keepZeros: Bool = false) {
        let scale: Double = decimals == 0 ? 1 : decimals == 1 ? 10 : decimals == 2 ? 100 : 1000
        // Half away from zero, as `rounded()`, without a call into libm.
        var scaled = UInt64(abs(value) * scale + 0.5)
        reserve(24)
        if value < 0, scaled != 0 { append(UInt8(ascii: "-")) }
        var digits = decimals
        if !keepZeros {
            while digits > 0, scaled % 10 == 0 {
                scaled /= 10
                digits -= 1
            }
        }
        // Integer digits, then the point and `digits` decimals, written from the right.
        var length = digits > 0 ? digits + 2 : 1
        var rest = scaled
        for _ in 0..<digits { rest /= 10 }
        while rest >= 10 {
            rest /= 10
            length += 1
        }
        var index = count + length
        var written = 0
        repeat {
            if written == digits, digits > 0 {
                index -= 1
                start[index] = UInt8(ascii: ".")
            }
            index -= 1
            start[index] = UInt8(ascii: "0") + UInt8(scaled % 10)
            scaled /= 10
            written += 1
        } while index > count
        count += length
    }
}
