import BankFormats
import PaperAssembly
import QuizModel
import RulesFiles
import Yams

/// The rules of a knowledge contest (知识竞赛): the base score, the rounds in order, and sudden death for ties.
/// Read from YAML (`preset-contest.yaml` is the preset of DOMAIN.md); every value is checked when read.
public struct ContestRules: Sendable, Equatable {
    /// 必答, 抢答, 风险.
    public enum RoundKind: String, Sendable, Codable, CaseIterable {
        /// Each team in turn answers its own question; no deduction by default.
        case mustAnswer
        /// Teams buzz in after the host says “开始”; buzzing earlier is a foul.
        case buzzIn
        /// The team whose turn it is chooses a value; more time and harder questions for higher values.
        case risk

        public func name(in language: DisplayLanguage) -> String {
            switch self {
            case .mustAnswer: language.pick("必答", "must-answer")
            case .buzzIn: language.pick("抢答", "buzz-in")
            case .risk: language.pick("风险", "risk")
            }
        }

        static func parse(_ text: String) -> RoundKind? {
            switch text.lowercased() {
            case "必答", "必答题", "mustanswer", "must-answer": .mustAnswer
            case "抢答", "抢答题", "搶答", "buzzin", "buzz-in": .buzzIn
            case "风险", "风险题", "風險", "risk": .risk
            default: nil
            }
        }
    }

    /// In which order teams choose their values in a risk round.
    public enum ChoiceOrder: String, Sendable, Codable {
        /// Highest score first (ties: team order).
        case highestFirst
        /// Lowest score first (ties: team order).
        case lowestFirst
        /// The order the teams were named in.
        case teamOrder

        static func parse(_ text: String) -> ChoiceOrder? {
            switch text.lowercased() {
            case "高分先选", "highestfirst", "highest-first": .highestFirst
            case "低分先选", "lowestfirst", "lowest-first": .lowestFirst
            case "队伍顺序", "teamorder", "team-order": .teamOrder
            default: nil
            }
        }
    }

    /// A value a team may choose in a risk round.
    public struct RiskValue: Sendable, Equatable {
        public var points: Int
        public var seconds: Int
        /// Difficulty levels its questions are drawn from (any when empty, or when none is left).
        public var difficulty: [Difficulty]
    }

    public struct Round: Sendable, Equatable {
        public var kind: RoundKind
        /// Shown to the audience: 必答题, 抢答题 … (the kind's name unless given).
        public var name: String
        /// Must-answer and risk rounds: questions each team answers.
        public var questionsPerTeam: Int
        /// Buzz-in rounds: questions in the round (void ones are replaced and not counted).
        public var questions: Int
        /// Points for a right answer (must-answer, buzz-in).
        public var points: Int
        /// Seconds to answer (must-answer, buzz-in; risk values carry their own).
        public var seconds: Int
        /// Whether a wrong answer loses the points (risk: the chosen value).
        public var deductWrong: Bool
        /// Buzz-in: points lost for buzzing before “开始”; the question is void.
        public var earlyBuzzPenalty: Int
        /// Buzz-in: fouls after which a team may not buzz again in this round (nil: never barred).
        public var foulLimit: Int?
        /// Risk: the values on offer, lowest first.
        public var values: [RiskValue]
        public var order: ChoiceOrder
        /// Question types the round draws from (any when empty).
        public var types: [QuestionType]
    }

    /// Sudden death for tied teams: buzz-in questions among them until the tie is broken.
    public struct SuddenDeath: Sendable, Equatable {
        public var enabled: Bool
        public var points: Int
        public var seconds: Int
        public var deductWrong: Bool
        public var types: [QuestionType]
    }

    /// Points each member earns in the ledger, by the team's final rank.
    public struct MemberPoints: Sendable, Equatable {
        public var category: String
        public var item: String
        /// For ranks 1, 2, 3 …
        public var byRank: [Double]
        /// For ranks beyond `byRank`.
        public var others: Double

        public func points(rank: Int) -> Double { rank - 1 < byRank.count ? byRank[rank - 1] : others }
    }

    public var name: String
    public var baseScore: Int
    public var rounds: [Round]
    public var suddenDeath: SuddenDeath
    public var memberPoints: MemberPoints?

    /// The built-in preset, as YAML text.
    public static var presetYAML: String { String(decoding: PackageResources.preset_contest_yaml, as: UTF8.self) }

