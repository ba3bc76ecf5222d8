import QuizModel
import TextMatching

/// Why a blueprint cannot be met by a bank. Facts only; `message(in:)` words them.
public enum Infeasibility: Error, Equatable, Sendable {
    /// A required question is not in the bank.
    case requiredMissing(id: String)
    /// A required question's type has no section.
    case requiredWithoutSection(id: String, type: QuestionType)
    /// A required question is excluded by the blueprint's tags or ids, or by an earlier paper.
    case requiredExcluded(id: String)
    /// A group of questions the blueprint needs more of than the bank has.
    case shortage(group: QuestionGroup, need: Int, have: Int, ids: [String])
    /// These bounds cannot all hold together (the arcs of a minimum cut of the selection network): the lower
    /// bounds among them ask for `shortfall` more questions than the upper bounds let through.
    case conflict(bounds: [BoundDescription], shortfall: Int)
    /// A mean difficulty (of the paper, or of the section headed `section`) cannot reach its band: the other
    /// bounds allow means from `lowest` to `highest` only.
    case difficultyMean(section: String?, target: Double, tolerance: Double, lowest: Double, highest: Double)
    /// The band lies between reachable means but no selection hits it: the nearest reachable means.
    case difficultyMeanGap(section: String?, target: Double, tolerance: Double, below: Double?, above: Double?)
    /// Each mean band can be met alone, but not all of them together.
    case difficultyMeansTogether(sections: [String?])
    /// Paper-wide topic bounds and paper-wide difficulty counts each hold alone, not together.
    case topicsAndLevelsTogether
    /// Two versions would share more questions than allowed.
    case overlap(first: String, second: String, shared: Int, total: Int, limit: Double)
    /// The search gave up before deciding (a blueprint of unusual size); nothing was concluded.
    case undecided
    /// The blueprint can be met, but not after `--exclude-used` removed the questions earlier papers used.
    indirect case becauseOfUsed(Infeasibility, excluded: Int)

    public func message(in language: DisplayLanguage) -> String {
        let zh = language == .zhHans
        func scope(_ section: String?) -> String { section ?? (zh ? "全卷" : "the paper") }
        switch self {
        case .requiredMissing(let id):
            return zh ? "必选题 \(id) 不在题库中" : "required question \(id) is not in the bank"
        case .requiredWithoutSection(let id, let type):
            return zh
                ? "必选题 \(id) 是\(type.chineseName)，但蓝图没有\(type.chineseName)大题"
                : "required question \(id) is \(type.name(in: .en)) but the blueprint has no such section"
        case .requiredExcluded(let id):
            return zh
                ? "必选题 \(id) 被标签、排除编号或已用试卷排除"
                : "required question \(id) is excluded by tags, excluded ids or an earlier paper"
        case .shortage(let group, let need, let have, let ids):
            let list = ids.isEmpty ? "" : (zh ? "（\(ids.joined(separator: ", "))）" : " (ids \(ids.joined(separator: ", ")))")
            return zh
                ? "\(group.name(in: language))：需要 \(need) 道，题库只有 \(have) 道\(list)"
                : "\(group.name(in: language)): need \(need), the bank has \(have)\(list)"
        case .conflict(let bounds, let shortfall):
            let lines = bounds.map { "  - " + $0.message(in: language) }.joined(separator: "\n")
            let head = shortfall > 0
                ? (zh ? "以下约束无法同时满足（差 \(shortfall) 道）：\n" : "these bounds cannot all hold together (\(shortfall) short):\n")
                : (zh ? "以下约束无法同时满足：\n" : "these bounds cannot all hold together:\n")
            let fixes = Self.remedies(bounds, shortfall: shortfall, language: language)
            return head + lines + (fixes.isEmpty ? "" : "\n" + (zh ? "  可以：" : "  to fix: ") + fixes.joined(separator: zh ? "；或" : "; or "))
        case .difficultyMean(let section, let target, let tolerance, let lowest, let highest):
            let band = "\(format(target - tolerance))–\(format(target + tolerance))"
            return zh
                ? "\(scope(section))平均难度要求 \(band)，在其他约束下只能做到 \(format(lowest))–\(format(highest))：把 mean 改到这个范围内，或放宽难度、知识点的约束"
                : "\(scope(section)): mean difficulty must be \(band); with the other bounds it can only be \(format(lowest))–\(format(highest)): move the mean into that range or loosen the topic and difficulty bounds"
        case .difficultyMeanGap(let section, let target, let tolerance, let below, let above):
            let band = "\(format(target - tolerance))–\(format(target + tolerance))"
            let near = [below, above].compactMap { $0.map(format) }.joined(separator: zh ? " 或 " : " or ")
            return zh
                ? "\(scope(section))平均难度要求 \(band)，在其他约束下最接近的是 \(near)：放宽 tolerance，或放宽难度、知识点的约束"
                : "\(scope(section)): mean difficulty must be \(band); with the other bounds the nearest reachable means are \(near): widen the tolerance or loosen the topic and difficulty bounds"
        case .difficultyMeansTogether(let sections):
            let names = sections.map(scope).joined(separator: zh ? "、" : ", ")
            return zh
                ? "\(names)的平均难度要求各自可以满足，但不能同时满足：放宽其中一个的 tolerance"
                : "the mean difficulty bands of \(names) can each be met, but not together: widen one of their tolerances"
        case .topicsAndLevelsTogether:
            return zh
                ? "全卷的知识点约束和全卷的难度题数各自可以满足，但不能同时满足：放宽其中之一"
                : "the paper-wide topic bounds and the paper-wide difficulty counts can each be met, but not together: loosen one of them"
        case .overlap(let first, let second, let shared, let total, let limit):
            let share = Int((Double(shared) / Double(total) * 100).rounded())
            return zh
                ? "\(first) 卷与 \(second) 卷有 \(shared)/\(total) 道相同（\(share)%），超过允许的 \(Int((limit * 100).rounded()))%：题库不够大，减少版本数或放宽 maxOverlap"
                : "versions \(first) and \(second) share \(shared) of \(total) questions (\(share)%), more than the allowed \(Int((limit * 100).rounded()))%: the bank is too small; use fewer versions or a larger maxOverlap"
        case .undecided:
            return zh
                ? "组卷搜索在限定步数内没有得出结论：请缩小细目表或联系维护者"
                : "the search stopped at its limit without deciding: simplify the blueprint or report it"
        case .becauseOfUsed(let inner, let excluded):
            return inner.message(in: language)
                + (zh
                    ? "\n  原因是 --exclude-used 排除了以前试卷用过的 \(excluded) 道题；不排除时可以组卷"
                    : "\n  this is because --exclude-used removed \(excluded) questions earlier papers used; without it the paper can be made")
        }
    }

