import BankFormats
import Foundation
import QuizModel

/// A contest's outcome: standings with per-round points, and every ruling that stands. Encoded as the
/// `--result` JSON (keys sorted); also rendered as CSV and Markdown.
public struct ContestResult: Codable, Sendable, Equatable {
    public struct Team: Codable, Sendable, Equatable {
        public var name: String
        public var score: Int
        /// 1 is first; tied teams share a rank when no sudden death settled them.
        public var rank: Int
        /// Points won and lost in each round, in the order of `rounds`.
        public var rounds: [Int]
    }

    public struct Entry: Codable, Sendable, Equatable {
        public var round: String
        /// The question's bank id.
        public var question: String
        /// The question's place in the contest (the first shown is 1), for people.
        public var number: Int?
        /// The question's stem, cut short, for people.
        public var stem: String?
        public var team: String?
        /// right, wrong, foul, pass, void.
        public var ruling: String
        public var points: Int
        public var time: String
    }

    /// The rules' name.
    public var contest: String
    /// Round names in order; the last is sudden death.
    public var rounds: [String]
    /// In rank order (ties in the order the teams were named).
    public var teams: [Team]
    public var rulings: [Entry]
    public var finished: Bool
    public var endedEarly: Bool
    public var questionsShown: Int
    public var seed: UInt64

    public init(_ contest: Contest, language: DisplayLanguage) {
        let state = contest.state
        let ranks = contest.ranks
        self.contest = contest.rules.name
        rounds = (0...contest.suddenDeathRound).map { contest.roundName($0, language: language) }
        teams = contest.teams.indices.sorted { (ranks[$0], $0) < (ranks[$1], $1) }.map { index in
            Team(name: contest.teams[index], score: state.scores[index], rank: ranks[index], rounds: state.roundPoints.map { $0[index] })
        }
        let numbers = Dictionary(contest.shown.enumerated().map { ($1, $0 + 1) }, uniquingKeysWith: { first, _ in first })
        rulings = state.rulings.map { ruling in
            Entry(
                round: contest.roundName(ruling.round, language: language), question: ruling.question, number: numbers[ruling.question],
                stem: contest.question(ruling.question).map { ReadableText.excerpt($0.stem) }, team: ruling.team.map { contest.teams[$0] },
                ruling: ruling.kind.rawValue, points: ruling.points, time: ruling.time)
        }
        finished = state.phase == .finished
        endedEarly = state.endedEarly
        questionsShown = contest.shown.count
        seed = contest.seed
    }

    /// The JSON document, keys sorted.
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// Rounds with points in them (sudden death only when it was played).
    var shownRounds: [Int] {
        rounds.indices.filter { $0 < rounds.count - 1 || rulings.contains { $0.round == rounds.last } }
    }

    public func standingsTable(language: DisplayLanguage) -> (header: [String], rows: [[String]]) {
        let header = [language.pick("名次", "rank"), language.pick("队伍", "team"), language.pick("得分", "score")] + shownRounds.map { rounds[$0] }
        let rows = teams.map { team in [String(team.rank), team.name, String(team.score)] + shownRounds.map { signed(team.rounds[$0]) } }
        return (header, rows)
    }

    /// The standings for spreadsheets: points as plain numbers.
    public func standingsData(language: DisplayLanguage) -> (header: [String], rows: [[String]]) {
        let header = standingsTable(language: language).header
        return (header, teams.map { team in [String(team.rank), team.name, String(team.score)] + shownRounds.map { String(team.rounds[$0]) } })
    }

    /// Every ruling for people: the question by its number in the contest and its stem, the time in local time;
    /// `spreadsheet` writes points as plain numbers (`-10`, `10`) rather than signed text (`+10`).
    public func rulingsTable(language: DisplayLanguage, spreadsheet: Bool = false, now: Date = Date()) -> (header: [String], rows: [[String]]) {
        let header = [
            language.pick("序号", "no"), language.pick("轮次", "round"), language.pick("题号", "question"), language.pick("题目", "stem"),
            language.pick("队伍", "team"), language.pick("判定", "ruling"), language.pick("得分", "points"), language.pick("时间", "time"),
        ]
        let rows = rulings.enumerated().map { index, entry in
            [
                String(index + 1), entry.round, entry.number.map { language.pick("第\($0)题", "Q\($0)") } ?? "", entry.stem ?? "", entry.team ?? "",
                Self.rulingName(entry.ruling, language), spreadsheet ? String(entry.points) : signed(entry.points),
                ReadableText.localTime(entry.time, language: language, now: now),
            ]
        }
        return (header, rows)
    }

    public static func rulingName(_ ruling: String, _ language: DisplayLanguage) -> String {
        switch ruling {
        case "right": language.pick("答对", "right")
        case "wrong": language.pick("答错", "wrong")
        case "foul": language.pick("犯规", "foul")
        case "pass": language.pick("无人作答", "no answer")
        case "void": language.pick("作废", "void")
        default: ruling
        }
    }

    func signed(_ points: Int) -> String { points > 0 ? "+\(points)" : String(points) }

    /// The standings as CSV.
    public func standingsCSV(language: DisplayLanguage) -> String {
        let table = standingsData(language: language)
        return csvText([table.header] + table.rows)
    }

    /// Every ruling as CSV.
    public func rulingsCSV(language: DisplayLanguage) -> String {
        let table = rulingsTable(language: language, spreadsheet: true)
        return csvText([table.header] + table.rows)
    }

    /// Standings and rulings as Markdown.
    public func markdown(language: DisplayLanguage) -> String {
        let standings = standingsTable(language: language)
        let rulingRows = rulingsTable(language: language)
        let status =
            finished
            ? (endedEarly ? language.pick("（主持人提前结束）", " (ended by the host)") : "")
            : language.pick("（未结束）", " (not finished)")
        return """
            # \(markdownLine(contest)) \(language.pick("成绩", "results"))\(status)

            \(markdownTable(standings.header, standings.rows))

            ## \(language.pick("判定记录", "Rulings"))

            \(markdownTable(rulingRows.header, rulingRows.rows))

            """
    }
}
