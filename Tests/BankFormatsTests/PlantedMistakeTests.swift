import QuizModel
import Testing

@testable import BankFormats

/// A clean three-question bank; each case below changes one line of it the way organizers mistype or habitually
/// write, and asserts the one diagnostic the change deserves (at its line and column) or none for a habit that is
/// read as meant — and that the other questions arrive intact.
private let cleanBank = """
    一、单选题（每题2分）
    1. 干部选拔任用工作应当坚持（  ）。
    A. 党管干部   B. 五湖四海   C. 任人唯亲   D. 论资排辈
    答案：A
    2. 第二题的题干（  ）
    A. 甲
    B. 乙
    C. 丙
    D. 丁
    答案：B
    解析：见原文。
    3. 第三题的题干（  ）
    A. 子   B. 丑
    答案：A
    """

/// One planted change: lines of the clean bank (1-based) replaced (a replacement may hold several lines, or none).
struct PlantedMistake: CustomTestStringConvertible, Sendable {
    var name: String
    var changes: [Int: String]
    /// `line:column severity problem`, or nothing for a habit that is read without a word.
    var expected: [String]
    /// The stems of the questions kept, by their first characters.
    var kept: [String]

    init(name: String, line: Int, replacement: String, also: [Int: String] = [:], expected: [String], kept: [String]) {
        self.name = name
        self.changes = also.merging([line: replacement]) { _, new in new }
        self.expected = expected
        self.kept = kept
    }

    var testDescription: String { name }

    var text: String {
        var lines = cleanBank.components(separatedBy: "\n")
        for (line, replacement) in changes { lines[line - 1] = replacement }
        return lines.joined(separator: "\n") + "\n"
    }
}

private let allThree = ["干部选拔", "第二题", "第三题"]

private let plantedMistakes: [PlantedMistake] = [
    PlantedMistake(
        name: "number typed 2。", line: 5, replacement: "2。第二题的题干（  ）",
        expected: ["5:2 error \(BankProblem.mistypedQuestionNumber(number: "2", separator: "。"))"],
        kept: ["干部选拔", "第三题"]),
    PlantedMistake(
        name: "number typed 2 with a space", line: 5, replacement: "2 第二题的题干（  ）",
        expected: ["5:2 error \(BankProblem.mistypedQuestionNumber(number: "2", separator: " "))"],
        kept: ["干部选拔", "第三题"]),
    PlantedMistake(
        name: "number typed 2，", line: 5, replacement: "2，第二题的题干（  ）",
        expected: ["5:2 error \(BankProblem.mistypedQuestionNumber(number: "2", separator: "，"))"],
        kept: ["干部选拔", "第三题"]),
    PlantedMistake(
        name: "number glued to the stem", line: 12, replacement: "3第三题的题干（  ）",
        expected: ["12:2 error \(BankProblem.mistypedQuestionNumber(number: "3", separator: "第"))"],
        kept: ["干部选拔", "第二题"]),
    PlantedMistake(
        name: "sub-items in a stem", line: 5, replacement: "2. 下列说法正确的是（  ）\n（1）甲说\n（2）乙说",
        expected: [], kept: ["干部选拔", "下列说法正确的是（  ）\n（1）甲说\n（2）乙说", "第三题"]),
    PlantedMistake(
        name: "a numbered list in a stem", line: 5, replacement: "2. 下列说法：\n1. 甲说\n2. 乙说\n正确的有（  ）",
        expected: [], kept: ["干部选拔", "下列说法：\n1. 甲说\n2. 乙说\n正确的有（  ）", "第三题"]),
    PlantedMistake(
        name: "a numbered list in an explanation", line: 11, replacement: "解析：理由有三：\n1. 甲\n2. 乙\n3. 丙",
        expected: [], kept: allThree),
    PlantedMistake(
        name: "a list in the first question's explanation reaching its next number", line: 4,
        replacement: "答案：A\n解析：两点：\n1. 甲\n2. 乙",
        expected: [], kept: allThree),
    PlantedMistake(
        name: "answer after the last option on its line", line: 13, replacement: "A. 子   B. 丑  答案：A", also: [14: ""],
        expected: [], kept: allThree),
    PlantedMistake(
        name: "answer after the last option, one space", line: 13, replacement: "A. 子   B. 丑 答案：A", also: [14: ""],
        expected: [], kept: allThree),
    PlantedMistake(
        name: "section header （一）单选题", line: 1, replacement: "（一）单选题（每题2分）", expected: [], kept: allThree),
    PlantedMistake(
        name: "section header 【单选题】", line: 1, replacement: "【单选题】（每题2分）", expected: [], kept: allThree),
    PlantedMistake(
        name: "section header 一、选择题", line: 1, replacement: "一、选择题（每题2分）", expected: [], kept: allThree),
    PlantedMistake(
        name: "a title above the first section", line: 1, replacement: "2024年干部教育培训题库\n一、单选题（每题2分）",
        expected: ["1:1 warning \(BankProblem.textOutsideQuestion)"], kept: allThree),
    PlantedMistake(
        name: "two options with the same text", line: 8, replacement: "C. 甲",
        expected: ["8:1 error \(BankProblem.duplicateOptionText(label: "C", first: "A"))"],
        kept: ["干部选拔", "第三题"]),
    PlantedMistake(
        name: "a skipped number", line: 12, replacement: "4. 第三题的题干（  ）",
        expected: ["12:1 warning \(BankProblem.questionNumberGap(expected: 3, found: 4))"], kept: allThree),
    PlantedMistake(
        name: "a repeated number", line: 12, replacement: "2. 第三题的题干（  ）",
        expected: ["12:1 warning \(BankProblem.questionNumberRepeated(number: 2, previous: 2))"], kept: allThree),
    PlantedMistake(
        name: "an announced count that does not match", line: 1, replacement: "一、单选题（共4题，每题2分）",
        expected: ["1:1 warning \(BankProblem.announcedCountMismatch(announced: 4, found: 3))"], kept: allThree),
    PlantedMistake(
        name: "an announced count that matches", line: 1, replacement: "一、单选题（共3题，每题2分，共6分）",
        expected: [], kept: allThree),
    PlantedMistake(
        name: "a full stop after the answer", line: 10, replacement: "答案：B。", expected: [], kept: allThree),
    PlantedMistake(
        name: "the answer in the stem's brackets", line: 5, replacement: "2. 第二题的题干（B）", also: [10: ""],
        expected: [], kept: allThree),
    PlantedMistake(
        name: "the answer missing", line: 14, replacement: "解析：没有答案。",
        expected: ["12:1 error \(BankProblem.missingAnswer)"], kept: ["干部选拔", "第二题"]),
    PlantedMistake(
        name: "a misspelled field", line: 11, replacement: "解折：见原文。",
        expected: ["11:1 error \(BankProblem.unknownField(name: "解折", suggestion: "解析"))"],
        kept: ["干部选拔", "第三题"]),
]

