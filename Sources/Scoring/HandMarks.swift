import BankFormats
import QuizModel

/// `score --marks FILE`: marks given by hand (short answers, corrections), one `id,number,score` row each (or
/// `考号,题号,得分`), overriding the automatic mark of that candidate's item. Every row must name a candidate of the
/// sheets and an item of that candidate's version, with a mark within the item's points: a row that does not is
/// a located problem, never ignored or clamped in silence.
public struct HandMarks: Sendable {
    /// One row of the file.
    public struct Entry: Sendable, Hashable {
        public var candidate: String
        public var number: Int
        public var score: Double
        /// The row as the spreadsheet numbers it (the header is row 1).
        public var row: Int
    }

    public var entries: [Entry] = []

    public init(entries: [Entry] = []) { self.entries = entries }

    /// The marks by candidate and item number, as `ScoringOptions.marks` takes them.
    public var byCandidate: [String: [Int: Double]] {
        var marks: [String: [Int: Double]] = [:]
        for entry in entries { marks[entry.candidate, default: [:]][entry.number] = entry.score }
        return marks
    }

    /// Reads the file's text: the header, then rows; a row given twice for one candidate and item is a problem at
    /// its second appearance.
    public static func parse(_ text: String) -> Result<HandMarks, TableProblems> {
        var problems: [TableProblem] = []
        var marks = HandMarks()
        let table: CSVTable
        do {
            table = try CSVTable.parse(text)
        } catch {
            return .failure(TableProblems([error.tableProblem]))
        }
        let header = table.rows.first?.map { $0.text.trimmingWhitespace().lowercased() } ?? []
        guard header == ["id", "number", "score"] || header == ["考号", "题号", "得分"] else {
            return .failure(TableProblems([TableProblem(row: 1, column: 1, chinese: "表头应为 id,number,score（或 考号,题号,得分）", english: "expected the header id,number,score")]))
        }
        var seen: [String: Int] = [:]
        for row in table.rows.dropFirst() {
            // An empty row (as Excel leaves between blocks) says nothing.
            if row.allSatisfy({ $0.text.trimmingWhitespace().isEmpty }) { continue }
            guard row.count == 3 else {
                problems.append(.fieldCount(row: row[0].row, found: row.count, expected: 3))
                continue
            }
            let candidate = row[0].text.trimmingWhitespace()
            guard !candidate.isEmpty else {
                problems.append(TableProblem(row: row[0].row, column: 1, chinese: "缺少考号", english: "the id is missing"))
                continue
            }
            guard let number = Int(row[1].text.trimmingWhitespace()), number > 0 else {
                problems.append(TableProblem(row: row[1].row, column: 2, chinese: "题号“\(row[1].text)”不是正整数", english: "number \"\(row[1].text)\" is not a positive whole number"))
                continue
            }
            guard let score = Double(row[2].text.trimmingWhitespace()), score >= 0, score.isFinite else {
                problems.append(TableProblem(row: row[2].row, column: 3, chinese: "得分“\(row[2].text)”不是非负数", english: "score \"\(row[2].text)\" is not a number ≥ 0"))
                continue
            }
            let key = "\(candidate)\u{1F}\(number)"
            if let first = seen[key] {
                problems.append(TableProblem(
                    row: row[0].row, column: 1, chinese: "考号 \(candidate) 第 \(number) 题已在第 \(first) 行给分", english: "\(candidate) item \(number) was already marked in row \(first)"))
                continue
            }
            seen[key] = row[0].row
            marks.entries.append(Entry(candidate: candidate, number: number, score: score, row: row[0].row))
        }
        return problems.isEmpty ? .success(marks) : .failure(TableProblems(problems))
    }

    /// The rows that do not fit the scored sheets: a 考号 no counted sheet has (with the closest one), an item number
    /// the candidate's version does not have, a mark above the item's points.
    public func problems(in outcome: BatchScorer.Outcome) -> [TableProblem] {
        let key = outcome.scorer.key
        let ids = outcome.ids()
        var versionOf: [String: Int] = [:]
        for (index, id) in ids.enumerated() { versionOf[id] = Int(outcome.candidates.versions[index]) }
        var problems: [TableProblem] = []
        for entry in entries {
            guard let version = versionOf[entry.candidate] else {
                let hint = closestName(to: entry.candidate, in: ids)
                problems.append(TableProblem(
                    row: entry.row, column: 1,
                    chinese: "考号 \(entry.candidate) 不在计分的答题卡中" + (hint.map { "（是否为 \($0)？）" } ?? ""),
                    english: "no counted sheet has the id \(entry.candidate)" + (hint.map { " (did you mean \($0)?)" } ?? "")))
                continue
            }
            guard let item = key.items[version].first(where: { $0.number == entry.number }) else {
                problems.append(TableProblem(
                    row: entry.row, column: 2,
                    chinese: "\(key.versions[version]) 卷没有第 \(entry.number) 题（共 \(key.items[version].count) 题）",
                    english: "version \(key.versions[version]) has no item \(entry.number) (it has \(key.items[version].count))"))
                continue
            }
            if entry.score > item.points + 1e-9 {
                problems.append(TableProblem(
                    row: entry.row, column: 3,
                    chinese: "得分 \(formatPoints(entry.score)) 超过第 \(entry.number) 题的满分 \(formatPoints(item.points)) 分",
                    english: "the mark \(formatPoints(entry.score)) is above item \(entry.number)'s \(formatPoints(item.points)) points"))
            }
        }
        return problems
    }
}
