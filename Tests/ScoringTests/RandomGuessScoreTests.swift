import PaperAssembly
import QuizModel
import Testing

@testable import Scoring

@Suite("Random guess scores")
struct RandomGuessScoreTests {
    /// A multiple-choice item of 4 options keyed AB, marked by `rule`, as the scorer compiles it.
    func item(_ rule: MultipleChoiceRule, type: QuestionType = .multiple, options: Int = 4, mask: UInt32 = 0b11) throws -> ScoringKey.Item {
        let entry = try AnswerKey.parse("version,number,id,type,answer,points,rule\nA,1,q,multiple,AB,6,\n").get().entries[0]
        return ScoringKey.Item(
            number: 1, question: 0, type: type, points: 6, correctMask: mask, rule: rule, optionCount: options, optionOrder: Array(0..<options), section: 0,
            entry: entry)
    }

    @Test func everyNonEmptyChoiceCountsOnce() throws {
        // Of the 15 non-empty choices of ABCD, only AB scores in full; under "half", A and B alone score half.
        #expect(try item(.allOrNothing).randomGuessScore.map { abs($0 - 100.0 / 15) < 1e-12 } == true)
        #expect(try item(.halfForSubset).randomGuessScore.map { abs($0 - 200.0 / 15) < 1e-12 } == true)
        #expect(try item(.allOrNothing, type: .single, mask: 0b1).randomGuessScore == 25)
        #expect(try item(.allOrNothing, type: .trueFalse, options: 0, mask: 0).randomGuessScore == 50)
        #expect(try item(.allOrNothing, type: .fill, options: 0, mask: 0).randomGuessScore == 0)
        // 26 options (key.csv alone): the options are not known, so neither is the guess.
        #expect(try item(.allOrNothing, options: 26).randomGuessScore == nil)
        #expect(try item(.allOrNothing, type: .single, options: 26, mask: 0b1).randomGuessScore == nil)
    }
}
