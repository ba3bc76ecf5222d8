import QuizModel
import RulesFiles
import Testing

@testable import QuizGames

/// A bank of `count` questions cycling through four types and the five difficulty levels.
func sampleQuestions(_ count: Int = 80) -> [Question] {
    (0..<count).map { index in
        let content: QuestionContent =
            switch index % 4 {
            case 0: .single(options: ["甲", "乙", "丙", "丁"], answer: index % 4)
            case 1: .trueFalse(answer: index % 2 == 0)
            case 2: .multiple(options: ["甲", "乙", "丙", "丁"], answers: [0, 2])
            default: .fill(blanks: [Blank(["答案\(index)"])], orderInsensitive: false)
            }
        return Question(
            id: String(format: "q%03d", index), stem: "第 \(index) 题", content: content, explanation: "解析 \(index)",
            difficulty: Difficulty(rawValue: index % 5 + 1))
    }
}

/// Plays host lines the way the console does: parse, turn into events, apply. Returns the contest and the events.
func play(_ lines: [String], contest start: Contest) throws -> (contest: Contest, events: [ContestEvent]) {
    var contest = start
    var log: [ContestEvent] = []
    for (number, line) in lines.enumerated() {
        guard case .contest(let command) = try HostInput.parse(line, contest: contest).get() else { continue }
        let events = try contest.events(for: command, time: "t\(number)").get()
        for event in events {
            try contest.apply(event)
            log.append(event)
        }
    }
    return (contest, log)
}

@Suite struct ContestRulesTests {
    @Test func presetHasTheFiguresOfTheDomain() throws {
        let rules = ContestRules.preset
        #expect(rules.baseScore == 100)
        #expect(rules.rounds.map(\.kind) == [.mustAnswer, .buzzIn, .risk])
        let mustAnswer = rules.rounds[0]
        #expect(mustAnswer.points == 10 && mustAnswer.seconds == 30 && !mustAnswer.deductWrong && mustAnswer.questionsPerTeam == 2)
        let buzzIn = rules.rounds[1]
        #expect(buzzIn.points == 10 && buzzIn.seconds == 60 && buzzIn.deductWrong && buzzIn.earlyBuzzPenalty == 10 && buzzIn.foulLimit == 3)
        let risk = rules.rounds[2]
        #expect(risk.values.map(\.points) == [10, 20, 30])
        #expect(risk.values.map(\.seconds) == [30, 60, 90])
        #expect(risk.values[2].difficulty == [.fairlyHard, .hard])
        #expect(risk.order == .highestFirst && risk.deductWrong)
        #expect(rules.suddenDeath == ContestRules.SuddenDeath(enabled: true, points: 10, seconds: 60, deductWrong: true, types: [.single, .trueFalse]))
        let members = try #require(rules.memberPoints)
        #expect(members.category == "学习" && members.item == "知识竞赛")
        #expect([1, 2, 3, 4, 9].map(members.points(rank:)) == [5, 3, 2, 1, 1])
    }

    @Test func everyProblemInABadFileIsLocated() throws {
        let yaml = """
            name: 坏规则
            baseScore: -5
            rounds:
              - kind: 必答
                points: 10
                values: [1]
              - kind: 快答
              - kind: 风险
                questionsPerTeam: 1
                order: 随便
                values:
                  - {points: 10, seconds: 30, difficulty: [超难]}
                  - {points: 10, seconds: 60}
                types: [single, 论述]
            suddenDeath: {points: 0, colour: red}
            """
        let failure = try #require(throws: RulesReadFailure.self) { try ContestRules.read(yaml: yaml) }
        let found = failure.diagnostics.map { "\($0.line):\($0.column) \($0.path)" }
        #expect(
            found.sorted() == [
                "15:26 suddenDeath.colour", "15:23 suddenDeath.points", "2:12 baseScore", "4:5 rounds[0].questionsPerTeam", "6:13 rounds[0].values",
                "7:11 rounds[1].kind", "10:12 rounds[2].order", "12:48 rounds[2].values[0].difficulty[0]", "13:18 rounds[2].values[1].points",
                "14:21 rounds[2].types[1]",
            ].sorted(), "\(failure.diagnostics)")
        let unknown = try #require(failure.diagnostics.first { $0.path == "suddenDeath.colour" })
        #expect(unknown.rendered(file: "r.yaml", language: .en) == "r.yaml:15:26: error: suddenDeath.colour: unknown key (known: deductWrong, enabled, points, seconds, types)")
        // A near miss is named.
        let misspelt = try #require(throws: RulesReadFailure.self) { try ContestRules.read(yaml: "name: x\nrounds: []\nsuddenDeath: {pionts: 2}\n") }
        #expect(misspelt.diagnostics.contains { $0.path == "suddenDeath.pionts" && $0.chinese == "未知的键（是不是 points？）" })
    }

    @Test func syntaxErrorsAreLocated() throws {
        let failure = try #require(throws: RulesReadFailure.self) { try ContestRules.read(yaml: "name: x\nrounds: [\n") }
        #expect(failure.diagnostics.count == 1)
        #expect(failure.diagnostics[0].line == 3)
    }
}

