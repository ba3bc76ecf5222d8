import QuizModel
import Testing

@testable import BankFormats

@Suite("Native format: every variant organizers write")
struct NativeBankVariantTests {
    let file: ParsedBankFile
    init() throws { file = try parseFixture("variants.txt") }

    func question(_ number: Int) -> Question { file.questions[number - 1] }

    @Test func readsEveryQuestion() {
        #expect(file.questions.count == 26)
        #expect(file.encoding == .utf8)
        // The only diagnostic: 题型 says 多选 inside a 单项选择题 section.
        #expect(file.diagnostics.map(\.problem) == [.sectionTypeConflict(section: .single, field: .multiple)])
    }

    @Test func optionsOnOneLineWithMixedLabels() {
        #expect(question(1).content == .single(options: ["选项甲", "抓基层打基础", "选项丙", "选项丁"], answer: 1))
        #expect(question(1).explanation == "见原文。")
        #expect(question(1).difficulty == .easy)
        #expect(question(1).topic == "干部工作")
        #expect(question(1).points == 2)
        #expect(question(1).location == SourceLocation(file: "variants.txt", line: 2, column: 1))
    }

    @Test func labelStylesAndAnswerFieldNames() {
        #expect(question(2).content == .single(options: ["甲", "乙", "丙", "丁"], answer: 3))
        #expect(question(3).content == .single(options: ["一", "二"], answer: 1))
        #expect(question(3).stem == "全角数字与全角字母")
        #expect(question(4).content == .single(options: ["甲", "乙"], answer: 0))
        // The section header's 每题2分 applies to every question of the section.
        #expect(question(4).points == 2)
    }

    @Test(arguments: [(5, [0, 1, 3]), (6, [0, 2]), (7, [0, 1, 2]), (8, [0, 1])])
    func multipleChoiceSeparators(number: Int, answers: [Int]) {
        guard case .multiple(_, let actual) = question(number).content else {
            Issue.record("question \(number) is \(question(number).type)")
            return
        }
        #expect(actual == answers)
        #expect(question(number).points == 3)
    }

    @Test func trueFalseTokens() {
        let expected = [true, false, true, false, true, false, true, false, true, false, true, false]
        let actual = (9...20).map { number -> Bool? in
            if case .trueFalse(let answer) = question(number).content { return answer }
            return nil
        }
        #expect(actual == expected)
    }

    @Test func fillBlanksAndAlternatives() {
        #expect(question(21).content == .fill(blanks: [Blank(["甲", "甲'"]), Blank(["乙"])], orderInsensitive: false))
        #expect(question(22).content == .fill(blanks: [Blank(["一"]), Blank(["二"])], orderInsensitive: true))
    }

    @Test func shortAnswersWithWeightedKeywords() {
        #expect(
            question(23).content
                == .short(
                    reference: "参考答案第一行\n第二行",
                    keywords: [Keyword("关键词一"), Keyword("关键词二", weight: 2), Keyword("关键词三", weight: 0.5)]))
        #expect(question(24).content == .short(reference: nil, keywords: [Keyword("甲"), Keyword("乙")]))
    }

    @Test func metadataFields() {
        let q = question(25)
        #expect(q.id == "KX-0025")
        #expect(q.hasExplicitID)
        #expect(q.source == SourceReference(document: "干部教育培训工作条例", article: "第五条", date: "2023-09-21"))
        #expect(q.tags == ["条例", "必考"])
        #expect(q.fixedOptionOrder)
        #expect(q.difficulty == .fairlyHard)
        #expect(q.points == 1.5)
        #expect(q.type == .single)  // 第二部分 单项选择题 is a section header
    }

    @Test func typeFieldWinsOverSection() {
        #expect(question(26).content == .multiple(options: ["甲", "乙", "丙"], answers: [1, 2]))
    }
}

@Suite("Native format: malformed banks give located diagnostics")
struct NativeBankDiagnosticTests {
    @Test func everyProblemInOnePass() throws {
        let file = try parseFixture("malformed.txt")
        let found = file.diagnostics.map { "\($0.location.line):\($0.location.column) \($0.severity) \($0.problem)" }
        let expected: [String] = [
            "1:1 warning \(BankProblem.textOutsideQuestion)",
            "6:4 error \(BankProblem.answerNotAnOption(letter: "E", labels: "A–B"))",
            "10:1 error \(BankProblem.missingOptionLabel(label: "C"))",
            "14:1 error \(BankProblem.duplicateOptionLabel(label: "A"))",
            "17:1 error \(BankProblem.emptyStem)",
            "24:4 error \(BankProblem.singleChoiceWithSeveralAnswers(answer: "AB"))",
            "25:1 error \(BankProblem.missingAnswer)",
            "33:4 warning \(BankProblem.multipleChoiceWithOneAnswer(letter: "B"))",
            "36:4 error \(BankProblem.notATrueFalseToken(text: "也许"))",
            "39:4 error \(BankProblem.blankCountMismatch(blanks: 2, answers: 1))",
            "40:1 error \(BankProblem.noBlanksInStem)",
            "45:1 error \(BankProblem.unknownField(name: "解折", suggestion: "解析"))",
            "49:1 error \(BankProblem.unknownField(name: "备注", suggestion: nil))",
            "52:4 error \(BankProblem.invalidDifficulty(text: "很难"))",
            "53:4 error \(BankProblem.invalidPoints(text: "零"))",
        ]
        #expect(found == expected)
        // Only the multiple-choice question with a warning survives.
        #expect(file.questions.map(\.stem) == ["多选一个答案"])
        // Each diagnostic carries its source line for the caret display.
        #expect(file.diagnostics[1].sourceLine == "答案：E")
    }

