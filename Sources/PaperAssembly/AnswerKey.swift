import BankFormats
import QuizModel

/// `key.csv` read back: every version's answers, for the exam runner (after submission) and the scorer.
///
/// Columns: `version,number,id,type,answer,points,rule,order` (written by `PaperRendering.keyCSV`). Answers are as
/// printed after shuffling: `ACD`, `对`/`错`, blanks `甲;甲'|乙`, keywords `词(2);词`, or a reference text for a
/// short answer marked by hand. `rule` is the multiple-choice rule, `any-order` for unordered blanks, `by-hand`
/// for short answers without keywords. `order` gives, for choice questions, the bank's option behind each printed
/// letter (`CADB`: printed A is the bank's C), for analysing options across versions.
public struct AnswerKey: Hashable, Sendable {
    public static let header = ["version", "number", "id", "type", "answer", "points", "rule", "order"]
    /// The `rule` of fill-in questions whose blanks may be answered in any order.
    public static let anyOrder = "any-order"
    /// The `rule` of short answers without keywords: the answer is a reference for marking by hand.
    public static let byHand = "by-hand"

    /// The right answer of one item, in the positions the candidate saw.
    public enum Answer: Hashable, Sendable {
        /// Printed option positions (A = 0), ascending.
        case choices([Int])
        case trueFalse(Bool)
        case blanks([Blank], anyOrder: Bool)
        /// Short answers scored by keywords.
        case keywords([Keyword])
        /// Short answers without keywords: a reference for hand marking; scores 0 until marked.
        case reference(String)
    }

    public struct Entry: Hashable, Sendable {
        public var version: String
        public var number: Int
        public var id: String
        public var type: QuestionType
        public var answer: Answer
        public var points: Double
        /// Multiple choice only.
        public var rule: MultipleChoiceRule?
        /// Choice questions: the bank index of the option printed at each position (nil when the file has no
        /// `order` column).
        public var optionOrder: [Int]? = nil

        /// The item as question content with placeholder option texts (`A`, `B` …), for grading typed answers
        /// with the same code practice uses. `optionCount` comes from `paper.json`.
        public func content(optionCount: Int) -> QuestionContent {
            let options = (0..<max(optionCount, (answerPositions.max() ?? -1) + 1)).map(optionLabel)
            switch answer {
            case .choices(let positions):
                return type == .single ? .single(options: options, answer: positions.first ?? 0) : .multiple(options: options, answers: positions)
            case .trueFalse(let value): return .trueFalse(answer: value)
            case .blanks(let blanks, let anyOrder): return .fill(blanks: blanks, orderInsensitive: anyOrder)
            case .keywords(let keywords): return .short(reference: nil, keywords: keywords)
            case .reference(let text): return .short(reference: text, keywords: [])
            }
        }

        var answerPositions: [Int] {
            if case .choices(let positions) = answer { return positions }
            return []
        }
    }

    public private(set) var entries: [Entry]
    private var index: [String: [Int: Int]]

    public init(entries: [Entry]) {
        self.entries = entries
        index = [:]
        for (position, entry) in entries.enumerated() { index[entry.version, default: [:]][entry.number] = position }
    }

    /// The entry for item `number` of `version`.
    public func entry(version: String, number: Int) -> Entry? {
        index[version]?[number].map { entries[$0] }
    }

    /// Version names in the order they first appear.
    public var versions: [String] {
        var seen = Set<String>()
        return entries.map(\.version).filter { seen.insert($0).inserted }
    }