@Suite struct ContestPlayTests {
    let teams = ["一队", "二队", "三队"]

    func newContest(seed: UInt64 = 7) throws -> Contest {
        try Contest(rules: .preset, teams: teams, questions: sampleQuestions(), seed: seed)
    }

    /// The whole preset contest: 必答 2 per team, 抢答 6 with a foul and a pass, 风险 in score order, a tie settled
    /// by sudden death. Scores computed by hand in the comments.
    static let fullContest = [
        // 必答: 一队 +10, 二队 0, 三队 +10 (a mistaken wrong, undone), 一队 +10, 二队 +10, 三队 0 → 120 110 110
        "n", "r", "n", "w", "n", "w", "undo", "r", "n", "r", "n", "r", "n", "w",
        // 抢答 1: 二队 right → 二队 120
        "n", "s", "b 2", "r",
        // 抢答 2: 三队 buzzes before 开始: −10, void → 三队 100; replacement: 一队 wrong → 一队 110
        "n", "三队", "n", "s", "b1", "w",
        // 抢答 3: nobody → passes on the next 'n'; 抢答 4: 三队 right → 110
        "n", "s", "n", "s", "b 三队", "r",
        // 抢答 5: 二队 right → 130; 抢答 6: 一队 right → 120
        "n", "s", "b 二", "r", "n", "s", "b 1", "r",
        // 风险, highest first: 二队 (130) chooses 30, wrong → 100; 一队 (120) 10 right → 130; 三队 (110) 20 right → 130
        "30", "n", "w", "c 10", "n", "r", "choose 20", "n", "r",
        // 一队 and 三队 tied at 130: sudden death, 三队 right → 140
        "n", "s", "b 3", "r",
    ]

    @Test func aFullContestEndsWithTheExpectedScores() throws {
        let (contest, events) = try play(Self.fullContest, contest: newContest())
        #expect(contest.state.phase == .finished)
        #expect(contest.state.scores == [130, 100, 140])
        #expect(contest.ranks == [2, 3, 1])
        #expect(contest.state.roundPoints == [[20, 10, 10], [0, 20, 0], [10, -30, 20], [0, 0, 10]])
        // 6 + 7 (the void one included) + 3 + 1 questions, none twice.
        #expect(contest.shown.count == 17)
        #expect(Set(contest.shown).count == contest.shown.count)
        #expect(events.filter { $0.kind == .undo }.count == 1)
        let result = ContestResult(contest, language: .zhHans)
        #expect(result.teams.map(\.name) == ["三队", "一队", "二队"])
        #expect(result.teams.map(\.rank) == [1, 2, 3])
        #expect(result.rulings.filter { $0.ruling == "foul" }.map(\.points) == [-10])
        #expect(result.rulings.filter { $0.ruling == "pass" }.count == 1)
        // The undone 'wrong' is not a ruling that stands.
        #expect(result.rulings.count == 6 + 7 + 3 + 1)
    }

