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
    public var ranks: [Int]

    public init(key: ScoringKey, options: ScoringOptions, outcome: BatchScorer.Outcome) {
        self.key = key
        self.options = options
        self.outcome = outcome
        items = outcome.questionStatistics(key: key)
        summary = outcome.summary(key: key, options: options)
        ranks = Self.competitionRanks(outcome.candidates.map(\.total))
        var byUnit: [String: [ScoredCandidate]] = [:]
        for candidate in outcome.candidates { byUnit[candidate.unit, default: []].append(candidate) }
        var units = byUnit.map { unit, members -> UnitSummary in
            let totals = members.map(\.total).sorted()
            let percents = members.map { outcome.percent($0, key: key) }
            let count = Double(members.count)
            return UnitSummary(
                unit: unit, candidates: members.count, mean: totals.reduce(0, +) / count,
                median: totals.count % 2 == 1 ? totals[totals.count / 2] : (totals[totals.count / 2 - 1] + totals[totals.count / 2]) / 2,
                passRate: Double(percents.count { $0 >= options.passPercent - 1e-9 }) / count,
                excellentRate: Double(percents.count { $0 >= options.excellentPercent - 1e-9 }) / count, rank: 0)
        }
        units.sort { $0.mean != $1.mean ? $0.mean > $1.mean : $0.unit < $1.unit }
        let unitRanks = Self.competitionRanks(units.map(\.mean))
        for index in units.indices { units[index].rank = unitRanks[index] }
        self.units = units
    }

    /// 1, 2, 2, 4: equal values share the best rank.
    static func competitionRanks(_ values: [Double]) -> [Int] {
        let order = values.indices.sorted { values[$0] > values[$1] }
        var ranks = [Int](repeating: 0, count: values.count)
        for (position, index) in order.enumerated() {
            ranks[index] = position > 0 && values[order[position - 1]] == values[index] ? ranks[order[position - 1]] : position + 1
        }
        return ranks
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

    /// `scores.csv`: `id,name,unit,version,score,percent,grade,rank` and one column per section, in sheet order.
    /// Built as bytes with integer formatting: it has a row per candidate.
    public func scoresCSV() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(outcome.candidates.count * 80)
        let header = ["id", "name", "unit", "version", "score", "percent", "grade", "rank"] + key.sections.map(csvField)
        out += Array((header.joined(separator: ",") + "\r\n").utf8)
        let sections = key.sections.count
        let grades = ["优秀", "良好", "合格", "不合格"].map { Array($0.utf8) }
        let versions = key.versions.map { Array($0.utf8) }
        func append(_ text: String) {
            var field = csvField(text)
            field.withUTF8 { out.append(contentsOf: $0) }
        }
        for (index, candidate) in outcome.candidates.enumerated() {
            append(candidate.id)
            out.append(0x2C)
            append(candidate.name)
            out.append(0x2C)
            append(candidate.unit)
            out.append(0x2C)
            out += versions[candidate.version]
            out.append(0x2C)
            Self.appendFixed(candidate.total, decimals: 2, to: &out)
            out.append(0x2C)
            let percent = outcome.percent(candidate, key: key)
            Self.appendFixed(percent, decimals: 1, to: &out, keepZeros: true)
            out.append(0x2C)
            let grade = percent >= options.excellentPercent - 1e-9 ? 0 : percent >= options.goodPercent - 1e-9 ? 1 : percent >= options.passPercent - 1e-9 ? 2 : 3
            out += grades[grade]
            out.append(0x2C)
            Self.appendFixed(Double(ranks[index]), decimals: 0, to: &out)
            for s in 0..<sections {
                out.append(0x2C)
                Self.appendFixed(outcome.sectionScores[index * sections + s], decimals: 2, to: &out)
            }
            out += [0x0D, 0x0A]
        }
        return out
    }

    /// `value` rounded to `decimals` places as ASCII digits; trailing zeros (and the point) dropped unless `keepZeros`.
    static func appendFixed(_ value: Double, decimals: Int, to out: inout [UInt8], keepZeros: Bool = false) {
        let scale = [1.0, 10, 100, 1000][decimals]
        var scaled = Int64((abs(value) * scale).rounded())
        if value < 0, scaled != 0 { out.append(UInt8(ascii: "-")) }
        var fraction: [UInt8] = []
        for _ in 0..<decimals {
            fraction.insert(UInt8(ascii: "0") + UInt8(scaled % 10), at: 0)
            scaled /= 10
        }
        out += Array(String(scaled).utf8)
        if !keepZeros { while fraction.last == UInt8(ascii: "0") { fraction.removeLast() } }
        if !fraction.isEmpty {
            out.append(UInt8(ascii: "."))
            out += fraction
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