    /// The built-in preset, parsed.
    public static let preset: ContestRules = RulesNodeReader.builtIn(presetYAML, read(yaml:))

    /// Parses contest rules from YAML; every problem is reported, located.
    public static func read(yaml: String) throws(RulesReadFailure) -> ContestRules {
        try RulesNodeReader.read(yaml: yaml) { reader, root in reader.contestRules(root) }
    }
}

extension RulesNodeReader {
    /// Question types named in a list (English case names or Chinese words).
    mutating func questionTypes(_ node: Node?, _ path: String) -> [QuestionType] {
        guard let node else { return [] }
        guard let items = node.sequence else {
            fail(node, path, "应为题型列表，如 [single, trueFalse]", "expected a list of types such as [single, trueFalse]")
            return []
        }
        var types: [QuestionType] = []
        for (index, item) in items.enumerated() {
            guard let type = item.string.flatMap(QuestionTypeName.parse) else {
                fail(item, "\(path)[\(index)]", "未知题型（可用 single multiple trueFalse fill short 或 单选 多选 判断 填空 简答）",
                    "unknown type (single, multiple, trueFalse, fill, short)")
                continue
            }
            if !types.contains(type) { types.append(type) }
        }
        return types
    }

    /// Points: a whole number from 0 to 1000.
    mutating func points(_ node: Node?, _ path: String) -> Int? { integer(node, path, in: 0...1000) }