    @Test func replayingTheLogGivesTheSameContest() throws {
        let (live, events) = try play(Self.fullContest, contest: newContest())
        var replayed = try newContest()
        for event in events { try replayed.apply(event) }
        #expect(replayed.state == live.state)
        #expect(replayed.shown == live.shown)
    }

    @Test func theSameSeedDrawsTheSameQuestionsAndAnotherSeedOthers() throws {
        let first = try play(Self.fullContest, contest: newContest(seed: 7)).contest.shown
        let again = try play(Self.fullContest, contest: newContest(seed: 7)).contest.shown
        let other = try play(Self.fullContest, contest: newContest(seed: 8)).contest.shown
        #expect(first == again)
        #expect(first != other)
    }

    @Test func roundsDrawOnlyTheirTypesAndRiskValuesTheirDifficulty() throws {
        let (contest, events) = try play(Self.fullContest, contest: newContest())
        let shownTypes = contest.shown.map { contest.question($0)!.type }
        #expect(shownTypes.prefix(6).allSatisfy { [.single, .trueFalse].contains($0) })
        // The risk questions are 14th–16th: chosen 30, 10, 20.
        let risk = events.filter { $0.kind == .question }.dropFirst(13).prefix(3).map { contest.question($0.question!)!.difficulty! }
        #expect([.fairlyHard, .hard].contains(risk[0]))
        #expect([.easy, .fairlyEasy].contains(risk[1]))
        #expect(risk[2] == .medium)
    }

    @Test func undoPutsTheQuestionBackButANewDrawNeverRepeatsIt() throws {
        var (contest, _) = try play(["n", "r", "n"], contest: newContest())
        let shownBefore = contest.shown
        (contest, _) = try play(["w", "undo"], contest: contest)
        // The ruling is gone and the same question is on the floor for 二队.
        guard case .asking(let asking) = contest.state.phase else {
            Issue.record("no question on the floor")
            return
        }
        #expect(asking.question == shownBefore[1] && asking.responder == 1)
        #expect(contest.state.scores == [110, 100, 100])
        // Undo twice more: the first ruling too, then nothing left to undo.
        (contest, _) = try play(["undo"], contest: contest)
        #expect(contest.state.scores == [100, 100, 100])
        #expect(throws: ContestProblem.self) { try play(["undo"], contest: contest) }
        // Rule again and move on: the question after is new.
        (contest, _) = try play(["r", "n", "v", "n"], contest: contest)
        #expect(contest.shown.count == 4)
        #expect(Set(contest.shown).count == contest.shown.count)
    }

    @Test func aLastBuzzInQuestionNobodyAnsweredPassesIntoTheNextRound() throws {
        var (contest, _) = try play(["n", "r", "n", "r", "n", "r", "n", "r", "n", "r", "n", "r"], contest: newContest())
        for _ in 0..<5 { (contest, _) = try play(["n", "s", "b 1", "r"], contest: contest) }
        (contest, _) = try play(["n", "s"], contest: contest)
        // 'next' closes the sixth question as a pass; the risk round begins with a choice, not a question.
        let (after, events) = try play(["n"], contest: contest)
        #expect(events.map(\.kind) == [.pass])
        #expect(after.currentRound?.kind == .risk && after.state.phase == .choosing)
        #expect(after.teamOnTurn == 0)  // 一队 leads with 170
    }

    @Test func foulsBarATeamAfterTheLimit() throws {
        // Straight to the buzz-in round.
        var (contest, _) = try play(["n", "r", "n", "r", "n", "r", "n", "r", "n", "r", "n", "r"], contest: newContest())
        #expect(contest.currentRound?.kind == .buzzIn)
        for _ in 0..<3 { (contest, _) = try play(["n", "b 1"], contest: contest) }
        #expect(contest.state.scores[0] == 120 - 30)
        #expect(contest.barred == [0])
        (contest, _) = try play(["n", "s"], contest: contest)
        let refused = try #require(throws: ContestProblem.self) { try play(["b 1"], contest: contest) }
        #expect(refused.english.contains("may not buzz"))
        // Fouls do not count as questions of the round.
        #expect(contest.state.turn == 0)
    }

