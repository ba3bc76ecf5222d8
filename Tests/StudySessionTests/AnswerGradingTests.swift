import QuizModel
import Testing

@testable import StudySession

@Suite("Forgiving answers")
struct AnswerGradingTests {
    let grader = AnswerGrader.standard()
    let multiple = Question(id: "m", stem: "s", content: .multiple(options: ["甲", "乙", "丙", "丁"], answers: [0, 2]))
    let single = Question(id: "s", stem: "s", content: .single(options: ["甲", "乙", "丙"], answer: 1))

    @Test(arguments: ["ac", "AC", "a c", "A,C", "A、C", "ｃａ", "C A", "a;c"])
    func choiceSpellings(input: String) throws {
        let answer = try grader.parse(input, for: .multiple, optionCount: 4, blankCount: 0).get()
        #expect(answer == .choices([0, 2]))
        #expect(grader.grade(answer, question: multiple).isCorrect)
    }

    @Test func choiceProblems() {
        #expect(grader.parse("e", for: .multiple, optionCount: 4, blankCount: 0) == .failure(.noSuchOption(letter: "E", last: "D")))
        #expect(grader.parse("ab", for: .single, optionCount: 3, blankCount: 0) == .failure(.oneAnswerOnly))
        #expect(grader.parse("不知道", for: .single, optionCount: 3, blankCount: 0) == .failure(.notOptionLetters("不知道")))
        #expect(grader.parse("  ", for: .single, optionCount: 3, blankCount: 0) == .failure(.empty))
    }

    @Test func shuffledOptionsAreMarkedByBankIndex() throws {
        // Printed order: C, A, B → the right option 乙 (bank 1) is printed third.
        let answer = try grader.parse("c", for: .single, optionCount: 3, blankCount: 0).get()
        #expect(grader.grade(answer, question: single, optionOrder: [2, 0, 1]).isCorrect)
        #expect(!grader.grade(answer, question: single).isCorrect)
    }

    @Test func multipleChoiceRules() throws {
        let subset = try grader.parse("a", for: .multiple, optionCount: 4, blankCount: 0).get()
        #expect(grader.grade(subset, question: multiple).fraction == 0)
        #expect(AnswerGrader.standard(rule: .halfForSubset).grade(subset, question: multiple).fraction == 0.5)
        // The question's own rule (评分) wins over the session's.
        var own = multiple
        own.scoringRule = .halfForSubset
        #expect(grader.grade(subset, question: own).fraction == 0.5)
        own.scoringRule = .allOrNothing
        #expect(AnswerGrader.standard(rule: .halfForSubset).grade(subset, question: own).fraction == 0)
    }

    @Test(arguments: [("对", true), ("√", true), ("t", true), ("Y", true), ("正确", true), ("错", false), ("×", false), ("n", false), ("否", false)])
    func trueFalseTokens(input: String, value: Bool) throws {
        #expect(try grader.parse(input, for: .trueFalse, optionCount: 0, blankCount: 0).get() == .trueFalse(value))
    }

    @Test func blanksIgnoreWidthSpacesPunctuationAndScript() throws {
        let question = Question(id: "f", stem: "s", content: .fill(blanks: [Blank(["周末大课堂"]), Blank(["166", "一百六十六"])], orderInsensitive: false))
        for input in ["周末大课堂|166", "周末 大课堂；１６６", "“週末大課堂”|166。", "周末大课堂 ; 一百六十六"] {
            let answer = try grader.parse(input, for: .fill, optionCount: 0, blankCount: 2).get()
            #expect(grader.grade(answer, question: question).isCorrect, "\(input)")
        }
        let half = try grader.parse("周末大课堂|167", for: .fill, optionCount: 0, blankCount: 2).get()
        #expect(grader.grade(half, question: question).blanks == [true, false])
        #expect(grader.grade(half, question: question).fraction == 0.5)
        #expect(grader.parse("只有一个", for: .fill, optionCount: 0, blankCount: 2) == .failure(.blankCount(expected: 2, given: 1)))
    }

    @Test func unorderedBlanksMatchInAnyOrder() throws {
        let question = Question(id: "f", stem: "s", content: .fill(blanks: [Blank(["读"]), Blank(["讲"]), Blank(["干"])], orderInsensitive: true))
        let answer = try grader.parse("干|读|讲", for: .fill, optionCount: 0, blankCount: 3).get()
        #expect(grader.grade(answer, question: question).isCorrect)
        let twice = try grader.parse("读|读|讲", for: .fill, optionCount: 0, blankCount: 3).get()
        #expect(grader.grade(twice, question: question).blanks.count { $0 } == 2)
    }

    @Test func shortAnswersEarnKeywordWeights() throws {
        let question = Question(id: "k", stem: "s", content: .short(reference: nil, keywords: [Keyword("月统计", weight: 2), Keyword("季公示"), Keyword("年累加")]))
        let grade = grader.grade(.text("采取月统计、年累加的方式"), question: question)
        #expect(grade.keywordsFound == ["月统计", "年累加"])
        #expect(grade.fraction == 0.75)
    }
}
