import QuizModel
import Testing
import TextMatching

@testable import BankFormats

@Suite("Stable ids and checks across files")
struct IdentityAndChecksTests {
    @Test func duplicateGroupsAreTheSameQuestionAcrossScriptsAndOptionOrder() throws {
        let bank = parse(
            """
            1. 组织部门的职责是什么？
            A. 选干部  B. 抓基层  C. 管人才
            答案：A

            2. 組織部門的職責是什麼？
            A. 抓基層  B. 管人才  C. 選幹部
            答案：C

            3. 组织部门的职责是什么？
            A. 选干部  B. 抓基层  C. 建队伍
            答案：A

            4. 组织部门的职责是什么？
            A. 选干部  B. 抓基层
            答案：A

            5. 另一道题？
            A. 选干部  B. 抓基层  C. 管人才
            答案：A

            """)
        #expect(bank.questions.count == 5)
        let matcher = try TextMatcher.ignoringScriptAndPunctuation()
        // 1 and 2 are one question; 3 (another option), 4 (fewer options) and 5 (another stem) are not.
        #expect(BankChecks.duplicateGroups(bank.questions, matcher: matcher) == [[0, 1]])
        #expect(BankChecks.duplicateQuestions(bank.questions, matcher: matcher).count == 1)
    }

    @Test func derivedIDsIgnoreLayoutNumberingAndOptionOrder() {
        let a = parse("1. 组织部门的职责是（  ）\nA. 选干部\nB. 抓基层\n答案：A\n解析：甲\n")
        let b = parse("（7）组织部门的 职责是( )\nA、抓基层   B、选干部\n【答案】B\n难度：难\n")
        #expect(a.questions[0].id == b.questions[0].id)
        #expect(a.questions[0].id.hasPrefix("q"))
        #expect(a.questions[0].id.count == 15)
        #expect(!a.questions[0].hasExplicitID)
    }

    @Test func derivedIDsDoNotChangeWithTheScript() throws {
        let simplified = parse("1. 组织部门选拔干部要坚持德才兼备、以德为先，这体现了什么原则？\nA. 实践锻炼\nB. 群众公认\n答案：A\n")
        let traditional = parse("1. 組織部門選拔幹部要堅持德才兼備、以德為先，這體現了什麼原則？\nA. 實踐鍛煉\nB. 群眾公認\n答案：A\n")
        #expect(simplified.questions[0].id == traditional.questions[0].id)
        // Converting with OpenCC (what bank convert --script does) keeps the id both ways.
        let question = traditional.questions[0]
        let converted = try SharedScriptConverters.converter(to: .simplified)
        #expect(QuestionIdentity.derivedID(stem: converted.convert(question.stem), content: .single(options: question.content.options.map(converted.convert), answer: 0)) == question.id)
        let back = try SharedScriptConverters.converter(to: .traditional)
        #expect(QuestionIdentity.derivedID(stem: back.convert(simplified.questions[0].stem), content: .single(options: simplified.questions[0].content.options.map(back.convert), answer: 0)) == question.id)
        // Simplified characters that are also Traditional ones (著, 乾) stay themselves.
        #expect(ScriptFolding.simplified(Character("著").unicodeScalars.first!.value) == Character("著").unicodeScalars.first!.value)
        #expect(ScriptFolding.simplified(Character("幹").unicodeScalars.first!.value) == Character("干").unicodeScalars.first!.value)
        #expect(ScriptFolding.simplified(Character("干").unicodeScalars.first!.value) == Character("干").unicodeScalars.first!.value)
    }

    @Test func derivedIDsChangeWithContent() {
        let a = parse("1. 组织部门的职责\nA. 选干部\nB. 抓基层\n答案：A\n")
        let b = parse("1. 组织部门的任务\nA. 选干部\nB. 抓基层\n答案：A\n")
        #expect(a.questions[0].id != b.questions[0].id)
    }

    @Test func derivedIDIsPinned() {
        // The id is part of stored records: it must never change between versions or machines.
        let file = parse("1. 以考促学\n答案：对\n")
        #expect(file.questions[0].id == QuestionIdentity.derivedID(stem: "以考促学", content: .trueFalse(answer: true)))
        // Computed independently: FNV-1a 64 over [family 2] + UTF-8 of the folded stem + [0], top 56 bits.
        #expect(file.questions[0].id == "qb7057f079dfb1c")
    }