    /// What to change, with the arithmetic done: lower a minimum or raise a maximum by the shortfall, or add
    /// questions to the bank.
    static func remedies(_ bounds: [BoundDescription], shortfall: Int, language: DisplayLanguage) -> [String] {
        guard shortfall > 0 else { return [] }
        let zh = language == .zhHans
        var fixes: [String] = []
        for bound in bounds {
            let name = bound.group.name(in: language)
            if let available = bound.available {
                if bound.perVersion != nil {
                    fixes.append(
                        zh
                            ? "减少版本数、放宽 maxOverlap 或设 parallel: false（\(name) 题库有 \(available) 道）"
                            : "use fewer versions, a larger maxOverlap or parallel: false (\(name): the bank has \(available))")
                } else {
                    fixes.append(zh ? "给 \(name) 补充 \(shortfall) 道题" : "add \(shortfall) questions to \(name)")
                }
            } else if bound.limit == .lower, bound.range.min > 0 {
                let lowered = max(0, bound.range.min - shortfall)
                fixes.append(zh ? "把 \(name) 的下限 \(bound.range.min) 改为 \(lowered)" : "lower the minimum of \(name) from \(bound.range.min) to \(lowered)")
            } else if bound.limit == .upper {
                fixes.append(zh ? "把 \(name) 的上限 \(bound.range.max) 改为 \(bound.range.max + shortfall)" : "raise the maximum of \(name) from \(bound.range.max) to \(bound.range.max + shortfall)")
            }
        }
        var seen = Set<String>()
        return fixes.filter { seen.insert($0).inserted }
    }

    private func format(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        return formatPoints(rounded)
    }
}

/// A set of questions named by type, topic and difficulty, any of them possibly open ("全卷" / whole paper).
public struct QuestionGroup: Hashable, Sendable, Codable {
    public var type: QuestionType?
    public var topic: String?
    public var difficulty: Difficulty?

    public func name(in language: DisplayLanguage) -> String {
        var parts: [String] = []
        if let type { parts.append(type.name(in: language)) }
        if let topic { parts.append(topic) }
        if let difficulty { parts.append(difficulty.name(in: language)) }
        if parts.isEmpty { return language.pick("全卷", "whole paper") }
        return parts.joined(separator: " × ")
    }
}

/// One bound of the selection network, described for people.
public struct BoundDescription: Hashable, Sendable, Codable {
    public var group: QuestionGroup
    public var range: CountRange
    /// For a cell: how many questions the bank has there.
    public var available: Int?
    /// For a cell whose questions are shared out among versions that may not repeat them: each version's share.
    public var perVersion: Int?
    /// Which side of the bound binds, when known.
    public var limit: Limit?

    public enum Limit: String, Hashable, Sendable, Codable {
        case lower, upper
    }

    public init(group: QuestionGroup, range: CountRange, available: Int? = nil, perVersion: Int? = nil, limit: Limit? = nil) {
        self.group = group
        self.range = range
        self.available = available
        self.perVersion = perVersion
        self.limit = limit
    }

    public func message(in language: DisplayLanguage) -> String {
        let zh = language == .zhHans
        let name = group.name(in: language)
        if let available {
            if let perVersion {
                return zh
                    ? "\(name)：题库有 \(available) 道，各卷互不重复时每卷最多 \(perVersion) 道"
                    : "\(name): the bank has \(available), at most \(perVersion) per version when versions share none"
            }
            return zh ? "\(name)：题库有 \(available) 道" : "\(name): the bank has \(available)"
        }
        let count: String
        switch limit {
        case .lower? where range.min != range.max: count = zh ? "至少 \(range.min) 道" : "at least \(range.min)"
        case .upper? where range.min != range.max: count = zh ? "最多 \(range.max) 道" : "at most \(range.max)"
        default: count = range.min == range.max ? (zh ? "\(range.min) 道" : "\(range.min)") : (zh ? "\(range.min)–\(range.max) 道" : "\(range.min)–\(range.max)")
        }
        return zh ? "\(name)：\(count)" : "\(name): \(count)"
    }
}

