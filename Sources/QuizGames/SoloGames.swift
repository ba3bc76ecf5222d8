import BankFormats
import QuizModel
import RulesFiles
import Yams

/// The rules of the solo game modes (daily quiz, challenge), modelled on 学习强国: a preset, not a law.
public struct GameRules: Sendable, Equatable {
    /// Where a mode's points go in the ledger (a points item of the ledger's rules).
    public struct LedgerItem: Sendable, Equatable {
        public var category: String
        public var item: String
    }

    public struct Mode: Sendable, Equatable {
        /// Daily quiz: questions a day (challenge: unused).
        public var questions: Int
        public var pointsPerRight: Double
        /// Points a person earns in this mode per day, however many runs.
        public var dailyCap: Double
        /// Question types drawn (any when empty).
        public var types: [QuestionType]
        public var ledger: LedgerItem?
    }

    public var name: String
    public var daily: Mode
    public var challenge: Mode

    public static var presetYAML: String { String(decoding: PackageResources.preset_games_yaml, as: UTF8.self) }

    public static let preset: GameRules = RulesNodeReader.builtIn(presetYAML, read(yaml:))

    /// Parses game rules from YAML; every problem is reported, located.
    public static func read(yaml: String) throws(RulesReadFailure) -> GameRules {
        try RulesNodeReader.read(yaml: yaml) { reader, root in reader.gameRules(root) }
    }
}

extension RulesNodeReader {
    mutating func gameRules(_ root: Node) -> GameRules? {
        guard let top = mapping(root, "", allowed: ["name", "daily", "challenge"]) else { return nil }
        require("name", in: top, of: root, "")
        let name = text(top["name"], "name") ?? ""
        let daily = gameMode(top["daily"], "daily", counted: true) ?? GameRules.Mode(questions: 5, pointsPerRight: 1, dailyCap: 5, types: [], ledger: nil)
        let challenge = gameMode(top["challenge"], "challenge", counted: false) ?? GameRules.Mode(questions: 0, pointsPerRight: 1, dailyCap: 6, types: [], ledger: nil)
        return GameRules(name: name, daily: daily, challenge: challenge)
    }

    mutating func gameMode(_ node: Node?, _ path: String, counted: Bool) -> GameRules.Mode? {
        guard let node else { return nil }
        let keys: Set<String> = counted ? ["questions", "pointsPerRight", "dailyCap", "types", "ledger"] : ["pointsPerRight", "dailyCap", "types", "ledger"]
        guard let values = mapping(node, path, allowed: keys) else { return nil }
        if counted { require("questions", in: values, of: node, path) }
        var ledger: GameRules.LedgerItem?
        if let ledgerNode = values["ledger"], let item = mapping(ledgerNode, "\(path).ledger", allowed: ["category", "item"]) {
            require("category", in: item, of: ledgerNode, "\(path).ledger")
            require("item", in: item, of: ledgerNode, "\(path).ledger")
            if let category = text(item["category"], "\(path).ledger.category"), let name = text(item["item"], "\(path).ledger.item") {
                ledger = GameRules.LedgerItem(category: category, item: name)
            }
        }
        return GameRules.Mode(
            questions: counted ? integer(values["questions"], "\(path).questions") ?? 5 : 0,
            pointsPerRight: number(values["pointsPerRight"], "\(path).pointsPerRight", maximum: 1_000, decimals: 2) ?? 1,
            dailyCap: number(values["dailyCap"], "\(path).dailyCap", positive: true, maximum: 100_000, decimals: 2) ?? .infinity,
            types: questionTypes(values["types"], "\(path).types"), ledger: ledger)
    }
}

/// The daily quiz (每日答题): the same questions for everyone who plays on the same date from the same bank.
public enum DailyQuiz {
    /// The day's questions: drawn from `pool` (by id, so the order of files does not matter) with a seed made of
    /// the bank's ids and the date.
    public static func questions(from pool: [Question], on date: CalendarDate, rules: GameRules.Mode) -> [Question] {
        let candidates = pool.filter { rules.types.isEmpty || rules.types.contains($0.type) }.sorted { $0.id < $1.id }
        var hasher = FNV1a()
        for question in candidates {
            for byte in question.id.utf8 { hasher.add(byte: byte) }
            hasher.add(byte: 0x0A)
        }
        for byte in "daily \(date)".utf8 { hasher.add(byte: byte) }
        var generator = SplitMix64(seed: hasher.value)
        return Array(generator.shuffled(candidates).prefix(rules.questions))
    }
}

/// The challenge (挑战答题): random questions, never twice in a run, until the first wrong answer.
public struct ChallengeRun: Sendable {
    private var remaining: [Question]
    /// Right answers so far (the streak).
    public private(set) var streak = 0
    public private(set) var over = false

    public init(pool: [Question], rules: GameRules.Mode, seed: UInt64) {
        var generator = SplitMix64(seed: seed)
        remaining = generator.shuffled(pool.filter { rules.types.isEmpty || rules.types.contains($0.type) }.sorted { $0.id < $1.id })
    }

    /// The next question; nil once the run is over or every question was answered right.
    public mutating func next() -> Question? {
        guard !over, !remaining.isEmpty else { return nil }
        return remaining.removeFirst()
    }

    /// Records the answer to the question `next()` gave: a wrong one ends the run.
    public mutating func answered(right: Bool) {
        if right { streak += 1 } else { over = true }
    }
}

/// Points a run earns: `pointsPerRight` for each right answer, within what the daily cap leaves today.
public func gamePoints(right: Int, rules: GameRules.Mode, earnedToday: Double) -> Double {
    max(0, min(Double(right) * rules.pointsPerRight, rules.dailyCap - earnedToday))
}