    @Test func explicitIDsMustBeUnique() {
        let first = parse("1. 甲\n答案：对\n编号：K1\n", path: "a.txt")
        let second = parse("1. 乙\n答案：对\nID: K1\n", path: "b.txt")
        let loaded = BankLoader.check([first, second], matcher: TextMatcher())
        #expect(
            loaded.diagnostics.map(\.problem) == [
                .duplicateID(id: "K1", first: SourceLocation(file: "a.txt", line: 1, column: 1))
            ])
        #expect(loaded.diagnostics[0].location == SourceLocation(file: "b.txt", line: 1, column: 1))
    }

    @Test func duplicatesAcrossFilesAndScripts() throws {
        let simplified = parse("1. 组织部门是干部之家。\n答案：对\n", path: "a.txt")
        let traditional = parse("1. 組織部門是幹部之家\n答案：對\n", path: "b.txt")
        let loaded = BankLoader.check([simplified, traditional], matcher: try TextMatcher.ignoringScriptAndPunctuation())
        #expect(
            loaded.diagnostics.map(\.problem) == [.duplicateQuestion(first: SourceLocation(file: "a.txt", line: 1, column: 1))])
        #expect(loaded.diagnostics[0].severity == .warning)
    }

    @Test func sameStemDifferentOptionsIsNotADuplicate() {
        let file = parse("1. 下列说法正确的是\nA. 甲\nB. 乙\n答案：A\n2. 下列说法正确的是\nA. 丙\nB. 丁\n答案：A\n")
        #expect(BankLoader.check([file], matcher: TextMatcher(folding: .all)).diagnostics.isEmpty)
    }

    @Test func shippedBanksCheckCleanly() throws {
        let loaded = try BankLoader.load(paths: [shippedBanksPath()])
        #expect(loaded.diagnostics.isEmpty)
        #expect(loaded.bank.questions.count >= 200)
        #expect(Set(loaded.bank.questions.map(\.type)) == Set(QuestionType.allCases))
        // Every explanation names its source document.
        for question in loaded.bank.questions {
            let document = try #require(question.source?.document)
            #expect(question.explanation?.contains("《\(document)》") == true, "\(question.location!)")
        }
    }

    @Test func missingPathsAreLoadErrors() {
        #expect(throws: BankLoadError.notFound(path: "/no/such/bank")) {
            try BankLoader.load(paths: ["/no/such/bank"])
        }
    }
}

@Suite("Field value syntax")
struct BankValueSyntaxTests {
    @Test(arguments: [
        ("《干部教育培训工作条例》，第五条，2023-09-21", SourceReference(document: "干部教育培训工作条例", article: "第五条", date: "2023-09-21")),
        ("《读本》2022年9月", SourceReference(document: "读本", date: "2022-09")),
        ("宿豫区委组织部 2022/4/24", SourceReference(document: "宿豫区委组织部", date: "2022-04-24")),
        ("《读本》", SourceReference(document: "读本")),
    ])
    func sources(text: String, expected: SourceReference) {
        #expect(BankValueSyntax.sourceReference(text) == expected)
    }

    @Test func pointsAndTopics() {
        #expect(BankValueSyntax.points("2分") == 2)
        #expect(BankValueSyntax.points("２") == 2)
        #expect(BankValueSyntax.points("-1") == nil)
        #expect(BankValueSyntax.topicPath(" 干部工作 ／ 选拔任用 > 民主推荐 ") == "干部工作/选拔任用/民主推荐")
        #expect(BankValueSyntax.topicPath("干部工作//选拔任用/") == "干部工作/选拔任用")
        #expect(BankValueSyntax.topicPath("/人才工作") == "人才工作")
        #expect(BankValueSyntax.topicPath("干部工作/选拔任用") == "干部工作/选拔任用")
        #expect(BankValueSyntax.topicPath("/") == nil)
        #expect(BankValueSyntax.points("1.5") == 1.5)
        #expect(BankValueSyntax.points("0") == nil)
        #expect(BankValueSyntax.points("1.2.3") == nil)
    }

    @Test func blankCounting() {
        #expect(BankValueSyntax.blankCount(in: "甲____乙＿＿丙（ ）丁()戊(注)") == 4)
        #expect(BankValueSyntax.blankCount(in: "snake_case 不是空") == 0)
    }
}