    mutating func contestRules(_ root: Node) -> ContestRules? {
        guard let top = mapping(root, "", allowed: ["name", "baseScore", "rounds", "suddenDeath", "memberPoints"]) else { return nil }
        require("name", in: top, of: root, "")
        require("rounds", in: top, of: root, "")
        let name = text(top["name"], "name") ?? ""
        let baseScore = points(top["baseScore"], "baseScore") ?? 100
        var rounds: [ContestRules.Round] = []
        let roundKeys: Set<String> = [
            "kind", "name", "questionsPerTeam", "questions", "points", "seconds", "deductWrong", "earlyBuzzPenalty", "foulLimit", "values", "order",
            "types",
        ]
        for (index, node) in sequence(top["rounds"], "rounds").enumerated() {
            let path = "rounds[\(index)]"
            guard let values = mapping(node, path, allowed: roundKeys) else { continue }
            require("kind", in: values, of: node, path)
            guard let kindNode = values["kind"] else { continue }
            guard let kind = kindNode.string.flatMap(ContestRules.RoundKind.parse) else {
                fail(kindNode, "\(path).kind", "应为 必答、抢答 或 风险", "expected 必答 (mustAnswer), 抢答 (buzzIn) or 风险 (risk)")
                continue
            }
            // Keys that mean nothing for this kind are mistakes worth naming.
            let meaningful: Set<String> =
                switch kind {
                case .mustAnswer: ["kind", "name", "questionsPerTeam", "points", "seconds", "deductWrong", "types"]
                case .buzzIn: ["kind", "name", "questions", "points", "seconds", "deductWrong", "earlyBuzzPenalty", "foulLimit", "types"]
                case .risk: ["kind", "name", "questionsPerTeam", "deductWrong", "order", "values", "types"]
                }
            for key in values.keys.sorted() where !meaningful.contains(key) {
                fail(values[key], "\(path).\(key)", "\(kind.name(in: .zhHans))轮不用 \(key)", "\(key) does not apply to a \(kind.name(in: .en)) round")
            }
            var round = ContestRules.Round(
                kind: kind, name: text(values["name"], "\(path).name") ?? kind.name(in: .zhHans) + "题", questionsPerTeam: 1, questions: 0,
                points: points(values["points"], "\(path).points") ?? 10, seconds: integer(values["seconds"], "\(path).seconds", in: 1...3600) ?? 60,
                deductWrong: flag(values["deductWrong"], "\(path).deductWrong") ?? (kind != .mustAnswer),
                earlyBuzzPenalty: points(values["earlyBuzzPenalty"], "\(path).earlyBuzzPenalty") ?? 0, foulLimit: nil, values: [], order: .highestFirst,
                types: questionTypes(values["types"], "\(path).types"))
            switch kind {
            case .mustAnswer:
                require("questionsPerTeam", in: values, of: node, path)
                round.questionsPerTeam = integer(values["questionsPerTeam"], "\(path).questionsPerTeam") ?? 1
            case .buzzIn:
                require("questions", in: values, of: node, path)
                round.questions = integer(values["questions"], "\(path).questions", in: 1...500) ?? 1
                round.foulLimit = integer(values["foulLimit"], "\(path).foulLimit")
            case .risk:
                require("questionsPerTeam", in: values, of: node, path)
                require("values", in: values, of: node, path)
                round.questionsPerTeam = integer(values["questionsPerTeam"], "\(path).questionsPerTeam") ?? 1
                if let orderNode = values["order"] {
                    if let order = orderNode.string.flatMap(ContestRules.ChoiceOrder.parse) {
                        round.order = order
                    } else {
                        fail(orderNode, "\(path).order", "应为 高分先选、低分先选 或 队伍顺序", "expected highestFirst, lowestFirst or teamOrder")
                    }
                }
                for (valueIndex, valueNode) in sequence(values["values"], "\(path).values").enumerated() {
                    let valuePath = "\(path).values[\(valueIndex)]"
                    guard let value = mapping(valueNode, valuePath, allowed: ["points", "seconds", "difficulty"]) else { continue }
                    require("points", in: value, of: valueNode, valuePath)
                    require("seconds", in: value, of: valueNode, valuePath)
                    var levels: [Difficulty] = []
                    let levelNames = names(value["difficulty"], "\(valuePath).difficulty")
                    for (levelIndex, level) in levelNames.enumerated() {
                        if let difficulty = Difficulty(parsing: level) {
                            levels.append(difficulty)
                        } else {
                            fail(value["difficulty"]?.sequence?[levelIndex], "\(valuePath).difficulty[\(levelIndex)]", "未知难度（易 较易 中等 较难 难）",
                                "unknown difficulty (易 较易 中等 较难 难 or 1–5)")
                        }
                    }
                    guard let valuePoints = points(value["points"], "\(valuePath).points"),
                        let seconds = integer(value["seconds"], "\(valuePath).seconds", in: 1...3600)
                    else { continue }
                    if valuePoints == 0 { fail(value["points"], "\(valuePath).points", "分值应大于 0", "points must be above 0") }
                    if round.values.contains(where: { $0.points == valuePoints }) {
                        fail(value["points"], "\(valuePath).points", "分值 \(valuePoints) 重复", "the value \(valuePoints) appears twice")
                    }
                    round.values.append(ContestRules.RiskValue(points: valuePoints, seconds: seconds, difficulty: levels))
                }
                round.values.sort { $0.points < $1.points }
            }
            rounds.append(round)
        }

        var suddenDeath = ContestRules.SuddenDeath(enabled: true, points: 10, seconds: 60, deductWrong: true, types: [])
        if let node = top["suddenDeath"],
            let values = mapping(node, "suddenDeath", allowed: ["enabled", "points", "seconds", "deductWrong", "types"])
        {
            suddenDeath.enabled = flag(values["enabled"], "suddenDeath.enabled") ?? true
            suddenDeath.points = points(values["points"], "suddenDeath.points") ?? 10
            if suddenDeath.points == 0 { fail(values["points"], "suddenDeath.points", "分值应大于 0", "points must be above 0") }
            suddenDeath.seconds = integer(values["seconds"], "suddenDeath.seconds", in: 1...3600) ?? 60
            suddenDeath.deductWrong = flag(values["deductWrong"], "suddenDeath.deductWrong") ?? true
            suddenDeath.types = questionTypes(values["types"], "suddenDeath.types")
        }
        var memberPoints: ContestRules.MemberPoints?
        if let node = top["memberPoints"], let values = mapping(node, "memberPoints", allowed: ["category", "item", "byRank", "others"]) {
            for key in ["category", "item", "byRank"] { require(key, in: values, of: node, "memberPoints") }
            var byRank: [Double] = []
            for (index, item) in sequence(values["byRank"], "memberPoints.byRank").enumerated() {
                if let value = number(item, "memberPoints.byRank[\(index)]", maximum: 100_000, decimals: 2) { byRank.append(value) }
            }
            if let category = text(values["category"], "memberPoints.category"), let item = text(values["item"], "memberPoints.item") {
                memberPoints = ContestRules.MemberPoints(
                    category: category, item: item, byRank: byRank, others: number(values["others"], "memberPoints.others", maximum: 100_000, decimals: 2) ?? 0)
            }
        }
        return ContestRules(name: name, baseScore: baseScore, rounds: rounds, suddenDeath: suddenDeath, memberPoints: memberPoints)
    }
}