/// The outcome of checking a blueprint against a bank: what is available and whether it can be met.
public struct FeasibilityReport: Sendable {
    /// Questions eligible for each section's type, per topic row and difficulty column.
    public var cells: [CellAvailability]
    public var eligible: [QuestionType: Int]
    public var problems: [Infeasibility]
    /// The realized 双向细目表 of each version `generate` makes with the same seed; empty when it cannot.
    public var tables: [Paper.Table]
    public var feasible: Bool { problems.isEmpty }

    public struct CellAvailability: Hashable, Sendable {
        public var type: QuestionType
        /// The blueprint topic the questions fall under, nil for topics the blueprint does not name.
        public var topic: String?
        public var difficulty: Difficulty?
        public var count: Int
    }
}

/// Assembles papers from a bank and a blueprint.
///
/// **Method.** Questions are grouped into cells (section type × topic row × difficulty column). How many each
/// cell gives is an integer program (`SelectionProgram`): every bound of the blueprint — section counts, topic and
/// level bounds per section and paper-wide, cell bounds, the mean bands of the paper and of sections, required
/// questions — is a row, solved exactly (`IntegerProgram`), so a blueprint is refused only when no paper exists.
/// When it is refused, `diagnose` explains: the bounds of a minimum cut of the selection network
/// (`SelectionNetwork`) with the shortfall and what to change, or the exact range of reachable means, or the
/// combination that fails; and whether `--exclude-used` is the cause.
///
/// **Versions.** By default versions are parallel: one count table for all of them, so every version has the same
/// count in every cell; a cell's questions are shuffled and dealt out in turn, without repeats while its share
/// lasts (`maxOverlap: 0` allows no more than the share). With `parallel: false` each version is its own program,
/// questions earlier versions used costing more.
///
/// **Uniformity.** Random costs per cell (below 100, from the seed) choose among the count tables that reuse
/// least; within a cell the questions are a uniformly random subset (Fisher–Yates with `SplitMix64`).
///
/// **Termination.** Branch and bound has a node limit; reaching it is reported (`Infeasibility.undecided`),
/// never guessed. The generated blueprints of the tests decide in a few nodes.
public struct PaperSolver {
    public var questions: [Question]
    public var blueprint: Blueprint
    public var seed: UInt64
    /// Ids used by earlier papers (`--exclude-used`); required questions are taken anyway.
    public var excludedUsed: Set<String>

    /// - Parameter duplicateGroups: questions that are one question, as indices into `questions`
    ///   (`BankChecks.duplicateGroups`): a paper takes at most one of each group — a required member, else the first
    ///   eligible in id order — and an earlier paper's use of any member excludes them all.
    public init(questions given: [Question], blueprint: Blueprint, seed: UInt64, excludedUsed: Set<String> = [], duplicateGroups: [[Int]] = []) {
        // Work in id order: the bank's file order must not change the paper.
        let order = given.indices.sorted { (given[$0].id, $0) < (given[$1].id, $1) }
        var questions = order.map { given[$0] }
        // Topics match across scripts: a Traditional 幹部工作 falls under a blueprint's 干部工作.
        var blueprint = blueprint
        if let simplified = try? SharedScriptConverters.converter(to: .simplified) {
            // Banks repeat a few dozen topics: convert each distinct one once.
            var converted: [String: String] = [:]
            for index in questions.indices {
                guard let topic = questions[index].topic else { continue }
                if let known = converted[topic] {
                    questions[index].topic = known
                } else {
                    let simple = simplified.convert(topic)
                    converted[topic] = simple
                    questions[index].topic = simple
                }
            }
            blueprint.topics = blueprint.topics.map { .init(topic: simplified.convert($0.topic), range: $0.range) }
            for s in blueprint.sections.indices {
                blueprint.sections[s].topics = blueprint.sections[s].topics.map { .init(topic: simplified.convert($0.topic), range: $0.range) }
                blueprint.sections[s].cells = blueprint.sections[s].cells.map {
                    .init(topic: simplified.convert($0.topic), level: $0.level, range: $0.range)
                }
            }
        }
        self.questions = questions
        self.blueprint = blueprint
        self.seed = seed
        self.excludedUsed = excludedUsed
        if !duplicateGroups.isEmpty {
            var position = [Int](repeating: 0, count: given.count)
            for (place, index) in order.enumerated() { position[index] = place }
            keepOnePerGroup(duplicateGroups.map { $0.map { position[$0] } })
        }
    }

    /// Leaves one member of each duplicate group (indices into `questions`) in `questions` (see `init`). Members
    /// may share an id (a derived id is the same for the same text).
    mutating func keepOnePerGroup(_ groups: [[Int]]) {
        let required = Set(blueprint.requiredIDs)
        var dropped = Set<Int>()
        for group in groups {
            let members = group.sorted()  // id order
            let ids = Set(members.map { questions[$0].id })
            if !ids.isDisjoint(with: excludedUsed) { excludedUsed.formUnion(ids.subtracting(required)) }
            let kept = members.first { required.contains(questions[$0].id) }
                ?? members.first { isEligible(questions[$0], required: required) }
                ?? members[0]
            dropped.formUnion(members.filter { $0 != kept && !(required.contains(questions[$0].id) && questions[$0].id != questions[kept].id) })
        }
        questions = questions.indices.filter { !dropped.contains($0) }.map { questions[$0] }
    }

