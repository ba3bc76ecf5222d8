import BankFormats
import QuizModel
import RulesFiles
import TextMatching
import Yams

/// Reads blueprints from YAML with the reader every rules file uses: every value checked, every problem reported
/// in one round with its line and column, in Chinese and English, unknown keys with the nearest known one.
///
/// ```yaml
/// title: 组工业务知识测试
/// timeLimitMinutes: 30
/// versions: 2
/// maxOverlap: 0.3
/// parallel: true            # versions have the same type × topic × difficulty counts (the default)
/// script: hans              # hans | hant: the script questions are printed in
/// sealLine: true            # a 密封线 down the binding margin, the candidate's fields beside it
/// keepOrderedOptions: true  # options in order (66期 / 106期 / 166期, 以上都对) are not shuffled
/// sections:
///   - type: single          # single | multiple | trueFalse | fill | short (or 单选 …)
///     count: 20
///     points: 2
///     topics: {自身建设: 8, 干部工作: {min: 4}}
///   - type: multiple
///     count: 10
///     points: 3
///     rule: half            # all | half | per-option (with value) | net, or 全对得分, 少选得一半 …
///     difficulty: {难: 2}    # or {mean: 3.5, tolerance: 0.3}
///     cells: [{topic: 干部工作, difficulty: 难, count: 1}]
/// topics: {人才工作: {share: 0.1}}
/// difficulty: {mean: 2.8, tolerance: 0.3}
/// ```
public enum BlueprintReader {
    /// Parses YAML text into a blueprint, or throws every problem found.
    public static func read(yaml: String) throws(RulesReadFailure) -> Blueprint {
        try RulesNodeReader.read(yaml: yaml) { reader, root in
            var blueprints = BlueprintNodes(reader: reader)
            let blueprint = blueprints.blueprint(root)
            reader = blueprints.reader
            return blueprint
        }
    }
}

/// Walks a blueprint's YAML tree; the problems collect in `reader`.
struct BlueprintNodes {
    var reader: RulesNodeReader
    /// Where each bounded topic was first named, for pointing at it.
    var topicPlaces: [String: (node: Node, path: String)] = [:]

    static let topLevelKeys: Set<String> = [
        "title", "subtitle", "instructions", "timeLimitMinutes", "totalScore", "sections", "topics", "difficulty",
        "includeTags", "excludeTags", "requiredIds", "excludedIds", "versions", "maxOverlap", "shuffleQuestions",
        "shuffleOptions", "keepOrderedOptions", "parallel", "script", "sealLine",
    ]
    /// The most questions a section, or one of its rows, may ask for.
    static let maximumCount = 10_000
    static let sectionKeys: Set<String> = ["title", "type", "count", "points", "rule", "value", "topics", "difficulty", "cells"]

    mutating func fail(_ node: Node?, _ path: String, _ chinese: String, _ english: String) {
        reader.fail(node, path, chinese, english)
    }

