import BankFormats
import QuizModel

/// A judges' decision on a question, as it stands (undone rulings are gone from the list; the log keeps them).
public struct Ruling: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable { case right, wrong, foul, pass, void }

    /// Index of the round (`rules.rounds.count` for sudden death).
    public var round: Int
    public var question: String
    /// The team ruled on (nil for a pass, or a void before anyone answered).
    public var team: Int?
    public var kind: Kind
    /// Points won (positive) or lost (negative).
    public var points: Int
    public var time: String
}

/// Where the contest stands.
public struct ContestState: Sendable, Equatable {
    public enum Phase: Sendable, Equatable {
        /// Waiting for the host to show the next question.
        case waiting
        /// Risk round: the team on turn is to choose a value.
        case choosing
        /// A question is on the floor.
        case asking(Asking)
        case finished
    }

    /// The question on the floor.
    public struct Asking: Sendable, Equatable {
        public var question: String
        /// The team answering: the team on turn (must-answer, risk), the team that buzzed (buzz-in), or nobody yet.
        public var responder: Int?
        /// Buzz-in: “开始” was said.
        public var opened: Bool
        /// Points at stake.
        public var points: Int
        public var seconds: Int
        public var deductWrong: Bool
    }

    public internal(set) var phase: Phase
    /// Index into the rules' rounds; `rules.rounds.count` is sudden death.
    public internal(set) var round: Int
    /// Questions closed (ruled or passed) in this round; void ones do not count.
    public internal(set) var turn: Int
    /// Teams in turn order for this round (risk rounds: by score when the round began).
    public internal(set) var order: [Int]
    /// Risk round: the value chosen by the team on turn.
    public internal(set) var chosen: Int?
    public internal(set) var scores: [Int]
    /// Points won and lost per round (the last row is sudden death), per team.
    public internal(set) var roundPoints: [[Int]]
    /// Fouls per team in this round.
    public internal(set) var fouls: [Int]
    /// Sudden death: the tied teams playing now.
    public internal(set) var tied: [Int]
    public internal(set) var rulings: [Ruling]
    /// Whether the host ended the contest before its rounds were played.
    public internal(set) var endedEarly: Bool
    /// Whether the host confirmed the final results; a confirmed contest takes no more events.
    public internal(set) var confirmed = false
}

/// A knowledge contest as a state machine: host commands become events; events (live, or replayed from the log)
/// move the state. No terminal and no clock here: times come in with the events.
///
/// Questions are drawn at random from the round's types (risk: the chosen value's difficulty when such a question
/// is left) with a generator seeded by the contest's seed and the number of questions shown, so a replayed script
/// sees the same questions. A question shown is never shown again in the contest, even when its ruling is undone.
public struct Contest: Sendable {
    public let rules: ContestRules
    public let teams: [String]
    public let seed: UInt64
    let pool: [Question]
    let byID: [String: Question]
    public private(set) var state: ContestState
    /// Every question shown, in order (kept through undo).
    public private(set) var shown: [String] = []
    private var shownSet: Set<String> = []
    /// States before each ruling, for undo.
    private var undoStack: [ContestState] = []

    /// The sudden-death round's index.
    public var suddenDeathRound: Int { rules.rounds.count }

    /// Whether `teams` can play: 2–12 of them, each named, no name twice.
    public static func checkTeams(_ teams: [String]) throws(ContestProblem) {
        guard (2...12).contains(teams.count) else {
            throw ContestProblem("需要 2 到 12 支队伍（现有 \(teams.count) 支）", "2 to 12 teams are needed (\(teams.count) given)")
        }
        if let blank = teams.firstIndex(where: { $0.trimmingWhitespace().isEmpty }) {
            throw ContestProblem("第 \(blank + 1) 支队伍没有名字", "team \(blank + 1) has no name")
        }
        if let twice = teams.first(where: { name in teams.count { $0 == name } > 1 }) {
            throw ContestProblem("队伍“\(twice)”出现了两次", "the team \"\(twice)\" appears twice")
        }
    }

