import QuizModel

/// A command that changes the contest (and is logged as events).
public enum HostCommand: Equatable, Sendable {
    /// Show the next question (in buzz-in rounds, after a question nobody buzzed for: it passes first).
    case next
    /// Buzz-in: “开始” — teams may buzz from now on.
    case open
    case buzz(team: Int)
    case foul(team: Int)
    case choose(points: Int)
    case right
    case wrong
    case void
    case undo
    case end
    /// Makes the finished contest's results final (the console asks for 是 / y; no typed word maps here).
    case confirm
}

/// A line typed at the host console: a contest command, or one that only changes the screen.
public enum HostInput: Equatable, Sendable {
    case contest(HostCommand)
    /// Show the answer and explanation to the audience.
    case answer
    /// Draw the scoreboard large.
    case board
    case pause
    case resume
    /// Leave the console; the log keeps the contest for resuming.
    case quit
    case help
    case nothing

    /// Command words with their short keys, for help and Tab completion.
    public static let words = [
        "next", "start", "buzz", "foul", "choose", "right", "wrong", "void", "undo", "answer", "board", "pause", "resume", "end", "quit", "help",
        "下一题", "开始", "抢答", "犯规", "选", "对", "错", "作废", "撤销", "答案", "比分", "暂停", "继续", "结束", "退出", "帮助",
    ]

    /// Reads a typed line for `contest` as it stands: words in English or Chinese, single keys (n s b f c r w v u a p),
    /// a team by number, name or unique prefix; a bare team buzzes it in, a bare value chooses it in a risk round.
    public static func parse(_ line: String, contest: Contest) -> Result<HostInput, ContestProblem> {
        let words = line.trimmingWhitespace().split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "　" }).map(String.init)
        guard var word = words.first?.lowercased() else { return .success(.nothing) }
        var argument = words.dropFirst().joined(separator: " ")
        // b2, f3, c20: a key glued to its number.
        if argument.isEmpty, word.count > 1, let key = word.first, "bfc".contains(key), Int(word.dropFirst()) != nil {
            argument = String(word.dropFirst())
            word = String(key)
        }
        func team() -> Result<HostInput, ContestProblem> { .failure(ContestProblem("请给出队伍（序号或名称）", "name the team (number or name)")) }
        switch word {
        case "next", "n", "下一题", "下题": return .success(.contest(.next))
        case "start", "s", "open", "开始": return .success(.contest(.open))
        case "buzz", "b", "抢答":
            guard !argument.isEmpty else { return team() }
            return Self.team(argument, contest: contest).map { .contest(.buzz(team: $0)) }
        case "foul", "f", "犯规":
            guard !argument.isEmpty else { return team() }
            return Self.team(argument, contest: contest).map { .contest(.foul(team: $0)) }
        case "choose", "c", "选", "选择":
            guard let points = Int(argument) else { return .failure(ContestProblem("请给出分值，如 choose 20", "give a value, as in choose 20")) }
            return .success(.contest(.choose(points: points)))
        case "right", "r", "对", "正确", "√": return .success(.contest(.right))
        case "wrong", "w", "错", "错误", "×": return .success(.contest(.wrong))
        case "void", "v", "作废": return .success(.contest(.void))
        case "undo", "u", "撤销": return .success(.contest(.undo))
        case "end", "结束": return .success(.contest(.end))
        case "answer", "a", "答案": return .success(.answer)
        case "board", "scoreboard", "sb", "比分", "记分牌": return .success(.board)
        case "pause", "p", "暂停": return .success(.pause)
        case "resume", "go", "继续": return .success(.resume)
        case "quit", "q", "退出": return .success(.quit)
        case "help", "h", "?", "？", "帮助": return .success(.help)
        default: break
        }
        let whole = words.joined(separator: " ")
        if let points = Int(whole), contest.state.phase == .choosing { return .success(.contest(.choose(points: points))) }
        if contest.isBuzzRound, case .success(let team) = Self.team(whole, contest: contest) { return .success(.contest(.buzz(team: team))) }
        return .failure(ContestProblem("不认识的命令“\(whole)”（help 查看命令）", "unknown command \"\(whole)\" (help lists them)"))
    }

    /// A team by 1-based number, exact name, or unique prefix.
    public static func team(_ text: String, contest: Contest) -> Result<Int, ContestProblem> {
        let teams = contest.teams
        if let number = Int(text) {
            guard (1...teams.count).contains(number) else {
                return .failure(ContestProblem("没有第 \(number) 队（共 \(teams.count) 队）", "there is no team \(number) (\(teams.count) teams)"))
            }
            return .success(number - 1)
        }
        if let exact = teams.firstIndex(of: text) { return .success(exact) }
        let matching = teams.indices.filter { teams[$0].lowercased().hasPrefix(text.lowercased()) }
        if matching.count == 1 { return .success(matching[0]) }
        if matching.isEmpty {
            return .failure(ContestProblem("没有队伍“\(text)”（\(teams.joined(separator: "、"))）", "no team \"\(text)\" (\(teams.joined(separator: ", ")))"))
        }
        let names = matching.map { teams[$0] }
        return .failure(ContestProblem("“\(text)”可指 \(names.joined(separator: "、"))", "\"\(text)\" could be \(names.joined(separator: ", "))"))
    }
}
