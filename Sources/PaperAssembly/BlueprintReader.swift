import BankFormats
import QuizModel
import Yams

/// A problem in a blueprint file, located at the YAML value it concerns.
public struct BlueprintDiagnostic: Error, Equatable, Sendable, CustomStringConvertible {
    public var location: SourceLocation
    /// The key path of the value, such as `sections[2].count`.
    public var path: String
    public var message: String

    public var description: String { "\(location): error: \(path): \(message)" }
}

/// Reads blueprints from YAML, checking every value and reporting all problems with their line and column.
///
/// ```yaml
/// title: 组工业务知识测试
/// timeLimitMinutes: 30
/// versions: 2
/// maxOverlap: 0.3
/// sections:
///   - type: single          # single | multiple | trueFalse | fill | short (or 单选 …)
///     count: 20
///     points: 2
///     topics: {自身建设: 8, 干部工作: {min: 4}}
///   - type: multiple
///     count: 10
///     points: 3
///     rule: half            # all | half | per-option (with value) | net
///     difficulty: {难: 2}
///     cells: [{topic: 干部工作, difficulty: 难, count: 1}]
/// topics: {人才工作: {share: 0.1}}
/// difficulty: {mean: 2.8, tolerance: 0.3}
/// ```
public enum BlueprintReader {
    /// Every problem found; empty when the blueprint was read.
    public struct Failure: Error, Sendable {
        public var diagnostics: [BlueprintDiagnostic]
    }

    /// Parses YAML text; `file` is used in diagnostics.
    public static func read(yaml: String, file: String) throws(Failure) -> Blueprint {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: yaml) else {
                throw Failure(diagnostics: [
                    BlueprintDiagnostic(
                        location: SourceLocation(file: file, line: 1, column: 1), path: "", message: "the file is empty")
                ])
            }
            root = node
        } catch let failure as Failure {
            throw failure
        } catch let error as YamlError {
            throw Failure(diagnostics: [yamlDiagnostic(error, file: file)])
        } catch {
            throw Failure(diagnostics: [
                BlueprintDiagnostic(
                    location: SourceLocation(file: file, line: 1, column: 1), path: "", message: "\(error)")
            ])
        }
        var reader = NodeReader(file: file)
        let blueprint = reader.blueprint(root)
        if let blueprint, reader.diagnostics.isEmpty { return blueprint }
        throw Failure(diagnostics: reader.diagnostics)
    }

    static func yamlDiagnostic(_ error: YamlError, file: String) -> BlueprintDiagnostic {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return BlueprintDiagnostic(
                location: SourceLocation(file: file, line: mark.line, column: mark.column), path: "",
                message: "YAML: \(problem)")
        default:
            return BlueprintDiagnostic(
                location: SourceLocation(file: file, line: 1, column: 1), path: "", message: "YAML: \(error)")
        }
    }
}

/// Walks the YAML node tree, collecting diagnostics instead of stopping at the first.
struct NodeReader {
    let file: String
    var diagnostics: [BlueprintDiagnostic] = []
    /// Where each bounded topic was first named, for pointing at it.
    var topicPlaces: [String: (node: Node, path: String)] = [:]

    static let topLevelKeys: Set<String> = [
        "title", "subtitle", "instructions", "timeLimitMinutes", "totalScore", "sections", "topics", "difficulty",
        "includeTags", "excludeTags", "requiredIds", "excludedIds", "versions", "maxOverlap", "shuffleQuestions",
        "shuffleOptions",
    ]
    static let sectionKeys: Set<String> = ["title", "type", "count", "points", "rule", "value", "topics", "difficulty", "cells"]