    /// A contest before its first question. Teams are checked (2–12, distinct, non-empty); questions must
    /// be enough for every round's counts.
    public init(rules: ContestRules, teams: [String], questions: [Question], seed: UInt64) throws(ContestProblem) {
        try Self.checkTeams(teams)
        self.rules = rules
        self.teams = teams
        self.seed = seed
        pool = questions
        byID = Dictionary(questions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let count = teams.count
        state = ContestState(
            phase: .waiting, round: 0, turn: 0, order: Array(0..<count), chosen: nil, scores: Array(repeating: rules.baseScore, count: count),
            roundPoints: Array(repeating: Array(repeating: 0, count: count), count: rules.rounds.count + 1), fouls: Array(repeating: 0, count: count),
            tied: [], rulings: [], endedEarly: false)
        try checkSupply()
        beginRound(0)
    }

    /// The bank must hold enough questions of each round's types for the round's counts, and enough in all.
    private func checkSupply() throws(ContestProblem) {
        var needed = 0
        var usable = Set<String>()
        for round in rules.rounds {
            let count = round.kind == .buzzIn ? round.questions : round.questionsPerTeam * teams.count
            let matching = pool.filter { round.types.isEmpty || round.types.contains($0.type) }
            if matching.count < count {
                throw ContestProblem(
                    "题库中适合“\(round.name)”的题目只有 \(matching.count) 道，需要 \(count) 道",
                    "the bank holds \(matching.count) questions fit for \"\(round.name)\"; \(count) are needed")
            }
            needed += count
            usable.formUnion(matching.map(\.id))
        }
        if usable.count < needed {
            throw ContestProblem("题库中可用的题目只有 \(usable.count) 道，各轮共需 \(needed) 道", "the bank holds \(usable.count) usable questions; the rounds need \(needed)")
        }
    }

    // MARK: - Reading the state

    /// The rules of the round being played; nil in sudden death and after the end.
    public var currentRound: ContestRules.Round? { state.round < rules.rounds.count ? rules.rounds[state.round] : nil }

    /// The round's name as shown: 必答题 … or 加赛 (sudden death).
    public func roundName(_ index: Int, language: DisplayLanguage) -> String {
        index < rules.rounds.count ? rules.rounds[index].name : language.pick("同分加赛", "sudden death")
    }

    /// Whether the round being played is answered by buzzing in (buzz-in rounds and sudden death).
    public var isBuzzRound: Bool { currentRound.map { $0.kind == .buzzIn } ?? true }

    /// Questions the current round closes before the next one begins (nil: sudden death, until the tie breaks).
    public var turnsInRound: Int? {
        guard let round = currentRound else { return nil }
        return round.kind == .buzzIn ? round.questions : round.questionsPerTeam * teams.count
    }

    /// The team whose turn it is in must-answer and risk rounds.
    public var teamOnTurn: Int? {
        guard let round = currentRound, round.kind != .buzzIn, state.phase != .finished else { return nil }
        return state.order[state.turn % teams.count]
    }

    /// Teams barred from buzzing in this round after too many fouls.
    public var barred: [Int] {
        guard let round = currentRound, round.kind == .buzzIn, let limit = round.foulLimit else { return [] }
        return teams.indices.filter { state.fouls[$0] >= limit }
    }

    public func question(_ id: String) -> Question? { byID[id] }

    /// Ranks, ties sharing a rank (1, 1, 3): by score, and once sudden death has begun by `places`.
    public var ranks: [Int] {
        var ranks = Array(repeating: 0, count: teams.count)
        var above = 0
        for group in places {
            for team in group { ranks[team] = above + 1 }
            above += group.count
        }
        return ranks
    }

    /// The teams by place, best first, teams sharing a place together (each group in team order). Before sudden
    /// death: by score. In sudden death, only the teams tied for one place play, and their play-off decides only
    /// their order: the group splits as soon as its teams' points in this play-off differ (a right answer puts a
    /// team ahead of the rest of its group, a deducted wrong one behind it), the parts keep the group's place among
    /// the others, and the next tied group plays from zero. A team is never moved past a place already decided —
    /// a play-off for second place cannot take a team to first, however many points it wins.
    public var places: [[Int]] {
        let suddenDeath = rules.rounds.count
        let playOff = state.round >= suddenDeath ? state.roundPoints[suddenDeath] : Array(repeating: 0, count: teams.count)
        let regular = teams.indices.map { state.scores[$0] - playOff[$0] }
        var groups = Dictionary(grouping: teams.indices, by: { regular[$0] }).sorted { $0.key > $1.key }.map { $0.value.sorted() }
        guard state.round >= suddenDeath else { return groups }
        var points = Array(repeating: 0, count: teams.count)
        for ruling in state.rulings where ruling.round == suddenDeath && ruling.points != 0 {
            guard let team = ruling.team, let at = groups.firstIndex(where: { $0.count > 1 }), groups[at].contains(team) else { continue }
            points[team] += ruling.points
            let group = groups[at]
            guard Set(group.map { points[$0] }).count > 1 else { continue }
            let parts = Dictionary(grouping: group, by: { points[$0] }).sorted { $0.key > $1.key }.map { $0.value.sorted() }
            groups.replaceSubrange(at...at, with: parts)
            for member in group { points[member] = 0 }
        }
        return groups
    }

    /// The tied group sudden death settles next: the best place two or more teams share.
    func tiedGroup() -> [Int] { places.first { $0.count > 1 } ?? [] }

    // MARK: - Host commands

    /// The events a host command stands for now, or why it cannot be carried out. Nothing changes until the
    /// events are applied (the console logs each before applying it).
    public func events(for command: HostCommand, time: String) -> Result<[ContestEvent], ContestProblem> {
        switch command {
        case .next:
            var trial = self
            var events: [ContestEvent] = []
            if case .asking(let asking) = state.phase {
                guard isBuzzRound, asking.responder == nil else {
                    return .failure(ContestProblem("请先判定本题（right 对 / wrong 错），或 void 作废", "rule on this question first (right / wrong), or void it"))
                }
                // Nobody buzzed: the question counts, nobody scores.
                let pass = ContestEvent(.pass, time: time)
                do { try trial.apply(pass) } catch { return .failure(error) }
                events.append(pass)
                // A new round (or sudden death, or the end) is announced before its first question.
                if trial.state.round != state.round || trial.state.phase != .waiting { return .success(events) }
            }
            switch trial.state.phase {
            case .finished:
                return .failure(ContestProblem("比赛已结束", "the contest is over"))
            case .choosing:
                let team = trial.teamOnTurn.map { teams[$0] } ?? ""
                let values = trial.currentRound?.values.map { String($0.points) }.joined(separator: "/") ?? ""
                return .failure(ContestProblem("请“\(team)”先选择分值（choose \(values)）", "\(team) chooses a value first (choose \(values))"))
            case .asking, .waiting:
                guard let id = trial.draw() else {
                    return .failure(ContestProblem("题库中没有可用的题目了（已出 \(shown.count) 题）；可用 end 结束比赛", "no unused question is left (\(shown.count) shown); end the contest with end"))
                }
                events.append(ContestEvent(.question, time: time, question: id))
                return .success(events)
            }
        case .open:
            return .success([ContestEvent(.open, time: time)])
        case .buzz(let team):
            // Buzzing before “开始” is a foul.
            if case .asking(let asking) = state.phase, isBuzzRound, !asking.opened, asking.responder == nil {
                return .success([ContestEvent(.foul, time: time, team: team)])
            }
            return .success([ContestEvent(.buzz, time: time, team: team)])
        case .foul(let team):
            return .success([ContestEvent(.foul, time: time, team: team)])
        case .choose(let points):
            return .success([ContestEvent(.choose, time: time, points: points)])
        case .right:
            return .success([ContestEvent(.right, time: time)])
        case .wrong:
            return .success([ContestEvent(.wrong, time: time)])
        case .void:
            return .success([ContestEvent(.void, time: time)])
        case .undo:
            return .success([ContestEvent(.undo, time: time)])
        case .end:
            return .success([ContestEvent(.end, time: time)])
        case .confirm:
            return .success([ContestEvent(.confirm, time: time)])
        }
    }

    /// The next question for the current round, or nil when none is left.
    func draw() -> String? {
        let types = currentRound?.types ?? rules.suddenDeath.types
        var candidates = pool.filter { !shownSet.contains($0.id) && (types.isEmpty || types.contains($0.type)) }
        if let round = currentRound, round.kind == .risk, let chosen = state.chosen,
            let value = round.values.first(where: { $0.points == chosen }), !value.difficulty.isEmpty
        {
            let fitting = candidates.filter { $0.difficulty.map(value.difficulty.contains) ?? false }
            if !fitting.isEmpty { candidates = fitting }
        }
        guard !candidates.isEmpty else { return nil }
        var generator = SplitMix64(seed: seed ^ (UInt64(shown.count + 1) &* 0x9E37_79B9_7F4A_7C15))
        return candidates[generator.uniform(below: candidates.count)].id
    }

    // MARK: - Events

    /// Moves the state by `event`; an event that does not fit the state is refused and changes nothing.
    public mutating func apply(_ event: ContestEvent) throws(ContestProblem) {
        guard !state.confirmed else { throw ContestProblem("成绩已确认，比赛不能再更改", "the results are confirmed; the contest cannot change") }
        var next = state
        switch event.kind {
        case .start:
            throw ContestProblem("日志中间出现了第二个开始事件", "a second start event in the log")
        case .question:
            guard let id = event.question, byID[id] != nil else {
                throw ContestProblem("题库中没有题目 \(event.question ?? "")", "the bank has no question \(event.question ?? "")")
            }
            guard !shownSet.contains(id) else { throw ContestProblem("题目 \(id) 已出过", "the question \(id) was shown already") }
            switch state.phase {
            case .waiting: break
            case .choosing: throw ContestProblem("请先选择分值", "a value must be chosen first")
            case .asking: throw ContestProblem("请先判定本题", "rule on this question first")
            case .finished: throw ContestProblem("比赛已结束", "the contest is over")
            }
            if let round = currentRound {
                let value = round.values.first { $0.points == state.chosen }
                next.phase = .asking(
                    ContestState.Asking(
                        question: id, responder: round.kind == .buzzIn ? nil : teamOnTurn, opened: false,
                        points: round.kind == .risk ? (value?.points ?? 0) : round.points, seconds: value?.seconds ?? round.seconds,
                        deductWrong: round.deductWrong))
            } else {
                let rule = rules.suddenDeath
                next.phase = .asking(
                    ContestState.Asking(question: id, responder: nil, opened: false, points: rule.points, seconds: rule.seconds, deductWrong: rule.deductWrong))
            }
            state = next
            shown.append(id)
            shownSet.insert(id)
            return
        case .open:
            guard case .asking(var asking) = state.phase, isBuzzRound else {
                throw ContestProblem("只有抢答题需要宣布“开始”", "only buzz-in questions are opened")
            }
            guard !asking.opened else { throw ContestProblem("已经宣布过“开始”", "the question is open already") }
            asking.opened = true
            next.phase = .asking(asking)
        case .buzz:
            let team = try checkedTeam(event.team)
            guard case .asking(var asking) = state.phase, isBuzzRound else {
                throw ContestProblem("现在不是抢答", "this is not a buzz-in question")
            }
            guard asking.opened else { throw ContestProblem("还没有宣布“开始”", "the question is not open yet") }
            try checkMayBuzz(team)
            asking.responder = team
            next.phase = .asking(asking)
        case .foul:
            let team = try checkedTeam(event.team)
            guard case .asking(let asking) = state.phase, isBuzzRound else {
                throw ContestProblem("犯规只在抢答时判定", "fouls are called on buzz-in questions")
            }
            guard asking.responder == nil else { throw ContestProblem("已有队伍在答题", "a team is answering already") }
            try checkMayBuzz(team)
            let penalty = currentRound?.earlyBuzzPenalty ?? 0
            undoStack.append(state)
            next.fouls[team] += 1
            score(&next, team: team, points: -penalty, ruling: .foul, question: asking.question, time: event.time)
            // The question is void: a new one replaces it and the turn is not counted.
            next.phase = .waiting
            state = next
            if !teams.indices.contains(where: { !barred.contains($0) }) { advanceRound() }
            return
        case .choose:
            guard let round = currentRound, round.kind == .risk, state.phase == .choosing else {
                throw ContestProblem("现在不是选择分值的时候", "no value is to be chosen now")
            }
            guard let points = event.points, round.values.contains(where: { $0.points == points }) else {
                let values = round.values.map { String($0.points) }.joined(separator: "/")
                throw ContestProblem("分值应为 \(values)", "the value is one of \(values)")
            }
            next.chosen = points
            next.phase = .waiting
        case .right, .wrong:
            guard case .asking(let asking) = state.phase else { throw ContestProblem("现在没有题目在作答", "no question is being answered") }
            guard let team = asking.responder else {
                throw ContestProblem("还没有队伍抢答（buzz 队伍）", "no team has buzzed in yet (buzz TEAM)")
            }
            undoStack.append(state)
            let right = event.kind == .right
            let points = right ? asking.points : (asking.deductWrong ? -asking.points : 0)
            score(&next, team: team, points: points, ruling: right ? .right : .wrong, question: asking.question, time: event.time)
            state = next
            closeQuestion()
            return
        case .pass:
            guard case .asking(let asking) = state.phase, isBuzzRound, asking.responder == nil else {
                throw ContestProblem("只有无人抢答的抢答题可以跳过", "only a buzz-in question nobody answered passes")
            }
            undoStack.append(state)
            next.rulings.append(Ruling(round: state.round, question: asking.question, team: nil, kind: .pass, points: 0, time: event.time))
            state = next
            closeQuestion()
            return
        case .void:
            guard case .asking(let asking) = state.phase else { throw ContestProblem("现在没有题目可作废", "no question to void") }
            undoStack.append(state)
            next.rulings.append(Ruling(round: state.round, question: asking.question, team: asking.responder, kind: .void, points: 0, time: event.time))
            next.phase = .waiting
        case .undo:
            guard let previous = undoStack.popLast() else { throw ContestProblem("没有可以撤销的判定", "there is no ruling to undo") }
            next = previous
        case .end:
            guard state.phase != .finished else { throw ContestProblem("比赛已结束", "the contest is over") }
            undoStack.append(state)
            next.phase = .finished
            next.endedEarly = true
        case .confirm:
            guard state.phase == .finished else { throw ContestProblem("比赛尚未结束，不能确认成绩", "the contest is not over; there are no results to confirm") }
            next.confirmed = true
        }
        state = next
    }

    private func checkedTeam(_ team: Int?) throws(ContestProblem) -> Int {
        guard let team, teams.indices.contains(team) else { throw ContestProblem("没有这支队伍", "no such team") }
        return team
    }

    private func checkMayBuzz(_ team: Int) throws(ContestProblem) {
        if barred.contains(team) {
            throw ContestProblem("“\(teams[team])”本轮犯规已达 \(state.fouls[team]) 次，不能再抢答", "\(teams[team]) has \(state.fouls[team]) fouls and may not buzz in this round")
        }
        if currentRound == nil, !state.tied.contains(team) {
            let playing = state.tied.map { teams[$0] }
            throw ContestProblem(
                "“\(teams[team])”不在加赛队伍中（现在加赛的是 \(playing.joined(separator: "、"))）",
                "\(teams[team]) is not in the sudden death (playing now: \(playing.joined(separator: ", ")))")
        }
    }

    private func score(_ state: inout ContestState, team: Int, points: Int, ruling: Ruling.Kind, question: String, time: String) {
        state.scores[team] += points
        state.roundPoints[state.round][team] += points
        state.rulings.append(Ruling(round: state.round, question: question, team: team, kind: ruling, points: points, time: time))
    }

    /// After a ruling or a pass: the next turn, round, sudden death, or the end.
    private mutating func closeQuestion() {
        state.chosen = nil
        guard let total = turnsInRound else {
            // Sudden death goes on while teams are tied.
            state.tied = tiedGroup()
            state.phase = state.tied.isEmpty ? .finished : .waiting
            return
        }
        state.turn += 1
        if state.turn < total {
            state.phase = currentRound?.kind == .risk ? .choosing : .waiting
        } else {
            advanceRound()
        }
    }

    private mutating func advanceRound() { beginRound(state.round + 1) }

    private mutating func beginRound(_ index: Int) {
        state.round = index
        state.turn = 0
        state.chosen = nil
        state.fouls = Array(repeating: 0, count: teams.count)
        guard index < rules.rounds.count else {
            state.round = rules.rounds.count
            state.tied = rules.suddenDeath.enabled ? tiedGroup() : []
            state.phase = state.tied.isEmpty ? .finished : .waiting
            return
        }
        let round = rules.rounds[index]
        let scores = state.scores
        switch (round.kind, round.order) {
        case (.risk, .highestFirst): state.order = teams.indices.sorted { (-scores[$0], $0) < (-scores[$1], $1) }
        case (.risk, .lowestFirst): state.order = teams.indices.sorted { (scores[$0], $0) < (scores[$1], $1) }
        default: state.order = Array(teams.indices)
        }
        state.phase = round.kind == .risk ? .choosing : .waiting
    }
}