@Suite("Native format: one planted mistake gives one diagnostic at its line")
struct PlantedMistakeTests {
    @Test func theCleanBankIsClean() {
        let file = NativeBankParser.parse(text: cleanBank + "\n", path: "bank.txt")
        #expect(file.diagnostics.isEmpty)
        #expect(file.questions.count == 3)
    }

    @Test(arguments: plantedMistakes)
    func oneDiagnosticAtItsLine(_ mistake: PlantedMistake) {
        let file = NativeBankParser.parse(text: mistake.text, path: "bank.txt")
        let found = file.diagnostics.map { "\($0.location.line):\($0.location.column) \($0.severity) \($0.problem)" }
        #expect(found == mistake.expected)
        #expect(file.questions.count == mistake.kept.count)
        for (question, stem) in zip(file.questions, mistake.kept) { #expect(question.stem.hasPrefix(stem)) }
        // Whatever was read around the mistake, the untouched questions keep their content.
        if let first = file.questions.first(where: { $0.stem.hasPrefix("干部选拔") }) {
            #expect(first.content == .single(options: ["党管干部", "五湖四海", "任人唯亲", "论资排辈"], answer: 0))
        }
        if let third = file.questions.first(where: { $0.stem.hasPrefix("第三题") }) {
            #expect(third.content == .single(options: ["子", "丑"], answer: 0))
            #expect(third.points == 2)
        }
    }
}

@Suite("Native format: habits read as meant")
struct NativeBankHabitTests {
    func parse(_ text: String) -> ParsedBankFile { NativeBankParser.parse(text: text, path: "bank.txt") }

    @Test func subItemsAndListsStayText() throws {
        let file = parse(cleanBank.replacingOccurrences(
            of: "2. 第二题的题干（  ）", with: "2. 下列说法：\n（1）甲说\n（2）乙说\n正确的是（  ）") + "\n解析：要点：\n1. 一\n2. 二\n")
        #expect(file.diagnostics.isEmpty)
        #expect(file.questions[1].stem == "下列说法：\n（1）甲说\n（2）乙说\n正确的是（  ）")
        #expect(file.questions[2].explanation == "要点：\n1. 一\n2. 二")
    }