    @Test func messagesInBothLanguages() {
        let problem = BankProblem.answerNotAnOption(letter: "E", labels: "A–D")
        #expect(problem.message(in: .zhHans) == "答案 E 不在选项中（选项为 A–D）")
        #expect(problem.message(in: .en) == "answer E is not among the options (A–D)")
        #expect(
            BankProblem.unknownField(name: "Anwser", suggestion: "answer").message(in: .en)
                == "unknown field \"Anwser\"; did you mean \"answer\"?")
    }

    @Test func emptyFileIsAnError() {
        let file = parse("\n\n   \n")
        #expect(file.diagnostics.map(\.problem) == [.emptyFile])
    }

    @Test func optionsAndFieldsOutsideQuestions() {
        let file = parse("A. 甲\n答案：A\n1. 题\nA. 甲\nB. 乙\n答案：A\n")
        #expect(file.diagnostics.map(\.problem) == [.optionOutsideQuestion, .fieldOutsideQuestion(field: "答案")])
        #expect(file.questions.count == 1)
    }

    @Test func answerLettersThatAreNotLetters() {
        let file = parse("1. 题\nA. 甲\nB. 乙\n答案：A1\n")
        #expect(file.diagnostics.map(\.problem) == [.answerNotALetter(text: "A1")])
    }

    @Test func missingLabelsAreReportedAtTheOptionAfterTheGap() {
        let file = parse("1. 题\nA. 甲\nD. 丁\nE. 戊\n答案：A\n")
        #expect(file.diagnostics.map(\.problem) == [.missingOptionLabel(label: "B"), .missingOptionLabel(label: "C")])
        #expect(file.diagnostics.map(\.location.line) == [3, 3])
    }

    @Test func duplicateFieldWarns() {
        let file = parse("1. 题\n答案：对\n答案：错\n")
        #expect(file.diagnostics.map(\.problem) == [.duplicateField(name: "答案")])
        #expect(file.questions.first?.content == .trueFalse(answer: true))
    }

    @Test func columnsCountCharactersNotBytes() {
        let file = parse("1. 题\nA. 甲\nB. 乙\n【答案】Ｚ\n")
        #expect(file.diagnostics.first?.location == SourceLocation(file: "t.txt", line: 4, column: 5))
    }

    @Test func stemTextWithColonIsNotAField() {
        let file = parse("1. 阅读材料回答问题\n材料：某县委组织部……\n答案：对\n")
        #expect(file.diagnostics.isEmpty)
        #expect(file.questions.first?.stem == "阅读材料回答问题\n材料：某县委组织部……")
    }

    @Test func explanationLinesMayHoldColons() {
        let file = parse("1. 题\n答案：对\n解析：第一行\n依据：《条例》第五条\n")
        #expect(file.diagnostics.isEmpty)
        #expect(file.questions.first?.explanation == "第一行\n依据：《条例》第五条")
    }

    @Test func chineseNumeralsForSectionHeaders() {
        let cases = [(1, "一"), (10, "十"), (12, "十二"), (20, "二十"), (105, "一百零五"), (110, "一百一十"), (1010, "一千零一十")]
        for (n, expected) in cases { #expect(NativeBankWriter.chineseNumeral(n) == expected) }
        #expect(NativeBankWriter.chineseNumeral(10000) == nil)
    }

    @Test func decimalNumbersDoNotStartQuestions() {
        let file = parse("1. 增长了\n1.5倍（  ）\n答案：对\n")
        #expect(file.questions.first?.stem == "增长了\n1.5倍（  ）")
    }

    @Test func aQuestionsOwnScoringRule() {
        let file = parse("""
            1. 多选？
            A. 甲
            B. 乙
            C. 丙
            答案：AB
            评分：少选得一半分

            2. 多选？
            A. 甲
            B. 乙
            答案：AB
            评分：per-option:0.5

            3. 单选？
            A. 甲
            B. 乙
            答案：A
            评分：half

            4. 多选？
            A. 甲
            B. 乙
            答案：AB
            评分：看心情
            """)
        #expect(file.questions.map(\.scoringRule) == [.halfForSubset, .perOption(0.5), nil])
        // The wordings organizers write; 一 in 每选对一项 is not the value.
        #expect(BankValueSyntax.scoringRule("每选对一项得0.5分") == .perOption(0.5))
        #expect(BankValueSyntax.scoringRule("每選對一項得１分") == .perOption(1))
        #expect(BankValueSyntax.scoringRule("按选项得分0.25") == .perOption(0.25))
        #expect(BankValueSyntax.scoringRule("每选对一项得分") == nil)
        #expect(file.diagnostics.map(\.problem) == [
            .fieldNotForType(name: "评分", type: .single), .invalidScoringRule(text: "看心情"),
        ])
        #expect(NativeBankWriter.write([file.questions[0]]).contains("评分：half\n"))
    }
}