    // MARK: Classification

    /// The topics the blueprint names, sorted; a question falls under the one its topic path starts with.
    var topicRows: [String] {
        var topics = Set(blueprint.topics.map(\.topic))
        for section in blueprint.sections {
            topics.formUnion(section.topics.map(\.topic))
            topics.formUnion(section.cells.map(\.topic))
        }
        return topics.sorted()
    }

    /// Rows for the bank's topics the blueprint does not name — each the shortest prefix of a question's topic
    /// path that is not a prefix of a named row — so versions are parallel in those topics too, and the
    /// 双向细目表 names them. They follow the named rows, which therefore match first.
    func extraRows(besides named: [String]) -> [String] {
        var seen = Set<String>()
        // One row per folded prefix (the spelling met first names it): 幹部工作 and 干部工作 are one row.
        var extra: [String: String] = [:]
        let foldedNamed = named.map(TopicFolding.folded)
        for question in questions {
            guard let topic = question.topic, seen.insert(topic).inserted else { continue }
            if Self.row(of: topic, in: named) < named.count { continue }
            let parts = topic.split(separator: "/")
            var prefix = ""
            for part in parts {
                prefix = prefix.isEmpty ? String(part) : prefix + "/" + part
                let folded = TopicFolding.folded(prefix)
                if !foldedNamed.contains(where: { $0.hasPrefix(folded + "/") }) { break }
            }
            let folded = TopicFolding.folded(prefix)
            if extra[folded] == nil { extra[folded] = prefix }
        }
        return extra.values.sorted()
    }

    var usesDifficulty: Bool {
        blueprint.difficulty != nil || blueprint.sections.contains { !$0.difficulty.isEmpty || !$0.cells.isEmpty }
    }

    /// The first of `rows` that `topic` is or lies under, compared as `TopicFolding` does (a question filed under
    /// 年輕幹部實踐鍛煉 falls in the blueprint's 年轻干部实践锻炼); `rows.count` for none.
    static func row(of topic: String?, in rows: [String]) -> Int {
        guard let topic else { return rows.count }
        for (index, row) in rows.enumerated() where topic == row || topic.hasPrefix(row + "/") { return index }
        let folded = TopicFolding.folded(topic)
        for (index, row) in rows.enumerated() where TopicFolding.isFolded(folded, within: TopicFolding.folded(row)) { return index }
        return rows.count
    }

    /// Whether a question may be chosen at all: required, or not excluded by ids, tags, earlier papers or a
    /// missing difficulty when the blueprint bounds difficulty.
    func isEligible(_ question: borrowing Question, required: Set<String>) -> Bool {
        if !required.isEmpty, required.contains(question.id) { return true }
        if blueprint.excludedIDs.contains(question.id) || excludedUsed.contains(question.id) { return false }
        if !blueprint.excludeTags.isEmpty, question.tags.contains(where: blueprint.excludeTags.contains) { return false }
        if !blueprint.includeTags.isEmpty, !question.tags.contains(where: blueprint.includeTags.contains) { return false }
        if usesDifficulty, question.difficulty == nil { return false }
        return true
    }

    /// Cells: `cells[section][row][column]` lists question indices (into `questions`) in id order.
    struct Layout {
        var rows: [String]
        /// Difficulty columns: 0…4 for 易…难, 5 for questions without a difficulty. Required questions are not
        /// listed here but in `required`.
        var cells: [[[[Int]]]]
        /// Required questions per cell: they are in every version.
        var required: [[[[Int]]]]
        var problems: [Infeasibility]

        /// Everything a cell holds, required questions included.
        func all(_ s: Int, _ r: Int, _ c: Int) -> [Int] { required[s][r][c] + cells[s][r][c] }
    }

