import QuizModel
import RulesFiles
import Testing

@testable import QuizGames

@Suite struct SoloGamesTests {
    @Test func presetIsTheDailyQuizAndChallengeOf学习强国() {
        let rules = GameRules.preset
        #expect(rules.daily.questions == 5 && rules.daily.pointsPerRight == 1 && rules.daily.dailyCap == 5)
        #expect(rules.daily.ledger == GameRules.LedgerItem(category: "学习", item: "每日答题"))
        #expect(rules.challenge.pointsPerRight == 1 && rules.challenge.dailyCap == 6)
        #expect(rules.challenge.ledger == GameRules.LedgerItem(category: "学习", item: "挑战答题"))
    }

    @Test func badGameRulesAreLocated() throws {
        let yaml = "name: x\ndaily: {questions: 0, dailyCap: -1, ledger: {category: 学习}}\nchallenge: {questions: 3}\n"
        let failure = try #require(throws: RulesReadFailure.self) { try GameRules.read(yaml: yaml) }
        #expect(failure.diagnostics.map(\.path).sorted() == ["challenge.questions", "daily.dailyCap", "daily.ledger.item", "daily.questions"])
    }

    @Test func theDailyQuestionsDependOnTheDateAndTheBankNotOnTheFileOrder() {
        let pool = sampleQuestions(60)
        let rules = GameRules.preset.daily
        let day = CalendarDate(year: 2026, month: 11, day: 21)!
        let today = DailyQuiz.questions(from: pool, on: day, rules: rules).map(\.id)
        #expect(today.count == 5)
        #expect(Set(today).count == 5)
        #expect(DailyQuiz.questions(from: pool.reversed(), on: day, rules: rules).map(\.id) == today)
        #expect(DailyQuiz.questions(from: pool, on: CalendarDate(year: 2026, month: 11, day: 22)!, rules: rules).map(\.id) != today)
        // Only the preset's types: no fill-in questions.
        #expect(today.allSatisfy { id in pool.first { $0.id == id }!.type != .fill })
        // Another bank (one question more) draws another set.
        #expect(DailyQuiz.questions(from: sampleQuestions(61), on: day, rules: rules).map(\.id) != today)
    }

    @Test func aChallengeEndsAtTheFirstWrongAnswerAndNeverRepeats() {
        var run = ChallengeRun(pool: sampleQuestions(40), rules: GameRules.preset.challenge, seed: 9)
        var seen: Set<String> = []
        for _ in 0..<4 {
            let question = run.next()!
            #expect(seen.insert(question.id).inserted)
            run.answered(right: true)
        }
        #expect(run.streak == 4)
        _ = run.next()
        run.answered(right: false)
        #expect(run.over && run.next() == nil && run.streak == 4)
    }

    @Test func pointsStopAtTheDailyCap() {
        let rules = GameRules.preset.daily
        #expect(gamePoints(right: 4, rules: rules, earnedToday: 0) == 4)
        #expect(gamePoints(right: 4, rules: rules, earnedToday: 3) == 2)
        #expect(gamePoints(right: 4, rules: rules, earnedToday: 5) == 0)
        #expect(gamePoints(right: 0, rules: rules, earnedToday: 0) == 0)
    }
}
