import CScoring
import Foundation
import PaperAssembly
import QuizModel
import Testing

@testable import Scoring

/// Sheets generated with a known answer to every cell, scored by `BatchScorer` and by a plain computation here
/// (every candidate's item scores in memory, Moodle's and the classical definitions applied directly).
@Suite("Batch scoring against a direct computation")
struct BatchScorerTests {
    /// A two-version paper: 6 single-choice and 4 multiple-choice questions under `rule`, version B in reverse order.
    static func keyText(rule: String) -> String {
        var lines = ["version,number,id,type,answer,points,rule"]
        let singles = ["A", "C", "B", "D", "A", "B"]
        let multiples = ["AC", "BCD", "AB", "ACE"]
        var questions: [(id: String, line: String)] = []
        for (index, answer) in singles.enumerated() { questions.append(("s\(index)", "single,\(answer),1,")) }
        for (index, answer) in multiples.enumerated() { questions.append(("m\(index)", "multiple,\(answer),2,\(rule)")) }
        for (number, question) in questions.enumerated() { lines.append("A,\(number + 1),\(question.id),\(question.line)") }
        for (number, question) in questions.reversed().enumerated() { lines.append("B,\(number + 1),\(question.id),\(question.line)") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One counted sheet as the generator meant it.
    struct Expected {
        var id: String
        var version: Int
        var scores: [Double]
        var total: Double { scores.reduce(0, +) }
    }

    /// Sheets in every way the format allows (case, order, separators, quotes, full-width letters, blank lines,
    /// CRLF) with unreadable cells, rows of the wrong width, unknown versions and repeated ids; and what counts.
    static func sheets(key: ScoringKey, count: Int, seed: UInt64) -> (text: String, expected: [Expected], problems: Int) {
        var random = SplitMix64(seed: seed)
        var lines = ["id,name,unit,version," + (1...10).map(String.init).joined(separator: ",")]
        var expected: [Expected] = []
        var problems = 0
        let fullWidth = Array("ＡＢＣＤＥＦ")
        for index in 0..<count {
            let version = random.uniform(below: 2)
            let ability = random.uniform(below: 100)
            var cells: [String] = []
            var scores: [Double] = []
            var cellProblems = 0
            for item in key.items[version] {
                let options = item.type == .single ? 4 : 5
                var mask: UInt32
                if random.uniform(below: 100) < ability {
                    mask = item.correctMask
                } else if item.type == .single {
                    mask = 1 << UInt32(random.uniform(below: options))
                } else {
                    mask = UInt32(random.uniform(below: 1 << options))
                }
                if random.uniform(below: 40) == 0 { mask = 0 }
                let letters = (0..<options).filter { mask & (1 << UInt32($0)) != 0 }.map { Character(UnicodeScalar(UInt8(65 + $0))) }
                let cell: String
                switch random.uniform(below: 8) {
                case 0: cell = String(letters.reversed()).lowercased()
                case 1: cell = " " + letters.map(String.init).joined(separator: " ") + " "
                case 2: cell = letters.count > 1 ? "\"" + letters.map(String.init).joined(separator: ",") + "\"" : String(letters)
                case 3: cell = String(letters.map { fullWidth[Int($0.asciiValue! - 65)] })
                case 4 where random.uniform(below: 6) == 0:
                    cells.append("A?")
                    scores.append(0)
                    cellProblems += 1
                    continue
                default: cell = String(letters)
                }
                if item.type == .single, mask.nonzeroBitCount > 1 { cellProblems += 1 }
                cells.append(cell)
                let score: Double
                if mask == 0 || (item.type == .single && mask.nonzeroBitCount > 1) {
                    score = 0
                } else if item.type == .single {
                    score = mask == item.correctMask ? item.points : 0
                } else {
                    score = item.rule.score(chosenMask: mask, correctMask: item.correctMask, points: item.points)
                }
                scores.append(score)
            }
            let id = "K\(index)"
            // Names with a line break (quoted), and names with white space to trim (a space, an ideographic space).
            let name = index % 7 == 0 ? "\"考生\n\(index)\"" : index % 11 == 3 ? " 考生\(index)\u{3000}" : "考生\(index)"
            let unit = ["组织部", "宣传部", "\"统战部,一科\"", "政法委"][index % 4]
            let versionName = key.versions[version]
            switch random.uniform(below: 50) {
            case 0:
                lines.append(([id, name, unit, versionName] + cells.dropLast()).joined(separator: ","))
                problems += 1
            case 1:
                lines.append(([id, name, unit, "C"] + cells).joined(separator: ","))
                problems += 1
            case 2 where !expected.isEmpty:
                // A repeated id: only the first sheet counts; this one's cell problems are not listed.
                lines.append(([expected[random.uniform(below: expected.count)].id, name, unit, versionName] + cells).joined(separator: ","))
                problems += 1
            default:
                lines.append(([id, name, unit, versionName] + cells).joined(separator: ","))
                expected.append(Expected(id: id, version: version, scores: scores))
                problems += cellProblems
            }
            if random.uniform(below: 30) == 0 { lines.append("") }
        }
        return (lines.joined(separator: random.uniform(below: 2) == 0 ? "\r\n" : "\n") + "\n", expected, problems)
    }

    /// Scores `text` with `threads` threads cutting the file into slices of about `sliceBytes`, splitting rows 64
    /// bytes at a time where the processor can unless `vectorSplit` is false.
    static func score(_ text: String, key: ScoringKey, threads: Int, sliceBytes: Int = 1 << 20, vectorSplit: Bool = true) throws -> BatchScorer.Outcome {
        var options = ScoringOptions()
        options.threads = threads
        options.sliceBytes = sliceBytes
        options.vectorSplit = vectorSplit
        return try BatchScorer(key: key, options: options).score(SheetBytes(Array(text.utf8)))
    }

    func pearson(_ a: [Double], _ b: [Double]) -> Double {
        let n = Double(a.count)
        let ma = a.reduce(0, +) / n, mb = b.reduce(0, +) / n
        let cov = zip(a, b).reduce(0) { $0 + ($1.0 - ma) * ($1.1 - mb) }
        let va = a.reduce(0) { $0 + ($1 - ma) * ($1 - ma) }, vb = b.reduce(0) { $0 + ($1 - mb) * ($1 - mb) }
        return cov / (va * vb).squareRoot()
    }

    func close(_ got: Double?, _ want: Double, _ tolerance: Double, _ what: String) {
        guard let got else {
            Issue.record("\(what): missing, want \(want)")
            return
        }
        #expect(abs(got - want) <= tolerance * max(1, abs(want)), "\(what): \(got) ≠ \(want)")
    }

    /// `half` keeps every score on a 0.5 grid (rows counted on the grid); `net` gives thirds (the general sums).
    @Test(arguments: ["half", "net"])
    func everyStatisticMatchesADirectComputation(rule: String) throws {
        let key = ScoringKey(key: try AnswerKey.parse(Self.keyText(rule: rule)).get(), paper: nil)
        let (text, expected, problemCount) = Self.sheets(key: key, count: 700, seed: rule == "half" ? 11 : 12)
        let outcome = try Self.score(text, key: key, threads: 1)
        // Both grids are exact: whole points under `half`, and the thirds of `net` (steps of 1/3 point).
        let plan = BatchScorer(key: key, options: ScoringOptions()).plan
        #expect(plan.onGrid && plan.step == (rule == "half" ? 1 : 1.0 / 3))
        #expect(outcome.problems.count == problemCount)
        #expect(outcome.candidates.count == expected.count)
        #expect(outcome.ids() == expected.map(\.id))
        for (index, candidate) in expected.enumerated() {
            #expect(abs(outcome.candidates.totals[index] - candidate.total) < 1e-9, "\(candidate.id)")
        }

        // Per question, across versions.
        let totals = expected.map(\.total)
        // Equal scores summed in another order (version B's) may differ in their last bits: they tie.
        let keys = totals.map { ($0 * 1e6).rounded() }
        let ordered = expected.indices.sorted { keys[$0] != keys[$1] ? keys[$0] > keys[$1] : $0 < $1 }
        #expect(outcome.order.map(Int.init) == ordered)
        let group = Int((Double(expected.count) * 0.27).rounded())
        let upper = Set(ordered.prefix(group)), lower = Set(ordered.suffix(group))
        let statistics = outcome.questionStatistics()
        for (q, question) in key.questions.enumerated() {
            var x: [Double] = [], t: [Double] = [], up: [Double] = [], low: [Double] = []
            for (index, candidate) in expected.enumerated() {
                guard let k = key.items[candidate.version].firstIndex(where: { $0.question == q }) else { continue }
                x.append(candidate.scores[k])
                t.append(candidate.total)
                if upper.contains(index) { up.append(candidate.scores[k]) }
                if lower.contains(index) { low.append(candidate.scores[k]) }
            }
            let r = zip(t, x).map { $0 - $1 }
            let stats = statistics[q]
            let n = Double(x.count)
            #expect(stats.candidates == x.count)
            close(stats.facility, x.reduce(0, +) / n / question.points, 1e-9, "\(question.id) facility")
            close(stats.discrimination, 100 * pearson(x, r), 1e-9, "\(question.id) discrimination")
            close(stats.pointBiserial, pearson(x, t), 1e-9, "\(question.id) point-biserial")
            let meanX = x.reduce(0, +) / n, meanR = r.reduce(0, +) / n
            let cov = zip(x, r).reduce(0) { $0 + ($1.0 - meanX) * ($1.1 - meanR) } / (n - 1)
            let covMax = zip(x.sorted(), r.sorted()).reduce(0) { $0 + ($1.0 - meanX) * ($1.1 - meanR) } / (n - 1)
            close(stats.efficiency, 100 * cov / covMax, 1e-9, "\(question.id) efficiency")
            close(stats.upper, up.reduce(0, +) / (Double(up.count) * question.points), 1e-9, "\(question.id) upper")
            close(stats.lower, low.reduce(0, +) / (Double(low.count) * question.points), 1e-9, "\(question.id) lower")
        }
        // Effective weights as Moodle's calculator gives them, each version a quiz of its own; a question's weight
        // is the candidate-weighted mean of its versions'.
        var weightSum = [Double](repeating: 0, count: key.questions.count), weightN = [Double](repeating: 0, count: key.questions.count)
        var negative = Set<Int>()
        for v in key.versions.indices {
            let rows = expected.filter { $0.version == v }
            let n = Double(rows.count)
            let t = rows.map(\.total), meanT = t.reduce(0, +) / n
            let covariances = key.items[v].indices.map { k in
                let x = rows.map { $0.scores[k] }, meanX = x.reduce(0, +) / n
                return zip(x, t).reduce(0) { $0 + ($1.0 - meanX) * ($1.1 - meanT) } / (n - 1)
            }
            let sum = covariances.filter { $0 >= 0 }.reduce(0) { $0 + $1.squareRoot() }
            for (k, covariance) in covariances.enumerated() {
                let q = key.items[v][k].question
                if covariance < 0 { negative.insert(q) } else {
                    weightSum[q] += n * 100 * covariance.squareRoot() / sum
                    weightN[q] += n
                }
            }
        }
        for q in key.questions.indices {
            if negative.contains(q) {
                #expect(statistics[q].effectiveWeight == nil && statistics[q].flags.contains("negative covariance"))
            } else {
                close(statistics[q].effectiveWeight, weightSum[q] / weightN[q], 1e-9, "\(key.questions[q].id) effective weight")
            }
        }
        if negative.isEmpty { close(statistics.compactMap(\.effectiveWeight).reduce(0, +), 100, 1e-9, "effective weights' sum") }
        // Cronbach's alpha per version.
        let summary = outcome.summary(options: ScoringOptions())
        for (v, name) in key.versions.enumerated() {
            let rows = expected.filter { $0.version == v }
            let k = Double(key.items[v].count)
            func variance(_ values: [Double]) -> Double {
                let mean = values.reduce(0, +) / Double(values.count)
                return values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
            }
            let items = key.items[v].indices.reduce(0.0) { sum, item in sum + variance(rows.map { $0.scores[item] }) }
            close(summary.alphaByVersion[name], k / (k - 1) * (1 - items / variance(rows.map(\.total))), 1e-9, "alpha \(name)")
        }
        close(summary.mean, totals.reduce(0, +) / Double(totals.count), 1e-12, "mean")
        // Bands and the histogram: looked up on the grid, computed off it.
        let percents = expected.map { $0.total / key.maxScore[$0.version] * 100 }
        let options = ScoringOptions()
        close(summary.passRate, Double(percents.count { $0 >= options.passPercent - 1e-9 }) / Double(percents.count), 1e-12, "pass rate")
        close(summary.excellentRate, Double(percents.count { $0 >= options.excellentPercent - 1e-9 }) / Double(percents.count), 1e-12, "excellent rate")
        #expect(summary.histogram == (0..<10).map { tenth in percents.count { min(9, Int($0 / 10)) == tenth } })
        let sorted = totals.sorted()
        close(summary.median, sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2, 1e-12, "median")
    }

    /// Several threads, each on a slice of the file, find what one thread finds: the same candidates, problems
    /// (rows counted across slices), duplicates across slices, sums.
    @Test(arguments: ["half", "net"])
    func slicesAddUpToOneThread(rule: String) throws {
        let key = ScoringKey(key: try AnswerKey.parse(Self.keyText(rule: rule)).get(), paper: nil)
        let text = Self.sheets(key: key, count: 500, seed: 5).text
        let one = try Self.score(text, key: key, threads: 1)
        let many = try Self.score(text, key: key, threads: 4, sliceBytes: 4_000)
        #expect(many.candidates.totals == one.candidates.totals)
        #expect(many.candidates.rows == one.candidates.rows)
        #expect(many.problems == one.problems)
        #expect(many.order == one.order)
        #expect(many.ids() == one.ids())
        let a = one.questionStatistics(), b = many.questionStatistics()
        for (x, y) in zip(a, b) {
            #expect(x.optionCounts == y.optionCounts && x.blanks == y.blanks)
            close(y.discrimination, x.discrimination ?? .nan, 1e-9, "\(x.id) discrimination")
            close(y.d, x.d ?? .nan, 1e-12, "\(x.id) D")
        }
    }

    /// A slice cut inside a quoted field (a name with many line breaks) is found out, and the rest read again.
    @Test func aCutInsideQuotesIsReadAgain() throws {
        let key = ScoringKey(key: try AnswerKey.parse(Self.keyText(rule: "half")).get(), paper: nil)
        let answers = Array(repeating: "A", count: 10).joined(separator: ",")
        let long = "\"" + Array(repeating: "第一行,还有逗号", count: 300).joined(separator: "\n") + "\""
        let text = "id,name,unit,version," + (1...10).map(String.init).joined(separator: ",") + "\n"
            + "K1,甲,组织部,A,\(answers)\nK2,\(long),组织部,A,\(answers)\nK3,丙,组织部,B,\(answers)\n"
        let one = try Self.score(text, key: key, threads: 1)
        let two = try Self.score(text, key: key, threads: 2, sliceBytes: 100)
        #expect(one.problems.isEmpty && one.candidates.count == 3)
        #expect(two.problems == one.problems)
        #expect(two.candidates.totals == one.candidates.totals)
        // Rows as a spreadsheet numbers them: K2's 300-line name is one row.
        #expect(one.candidates.rows == [2, 3, 4] && two.candidates.rows == [2, 3, 4])
        #expect(two.ids() == ["K1", "K2", "K3"])
    }

    /// A problem below short answers typed with Alt+Enter is at the row Excel shows, not the physical line.
    @Test func problemsAreAtSpreadsheetRows() throws {
        let key = ScoringKey(key: try AnswerKey.parse(Self.keyText(rule: "half")).get(), paper: nil)
        let answers = Array(repeating: "A", count: 10).joined(separator: ",")
        let text = "id,name,unit,version," + (1...10).map(String.init).joined(separator: ",") + "\n"
            + "K1,\"甲\n乙\n丙\",组织部,A,\(answers)\nK2,\"丁\n戊\",组织部,A,\(answers)\nK3,己,组织部,C,\(answers)\n"
        for threads in [1, 2] {
            let outcome = try Self.score(text, key: key, threads: threads, sliceBytes: 40)
            #expect(outcome.problems.map { "\($0.problem.row):\($0.problem.column)" } == ["4:4"], "\(threads) threads")
        }
    }

    /// Duplicate ids are checked by 64-bit hash first: the text decides, and the first sheet counts.
    @Test func repeatedIdsAreTakenBackOut() throws {
        let key = ScoringKey(key: try AnswerKey.parse(Self.keyText(rule: "half")).get(), paper: nil)
        let right = "A,C,B,D,A,B,AC,BCD,AB,ACE"
        let wrong = Array(repeating: "B", count: 10).joined(separator: ",")
        let text = "id,name,unit,version,1,2,3,4,5,6,7,8,9,10\nK1,甲,组织部,A,\(right)\nK2,乙,组织部,A,\(wrong)\nK1,丙,组织部,A,\(wrong)\n\"K2\",丁,组织部,A,\(right)\n"
        let outcome = try Self.score(text, key: key, threads: 1)
        #expect(outcome.ids() == ["K1", "K2"])
        #expect(outcome.candidates.totals == [14, 4])
        #expect(outcome.problems.map(\.problem.row) == [4, 5])
        #expect(outcome.problems.allSatisfy { $0.rowExcluded && $0.problem.english.hasPrefix("duplicate id") })
        // The sums hold only the counted sheets: item 1 was answered A once and B once.
        #expect(outcome.questionStatistics()[0].optionCounts == [1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
    }

    /// `scores.csv` rows, read back: every candidate's total, percent, grade, competition rank and section
    /// scores as computed here — on the grid (numbers laid out once) and off it (formatted one by one).
    @Test(arguments: ["half", "net"])
    func scoresCSVHoldsEachCandidatesValues(rule: String) throws {
        let key = ScoringKey(key: try AnswerKey.parse(Self.keyText(rule: rule)).get(), paper: nil)
        let (text, expected, _) = Self.sheets(key: key, count: 400, seed: 21)
        let options = ScoringOptions()
        let outcome = try Self.score(text, key: key, threads: 2, sliceBytes: 2_000)
        let report = ScoreReport(key: key, options: options, outcome: outcome)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kaoxue-scores-\(rule)-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try report.writeScoresCSV(to: path)
        let rows = Self.csvRows(try String(contentsOfFile: path, encoding: .utf8))
        #expect(rows.first == ["id", "name", "unit", "version", "score", "percent", "grade", "rank"] + key.sections)
        #expect(rows.count == expected.count + 1)
        func number(_ value: Double, _ decimals: Int, keepZeros: Bool) -> String {
            var text = String(format: "%.\(decimals)f", value)
            while !keepZeros, text.contains("."), text.hasSuffix("0") || text.hasSuffix(".") { text.removeLast() }
            return text
        }
        let totals = expected.map(\.total)
        for (candidate, fields) in zip(expected, rows.dropFirst()) {
            let percent = candidate.total / key.maxScore[candidate.version] * 100
            let rank = 1 + totals.filter { $0 > candidate.total + 1e-6 }.count
            var sections = [Double](repeating: 0, count: key.sections.count)
            for (k, item) in key.items[candidate.version].enumerated() { sections[item.section] += candidate.scores[k] }
            let row = Int(candidate.id.dropFirst())!
            let want = [candidate.id, row % 7 == 0 ? "考生\n\(row)" : "考生\(row)", nil, key.versions[candidate.version],
                number(candidate.total, 2, keepZeros: false), number(percent, 1, keepZeros: true), report.grade(percent), String(rank)]
                + sections.map { Optional(number($0, 2, keepZeros: false)) }
            #expect(fields.count == want.count, "\(candidate.id)")
            for (got, wanted) in zip(fields, want) where wanted != nil {
                #expect(got == wanted, "\(candidate.id): \(got) ≠ \(wanted!)")
            }
        }
    }

    /// Rows split 64 bytes at a time (`kaoxue_split_row`, where the processor has AVX-512) are marked as rows split
    /// byte by byte: the same candidates, problems, statistics and sums, bit for bit — over cells the quick bits
    /// cover (A–G in either case, separators), cells they leave to the byte-by-byte reading (H–J of a 10-option
    /// item, K, fields of 8 bytes and more, full-width letters, digits, NUL and other bytes), quoted cells, fields
    /// and rows longer than a block, rows of the wrong width, CRLF, blank lines, and the last rows of the data
    /// (within 64 bytes of its end, split byte by byte either way). Only where the processor has AVX-512: elsewhere
    /// both are the byte-by-byte split.
    @Test(.enabled(if: kaoxue_split_row_available() != 0, "the processor has no AVX-512 VBMI2"), arguments: [UInt64(1), 2, 3])
    func splittingByBlocksMarksAsSplittingByBytes(seed: UInt64) throws {
        var lines = ["version,number,id,type,answer,points,rule"]
        let answers = ["A", "C", "AHJ", "BD", "G", "ACEG", "B", "ABCDEFG"]
        for (number, answer) in answers.enumerated() {
            let type = answer.count == 1 ? "single" : "multiple"
            lines.append("A,\(number + 1),q\(number),\(type),\(answer),2,\(type == "multiple" ? "half" : "")")
        }
        let key = ScoringKey(key: try AnswerKey.parse(lines.joined(separator: "\n") + "\n").get(), paper: nil)
        let cells = [
            "", "A", "c", "AHJ", "hj", "J", "BD", "b d", "a;c", "A/B+C.D", "ABCDEFG", "abcdefgh", "A B C D", "A  B C  D", "G", "ACEG",
            "Ａ", "AＢ", "?", "K", "12", "真", "A\u{0}", "\u{0}", "\"A,B\"", "\"C\"", "A\tB", String(repeating: "A", count: 70),
        ]
        var random = SplitMix64(seed: seed)
        var rows = ["id,name,unit,version," + (1...answers.count).map(String.init).joined(separator: ",")]
        for index in 0..<600 {
            var fields = ["K\(index)", random.uniform(below: 9) == 0 ? String(repeating: "名", count: 30) : "考生\(index)", "组织部", "A"]
            for _ in answers { fields.append(cells[random.uniform(below: cells.count)]) }
            switch random.uniform(below: 40) {
            case 0: fields.removeLast()
            case 1: fields.append("A")
            case 2: fields += Array(repeating: "B", count: 80)
            case 3: fields = []
            default: break
            }
            rows.append(fields.joined(separator: ","))
        }
        let text = rows.joined(separator: random.uniform(below: 2) == 0 ? "\r\n" : "\n") + "\n"
        func outcome(vectorSplit: Bool) throws -> (BatchScorer.Outcome, Data) {
            let outcome = try Self.score(text, key: key, threads: 2, sliceBytes: 8_000, vectorSplit: vectorSplit)
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            let statistics = try encoder.encode(outcome.questionStatistics()) + encoder.encode(outcome.summary(options: ScoringOptions()))
            return (outcome, statistics)
        }
        let (bytes, bytesStatistics) = try outcome(vectorSplit: false)
        let (blocks, blocksStatistics) = try outcome(vectorSplit: true)
        #expect(bytes.candidates.count > 400 && bytes.problems.count > 100)
        #expect(blocks.candidates.totals == bytes.candidates.totals)
        #expect(blocks.candidates.rows == bytes.candidates.rows)
        #expect(blocks.candidates.sectionScores == bytes.candidates.sectionScores)
        #expect(blocks.candidates.prefixLengths == bytes.candidates.prefixLengths)
        #expect(blocks.ids() == bytes.ids())
        #expect(blocks.problems == bytes.problems)
        #expect(blocksStatistics == bytesStatistics)
    }

    /// The fields of CSV text (quoted fields may hold commas, quotes and line breaks).
    static func csvRows(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = "", quoted = false
        var characters = text.makeIterator()
        while let character = characters.next() {
            if quoted {
                if character == "\"" { quoted = false } else { field.append(character) }
            } else if character == "\"" {
                quoted = true
            } else if character == "," {
                row.append(field)
                field = ""
            } else if character == "\r\n" || character == "\n" {
                rows.append(row + [field])
                row = []
                field = ""
            } else {
                field.append(character)
            }
        }
        return rows
    }
}

/// Scores in thirds — a 10-point short answer of three keywords, a 2-point fill-in of three blanks — on versions
/// with questions of their own: every statistic exact, each version's effective weights summing to 100.
@Suite("Item statistics at any score")
struct ThirdsStatisticsTests {
    @Test func keywordThirdsAndVersionsOfTheirOwn() throws {
        let keyText = """
            version,number,id,type,answer,points,rule
            A,1,a1,single,A,2,
            A,2,s,short,民主集中制;群众路线;实事求是,10,
            A,3,a3,fill,一流|第一|首位,2,
            B,1,b1,single,B,2,
            B,2,s,short,民主集中制;群众路线;实事求是,10,
            B,3,b3,trueFalse,对,2,

            """
        let key = ScoringKey(key: try AnswerKey.parse(keyText).get(), paper: nil)
        let plan = BatchScorer(key: key, options: ScoringOptions()).plan
        #expect(abs(plan.step - 2.0 / 3) < 1e-12)  // 2, 10/3 and 2/3 points: steps of 2/3
        var random = SplitMix64(seed: 5)
        let words = ["民主集中制", "群众路线", "实事求是"], blanks = ["一流", "第一", "首位"]
        var lines = ["id,name,unit,version,1,2,3"]
        var scores: [(version: Int, x: [Double])] = []
        for index in 0..<400 {
            let version = index % 2
            let ability = random.uniform(below: 4)
            let found = words.indices.filter { _ in random.uniform(below: 4) < ability }
            let choice = random.uniform(below: 4) < ability
            var cells = [version == 0 ? (choice ? "A" : "C") : (choice ? "B" : "D"), found.map { words[$0] }.joined(separator: "，")]
            var x = [choice ? 2.0 : 0, Double(found.count) / 3 * 10]
            if version == 0 {
                let right = blanks.indices.filter { _ in random.uniform(below: 4) < ability }
                cells.append(blanks.indices.map { right.contains($0) ? blanks[$0] : "错" }.joined(separator: ";"))
                x.append(Double(right.count) / 3 * 2)
            } else {
                let right = random.uniform(below: 4) < ability
                cells.append(right ? "对" : "错")
                x.append(right ? 2 : 0)
            }
            lines.append("K\(index),考生\(index),组织部,\(version == 0 ? "A" : "B")," + cells.map { "\"\($0)\"" }.joined(separator: ","))
            scores.append((version, x))
        }
        var options = ScoringOptions()
        options.threads = 1
        let outcome = try BatchScorer(key: key, options: options).score(SheetBytes(Array((lines.joined(separator: "\n") + "\n").utf8)))
        #expect(outcome.problems.isEmpty)
        let statistics = outcome.questionStatistics()
        for (q, question) in key.questions.enumerated() {
            var x: [Double] = [], t: [Double] = []
            for row in scores {
                guard let k = key.items[row.version].firstIndex(where: { $0.question == q }) else { continue }
                x.append(row.x[k])
                t.append(row.x.reduce(0, +))
            }
            let r = zip(t, x).map { $0 - $1 }, n = Double(x.count)
            let meanX = x.reduce(0, +) / n, meanR = r.reduce(0, +) / n
            let cov = zip(x, r).reduce(0) { $0 + ($1.0 - meanX) * ($1.1 - meanR) } / (n - 1)
            let covMax = zip(x.sorted(), r.sorted()).reduce(0) { $0 + ($1.0 - meanX) * ($1.1 - meanR) } / (n - 1)
            let got = try #require(statistics[q].efficiency, "\(question.id)")
            #expect(abs(got - 100 * cov / covMax) < 1e-9, "\(question.id) efficiency \(got) ≠ \(100 * cov / covMax)")
        }
        // Effective weights per version (each version's sum to 100): a question only in A has its weight in A;
        // the short answer in both has the mean of its two weights (its candidates split evenly).
        var weights: [[String: Double]] = []
        for v in 0..<2 {
            let rows = scores.filter { $0.version == v }
            let n = Double(rows.count), t = rows.map { $0.x.reduce(0, +) }, meanT = t.reduce(0, +) / n
            let covariances = (0..<3).map { k in
                let x = rows.map { $0.x[k] }, meanX = x.reduce(0, +) / n
                return zip(x, t).reduce(0) { $0 + ($1.0 - meanX) * ($1.1 - meanT) } / (n - 1)
            }
            #expect(covariances.allSatisfy { $0 > 0 })
            let sum = covariances.reduce(0) { $0 + $1.squareRoot() }
            weights.append(Dictionary(uniqueKeysWithValues: (0..<3).map { (key.questions[key.items[v][$0].question].id, 100 * covariances[$0].squareRoot() / sum) }))
        }
        #expect(abs(weights[0].values.reduce(0, +) - 100) < 1e-9 && abs(weights[1].values.reduce(0, +) - 100) < 1e-9)
        let byID = Dictionary(uniqueKeysWithValues: zip(key.questions.map(\.id), statistics))
        #expect(key.questions.count == 5)
        for id in ["a1", "a3", "b1", "b3"] {
            let want = try #require(weights[id.hasPrefix("a") ? 0 : 1][id])
            #expect(abs((byID[id]?.effectiveWeight ?? -1) - want) < 1e-9, "\(id)")
        }
        let shared = (try #require(weights[0]["s"]) + (try #require(weights[1]["s"]))) / 2
        #expect(abs((byID["s"]?.effectiveWeight ?? -1) - shared) < 1e-9)
    }

    @Test func handMarksOffAnyGridPairExactly() throws {
        // Marks a marker writes with four decimals (3.1416 of 5) lie on no grid of hundredths or small fractions:
        // the exact scores are paired, and every statistic agrees with a direct computation.
        let keyText = "version,number,id,type,answer,points,rule\n" + (1...4).map { "A,\($0),h\($0),short,要点,5,\n" }.joined()
        let key = ScoringKey(key: try AnswerKey.parse(keyText).get(), paper: nil)
        var random = SplitMix64(seed: 11)
        var options = ScoringOptions()
        options.threads = 2
        var lines = ["id,name,unit,version,1,2,3,4"]
        var scores: [[Double]] = []
        for index in 0..<300 {
            let ability = Double(random.uniform(below: 10_001)) / 10_000
            let x = (0..<4).map { _ in (ability * 5 * Double(random.uniform(below: 10_001)) / 10_000 * 10_000).rounded() / 10_000 }
            lines.append("K\(index),考生,一科,A,,,,")
            options.marks["K\(index)"] = Dictionary(uniqueKeysWithValues: x.enumerated().map { ($0.offset + 1, $0.element) })
            scores.append(x)
        }
        #expect(!BatchScorer(key: key, options: options).plan.gridIsExact)
        let outcome = try BatchScorer(key: key, options: options).score(SheetBytes(Array((lines.joined(separator: "\n") + "\n").utf8)))
        let statistics = outcome.questionStatistics()
        for k in 0..<4 {
            let x = scores.map { $0[k] }, t = scores.map { $0.reduce(0, +) }, r = zip(t, x).map { $0 - $1 }, n = Double(x.count)
            let meanX = x.reduce(0, +) / n, meanR = r.reduce(0, +) / n
            let cov = zip(x, r).reduce(0) { $0 + ($1.0 - meanX) * ($1.1 - meanR) } / (n - 1)
            let covMax = zip(x.sorted(), r.sorted()).reduce(0) { $0 + ($1.0 - meanX) * ($1.1 - meanR) } / (n - 1)
            let varX = x.reduce(0) { $0 + ($1 - meanX) * ($1 - meanX) } / (n - 1), varR = r.reduce(0) { $0 + ($1 - meanR) * ($1 - meanR) } / (n - 1)
            #expect(abs((statistics[k].facility ?? -1) - meanX / 5) < 1e-9)
            #expect(abs((statistics[k].efficiency ?? -1) - 100 * cov / covMax) < 1e-9, "h\(k + 1) efficiency")
            #expect(abs((statistics[k].discrimination ?? -1) - 100 * cov / (varX * varR).squareRoot()) < 1e-9, "h\(k + 1) discrimination")
        }
    }
}