    mutating func fail(_ node: Node?, _ path: String, _ message: String) {
        let mark = node?.mark
        diagnostics.append(
            BlueprintDiagnostic(
                location: SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1), path: path,
                message: message))
    }

    mutating func mapping(_ node: Node, _ path: String, allowed: Set<String>) -> [(key: String, keyNode: Node, value: Node)]? {
        guard let mapping = node.mapping else {
            fail(node, path, "expected a mapping (key: value)")
            return nil
        }
        var entries: [(String, Node, Node)] = []
        for (key, value) in mapping {
            guard let name = key.string else {
                fail(key, path, "keys must be text")
                continue
            }
            if !allowed.isEmpty, !allowed.contains(name) {
                let suggestion = allowed.min { editDistance(name, $0) < editDistance(name, $1) }
                let hint = suggestion.map { editDistance(name, $0) <= 3 ? " (did you mean \($0)?)" : "" } ?? ""
                fail(key, path.isEmpty ? name : "\(path).\(name)", "unknown key\(hint)")
                continue
            }
            entries.append((name, key, value))
        }
        return entries
    }

    mutating func blueprint(_ root: Node) -> Blueprint? {
        guard let entries = mapping(root, "", allowed: Self.topLevelKeys) else { return nil }
        var values: [String: Node] = [:]
        for entry in entries { values[entry.key] = entry.value }

        guard let titleNode = values["title"] else {
            fail(root, "title", "a blueprint needs a title")
            return nil
        }
        let title = text(titleNode, "title") ?? ""
        var blueprint = Blueprint(title: title, sections: [])
        blueprint.subtitle = values["subtitle"].flatMap { text($0, "subtitle") }
        blueprint.instructions = values["instructions"].flatMap { text($0, "instructions") }
        blueprint.timeLimitMinutes = values["timeLimitMinutes"].flatMap { positiveInt($0, "timeLimitMinutes") }
        blueprint.totalScore = values["totalScore"].flatMap { positiveNumber($0, "totalScore") }
        blueprint.versions = values["versions"].flatMap { node in
            positiveInt(node, "versions").flatMap { count -> Int? in
                guard count <= 1000 else {
                    fail(node, "versions", "at most 1000 versions")
                    return nil
                }
                return count
            }
        } ?? 1
        if let node = values["maxOverlap"] {
            if let value = node.float, value >= 0, value <= 1 {
                blueprint.maxOverlap = value
            } else {
                fail(node, "maxOverlap", "a share between 0 and 1")
            }
        }
        blueprint.shuffleQuestions = values["shuffleQuestions"].flatMap { flag($0, "shuffleQuestions") } ?? true
        blueprint.shuffleOptions = values["shuffleOptions"].flatMap { flag($0, "shuffleOptions") } ?? true
        blueprint.includeTags = values["includeTags"].map { strings($0, "includeTags") } ?? []
        blueprint.excludeTags = values["excludeTags"].map { strings($0, "excludeTags") } ?? []
        blueprint.requiredIDs = values["requiredIds"].map { strings($0, "requiredIds") } ?? []
        blueprint.excludedIDs = values["excludedIds"].map { strings($0, "excludedIds") } ?? []

        guard let sectionsNode = values["sections"], let sequence = sectionsNode.sequence, !sequence.isEmpty else {
            fail(values["sections"] ?? root, "sections", "a blueprint needs a list of sections")
            return nil
        }
        let total = sequence.reduce(0) { $0 + ($1.mapping?["count"]?.int ?? 0) }
        for (index, node) in sequence.enumerated() {
            if let section = section(node, "sections[\(index)]") { blueprint.sections.append(section) }
        }
        var seenTypes: [QuestionType: Int] = [:]
        for (index, section) in blueprint.sections.enumerated() {
            if let first = seenTypes[section.type] {
                fail(sequence[index].mapping?["type"], "sections[\(index)].type",
                    "two sections of the same type (\(section.type.rawValue), also sections[\(first)]): merge them")
            }
            seenTypes[section.type] = index
        }
        if let node = values["topics"] { blueprint.topics = topicBounds(node, "topics", total: total) }
        if let node = values["difficulty"] { blueprint.difficulty = difficultyConstraint(node, "difficulty", total: total) }
        if let totalScore = blueprint.totalScore, abs(totalScore - blueprint.points) > 1e-9 {
            fail(values["totalScore"], "totalScore",
                "the sections add up to \(formatPoints(blueprint.points)), not \(formatPoints(totalScore))")
        }
        checkTopicsDoNotNest(blueprint, values)
        if case .counts = blueprint.difficulty, !blueprint.topics.isEmpty {
            fail(values["difficulty"], "difficulty",
                "paper-wide difficulty counts cannot be combined with paper-wide topic bounds: give the difficulty per section, or as {mean, tolerance}")
        }
        return blueprint
    }

    mutating func section(_ node: Node, _ path: String) -> Blueprint.Section? {
        guard let entries = mapping(node, path, allowed: Self.sectionKeys) else { return nil }
        var values: [String: Node] = [:]
        for entry in entries { values[entry.key] = entry.value }
        guard let typeNode = values["type"] else {
            fail(node, "\(path).type", "each section needs a type (single, multiple, trueFalse, fill, short)")
            return nil
        }
        guard let typeText = typeNode.string, let type = QuestionTypeName.parse(typeText) else {
            fail(typeNode, "\(path).type", "unknown question type \"\(typeNode.string ?? "")\" (single, multiple, trueFalse, fill, short)")
            return nil
        }
        guard let countNode = values["count"], let count = positiveInt(countNode, "\(path).count") else {
            if values["count"] == nil { fail(node, "\(path).count", "each section needs a count") }
            return nil
        }
        guard let pointsNode = values["points"], let points = positiveNumber(pointsNode, "\(path).points") else {
            if values["points"] == nil { fail(node, "\(path).points", "each section needs points per question") }
            return nil
        }
        var section = Blueprint.Section(title: values["title"].flatMap { text($0, "\(path).title") }, type: type, count: count, points: points)
        if let ruleNode = values["rule"] {
            if type != .multiple {
                fail(ruleNode, "\(path).rule", "a marking rule applies to multiple-choice sections only")
            } else {
                section.rule = rule(ruleNode, value: values["value"], path)
            }
        } else if type == .multiple {
            section.rule = .allOrNothing
        }
        if let topicsNode = values["topics"] { section.topics = topicBounds(topicsNode, "\(path).topics", total: count) }
        if let difficultyNode = values["difficulty"] {
            section.difficulty = difficultyBounds(difficultyNode, "\(path).difficulty", total: count)
        }
        if let cellsNode = values["cells"] { section.cells = cells(cellsNode, "\(path).cells", total: count) }
        let minimumTopics = section.topics.reduce(0) { $0 + $1.range.min }
        if minimumTopics > count {
            fail(values["topics"], "\(path).topics", "the topics ask for at least \(minimumTopics) questions, the section has \(count)")
        }
        let minimumLevels = section.difficulty.reduce(0) { $0 + $1.range.min }
        if minimumLevels > count {
            fail(values["difficulty"], "\(path).difficulty", "the levels ask for at least \(minimumLevels) questions, the section has \(count)")
        }
        return section
    }

    mutating func rule(_ node: Node, value: Node?, _ path: String) -> MultipleChoiceRule? {
        switch node.string {
        case "all", "all-or-nothing": return .allOrNothing
        case "half": return .halfForSubset
        case "net": return .net
        case "per-option":
            guard let value, let number = positiveNumber(value, "\(path).value") else {
                fail(node, "\(path).value", "per-option needs a value: points per correct option")
                return nil
            }
            return .perOption(number)
        default:
            fail(node, "\(path).rule", "unknown rule \"\(node.string ?? "")\" (all, half, per-option, net)")
            return nil
        }
    }

    /// `{topic: 3}`, `{topic: {min: 2, max: 4}}`, `{topic: {share: 0.2}}` (of `total`).
    mutating func topicBounds(_ node: Node, _ path: String, total: Int) -> [Blueprint.TopicBound] {
        guard let entries = mapping(node, path, allowed: []) else { return [] }
        return entries.compactMap { entry in
            let topic = entry.key.split(separator: "/").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }.joined(separator: "/")
            if topicPlaces[topic] == nil { topicPlaces[topic] = (entry.keyNode, "\(path).\(entry.key)") }
            return countRange(entry.value, "\(path).\(entry.key)", total: total).map { Blueprint.TopicBound(topic: topic, range: $0) }
        }
    }

    mutating func difficultyBounds(_ node: Node, _ path: String, total: Int) -> [Blueprint.DifficultyBound] {
        guard let entries = mapping(node, path, allowed: []) else { return [] }
        return entries.compactMap { entry in
            guard let level = Difficulty(parsing: entry.key) else {
                fail(entry.keyNode, "\(path).\(entry.key)", "unknown difficulty (易, 较易, 中等, 较难, 难 or 1–5)")
                return nil
            }
            return countRange(entry.value, "\(path).\(entry.key)", total: total).map { Blueprint.DifficultyBound(level: level, range: $0) }
        }
    }

    mutating func difficultyConstraint(_ node: Node, _ path: String, total: Int) -> Blueprint.DifficultyConstraint? {
        if let mapping = node.mapping, mapping["mean"] != nil {
            guard let entries = self.mapping(node, path, allowed: ["mean", "tolerance"]) else { return nil }
            var values: [String: Node] = [:]
            for entry in entries { values[entry.key] = entry.value }
            guard let mean = values["mean"]?.float, (1...5).contains(mean) else {
                fail(values["mean"], "\(path).mean", "a mean level between 1 (易) and 5 (难)")
                return nil
            }
            let tolerance = values["tolerance"].map { $0.float ?? -1 } ?? 0.25
            guard tolerance >= 0 else {
                fail(values["tolerance"], "\(path).tolerance", "a tolerance of 0 or more")
                return nil
            }
            return .mean(target: mean, tolerance: tolerance)
        }
        return .counts(difficultyBounds(node, path, total: total))
    }

    mutating func cells(_ node: Node, _ path: String, total: Int) -> [Blueprint.CellBound] {
        guard let sequence = node.sequence else {
            fail(node, path, "a list of {topic, difficulty, count}")
            return []
        }
        return sequence.enumerated().compactMap { index, item in
            let itemPath = "\(path)[\(index)]"
            guard let entries = mapping(item, itemPath, allowed: ["topic", "difficulty", "count", "min", "max"]) else { return nil }
            var values: [String: Node] = [:]
            for entry in entries { values[entry.key] = entry.value }
            guard let topic = values["topic"].flatMap({ text($0, "\(itemPath).topic") }) else {
                fail(item, "\(itemPath).topic", "a cell needs a topic")
                return nil
            }
            guard let levelNode = values["difficulty"], let level = levelNode.string.flatMap(Difficulty.init(parsing:)) else {
                fail(values["difficulty"] ?? item, "\(itemPath).difficulty", "a cell needs a difficulty (易 … 难 or 1–5)")
                return nil
            }
            let range: CountRange?
            if let countNode = values["count"] {
                range = countRange(countNode, "\(itemPath).count", total: total)
            } else {
                range = countRange(item, itemPath, total: total)
            }
            return range.map { Blueprint.CellBound(topic: topic, level: level, range: $0) }
        }
    }

    /// `3`, `{min: 2}`, `{max: 4}`, `{min: 2, max: 4}`, `{share: 0.25}` (rounded down and up).
    mutating func countRange(_ node: Node, _ path: String, total: Int) -> CountRange? {
        if let count = node.int {
            guard count >= 0 else {
                fail(node, path, "a count of 0 or more")
                return nil
            }
            return .exactly(count)
        }
        guard let mapping = node.mapping else {
            fail(node, path, "a count, {min: …, max: …} or {share: …}")
            return nil
        }
        if let shareNode = mapping["share"] {
            guard let share = shareNode.float, share >= 0, share <= 1 else {
                fail(shareNode, path, "a share between 0 and 1")
                return nil
            }
            let exact = share * Double(total)
            return CountRange(min: Int(exact.rounded(.down)), max: Int(exact.rounded(.up)))
        }
        let minimum = mapping["min"].map { $0.int ?? -1 } ?? 0
        let maximum = mapping["max"].map { $0.int ?? -1 } ?? total
        guard minimum >= 0, maximum >= 0, minimum <= maximum else {
            fail(node, path, "min and max must be counts with min ≤ max")
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
                    "topics \(outer) and \(inner) overlap: bound one level of the topic tree only")
            }
        }
    }

    // MARK: Scalars

    mutating func text(_ node: Node, _ path: String) -> String? {
        guard let value = node.string, node.scalar != nil else {
            fail(node, path, "expected text")
            return nil
        }
        return value
    }

    mutating func positiveInt(_ node: Node, _ path: String) -> Int? {
        guard let value = node.int, value > 0 else {
            fail(node, path, "expected a whole number greater than 0")
            return nil
        }
        return value
    }

    mutating func positiveNumber(_ node: Node, _ path: String) -> Double? {
        guard let value = node.float, value > 0, value.isFinite else {
            fail(node, path, "expected a number greater than 0")
            return nil
        }
        return value
    }

    mutating func flag(_ node: Node, _ path: String) -> Bool? {
        guard let value = node.bool else {
            fail(node, path, "expected true or false")
            return nil
        }
        return value
    }

    mutating func strings(_ node: Node, _ path: String) -> [String] {
        guard let sequence = node.sequence else {
            fail(node, path, "expected a list")
            return []
        }
        return sequence.enumerated().compactMap { index, item in text(item, "\(path)[\(index)]") }
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