    @Test func rulingsNeedAResponderAndTheRightPhase() throws {
        let contest = try newContest()
        #expect(throws: ContestProblem.self) { try play(["r"], contest: contest) }
        let (buzzRound, _) = try play(["n", "r", "n", "r", "n", "r", "n", "r", "n", "r", "n", "r", "n"], contest: contest)
        let noBuzz = try #require(throws: ContestProblem.self) { try play(["r"], contest: buzzRound) }
        #expect(noBuzz.english.contains("buzzed"))
        let mustRule = try #require(throws: ContestProblem.self) { try play(["n", "n"], contest: contest) }
        #expect(mustRule.english.contains("rule on this question"))
        #expect(throws: ContestProblem.self) { try play(["c 20"], contest: contest) }
    }

    @Test func endingEarlyRanksByTheScoresSoFarAndCanBeUndone() throws {
        var (contest, _) = try play(["n", "r", "n", "r", "end"], contest: newContest())
        #expect(contest.state.phase == .finished && contest.state.endedEarly)
        #expect(contest.ranks == [1, 1, 3])
        (contest, _) = try play(["undo"], contest: contest)
        #expect(contest.state.phase == .waiting)
    }

    @Test func threeWayTiesPlayUntilEveryPlaceIsSettled() throws {
        let yaml = """
            name: 小赛
            rounds:
              - {kind: 必答, questionsPerTeam: 1, points: 10}
            suddenDeath: {points: 10, deductWrong: false}
            """
        let rules = try ContestRules.read(yaml: yaml)
        var (contest, _) = try play(["n", "r", "n", "r", "n", "r"], contest: Contest(rules: rules, teams: teams, questions: sampleQuestions(), seed: 1))
        #expect(contest.state.tied == [0, 1, 2])
        // A team outside the tie may not buzz: everyone is in it here; 二队 pulls ahead, 一队 and 三队 stay tied.
        (contest, _) = try play(["n", "s", "b 2", "r"], contest: contest)
        #expect(contest.state.tied == [0, 2])
        let outside = try #require(throws: ContestProblem.self) { try play(["n", "s", "b 2"], contest: contest) }
        #expect(outside.english.contains("not in the sudden death"))
        // 一队 wrong (no deduction here), 三队 right: 三队 takes second. Its 120 equals 二队's, but 二队 won first
        // place in the earlier play-off: a play-off for second never reopens first.
        (contest, _) = try play(["n", "s", "b 1", "w", "n", "s", "b 3", "r"], contest: contest)
        #expect(contest.state.scores == [110, 120, 120])
        #expect(contest.state.phase == .finished && contest.state.tied.isEmpty)
        #expect(contest.ranks == [3, 1, 2] && contest.places == [[1], [2], [0]])
    }

    @Test func generatedPlayOffsKeepEveryDecidedPlace() throws {
        // 300 contests of four teams: random rulings in the rounds, then play-offs with random buzzers and rulings
        // until every place is settled. Whatever happens in sudden death, a team with more points after the rounds
        // ranks ahead of one with fewer, and the final ranks are 1, 2, 3, 4.
        let four = ["一队", "二队", "三队", "四队"]
        let rules = try ContestRules.read(yaml: "name: 小赛\nrounds:\n  - {kind: 必答, questionsPerTeam: 2, points: 10}\nsuddenDeath: {points: 10, deductWrong: true}\n")
        var random = SplitMix64(seed: 99)
        for trial in 0..<300 {
            var lines: [String] = []
            for _ in 0..<8 { lines += ["n", random.uniform(below: 2) == 0 ? "r" : "w"] }
            var (contest, _) = try play(lines, contest: Contest(rules: rules, teams: four, questions: sampleQuestions(200), seed: UInt64(trial)))
            let regular = contest.state.scores
            var steps = 0
            while contest.state.phase != .finished, steps < 60 {
                let tied = contest.state.tied
                let team = tied[random.uniform(below: tied.count)] + 1
                (contest, _) = try play(["n", "s", "b \(team)", random.uniform(below: 3) == 0 ? "r" : "w"], contest: contest)
                steps += 1
            }
            #expect(contest.state.phase == .finished, "trial \(trial)")
            let ranks = contest.ranks
            #expect(ranks.sorted() == [1, 2, 3, 4], "trial \(trial): \(ranks)")
            for a in 0..<4 {
                for b in 0..<4 where regular[a] > regular[b] {
                    #expect(ranks[a] < ranks[b], "trial \(trial): \(regular) → \(contest.state.scores), ranks \(ranks)")
                }
            }
        }
    }

