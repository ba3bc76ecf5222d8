/// One line of a contest's event log. The log is the contest: replaying it gives the same scores, question
/// position and used questions; an undo is an event too, never an edit.
public struct ContestEvent: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable {
        /// The contest begins: teams, seed, the rules' YAML and the bank's fingerprint.
        case start
        /// A question was drawn and shown.
        case question
        /// Buzz-in: the host said “开始”; buzzing is allowed from now on.
        case open
        /// A team buzzed in (after “开始”) and answers.
        case buzz
        /// A team fouled (buzzed before “开始”): it loses the penalty and the question is void.
        case foul
        /// Risk round: the team on turn chose a value.
        case choose
        /// The judges ruled the answer right.
        case right
        /// The judges ruled the answer wrong (or time ran out).
        case wrong
        /// Buzz-in: nobody answered; the question counts, nobody scores.
        case pass
        /// The host voided the question (flawed, read wrongly): it is replaced and not counted.
        case void
        /// Reverts the last ruling (right, wrong, foul, pass, void, end).
        case undo
        /// The host ended the contest.
        case end
        /// The host confirmed the final results (是 / y): nothing can be undone after it.
        case confirm
    }

    public var kind: Kind
    /// When it happened (ISO 8601, local time with offset).
    public var time: String
    /// The team (0-based, in the order named) for buzz and foul.
    public var team: Int?
    /// The question id for `question`.
    public var question: String?
    /// The chosen value for `choose`.
    public var points: Int?
    /// `start` only: the teams, the seed of the question draw, the rules as YAML, the bank's fingerprint.
    public var teams: [String]?
    public var seed: UInt64?
    public var rules: String?
    public var bank: String?

    public init(
        _ kind: Kind, time: String, team: Int? = nil, question: String? = nil, points: Int? = nil, teams: [String]? = nil, seed: UInt64? = nil,
        rules: String? = nil, bank: String? = nil
    ) {
        self.kind = kind
        self.time = time
        self.team = team
        self.question = question
        self.points = points
        self.teams = teams
        self.seed = seed
        self.rules = rules
        self.bank = bank
    }
}

/// Why a host command or a logged event cannot be carried out now, in both languages.
public struct ContestProblem: Error, Equatable, Sendable {
    public var chinese: String
    public var english: String

    public init(_ chinese: String, _ english: String) {
        self.chinese = chinese
        self.english = english
    }
}