    func layout() -> Layout {
        let rows = topicRows + extraRows(besides: topicRows)
        let sectionOfType = Dictionary(uniqueKeysWithValues: blueprint.sections.enumerated().map { ($1.type, $0) })
        var cells = Array(
            repeating: Array(repeating: Array(repeating: [Int](), count: 6), count: rows.count + 1),
            count: blueprint.sections.count)
        var problems: [Infeasibility] = []
        var requiredIndices = Set<Int>()
        let indexOfID = Dictionary(questions.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        for id in blueprint.requiredIDs {
            guard let index = indexOfID[id] else {
                problems.append(.requiredMissing(id: id))
                continue
            }
            let question = questions[index]
            if sectionOfType[question.type] == nil {
                problems.append(.requiredWithoutSection(id: id, type: question.type))
            } else if blueprint.excludedIDs.contains(id)
                || question.tags.contains(where: blueprint.excludeTags.contains)
                || (usesDifficulty && question.difficulty == nil)
            {
                problems.append(.requiredExcluded(id: id))
            } else {
                requiredIndices.insert(index)
            }
        }
        let required = Set(blueprint.requiredIDs)
        var requiredCells = cells
        var rowOfTopic: [String: Int] = [:]  // banks repeat a few dozen topics
        for index in questions.indices {
            // Read fields through the array: binding the whole Question would copy it.
            guard let section = sectionOfType[questions[index].type], isEligible(questions[index], required: required)
            else { continue }
            if !required.isEmpty, required.contains(questions[index].id), !requiredIndices.contains(index) { continue }
            let row: Int
            if let topic = questions[index].topic {
                if let known = rowOfTopic[topic] {
                    row = known
                } else {
                    row = Self.row(of: topic, in: rows)
                    rowOfTopic[topic] = row
                }
            } else {
                row = rows.count
            }
            let column = questions[index].difficulty.map { $0.rawValue - 1 } ?? 5
            if requiredIndices.contains(index) {
                requiredCells[section][row][column].append(index)
            } else {
                cells[section][row][column].append(index)
            }
        }
        return Layout(rows: rows, cells: cells, required: requiredCells, problems: problems)
    }

    // MARK: Checking

    /// What the bank offers for this blueprint, the 双向细目表 of the versions `generate` would make with the same
    /// seed, or every reason the blueprint cannot be met. It runs the same selection as `generate`, so the two agree.
    public func check() -> FeasibilityReport {
        let layout = layout()
        var report = FeasibilityReport(cells: [], eligible: [:], problems: [], tables: [])
        for (s, section) in blueprint.sections.enumerated() {
            report.eligible[section.type] = (0...layout.rows.count).reduce(0) { sum, row in
                sum + (0..<6).reduce(0) { $0 + layout.all(s, row, $1).count }
            }
            for row in 0...layout.rows.count {
                for column in 0..<6 where !layout.all(s, row, column).isEmpty {
                    report.cells.append(
                        .init(
                            type: section.type, topic: row < layout.rows.count ? layout.rows[row] : nil,
                            difficulty: column < 5 ? Difficulty(rawValue: column + 1) : nil,
                            count: layout.all(s, row, column).count))
                }
            }
        }
        var generator = SplitMix64(seed: seed)
        switch selection(layout, rng: &generator) {
        case .success(let chosen): report.tables = chosen.map { table(of: $0, rows: layout.rows) }
        case .failure(let failure): report.problems = failure.problems
        }
        return report
    }

    /// Simple counting arguments first: they name the cell and the ids, which a cut alone would not.
    func shortages(_ layout: Layout) -> [Infeasibility] {
        var problems: [Infeasibility] = []
        func ids(_ indices: [Int]) -> [String] { indices.prefix(10).map { questions[$0].id } }
        func indices(section: Int, row: Int? = nil, column: Int? = nil) -> [Int] {
            var result: [Int] = []
            for r in 0...layout.rows.count where row == nil || r == row {
                for c in 0..<6 where column == nil || c == column { result += layout.all(section, r, c) }
            }
            return result
        }
        for (s, section) in blueprint.sections.enumerated() {
            let all = indices(section: s)
            if all.count < section.count {
                problems.append(.shortage(group: QuestionGroup(type: section.type), need: section.count, have: all.count, ids: ids(all)))
            }
            for bound in section.topics {
                let have = indices(section: s, row: Self.row(of: bound.topic, in: layout.rows))
                if have.count < bound.range.min {
                    problems.append(.shortage(group: QuestionGroup(type: section.type, topic: bound.topic), need: bound.range.min, have: have.count, ids: ids(have)))
                }
            }
            for bound in section.difficulty {
                let have = indices(section: s, column: bound.level.rawValue - 1)
                if have.count < bound.range.min {
                    problems.append(.shortage(group: QuestionGroup(type: section.type, difficulty: bound.level), need: bound.range.min, have: have.count, ids: ids(have)))
                }
            }
            for bound in section.cells {
                let have = layout.all(s, Self.row(of: bound.topic, in: layout.rows), bound.level.rawValue - 1)
                if have.count < bound.range.min {
                    problems.append(.shortage(group: QuestionGroup(type: section.type, topic: bound.topic, difficulty: bound.level), need: bound.range.min, have: have.count, ids: ids(have)))
                }
            }
        }
        for bound in blueprint.topics {
            let row = Self.row(of: bound.topic, in: layout.rows)
            let have = blueprint.sections.indices.flatMap { indices(section: $0, row: row) }
            if have.count < bound.range.min {
                problems.append(.shortage(group: QuestionGroup(topic: bound.topic), need: bound.range.min, have: have.count, ids: ids(have)))
            }
        }
        if case .counts(let bounds) = blueprint.difficulty {
            for bound in bounds {
                let have = blueprint.sections.indices.flatMap { indices(section: $0, column: bound.level.rawValue - 1) }
                if have.count < bound.range.min {
                    problems.append(.shortage(group: QuestionGroup(difficulty: bound.level), need: bound.range.min, have: have.count, ids: ids(have)))
                }
            }
        }
        return problems
    }

    // MARK: Generating

    /// All versions, or every reason the blueprint cannot be met.
    public func generate(bankHash: String, blueprintHash: String, kaoxueVersion: String) -> Result<Paper, PaperFailure> {
        let layout = layout()
        var generator = SplitMix64(seed: seed)
        let chosen: [[[Int]]]
        switch selection(layout, rng: &generator) {
        case .success(let selection): chosen = selection
        case .failure(let failure): return .failure(failure)
        }
        var versions: [Paper.Version] = []
        for (index, selection) in chosen.enumerated() {
            var version = version(named: versionName(index), selection: selection, rng: &generator)
            version.table = table(of: selection, rows: layout.rows)
            versions.append(version)
        }
        let sections = blueprint.sections.map { section in
            Paper.Section(heading: section.heading, type: section.type, count: section.count, points: section.points, rule: section.rule)
        }
        let method = blueprint.parallel && blueprint.versions > 1
            ? "parallel versions: one integer program over type × topic × difficulty cell counts for all versions; uniform subsets within cells, shared out without repeats where the bank allows; SplitMix64"
            : "integer program over type × topic × difficulty cell counts per version, reuse of earlier versions' questions penalised; uniform subsets within cells; SplitMix64"
        let paper = Paper(
            format: "kaoxue-paper/1", title: blueprint.title, subtitle: blueprint.subtitle,
            instructions: blueprint.instructions, timeLimitMinutes: blueprint.timeLimitMinutes,
            totalScore: blueprint.points, sections: sections, versions: versions,
            manifest: Paper.Manifest(
                bankHash: bankHash, blueprintHash: blueprintHash, seed: seed, kaoxueVersion: kaoxueVersion,
                excludedUsed: excludedUsed.count, method: method),
            sealLine: blueprint.sealLine ? true : nil)
        return .success(paper)
    }

    /// The questions of every version (version → section → indices into `questions`), or every reason there are
    /// none: what both `check` and `generate` run.
    func selection(_ layout: Layout, rng: inout SplitMix64) -> Result<[[[Int]]], PaperFailure> {
        var problems = layout.problems
        if problems.isEmpty { problems = shortages(layout) }
        var outcome: Result<[[[Int]]], Infeasibility> = .failure(.undecided)
        if problems.isEmpty {
            outcome = blueprint.parallel || blueprint.versions == 1
                ? parallelSelection(layout, rng: &rng) : sequentialSelection(layout, rng: &rng)
            if case .failure(let problem) = outcome { problems = [problem] }
        }
        if case .success(let chosen) = outcome {
            if let overlap = excessiveOverlap(chosen) { problems = [overlap] } else { return .success(chosen) }
        }
        // Say so when only the questions earlier papers used are missing.
        if !excludedUsed.isEmpty {
            var unrestricted = self
            unrestricted.excludedUsed = []
            var generator = SplitMix64(seed: seed)
            if case .success = unrestricted.selection(unrestricted.layout(), rng: &generator) {
                problems = problems.map { .becauseOfUsed($0, excluded: excludedUsed.count) }
            }
        }
        return .failure(PaperFailure(problems: problems))
    }

    /// Random cost per cell (below 100), so the counts vary with the seed among the cheapest tables.
    func drawNoise(_ layout: Layout, rng: inout SplitMix64) -> [Int64] {
        (0..<(blueprint.sections.count * (layout.rows.count + 1) * 6)).map { _ in Int64(rng.uniform(below: 100)) }
    }

    /// Every version gets the same count in every cell (one integer program), so versions are equally hard; a cell's
    /// questions are shuffled and dealt out to the versions in turn, without repeats while they last. With
    /// `maxOverlap: 0` a version may take only its share of each cell; otherwise reuse beyond the share is
    /// penalised, and the overlap checked after.
    func parallelSelection(_ layout: Layout, rng: inout SplitMix64) -> Result<[[[Int]]], Infeasibility> {
        let versions = blueprint.versions
        let noise = drawNoise(layout, rng: &rng)
        let supply = layout.cells.indices.map { s in
            layout.cells[s].indices.map { r in
                (0..<6).map { c in
                    let free = layout.cells[s][r][c].count
                    let share = free / versions
                    return SelectionProgram.Supply(
                        required: layout.required[s][r][c].count, cheap: share, dear: blueprint.maxOverlap > 0 ? free - share : 0)
                }
            }
        }
        let program = SelectionProgram(blueprint: blueprint, rowCount: layout.rows.count + 1, supply: supply, noise: noise, rowOf: { Self.row(of: $0, in: layout.rows) })
        let counts: [[[Int]]]
        switch program.solve() {
        case .counts(let solved): counts = solved
        case .infeasible: return .failure(diagnose(layout, program: program, versionsSharing: versions > 1 && blueprint.maxOverlap == 0 ? versions : nil))
        case .undecided: return .failure(.undecided)
        }
        var chosen = Array(repeating: Array(repeating: [Int](), count: blueprint.sections.count), count: versions)
        for s in counts.indices {
            for r in counts[s].indices {
                for c in 0..<6 where counts[s][r][c] > 0 {
                    let required = layout.required[s][r][c]
                    let take = counts[s][r][c] - required.count
                    let pool = take > 0 ? rng.shuffled(layout.cells[s][r][c]) : []
                    // Version v deals from ⌊place·n/V⌋ round the shuffled pool: windows do not meet while the
                    // count is within the share, and overlap evenly when it is not; the places are shuffled per
                    // cell when windows meet, so the same pairs do not always share.
                    let places = take * versions > pool.count ? rng.shuffled(Array(0..<versions)) : Array(0..<versions)
                    for v in 0..<versions {
                        let start = places[v] * pool.count / versions
                        chosen[v][s] += required + (0..<take).map { pool[(start + $0) % pool.count] }
                    }
                }
            }
        }
        return .success(chosen)
    }

    /// Versions one after another (`parallel: false`): each its own integer program, questions earlier versions
    /// used costing more (and forbidden with `maxOverlap: 0`), so versions may differ in their cell counts.
    func sequentialSelection(_ layout: Layout, rng: inout SplitMix64) -> Result<[[[Int]]], Infeasibility> {
        var state = SelectionState(layout: layout)
        var chosen: [[[Int]]] = []
        for _ in 0..<blueprint.versions {
            let noise = drawNoise(layout, rng: &rng)
            let supply = layout.cells.indices.map { s in
                layout.cells[s].indices.map { r in
                    (0..<6).map { c in
                        let fresh = state.freshCount[s][r][c]
                        return SelectionProgram.Supply(
                            required: layout.required[s][r][c].count, cheap: fresh,
                            dear: blueprint.maxOverlap > 0 ? state.cells[s][r][c].count - fresh : 0)
                    }
                }
            }
            let program = SelectionProgram(blueprint: blueprint, rowCount: layout.rows.count + 1, supply: supply, noise: noise, rowOf: { Self.row(of: $0, in: layout.rows) })
            switch program.solve() {
            case .counts(let counts):
                var selection = Array(repeating: [Int](), count: blueprint.sections.count)
                for s in counts.indices {
                    for r in counts[s].indices {
                        for c in 0..<6 where counts[s][r][c] > 0 {
                            let required = layout.required[s][r][c]
                            selection[s] += required + take(count: counts[s][r][c] - required.count, cell: (s, r, c), state: &state, rng: &rng)
                        }
                    }
                }
                chosen.append(selection)
            case .infeasible:
                return .failure(diagnose(layout, program: program, versionsSharing: chosen.isEmpty ? nil : blueprint.versions))
            case .undecided:
                return .failure(.undecided)
            }
        }
        return .success(chosen)
    }

    /// Why the selection program has no solution, from the most specific explanation down: a conflict of the
    /// network's bounds (a minimum cut, in either orientation), then the mean bands, then paper-wide topics and
    /// difficulty counts together.
    func diagnose(_ layout: Layout, program: SelectionProgram, versionsSharing: Int?) -> Infeasibility {
        let paperCounts: Bool
        if case .counts = blueprint.difficulty { paperCounts = true } else { paperCounts = false }
        var network = SelectionNetwork(solver: self, layout: layout, supply: program.supply, versionsSharing: versionsSharing, difficultyMajor: paperCounts)
        if !network.isFeasible() { return network.explainFailure() }
        if paperCounts, !blueprint.topics.isEmpty {
            var other = SelectionNetwork(solver: self, layout: layout, supply: program.supply, versionsSharing: versionsSharing, difficultyMajor: false)
            if !other.isFeasible() { return other.explainFailure() }
        }
        var means: [Int?] = []
        if case .mean = blueprint.difficulty { means.append(nil) }
        for (s, section) in blueprint.sections.enumerated() where section.meanDifficulty != nil { means.append(s) }
        guard !means.isEmpty else { return paperCounts && !blueprint.topics.isEmpty ? .topicsAndLevelsTogether : .undecided }
        guard case .counts = program.solve(.init(means: .none)) else {
            return paperCounts && !blueprint.topics.isEmpty ? .topicsAndLevelsTogether : .undecided
        }
        for scope in means {
            if case .counts = program.solve(.init(means: .only(scope))) { continue }
            let band: (target: Double, tolerance: Double, count: Int)
            if let s = scope, let mean = blueprint.sections[s].meanDifficulty {
                band = (mean.target, mean.tolerance, blueprint.sections[s].count)
            } else if case .mean(let target, let tolerance) = blueprint.difficulty {
                band = (target, tolerance, blueprint.questionCount)
            } else {
                continue
            }
            let name = scope.map { blueprint.sections[$0].heading }
            let sums = SelectionProgram.levelBand(target: band.target, tolerance: band.tolerance, count: band.count)
            guard let reachable = program.levelSumRange(section: scope) else { return .undecided }
            let n = Double(band.count)
            if sums.high < reachable.lowerBound || sums.low > reachable.upperBound {
                return .difficultyMean(
                    section: name, target: band.target, tolerance: band.tolerance,
                    lowest: Double(reachable.lowerBound) / n, highest: Double(reachable.upperBound) / n)
            }
            let nearest = program.nearestLevelSums(section: scope, band: sums)
            return .difficultyMeanGap(
                section: name, target: band.target, tolerance: band.tolerance,
                below: nearest.below.map { Double($0) / n }, above: nearest.above.map { Double($0) / n })
        }
        return .difficultyMeansTogether(sections: means.map { $0.map { blueprint.sections[$0].heading } })
    }

    /// The first pair of versions sharing more questions than `maxOverlap` allows, if any.
    ///
    /// - Complexity: O(Σ k²) over questions used by k versions, not O(versions²): with unused questions
    ///   preferred, most questions appear in one version only.
    func excessiveOverlap(_ chosen: [[[Int]]]) -> Infeasibility? {
        let total = blueprint.questionCount
        let limit = blueprint.maxOverlap * Double(total) + 1e-9
        guard chosen.count > 1, Double(total) > limit else { return nil }
        var versionsOf: [Int: [Int]] = [:]
        for (version, sections) in chosen.enumerated() {
            for index in sections.joined() { versionsOf[index, default: []].append(version) }
        }
        var shared: [Int: Int] = [:]  // first * versions + second → count
        for list in versionsOf.values where list.count > 1 {
            for a in 0..<list.count {
                for b in (a + 1)..<list.count { shared[list[a] * chosen.count + list[b], default: 0] += 1 }
            }
        }
        guard let worst = shared.filter({ Double($0.value) > limit }).min(by: { $0.key < $1.key }) else { return nil }
        return .overlap(
            first: versionName(worst.key / chosen.count), second: versionName(worst.key % chosen.count), shared: worst.value,
            total: total, limit: blueprint.maxOverlap)
    }

    /// A, B, … Z, AA, AB, … (spreadsheet-style, so any number of versions has a name).
    public static func versionName(_ index: Int) -> String {
        var name = ""
        var rest = index + 1
        while rest > 0 {
            rest -= 1
            name = optionLabel(rest % 26) + name
            rest /= 26
        }
        return name
    }

    func versionName(_ index: Int) -> String { Self.versionName(index) }

    /// Which questions each cell still has unused: `fresh[s][r][c]` indices are unused, the rest were used.
    struct SelectionState {
        /// Cell contents, unused questions first.
        var cells: [[[[Int]]]]
        var freshCount: [[[Int]]]

        init(layout: Layout) {
            cells = layout.cells
            freshCount = layout.cells.map { $0.map { $0.map(\.count) } }
        }
    }

    /// The realized 双向细目表 of one version: counts per section × topic row × difficulty of the questions taken.
    func table(of selection: [[Int]], rows: [String]) -> Paper.Table {
        var counts: [Paper.Table.Cell: Int] = [:]
        var levelSum = 0
        var levelCount = 0
        for (s, indices) in selection.enumerated() {
            for index in indices {
                let question = questions[index]
                let row = Self.row(of: question.topic, in: rows)
                let topic = row < rows.count ? rows[row] : nil
                counts[Paper.Table.Cell(section: s, topic: topic, difficulty: question.difficulty, count: 0), default: 0] += 1
                if let level = question.difficulty {
                    levelSum += level.rawValue
                    levelCount += 1
                }
            }
        }
        let cells = counts.map { cell, count in
            var cell = cell
            cell.count = count
            return cell
        }.sorted { ($0.section, $0.topic ?? "\u{10FFFF}", $0.difficulty?.rawValue ?? 9) < ($1.section, $1.topic ?? "\u{10FFFF}", $1.difficulty?.rawValue ?? 9) }
        let points = selection.enumerated().reduce(0.0) { $0 + Double($1.element.count) * blueprint.sections[$1.offset].points }
        let mean = levelCount == 0 ? nil : (Double(levelSum) / Double(levelCount) * 1000).rounded() / 1000
        return Paper.Table(cells: cells, meanDifficulty: mean, points: points)
    }

    /// Chooses `count` questions from one cell — unused ones first, then used ones, each part uniformly (partial
    /// Fisher–Yates) — and moves the newly used ones out of the unused part, in place.
    ///
    /// - Complexity: O(count).
    func take(count: Int, cell: (Int, Int, Int), state: inout SelectionState, rng: inout SplitMix64) -> [Int] {
        let (s, r, c) = cell
        let size = state.cells[s][r][c].count
        let oldFresh = state.freshCount[s][r][c]
        // Unused part [0, oldFresh): draw from its end, so the picks end up as its last positions.
        let fromFresh = min(count, oldFresh)
        for k in 0..<fromFresh {
            let last = oldFresh - 1 - k
            state.cells[s][r][c].swapAt(rng.uniform(below: last + 1), last)
        }
        let newFresh = oldFresh - fromFresh
        // Used part [oldFresh, size): draw to its front.
        let fromUsed = min(count - fromFresh, size - oldFresh)
        for k in 0..<fromUsed {
            let position = oldFresh + k
            state.cells[s][r][c].swapAt(position, position + rng.uniform(below: size - position))
        }
        state.freshCount[s][r][c] = newFresh
        return Array(state.cells[s][r][c][newFresh..<(oldFresh + fromUsed)])
    }

    /// Orders and shuffles one version's questions and options.
    func version(named name: String, selection: [[Int]], rng: inout SplitMix64) -> Paper.Version {
        var items: [Paper.Item] = []
        for (s, section) in blueprint.sections.enumerated() {
            var order = selection[s].sorted()  // id order, independent of cell order
            if blueprint.shuffleQuestions { order = rng.shuffled(order) }
            for index in order {
                let question = questions[index]
                var optionOrder = Array(question.content.options.indices)
                let ordered = blueprint.keepOrderedOptions && OptionOrder.mustKeep(question.content.options)
                if blueprint.shuffleOptions, !question.fixedOptionOrder, !ordered, optionOrder.count > 1 {
                    optionOrder = rng.shuffled(optionOrder)
                }
                var blanks = 0
                if case .fill(let list, _) = question.content { blanks = list.count }
                items.append(
                    Paper.Item(
                        number: items.count + 1, section: s, id: question.id, type: question.type, points: section.points,
                        rule: question.type == .multiple ? question.scoringRule ?? section.rule : section.rule, stem: question.stem, options: optionOrder.map { question.content.options[$0] },
                        optionOrder: optionOrder, blanks: blanks))
            }
        }
        return Paper.Version(name: name, items: items)
    }
}

/// Every reason a paper could not be generated.
public struct PaperFailure: Error, Sendable {
    public var problems: [Infeasibility]
}