    @Test func answerInTheStemBracketsIsTakenAndBlanked() throws {
        let file = parse("""
            1. 干部选拔任用工作应当坚持（A）。
            A. 党管干部   B. 五湖四海
            2. 下列属于基本原则的有（ A C ）
            A. 甲  B. 乙  C. 丙
            3. 党管干部是干部工作的根本原则。（√）
            4. 组织部门可以任人唯亲。（×）

            """)
        #expect(file.diagnostics.isEmpty)
        #expect(file.questions.map(\.stem) == [
            "干部选拔任用工作应当坚持（  ）。", "下列属于基本原则的有（  ）", "党管干部是干部工作的根本原则。（  ）", "组织部门可以任人唯亲。（  ）",
        ])
        #expect(file.questions.map(\.content) == [
            .single(options: ["党管干部", "五湖四海"], answer: 0),
            .multiple(options: ["甲", "乙", "丙"], answers: [0, 2]),
            .trueFalse(answer: true), .trueFalse(answer: false),
        ])
    }

    @Test func anAnswerLineWinsOverBracketText() throws {
        // With a 答案 line the brackets are the stem's own text (here a vitamin's name), kept as written.
        let file = parse("1. 缺乏维生素（A）会导致（  ）\nA. 夜盲症  B. 坏血病\n答案：A\n")
        #expect(file.diagnostics.isEmpty)
        #expect(file.questions.first?.stem == "缺乏维生素（A）会导致（  ）")
    }

    @Test func trueFalseWrittenAsTwoOptions() throws {
        let file = parse("""
            一、判断题
            1. 党管干部是根本原则。
            A. 正确  B. 错误
            答案：A
            2. 可以任人唯亲。
            A. 对  B. 错
            答案：B
            3. 三个选项不是判断题。
            A. 对  B. 错  C. 不知道
            答案：A

            """)
        #expect(file.questions.map(\.content) == [.trueFalse(answer: true), .trueFalse(answer: false)])
        #expect(file.diagnostics.map(\.problem) == [.optionsWithoutChoiceType(type: .trueFalse)])
        #expect(file.diagnostics.map(\.location.line) == [9])
    }

    @Test func pointsPerBlank() throws {
        let file = parse("""
            三、填空题（每空1分）
            1. 干部工作坚持____、____和____。
            答案：党管干部|德才兼备|五湖四海
            2. 只有____空。
            答案：一
            3. 写明分值的题不变：____。
            答案：甲
            分值：4

            """)
        #expect(file.diagnostics.isEmpty)
        #expect(file.questions.map(\.points) == [3, 1, 4])
    }

    @Test func fullWidthAndTrailingStopsAreReadAlike() throws {
        let file = parse("""
            1. 判断一。
            答案：Ｔ
            2. 判断二。
            答案：对。
            3. 单选。
            A. 甲  B. 乙
            答案：Ｂ。
            4. 多选。
            A. 甲  B. 乙  C. 丙
            答案：A,B,C.

            """)
        #expect(file.diagnostics.isEmpty)
        #expect(file.questions.map(\.content) == [
            .trueFalse(answer: true), .trueFalse(answer: true), .single(options: ["甲", "乙"], answer: 1),
            .multiple(options: ["甲", "乙", "丙"], answers: [0, 1, 2]),
        ])
    }

    @Test func choiceSectionLetsEachAnswerTellTheType() throws {
        let file = parse("""
            一、选择题（每题2分）
            1. 单选。
            A. 甲  B. 乙
            答案：B
            2. 多选。
            A. 甲  B. 乙  C. 丙
            答案：AC

            """)
        #expect(file.diagnostics.isEmpty)
        #expect(file.questions.map(\.type) == [.single, .multiple])
        #expect(file.questions.map(\.points) == [2, 2])
    }

    @Test func anAnnouncedCountStaysInFileOrder() throws {
        // The count is known only when the section ends; its warning still comes before the section's own problems.
        let file = parse("一、单选题（共3题）\n1. 甲？\nA. 子  B. 丑\n答案：E\n二、判断题\n2. 乙。\n答案：对\n")
        #expect(file.diagnostics.map(\.location.line) == [1, 4])
        #expect(file.diagnostics.first?.problem == .announcedCountMismatch(announced: 3, found: 1))
    }

    @Test func aWordSelectionIsNotAHeader() throws {
        // A bare 选择题 line without a numeral or brackets is text of the stem, not a new section.
        let file = parse("1. 请回答下面的\n选择题\nA. 甲  B. 乙\n答案：A\n")
        #expect(file.diagnostics.isEmpty)
        #expect(file.questions.first?.stem == "请回答下面的\n选择题")
    }
}