    /// Reads `key.csv`; every bad cell is reported with its row and column. The `order` and `rule` columns may be
    /// missing (files from before they existed): multiple choice is then all-or-nothing and blanks ordered.
    public static func parse(_ text: String) -> Result<AnswerKey, TableProblems> {
        let table: CSVTable
        do {
            table = try CSVTable.parse(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text)
        } catch {
            return .failure(TableProblems([error.tableProblem]))
        }
        guard let header = table.rows.first else {
            return .failure(TableProblems([TableProblem(row: 1, column: 1, chinese: "答案文件是空的", english: "the key is empty")]))
        }
        let names = header.map { $0.text.trimmingWhitespace().lowercased() }
        guard names == Self.header || names == Array(Self.header.dropLast()) || names == Array(Self.header.dropLast(2)) else {
            let expected = Self.header.joined(separator: ",")
            return .failure(TableProblems([TableProblem(
                row: 1, column: 1, chinese: "表头应为 \(expected)，实为 \(names.joined(separator: ","))",
                english: "expected the header \(expected), found \(names.joined(separator: ","))")]))
        }
        var entries: [Entry] = []
        var problems: [TableProblem] = []
        var seen = Set<String>()
        for row in table.rows.dropFirst() {
            func problem(_ column: Int, _ chinese: String, _ english: String) {
                problems.append(TableProblem(row: row[0].row, column: column, chinese: chinese, english: english))
            }
            guard row.count == names.count else {
                problems.append(.fieldCount(row: row[0].row, found: row.count, expected: names.count))
                continue
            }
            let cells = row.map { $0.text.trimmingWhitespace() }
            let version = cells[0]
            if version.isEmpty { problem(1, "版本为空", "empty version") }
            let number = Int(cells[1])
            if number == nil || number! < 1 { problem(2, "题号“\(cells[1])”不是正整数", "number \"\(cells[1])\" is not a positive whole number") }
            if cells[2].isEmpty { problem(3, "题目编号为空", "empty question id") }
            let type = keyType(cells[3])
            if type == nil { problem(4, "题型“\(cells[3])”应为 single、multiple、truefalse、fill、short", "type \"\(cells[3])\" is not single, multiple, truefalse, fill or short") }
            let points = Double(cells[5])
            if points == nil || !(points!.isFinite) || points! < 0 || points! > Paper.pointsLimit {
                problem(6, "分值“\(cells[5])”不是 0…\(Int(Paper.pointsLimit)) 之间的数", "points \"\(cells[5])\" is not a number within 0…\(Int(Paper.pointsLimit))")
            }
            let ruleText = cells.count > 6 ? cells[6] : ""
            var rule: MultipleChoiceRule? = nil
            if type == .multiple {
                if ruleText.isEmpty {
                    rule = .allOrNothing
                } else if let parsed = MultipleChoiceRule(text: ruleText) {
                    rule = parsed
                } else {
                    problem(7, "多选规则“\(ruleText)”应为 all、half、per-option:分值、net", "multiple-choice rule \"\(ruleText)\" is not all, half, per-option:VALUE or net")
                }
            } else if !ruleText.isEmpty, !(type == .fill && ruleText == anyOrder), !(type == .short && ruleText == byHand) {
                problem(7, "这一题型不用规则“\(ruleText)”", "rule \"\(ruleText)\" does not apply to this type")
            }
            guard let type, let number, let points else { continue }
            var answer: Answer? = nil
            let text = cells[4]
            switch type {
            case .single, .multiple:
                let (letters, invalid) = BankValueSyntax.answerLetters(text)
                let unique = Array(Set(letters)).sorted()
                if invalid != nil || unique.isEmpty || (type == .single && unique.count != 1) {
                    problem(5, "答案“\(text)”不是\(type == .single ? "一个" : "")选项字母", "answer \"\(text)\" is not \(type == .single ? "one option letter" : "option letters")")
                } else {
                    answer = .choices(unique)
                }
            case .trueFalse:
                if let value = TrueFalseTokens.parse(text) { answer = .trueFalse(value) } else {
                    problem(5, "答案“\(text)”不是对/错", "answer \"\(text)\" is not true/false (对/错)")
                }
            case .fill:
                let blanks = BankValueSyntax.blanks(text)
                if blanks.isEmpty || blanks.contains(where: { $0.alternatives.isEmpty }) {
                    problem(5, "填空答案“\(text)”有空白的空", "fill answer \"\(text)\" has an empty blank")
                } else {
                    answer = .blanks(blanks, anyOrder: ruleText == anyOrder)
                }
            case .short:
                if ruleText == byHand {
                    answer = .reference(text)
                } else {
                    switch BankValueSyntax.keywords(text) {
                    case .success(let keywords) where !keywords.isEmpty: answer = .keywords(keywords)
                    case .success: problem(5, "简答题没有关键词（人工评分的题规则列应为 \(byHand)）", "a short answer without keywords (rule \(byHand) marks it for hand marking)")
                    case .failure(let bad): problem(5, "关键词权重“\(bad.text)”不是正数", "keyword weight \"\(bad.text)\" is not a positive number")
                    }
                }
            }
            if !seen.insert("\(version)\u{0}\(number)").inserted {
                problem(2, "版本 \(version) 第 \(number) 题重复出现", "version \(version) item \(number) appears twice")
                continue
            }
            var order: [Int]?
            if cells.count > 7, !cells[7].isEmpty {
                let (letters, invalid) = BankValueSyntax.answerLetters(cells[7])
                if invalid != nil || Set(letters).count != letters.count || Set(letters) != Set(0..<letters.count) || !(type == .single || type == .multiple) {
                    problem(8, "选项顺序“\(cells[7])”应为每个选项字母各一次", "option order \"\(cells[7])\" must name each option letter once")
                } else {
                    order = letters
                }
            }
            if let answer {
                entries.append(Entry(version: version, number: number, id: cells[2], type: type, answer: answer, points: points, rule: rule, optionOrder: order))
            }
        }
        return problems.isEmpty ? .success(AnswerKey(entries: entries)) : .failure(TableProblems(problems))
    }

    static func keyType(_ text: String) -> QuestionType? {
        switch text.lowercased() {
        case "single": .single
        case "multiple": .multiple
        case "truefalse": .trueFalse
        case "fill": .fill
        case "short": .short
        default: nil
        }
    }
}

/// The name of a type in `key.csv` (`single, multiple, truefalse, fill, short`).
public func keyTypeName(_ type: QuestionType) -> String {
    type == .trueFalse ? "truefalse" : type.rawValue
}