    mutating func blueprint(_ root: Node) -> Blueprint? {
        guard let values = reader.mapping(root, "", allowed: Self.topLevelKeys) else { return nil }
        guard let titleNode = values["title"] else {
            fail(root, "title", "细目表需要标题（title）", "a blueprint needs a title")
            return nil
        }
        var blueprint = Blueprint(title: reader.text(titleNode, "title") ?? "", sections: [])
        blueprint.subtitle = reader.text(values["subtitle"], "subtitle")
        blueprint.instructions = reader.text(values["instructions"], "instructions")
        blueprint.timeLimitMinutes = reader.integer(values["timeLimitMinutes"], "timeLimitMinutes", in: 1...10_000)
        blueprint.totalScore = reader.number(values["totalScore"], "totalScore", positive: true)
        blueprint.versions = reader.integer(values["versions"], "versions", in: 1...1000) ?? 1
        if let node = values["maxOverlap"] {
            if let value = node.float, value >= 0, value <= 1 {
                blueprint.maxOverlap = value
            } else {
                fail(node, "maxOverlap", "应为 0 到 1 之间的比例", "a share between 0 and 1")
            }
        }
        blueprint.shuffleQuestions = reader.flag(values["shuffleQuestions"], "shuffleQuestions") ?? true
        blueprint.shuffleOptions = reader.flag(values["shuffleOptions"], "shuffleOptions") ?? true
        blueprint.parallel = reader.flag(values["parallel"], "parallel") ?? true
        blueprint.sealLine = reader.flag(values["sealLine"], "sealLine") ?? false
        blueprint.keepOrderedOptions = reader.flag(values["keepOrderedOptions"], "keepOrderedOptions") ?? true
        if let node = values["script"] {
            switch node.string?.lowercased() {
            case "hans", "简体", "簡體", "simplified": blueprint.script = .simplified
            case "hant", "繁体", "繁體", "traditional": blueprint.script = .traditional
            default: fail(node, "script", "应为 hans（简体）或 hant（繁体）", "expected hans (Simplified) or hant (Traditional)")
            }
        }
        blueprint.includeTags = reader.names(values["includeTags"], "includeTags")
        blueprint.excludeTags = reader.names(values["excludeTags"], "excludeTags")
        blueprint.requiredIDs = reader.names(values["requiredIds"], "requiredIds")
        blueprint.excludedIDs = reader.names(values["excludedIds"], "excludedIds")

        guard let sectionsNode = values["sections"], let sequence = sectionsNode.sequence, !sequence.isEmpty else {
            fail(values["sections"] ?? root, "sections", "细目表需要大题列表（sections）", "a blueprint needs a list of sections")
            return nil
        }
        // Each count is checked against `maximumCount` below; out-of-range ones count as 0 here, so the sum cannot overflow.
        let total = sequence.reduce(0) { $0 + ($1.mapping?["count"]?.int.flatMap { (0...Self.maximumCount).contains($0) ? $0 : nil } ?? 0) }
        for (index, node) in sequence.enumerated() {
            if let section = section(node, "sections[\(index)]") { blueprint.sections.append(section) }
        }
        var seenTypes: [QuestionType: Int] = [:]
        for (index, section) in blueprint.sections.enumerated() {
            if let first = seenTypes[section.type] {
                fail(sequence[index].mapping?["type"], "sections[\(index)].type",
                    "与 sections[\(first)] 题型相同（\(section.type.chineseName)）：请合并为一个大题",
                    "two sections of the same type (\(section.type.rawValue), also sections[\(first)]): merge them")
            }
            seenTypes[section.type] = index
        }
        if let node = values["topics"] { blueprint.topics = topicBounds(node, "topics", total: total) }
        if let node = values["difficulty"] {
            switch difficulty(node, "difficulty", total: total) {
            case .counts(let bounds): blueprint.difficulty = .counts(bounds)
            case .mean(let band): blueprint.difficulty = .mean(target: band.target, tolerance: band.tolerance)
            case nil: break
            }
        }
        if let totalScore = blueprint.totalScore, abs(totalScore - blueprint.points) > 1e-9 {
            fail(values["totalScore"], "totalScore",
                "各大题合计 \(formatPoints(blueprint.points)) 分，不是 \(formatPoints(totalScore)) 分",
                "the sections add up to \(formatPoints(blueprint.points)), not \(formatPoints(totalScore))")
        }
        checkTopicsDoNotNest(blueprint, values)
        return blueprint
    }

    mutating func section(_ node: Node, _ path: String) -> Blueprint.Section? {
        guard let values = reader.mapping(node, path, allowed: Self.sectionKeys) else { return nil }
        guard let typeNode = values["type"] else {
            fail(node, "\(path).type", "每个大题都需要题型（type：single、multiple、trueFalse、fill、short 或 单选 等）",
                "each section needs a type (single, multiple, trueFalse, fill, short)")
            return nil
        }
        guard let typeText = typeNode.string, let type = QuestionTypeName.parse(typeText) else {
            fail(typeNode, "\(path).type", "未知题型“\(typeNode.string ?? "")”（single、multiple、trueFalse、fill、short 或 单选 等）",
                "unknown question type \"\(typeNode.string ?? "")\" (single, multiple, trueFalse, fill, short)")
            return nil
        }
        guard let countNode = values["count"] else {
            fail(node, "\(path).count", "每个大题都需要题量（count）", "each section needs a count")
            return nil
        }
        guard let count = reader.integer(countNode, "\(path).count", in: 1...Self.maximumCount) else { return nil }
        guard let pointsNode = values["points"] else {
            fail(node, "\(path).points", "每个大题都需要每题分值（points）", "each section needs points per question")
            return nil
        }
        guard let points = reader.number(pointsNode, "\(path).points", positive: true) else { return nil }
        var section = Blueprint.Section(title: reader.text(values["title"], "\(path).title"), type: type, count: count, points: points)
        if let ruleNode = values["rule"] {
            if type != .multiple {
                fail(ruleNode, "\(path).rule", "评分规则只用于多选题大题", "a marking rule applies to multiple-choice sections only")
            } else {
                section.rule = rule(ruleNode, value: values["value"], path)
            }
        } else if type == .multiple {
            section.rule = .allOrNothing
        }
        if let topicsNode = values["topics"] { section.topics = topicBounds(topicsNode, "\(path).topics", total: count) }
        if let difficultyNode = values["difficulty"] {
            switch difficulty(difficultyNode, "\(path).difficulty", total: count) {
            case .counts(let bounds): section.difficulty = bounds
            case .mean(let band): section.meanDifficulty = band
            case nil: break
            }
        }
        if let cellsNode = values["cells"] { section.cells = cells(cellsNode, "\(path).cells", total: count) }
        let minimumTopics = section.topics.reduce(0) { $0 + $1.range.min }
        if minimumTopics > count {
            fail(values["topics"], "\(path).topics", "各知识点至少要 \(minimumTopics) 道，本大题只有 \(count) 道",
                "the topics ask for at least \(minimumTopics) questions, the section has \(count)")
        }
        let minimumLevels = section.difficulty.reduce(0) { $0 + $1.range.min }
        if minimumLevels > count {
            fail(values["difficulty"], "\(path).difficulty", "各难度至少要 \(minimumLevels) 道，本大题只有 \(count) 道",
                "the levels ask for at least \(minimumLevels) questions, the section has \(count)")
        }
        return section
    }