    @Test func aPlayOffForSecondPlaceNeverTakesATeamToFirst() throws {
        // The review's case: 一队 120, 二队 110, 三队 110 after the rounds; 二队 wins the play-off for second with
        // 10 points, reaching 一队's 120 — 一队 stays first, alone, and plays nothing.
        let yaml = """
            name: 小赛
            rounds:
              - {kind: 必答, questionsPerTeam: 2, points: 10}
            suddenDeath: {points: 10, deductWrong: true}
            """
        let rules = try ContestRules.read(yaml: yaml)
        /// The rounds: 一队 right twice, 二队 and 三队 once each → 120, 110, 110.
        func afterTheRounds() throws -> Contest {
            try play(
                ["n", "r", "n", "r", "n", "r", "n", "r", "n", "w", "n", "w"], contest: Contest(rules: rules, teams: teams, questions: sampleQuestions(), seed: 3)
            ).contest
        }
        var contest = try afterTheRounds()
        #expect(contest.state.scores == [120, 110, 110] && contest.state.tied == [1, 2])
        #expect(try #require(throws: ContestProblem.self) { try play(["n", "s", "b 1"], contest: contest) }.english.contains("not in the sudden death"))
        (contest, _) = try play(["n", "s", "b 2", "r"], contest: contest)
        #expect(contest.state.scores == [120, 120, 110])
        #expect(contest.state.phase == .finished && contest.ranks == [1, 2, 3])
        // A deducted wrong answer puts the team behind its group, never behind a team already placed below it.
        (contest, _) = try play(["n", "s", "b 3", "w"], contest: try afterTheRounds())
        #expect(contest.state.scores == [120, 110, 100])
        #expect(contest.state.phase == .finished && contest.ranks == [1, 2, 3])
        let result = ContestResult(contest, language: .zhHans)
        #expect(result.teams.map(\.name) == teams && result.teams.map(\.rank) == [1, 2, 3])
    }

    @Test func teamsAndSupplyAreChecked() {
        #expect(throws: ContestProblem.self) { try Contest(rules: .preset, teams: ["一队"], questions: sampleQuestions(), seed: 1) }
        #expect(throws: ContestProblem.self) { try Contest(rules: .preset, teams: ["一队", "一队"], questions: sampleQuestions(), seed: 1) }
        let short = #expect(throws: ContestProblem.self) { try Contest(rules: .preset, teams: teams, questions: sampleQuestions(12), seed: 1) }
        #expect(short?.english == "the bank holds 12 usable questions; the rounds need 15")
    }

    @Test func hostInputReadsWordsKeysAndTeams() throws {
        let contest = try newContest()
        #expect(try HostInput.parse("下一题", contest: contest).get() == .contest(.next))
        #expect(try HostInput.parse("  b3 ", contest: contest).get() == .contest(.buzz(team: 2)))
        #expect(try HostInput.parse("抢答 二队", contest: contest).get() == .contest(.buzz(team: 1)))
        #expect(try HostInput.parse("foul 一", contest: contest).get() == .contest(.foul(team: 0)))
        #expect(try HostInput.parse("比分", contest: contest).get() == .board)
        #expect(try HostInput.parse("", contest: contest).get() == .nothing)
        #expect(throws: ContestProblem.self) { try HostInput.parse("b 4", contest: contest).get() }
        #expect(throws: ContestProblem.self) { try HostInput.parse("跳舞", contest: contest).get() }
        let ambiguous = try Contest(rules: .preset, teams: ["组织一队", "组织二队"], questions: sampleQuestions(), seed: 1)
        let problem = #expect(throws: ContestProblem.self) { try HostInput.parse("b 组织", contest: ambiguous).get() }
        #expect(problem?.english.contains("could be") == true)
    }
}
