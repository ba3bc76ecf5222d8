import BankFormats
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

    public init(key: ScoringKey, options: ScoringOptions, outcome: BatchScorer.Outcome) {
        self.key = key
        self.options = options
        self.outcome = outcome
        items = outcome.questionStatistics()
        summary = outcome.summary(options: options)
        let candidates = outcome.candidates
        let totals = candidates.totals
        // Competition ranks (1, 2, 2, 4) from the order, highest first.
        var ranks = [Int32](repeating: 0, count: candidates.count)
        for (position, index) in outcome.order.enumerated() {
            let previous = position > 0 ? Int(outcome.order[position - 1]) : -1
            ranks[Int(index)] = previous >= 0 && totals[previous] == totals[Int(index)] ? ranks[previous] : Int32(position + 1)
        }
        self.ranks = ranks
        // Units: counts and sums in one pass; medians by walking the order from the lowest total.
        let unitCount = candidates.unitNames.count
        var members = [Int](repeating: 0, count: unitCount)
        var sums = [Double](repeating: 0, count: unitCount)
        var passed = [Int](repeating: 0, count: unitCount)
        var excellent = [Int](repeating: 0, count: unitCount)
        for index in 0..<candidates.count {
            let unit = Int(candidates.units[index])
            members[unit] += 1
            sums[unit] += totals[index]
            let percent = outcome.percent(index)
            if percent >= options.passPercent - 1e-9 { passed[unit] += 1 }
            if percent >= options.excellentPercent - 1e-9 { excellent[unit] += 1 }
        }
        var seen = [Int](repeating: 0, count: unitCount)
        var middle = [Double](repeating: 0, count: unitCount)
        for index in outcome.order.reversed() {
            let unit = Int(candidates.units[Int(index)])
            let position = seen[unit]
            if position == (members[unit] - 1) / 2 { middle[unit] += totals[Int(index)] }
            if position == members[unit] / 2 { middle[unit] += totals[Int(index)] }
            seen[unit] += 1
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
        self.units = units
    }

    /// 优秀 / 良好 / 合格 / 不合格 for a percentage.
    public func grade(_ percent: Double) -> String {
        percent >= options.excellentPercent - 1e-9 ? "优秀" : percent >= options.goodPercent - 1e-9 ? "良好" : percent >= options.passPercent - 1e-9 ? "合格" : "不合格"
    }

    /// `value` with `digits` decimals; `missing` when there is no value.
    public static func number(_ value: Double?, digits: Int = 2, missing: String = "") -> String {
        guard let value, value.isFinite else { return missing }
        let text = String(format: "%.\(digits)f", value)
        return text == "-0.00" ? "0.00" : text
    }

    /// Writes `scores.csv` — `id,name,unit,version,score,percent,grade,rank` and one column per section, in sheet
    /// order — to `path`, a block of candidates at a time: both threads format half a block each (ids and names
    /// read again from the sheets), then the block is written. Memory stays at one block whatever the count.
    public func writeScoresCSV(to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil) else { throw CocoaError(.fileWriteUnknown) }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        let header = ["id", "name", "unit", "version", "score", "percent", "grade", "rank"] + key.sections.map(csvField)
        try handle.write(contentsOf: Data((header.joined(separator: ",") + "\r\n").utf8))
        let count = outcome.candidates.count
        let block = 1 << 16
        let threads = max(1, options.threads)
        var start = 0
        while start < count {
            let end = min(count, start + block * threads)
            let first = start
            let parts = concurrentMap(threads) { part in
                self.scoreRows((first + (end - first) * part / threads)..<(first + (end - first) * (part + 1) / threads))
            }
            for part in parts { try handle.write(contentsOf: Data(part)) }
            outcome.sheet.release(outcome.candidates.offsets[start]..<(end < count ? outcome.candidates.offsets[end] : outcome.sheet.count))
            start = end
        }
    }

    /// The `scores.csv` rows of candidates `range`, as bytes.
    func scoreRows(_ range: Range<Int>) -> [UInt8] {
        let candidates = outcome.candidates
        var out: [UInt8] = []
        out.reserveCapacity(range.count * 96)
        let sections = key.sections.count
        let grades = ["优秀", "良好", "合格", "不合格"].map { Array($0.utf8) }
        let versions = key.versions.map { Array(csvField($0).utf8) }
        let units = candidates.unitNames.map { Array(csvField($0).utf8) }
        let layout = outcome.layout
        let reader = RowReader(sheet: outcome.sheet, scorer: outcome.scorer, layout: layout)
        let limit = max(layout.id, layout.name ?? 0) + 1
        func appendField(_ column: Int) {
            if let bytes = reader.trimmedBytes(column), !bytes.contains(0x0D), !bytes.contains(0x22) {
                out.append(contentsOf: bytes)
            } else {
                var field = csvField(reader.text(column))
                field.withUTF8 { out.append(contentsOf: $0) }
            }
        }
        for index in range {
            _ = reader.read(at: candidates.offsets[index], limit: limit)
            appendField(layout.id)
            out.append(0x2C)
            if let name = layout.name { appendField(name) }
            out.append(0x2C)
            out += units[Int(candidates.units[index])]
            out.append(0x2C)
            out += versions[Int(candidates.versions[index])]
            out.append(0x2C)
            Self.appendFixed(candidates.totals[index], decimals: 2, to: &out)
            out.append(0x2C)
            let percent = outcome.percent(index)
            Self.appendFixed(percent, decimals: 1, to: &out, keepZeros: true)
            out.append(0x2C)
            let grade = percent >= options.excellentPercent - 1e-9 ? 0 : percent >= options.goodPercent - 1e-9 ? 1 : percent >= options.passPercent - 1e-9 ? 2 : 3
            out += grades[grade]
            out.append(0x2C)
            Self.appendFixed(Double(ranks[index]), decimals: 0, to: &out)
            for s in 0..<sections {
                out.append(0x2C)
                Self.appendFixed(candidates.sectionScores[index * sections + s], decimals: 2, to: &out)
            }
            out += [0x0D, 0x0A]
        }
        return out
    }

    /// `value` rounded to `decimals` places (0–3) as ASCII digits; trailing zeros (and the point) dropped unless
    /// `keepZeros`. No allocation: it runs once or more per candidate.
    static func appendFixed(_ value: Double, decimals: Int, to out: inout [UInt8], keepZeros: Bool = false) {
        let scale: Double = decimals == 0 ? 1 : decimals == 1 ? 10 : decimals == 2 ? 100 : 1000
        var scaled = UInt64((abs(value) * scale).rounded())
        if value < 0, scaled != 0 { out.append(UInt8(ascii: "-")) }
        var digits = decimals
        if !keepZeros {
            while digits > 0, scaled % 10 == 0 {
                scaled /= 10
                digits -= 1
            }
        }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { buffer in
            var index = 24
            var written = 0
            repeat {
                if written == digits, digits > 0 {
                    index -= 1
                    buffer[index] = UInt8(ascii: ".")
                }
                index -= 1
                buffer[index] = UInt8(ascii: "0") + UInt8(scaled % 10)
                scaled /= 10
                written += 1
            } while scaled > 0 || written <= digits
            out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[index..<24]))
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
        header += (0..<maxOptions).map { "option" + optionLabel($0) } + ["blank", "needsRevision"]
        var lines = [header.joined(separator: ",")]
        for item in items {
            var fields = [csvField(item.id), item.type, item.placements.joined(separator: " "), String(item.candidates), formatPoints(item.points)]
            fields += [item.facility, item.sd].map { Self.number($0, digits: 4) }
            fields += [item.discrimination, item.efficiency, item.effectiveWeight].map { Self.number($0) }
            fields += [item.pointBiserial, item.upper, item.lower, item.d].map { Self.number($0, digits: 4) }
            fields.append(item.ebel ?? "")
            let isChoice = item.type == "single" || item.type == "multiple"
            fields += (0..<maxOptions).map { isChoice && $0 < item.optionCounts.count ? String(item.optionCounts[$0]) : "" }
            fields.append(String(item.blanks))
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
