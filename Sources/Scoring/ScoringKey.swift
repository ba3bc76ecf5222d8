import PaperAssembly
import QuizModel

/// The answer key compiled for fast marking: per version, per item number, what is right and what it is worth.
///
/// Built from `key.csv` (`AnswerKey`) and, when available, `paper.json`: the paper adds option counts (so that a
/// letter the question does not have is caught), section headings and the printed → bank option order (so that
/// distractor counts of one question add up across versions).
public struct ScoringKey: Sendable {
    /// One item of one version.
    public struct Item: Sendable {
        public var number: Int
        /// Index into `questions`.
        public var question: Int
        public var type: QuestionType
        public var points: Double
        /// Printed positions of the right options, as bits (A = bit 0).
        public var correctMask: UInt32
        public var rule: MultipleChoiceRule
        /// Options printed; 26 when the paper is not known.
        public var optionCount: Int
        /// Bank option index of each printed position (identity without the paper).
        public var optionOrder: [Int]
        public var section: Int
        public var entry: AnswerKey.Entry
    }

    /// A bank question as scored across versions.
    public struct Question: Sendable {
        public var id: String
        public var type: QuestionType
        public var points: Double
        /// `A3`, `B7`: where the question appears.
        public var placements: [String]
        public var optionCount: Int
        /// The stem as printed (from `paper.json`), nil when only `key.csv` was given.
        public var stem: String? = nil
    }

    public var versions: [String]
    /// `items[v][k]` is item k + 1 of version v.
    public var items: [[Item]]
    public var questions: [Question]
    public var sections: [String]
    public var maxScore: [Double]

    /// Compiles `key`; `multipleRule` overrides every multiple-choice rule (`--multi-rule`).
    public init(key: AnswerKey, paper: Paper?, multipleRule: MultipleChoiceRule? = nil) {
        versions = key.versions
        var questionIndex: [String: Int] = [:]
        var questions: [Question] = []
        var sections: [String] = paper?.sections.map(\.heading) ?? []
        var sectionIndex = Dictionary(uniqueKeysWithValues: sections.enumerated().map { ($1, $0) })
        items = versions.map { name in
            let entries = key.entries.filter { $0.version == name }.sorted { $0.number < $1.number }
            return entries.map { entry in
                let printed = paper?.version(named: name)?.items.first { $0.number == entry.number && $0.id == entry.id }
                let optionCount = printed.map { $0.options.count } ?? 26
                var mask: UInt32 = 0
                if case .choices(let positions) = entry.answer { for position in positions where position < 32 { mask |= 1 << UInt32(position) } }
                let index: Int
                if let existing = questionIndex[entry.id] {
                    index = existing
                    questions[index].placements.append("\(name)\(entry.number)")
                } else {
                    index = questions.count
                    questionIndex[entry.id] = index
                    questions.append(
                        Question(id: entry.id, type: entry.type, points: entry.points, placements: ["\(name)\(entry.number)"], optionCount: optionCount, stem: printed?.stem))
                }
                let section: Int
                if let printed, sections.indices.contains(printed.section) {
                    section = printed.section
                } else {
                    let heading = entry.type.chineseName
                    if let known = sectionIndex[heading] {
                        section = known
                    } else {
                        section = sections.count
                        sectionIndex[heading] = section
                        sections.append(heading)
                    }
                }
                let rule = entry.type == .multiple ? (multipleRule ?? printed?.rule ?? entry.rule ?? .allOrNothing) : .allOrNothing
                return Item(
                    number: entry.number, question: index, type: entry.type, points: entry.points, correctMask: mask, rule: rule,
                    optionCount: optionCount, optionOrder: printed?.optionOrder ?? entry.optionOrder ?? Array(0..<optionCount), section: section, entry: entry)
            }
        }
        self.questions = questions
        self.sections = sections
        maxScore = items.map { $0.reduce(0) { $0 + $1.points } }
    }

    /// The right answers of each question (by id) in the bank's option order; for true/false 0 (对) or 1 (错).
    public func rightBankOptions() -> [String: Set<Int>] {
        var right: [String: Set<Int>] = [:]
        for item in items.joined() where right[item.entry.id] == nil { right[item.entry.id] = item.rightBankOptions }
        return right
    }

    /// The index of version `name`.
    public func version(named name: String) -> Int? { versions.firstIndex(of: name) }
}

extension ScoringKey.Item {
    /// The right options in the bank's order (the key's positions through `optionOrder`); for true/false 0 (对)
    /// or 1 (错); empty for other types.
    public var rightBankOptions: Set<Int> {
        switch entry.answer {
        case .trueFalse(let value): return [value ? 0 : 1]
        case .choices:
            return Set((0..<32).filter { correctMask & (1 << UInt32($0)) != 0 }.map { $0 < optionOrder.count ? optionOrder[$0] : $0 })
        default: return []
        }
    }
}

extension ScoringKey {
    /// A multiple-choice item whose rule cannot give its full points (`per-option:0.5` on a 6-point item of three
    /// right options gives at most 1.5): the paper's maximum is then out of reach.
    public struct CappedItem: Sendable, Hashable {
        public var version: String
        public var number: Int
        public var best: Double
        public var points: Double
        public var rule: MultipleChoiceRule
    }

    /// Every item whose rule caps it below its points, in version and item order.
    public func cappedItems() -> [CappedItem] {
        zip(versions, items).flatMap { version, items in
            items.compactMap { item in
                guard item.type == .multiple else { return nil }
                let best = item.rule.score(chosenMask: item.correctMask, correctMask: item.correctMask, points: item.points)
                return best < item.points - 1e-9 ? CappedItem(version: version, number: item.number, best: best, points: item.points, rule: item.rule) : nil
            }
        }
    }
}
