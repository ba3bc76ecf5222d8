import QuizModel
import Testing

@testable import StudySession

@Suite("Practice sessions: choosing, marking, scheduling")
struct PracticeSessionTests {
    static let questions: [Question] = (0..<6).map { index in
        Question(id: "q\(index)", stem: "题\(index)", content: .single(options: ["甲", "乙", "丙"], answer: 1), topic: index < 3 ? "甲类" : "乙类")
    }
    static let now = ISOTime.parse("2026-11-21T09:00:00Z")!

    @Test func dueQuestionsComeFirstThenNewOnes() {
        let cards: [String: CardState] = [
            "q4": CardState(phase: .review, step: nil, stability: 3, difficulty: 5, due: Self.now.adding(seconds: -3600), lastReview: Self.now.adding(seconds: -86_400 * 3)),
            "q2": CardState(phase: .review, step: nil, stability: 3, difficulty: 5, due: Self.now.adding(seconds: -60), lastReview: Self.now.adding(seconds: -86_400)),
            "q0": CardState(phase: .review, step: nil, stability: 30, difficulty: 5, due: Self.now.adding(seconds: 86_400 * 20), lastReview: Self.now),
        ]
        let session = PracticeSession(questions: Self.questions, cards: cards, wrongBook: [], mode: .due, count: 4, now: Self.now, seed: 1)
        #expect(session.items.map(\.question.id).prefix(2) == ["q4", "q2"])
        #expect(session.items.map(\.reason) == [.due, .due, .new, .new])
        #expect(!session.items.contains { $0.question.id == "q0" })  // not due, not new
    }

    @Test func wrongAndNewModes() {
        let cards = ["q1": CardState(due: Self.now.adding(seconds: 999_999))]
        let wrong = PracticeSession(questions: Self.questions, cards: cards, wrongBook: ["q5", "q1", "gone"], mode: .wrong, count: 10, now: Self.now, seed: 1)
        #expect(wrong.items.map(\.question.id) == ["q5", "q1"])
        let new = PracticeSession(questions: Self.questions, cards: cards, wrongBook: [], mode: .new, count: 10, now: Self.now, seed: 1)
        #expect(Set(new.items.map(\.question.id)) == ["q0", "q2", "q3", "q4", "q5"])
    }

    @Test func ratingsComeFromTheAnswerAndItsSpeed() throws {
        var session = PracticeSession(
            questions: Self.questions, cards: [:], wrongBook: [], mode: .new, count: 4, now: Self.now, seed: 2, shuffleOptions: false)
        let right = try #require(session.parse("b")).get()
        #expect(session.answer(right, elapsedSeconds: 3, at: Self.now)?.rating == .easy)
        #expect(session.answer(right, elapsedSeconds: 20, at: Self.now)?.rating == .good)
        #expect(session.answer(right, elapsedSeconds: 90, at: Self.now)?.rating == .hard)
        let wrong = try #require(session.parse("a")).get()
        let answered = session.answer(wrong, elapsedSeconds: 2, at: Self.now)
        let feedback = try #require(answered)
        #expect(feedback.rating == .again)
        #expect(feedback.card.phase == .learning)
        #expect(session.answered == 4 && session.right == 3)
        #expect(session.current == nil)
    }

    @Test func revealCountsAsForgottenAndSkipRecordsNothing() {
        var session = PracticeSession(questions: Self.questions, cards: [:], wrongBook: [], mode: .new, count: 2, now: Self.now, seed: 3)
        session.skip()
        #expect(session.answered == 0 && session.skipped == 1)
        #expect(session.reveal(at: Self.now)?.rating == .again)
        #expect(session.right == 0 && session.answered == 1)
    }

    @Test func shuffledOptionsKeepTheRightAnswer() throws {
        for seed in 0..<20 as Range<UInt64> {
            var session = PracticeSession(questions: Self.questions, cards: [:], wrongBook: [], mode: .new, count: 1, now: Self.now, seed: seed)
            let item = try #require(session.current)
            let letter = item.correctAnswer
            #expect(item.options[Int(letter.unicodeScalars.first!.value) - 65] == "乙")
            let answer = try #require(session.parse(letter)).get()
            #expect(session.answer(answer, elapsedSeconds: 10, at: Self.now)?.grade.isCorrect == true)
        }
    }
}