    /// The rule's English names (`per-option` with `value`), or any wording a bank file accepts (全对得分,
    /// 少选得一半分, 每选对一项得0.5分, 对加错减, `per-option:0.5`).
    mutating func rule(_ node: Node, value: Node?, _ path: String) -> MultipleChoiceRule? {
        let text = node.string ?? ""
        if text == "per-option" {
            guard let value else {
                fail(node, "\(path).value", "per-option 需要 value：每个正确选项的分值", "per-option needs a value: points per correct option")
                return nil
            }
            return reader.number(value, "\(path).value", positive: true).map { .perOption($0) }
        }
        if text == "all-or-nothing" { return .allOrNothing }
        if let rule = BankValueSyntax.scoringRule(text) { return rule }
        fail(node, "\(path).rule", "未知的评分规则“\(text)”（all、half、per-option、net，或 全对得分、少选得一半分、每选对一项得0.5分、对加错减）",
            "unknown rule \"\(text)\" (all, half, per-option, net, or a bank file's wording such as 少选得一半分)")
        return nil
    }

    /// `{topic: 3}`, `{topic: {min: 2, max: 4}}`, `{topic: {share: 0.2}}` (of `total`).
    mutating func topicBounds(_ node: Node, _ path: String, total: Int) -> [Blueprint.TopicBound] {
        guard let mapping = node.mapping else {
            fail(node, path, "应为 知识点: 题数 的映射", "expected a mapping of topic: count")
            return []
        }
        var bounds: [Blueprint.TopicBound] = []
        for (key, value) in mapping {
            guard let name = key.string else {
                fail(key, path, "知识点应为文字", "topics must be text")
                continue
            }
            let topic = name.split(separator: "/").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }.joined(separator: "/")
            if topicPlaces[topic] == nil { topicPlaces[topic] = (key, "\(path).\(name)") }
            if let range = countRange(value, "\(path).\(name)", total: total) { bounds.append(.init(topic: topic, range: range)) }
        }
        return bounds
    }

    enum DifficultySpec {
        case counts([Blueprint.DifficultyBound])
        case mean(Blueprint.MeanBand)
    }

    /// `{易: 2, 难: {max: 3}}` or `{mean: 3.2, tolerance: 0.3}`.
    mutating func difficulty(_ node: Node, _ path: String, total: Int) -> DifficultySpec? {
        if let mapping = node.mapping, mapping["mean"] != nil {
            guard let values = reader.mapping(node, path, allowed: ["mean", "tolerance"]) else { return nil }
            guard let mean = values["mean"]?.float, (1...5).contains(mean) else {
                fail(values["mean"], "\(path).mean", "平均难度应在 1（易）到 5（难）之间", "a mean level between 1 (易) and 5 (难)")
                return nil
            }
            let tolerance = values["tolerance"].map { $0.float ?? -1 } ?? 0.25
            guard tolerance >= 0 else {
                fail(values["tolerance"], "\(path).tolerance", "允许偏差应为 0 或正数", "a tolerance of 0 or more")
                return nil
            }
            return .mean(.init(target: mean, tolerance: tolerance))
        }
        guard let mapping = node.mapping else {
            fail(node, path, "应为 难度: 题数 的映射，或 {mean: …, tolerance: …}", "expected a mapping of level: count, or {mean: …, tolerance: …}")
            return nil
        }
        var bounds: [Blueprint.DifficultyBound] = []
        for (key, value) in mapping {
            guard let level = key.string.flatMap(Difficulty.init(parsing:)) else {
                fail(key, "\(path).\(key.string ?? "")", "未知难度（易、较易、中等、较难、难 或 1–5，或 mean）",
                    "unknown difficulty (易, 较易, 中等, 较难, 难 or 1–5, or mean)")
                continue
            }
            if let range = countRange(value, "\(path).\(key.string ?? "")", total: total) { bounds.append(.init(level: level, range: range)) }
        }
        return .counts(bounds)
    }

    mutating func cells(_ node: Node, _ path: String, total: Int) -> [Blueprint.CellBound] {
        guard let sequence = node.sequence else {
            fail(node, path, "应为 {topic, difficulty, count} 的列表", "a list of {topic, difficulty, count}")
            return []
        }
        return sequence.enumerated().compactMap { index, item in
            let itemPath = "\(path)[\(index)]"
            guard let values = reader.mapping(item, itemPath, allowed: ["topic", "difficulty", "count", "min", "max"]) else { return nil }
            guard let topic = reader.text(values["topic"], "\(itemPath).topic") else {
                if values["topic"] == nil { fail(item, "\(itemPath).topic", "单元格需要知识点（topic）", "a cell needs a topic") }
                return nil
            }
            guard let levelNode = values["difficulty"], let level = levelNode.string.flatMap(Difficulty.init(parsing:)) else {
                fail(values["difficulty"] ?? item, "\(itemPath).difficulty", "单元格需要难度（易 … 难 或 1–5）", "a cell needs a difficulty (易 … 难 or 1–5)")
                return nil
            }
            let range: CountRange?
            if let countNode = values["count"] {
                range = countRange(countNode, "\(itemPath).count", total: total)
            } else {
                range = countRange(item, itemPath, total: total, ignoring: ["topic", "difficulty"])
            }
            return range.map { Blueprint.CellBound(topic: topic, level: level, range: $0) }
        }
    }

    /// `3`, `{min: 2}`, `{max: 4}`, `{min: 2, max: 4}`, `{share: 0.25}` (rounded down and up).
    mutating func countRange(_ node: Node, _ path: String, total: Int, ignoring: Set<String> = []) -> CountRange? {
        if let count = node.int {
            guard (0...Self.maximumCount).contains(count) else {
                fail(node, path, "题数应为 0–\(Self.maximumCount) 的整数", "a count from 0 to \(Self.maximumCount)")
                return nil
            }
            return .exactly(count)
        }
        guard let mapping = node.mapping else {
            fail(node, path, "应为题数、{min: …, max: …} 或 {share: …}", "a count, {min: …, max: …} or {share: …}")
            return nil
        }
        if ignoring.isEmpty {
            _ = reader.mapping(node, path, allowed: ["min", "max", "share"])
        }
        if let shareNode = mapping["share"] {
            guard let share = shareNode.float, share >= 0, share <= 1 else {
                fail(shareNode, path, "比例应在 0 到 1 之间", "a share between 0 and 1")
                return nil
            }
            let exact = share * Double(total)
            return CountRange(min: Int(exact.rounded(.down)), max: Int(exact.rounded(.up)))
        }
        let minimum = mapping["min"].map { $0.int ?? -1 } ?? 0
        let maximum = mapping["max"].map { $0.int ?? -1 } ?? total
        guard minimum >= 0, maximum >= 0, minimum <= maximum, maximum <= max(total, Self.maximumCount) else {
            fail(node, path, "min 和 max 应为 0–\(Self.maximumCount) 的题数，且 min ≤ max", "min and max must be counts from 0 to \(Self.maximumCount) with min ≤ max")
            return nil
        }
        return CountRange(min: minimum, max: maximum)
    }

    /// Topics that contain one another cannot both be bounded: a question would count for two rows.
    mutating func checkTopicsDoNotNest(_ blueprint: Blueprint, _ values: [String: Node]) {
        var topics = Set(blueprint.topics.map(\.topic))
        for section in blueprint.sections {
            topics.formUnion(section.topics.map(\.topic))
            topics.formUnion(section.cells.map(\.topic))
        }
        let sorted = topics.sorted()
        for outer in sorted {
            for inner in sorted where inner != outer && inner.hasPrefix(outer + "/") {
                let place = topicPlaces[inner]
                fail(place?.node ?? values["topics"] ?? values["sections"], place?.path ?? "topics",
                    "知识点 \(outer) 与 \(inner) 相互包含：只能约束知识点树的一层",
                    "topics \(outer) and \(inner) overlap: bound one level of the topic tree only")
            }
        }
    }
}

/// Question type names in blueprints: the English case names and the Chinese words of bank files.
public enum QuestionTypeName {
    public static func parse(_ text: String) -> QuestionType? {
        switch text.trimmingWhitespace().lowercased() {
        case "single", "单选", "单选题", "單選", "單選題", "单项选择题": .single
        case "multiple", "多选", "多选题", "多選", "多選題", "多项选择题": .multiple
        case "truefalse", "true-false", "判断", "判断题", "判斷", "判斷題": .trueFalse
        case "fill", "填空", "填空题", "填空題": .fill
        case "short", "简答", "简答题", "簡答", "簡答題": .short
        default: nil
        }
    }
}
