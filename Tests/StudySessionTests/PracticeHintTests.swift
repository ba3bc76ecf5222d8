import QuizModel
import Testing

@testable import StudySession

@Suite("Practice hints give away a step at a time, never the answer")
struct PracticeHintTests {
    func item(_ content: QuestionContent, order: [Int]? = nil) -> PracticeItem {
        PracticeItem(
            question: Question(id: "q1", hasExplicitID: true, stem: "题", content: content, explanation: nil, topic: nil, difficulty: nil, points: nil, tags: []),
            optionOrder: order)
    }

    @Test func wrongOptionsAreStruckOutOneByOneLeavingOneWrongOption() {
        // Shown D C B A: the right answer (bank option 2) is shown as B.
        let single = item(.single(options: ["甲", "乙", "丙", "丁"], answer: 2), order: [3, 2, 1, 0])
        guard case .strikeOut(let first) = single.hint(step: 1), case .strikeOut(let second) = single.hint(step: 2),
            case .strikeOut(let third) = single.hint(step: 3)
        else {
            Issue.record("a single-choice question strikes options out")
            return
        }
        #expect(first.count == 1 && second.count == 2 && third == second, "\(first) \(second) \(third)")
        #expect(Array(second.prefix(1)) == first, "the same option goes first every time")
        #expect(!second.contains(1), "the right answer (shown as B) is never struck out")
        #expect(Set(second).isSubset(of: [0, 2, 3]))
        // Two right of five: two of three wrong ones at most.
        let multiple = item(.multiple(options: ["甲", "乙", "丙", "丁", "戊"], answers: [0, 4]))
        guard case .strikeOut(let struck) = multiple.hint(step: 9) else {
            Issue.record("a multiple-choice question strikes options out")
            return
        }
        #expect(struck.count == 2 && Set(struck).isSubset(of: [1, 2, 3]))
        #expect(item(.single(options: ["对的", "错的"], answer: 0)).hint(step: 1) == .none, "one wrong option: nothing to strike")
        #expect(item(.trueFalse(answer: true)).hint(step: 1) == .none)
    }

    @Test func blanksOpenACharacterAtATimeNeverWhole() {
        let fill = item(.fill(blanks: [Blank(["一流"]), Blank(["第一", "首位"]), Blank(["甲"])], orderInsensitive: false))
        #expect(fill.hint(step: 1) == .opening(["一", "第", ""]))
        #expect(fill.hint(step: 5) == .opening(["一", "第", ""]))
        #expect(item(.fill(blanks: [Blank(["甲"])], orderInsensitive: false)).hint(step: 1) == .none)
        #expect(item(.short(reference: "参考", keywords: [Keyword("要点一"), Keyword("要点二")])).hint(step: 1) == .keyPoints(2))
    }

    @Test func aRightAnswerAfterAHintIsRatedHardAtBest() throws {
        let question = Question(id: "q2", hasExplicitID: true, stem: "题", content: .trueFalse(answer: true), explanation: nil, topic: nil, difficulty: nil, points: nil, tags: [])
        for hinted in [false, true] {
            var session = PracticeSession(
                questions: [question], cards: [:], wrongBook: [], mode: .new, count: 1, now: Instant(microseconds: 0), seed: 1)
            let answer = try #require(try session.parse("对")?.get())
            let feedback = session.answer(answer, elapsedSeconds: 2, at: Instant(microseconds: 0), hinted: hinted)
            #expect(feedback?.rating == (hinted ? .hard : .easy))
        }
    }
}
