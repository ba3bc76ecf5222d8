import Foundation
import QuizModel
import Testing

@testable import BankFormats
@testable import BankInterchange

/// Realistic files from other tools read into the questions a person would expect (checked once by hand, then kept
/// as JSON next to the fixture), with every warning located.
@Suite struct FixtureTests {
    /// Reads `name`, checks its questions against `expected` (canonical JSON) and gives the problems back.
    func read(_ name: String, as format: BankFileFormat, expected: String) throws -> ImportedBank {
        let imported = BankConverter.read(try fixtureBytes(name), path: name, as: format)
        let json = JSONBankFormat.write(imported.questions)
        let expectedJSON = String(decoding: try fixtureBytes(expected), as: UTF8.self)
        #expect(json == expectedJSON)
        return imported
    }

    @Test func giftWithEveryFeature() throws {
        let imported = try read("every-feature.gift", as: .gift, expected: "every-feature.expected.json")
        #expect(imported.questions.count == 15)
        #expect(imported.skipped == 2)
        #expect(problemLines(imported) == [
            "warning 22:31: wrong options deduct 33.33333%; kaoxue's net rule deducts 50% each",
            "warning 35:43: the partial-credit (50%) answer \"讲课\" cannot be kept: dropped",
            "warning 39:30: the tolerance ±2 cannot be kept: only 38 is accepted",
            "warning 41:26: numeric range 3..7 accepted as its whole numbers",
            "warning 56:1: a GIFT matching question has no kaoxue type: skipped",
            "warning 62:1: a GIFT description (no {answers}) has no kaoxue type: skipped",
            "warning 72:2: partial credit (50%) on a single-choice option cannot be kept: read as wrong",
            "warning 78:29: the wrong options' weights match no scoring rule: the paper's rule applies",
        ])
        // Titles are names, as in Moodle; ids come from [id:] comments only.
        #expect(imported.questions.first?.id == "GB-001" && imported.questions.first?.hasExplicitID == true)
        #expect(imported.questions.dropFirst().allSatisfy { !$0.hasExplicitID })
        let byID = Dictionary(uniqueKeysWithValues: imported.questions.map { ($0.name ?? $0.id, $0) })
        // Weights become rules: Moodle's usual −100 % leaves the rule to the paper, equal penalties are net.
        #expect(byID["GB-002"]?.scoringRule == nil)
        #expect(byID["GB-003"]?.scoringRule == .net)
        // [id:] gives the id and the title the name; [tag:] comments give tags; $CATEGORY gives the topic until the next one.
        #expect(imported.questions.first?.tags == ["必考", "条例"])
        #expect(byID["GB-012"]?.topic == "基层组织建设")
        #expect(byID["GB-015"]?.topic == nil)
        // Escapes and \n.
        #expect(byID["GB-010"]?.stem == "在 GIFT 中写等号=、波浪号~、井号#、花括号{}、冒号:与反斜杠\\。这些字符在题目中")
        #expect(byID["GB-011"]?.stem == "第一行\n第二行：换行写作 \\n 时应当？")
        // The missing word's place is the blank; per-answer and general feedback make the explanation.
        #expect(byID["GB-005"]?.stem == "党的组织路线的核心是____，这是新时代党的组织路线的要求。")
        #expect(byID["GB-004"]?.explanation == "民主集中制是党的根本组织制度和领导制度。\n正确，这是条例的要求。\n错误，请再读第二条。")
    }

    @Test func moodleXMLExport() throws {
        let imported = try read("moodle-export.xml", as: .moodleXML, expected: "moodle-export.expected.json")
        #expect(imported.questions.count == 7)
        #expect(imported.skipped == 1)
        #expect(problemLines(imported) == ["warning 230: /quiz/question[9]: the Moodle question type \"matching\" has no kaoxue type: skipped"])
        // fraction 50/−50 is net; shuffleanswers 0 pins the order; defaultgrade is the points; HTML is plain text.
        let second = imported.questions[1]
        #expect(second.scoringRule == .net && second.fixedOptionOrder && second.points == 2)
        #expect(imported.questions[0].stem == "干部选拔任用工作必须坚持的原则不包括（   ）。")
    }

    @Test func excelTemplateAndItsGB18030Twin() throws {
        let sheet = try read("chinese-template.xlsx", as: .xlsx, expected: "chinese-template.expected.json")
        #expect(sheet.diagnostics.isEmpty)
        #expect(sheet.questions.map(\.type) == [.single, .multiple, .trueFalse, .fill, .short, .single])
        // Row 7's "a" and "2" read as the native format reads them.
        #expect(sheet.questions[5].difficulty == .fairlyEasy)
        #expect(sheet.questions[5].location == SourceLocation(file: "chinese-template.xlsx", line: 7, column: 3))
        _ = try read("chinese-template-gb18030.csv", as: .csv, expected: "chinese-template.expected.json")
    }

    @Test func wordDocumentTypedByAnOrganizer() throws {
        let imported = try read("organizer.docx", as: .docx, expected: "organizer.expected.json")
        // Automatic numbering, an option table, runs split mid-word, soft line breaks: four questions.
        #expect(imported.questions.count == 4)
        #expect(problemLines(imported) == ["warning paragraph 1:1: text outside a question (a title or instructions) is left out; a question starts with a number such as \"1.\", \"1、\" or \"（1）\""])
        #expect(imported.questions[1].location?.line == 8)
    }

    @Test func detectsFormatsFromExtensionAndContent() throws {
        #expect(BankFileFormat.detect(path: "a.gift", bytes: []) == .gift)
        #expect(BankFileFormat.detect(path: "bank.txt", bytes: Array("Q?\nA. x\nB. y\nANSWER: A\n".utf8)) == .aiken)
        #expect(BankFileFormat.detect(path: "bank.txt", bytes: Array("::t:: Q {=a ~b}\n".utf8)) == .gift)
        #expect(BankFileFormat.detect(path: "bank.txt", bytes: Array("1. 题干\nA. 甲\nB. 乙\n答案：A\n".utf8)) == .kaoxue)
        #expect(BankFileFormat.detect(path: "export", bytes: Array("<?xml version=\"1.0\"?><quiz/>".utf8)) == .moodleXML)
        #expect(BankFileFormat.detect(path: "x.bin", bytes: try fixtureBytes("organizer.docx")) == .docx)
        #expect(BankFileFormat.detect(path: "x.bin", bytes: try fixtureBytes("chinese-template.xlsx")) == .xlsx)
        #expect(BankFileFormat(name: "moodlexml") == .moodleXML && BankFileFormat(name: "excel") == .xlsx)
    }

    @Test func excelCellsAsDisplayedUnderATitle() throws {
        // Written by formatted-cells.py (openpyxl); the texts below are LibreOffice's "as shown" export of it.
        let imported = BankConverter.read(try fixtureBytes("formatted-cells.xlsx"), path: "formatted-cells.xlsx", as: .xlsx)
        #expect(problemLines(imported) == [
            "warning A1: 2 rows above the header (a title, instructions) left out",
            "error I7: no answer (such as \"答案：B\")",
        ])
        #expect(imported.questions.map(\.content.options) == [
            ["25%", "33.3%", "50%", "75%"],
            ["2018年10月1日", "2019年3月17日", "2020/1/1", "7月1日"],
            ["12,345", "1,234.50", "0.50", "100"],
            [],
            ["0.3", "0.30", "3成", "3000%"],
        ])
        // 正确/错误 as options with 答案 A: a 判断题.
        #expect(imported.questions[3].content == .trueFalse(answer: true))
        #expect(imported.questions[3].explanation == "见条例第二条。")
        #expect(imported.questions.map { $0.location?.line } == [4, 5, 6, 8, 9])
    }

    @Test func wordHabits() throws {
        // Written by word-habits.py (python-docx); rendered by LibreOffice, question 4's options show as E–H.
        let imported = BankConverter.read(try fixtureBytes("word-habits.docx"), path: "word-habits.docx", as: .docx)
        #expect(problemLines(imported) == [
            "warning paragraph 1:1: text outside a question (a title or instructions) is left out; a question starts with a number such as \"1.\", \"1、\" or \"（1）\"",
            "warning paragraph 21:1: the options' automatic letters continue the previous question's (Word shows E); read from A — restart the list at A in Word",
        ])
        #expect(imported.questions.map(\.content) == [
            // Underlined spaces are the blank.
            .fill(blanks: [Blank(["党管干部"])], orderInsensitive: false),
            // Letters in cells of their own.
            .single(options: ["德才兼备", "任人唯亲", "论资排辈", "求全责备"], answer: 0),
            .single(options: ["根本原则", "一般原则", "次要原则", "临时原则"], answer: 0),
            // Word's E–H read from A.
            .multiple(options: ["信念坚定", "为民服务", "勤政务实", "敢于担当"], answers: [0, 1, 2, 3]),
        ])
        #expect(imported.questions[0].stem == "干部工作坚持____的原则。")
    }

    @Test func csvRowsAreTheRowsASpreadsheetShows() throws {
        // Row 2's stem holds a line break; row 3's answer is wrong and is reported at row 3, as Excel numbers it.
        let csv = "题型,题干,选项A,选项B,答案\n单选,\"两行\n的题干\",甲,乙,A\n单选,第二题,甲,乙,C\n"
        let imported = QuestionTable.read(try CSVTable.parse(csv), path: "t.csv")
        #expect(problemLines(imported) == ["error E3: answer C is not among the options (A–B)"])
    }

    @Test func englishAndTraditionalHeaders() throws {
        let csv = "ID,Type,Question,Option A,Option B,Answer,Explanation,Difficulty,Topic,Points\nK-1,single,Which?,yes,no,B,because,3,a/b,2\n"
        let english = QuestionTable.read(try CSVTable.parse(csv), path: "e.csv")
        #expect(english.diagnostics.isEmpty)
        #expect(english.questions.first?.id == "K-1" && english.questions.first?.content == .single(options: ["yes", "no"], answer: 1))
        let traditional = QuestionTable.read(try CSVTable.parse("題型,題幹,選項A,選項B,正確答案,難度\n單選題,哪一個？,甲,乙,A,較易\n"), path: "t.csv")
        #expect(traditional.diagnostics.isEmpty && traditional.questions.first?.difficulty == .fairlyEasy)
    }

    @Test func scriptConversionWritesTraditional() throws {
        let questions = try shippedQuestions().prefix(3)
        let converted = try BankConverter.convert(Array(questions), to: .traditional)
        #expect(converted[0].stem != questions.first!.stem)
        #expect(converted.map(\.id) == questions.map(\.id))
        let back = try BankConverter.convert(converted, to: .simplified)
        #expect(back.map(\.stem) == questions.map(\.stem))
    }

    @Test func carryReportIsWordedOncePerKind() throws {
        let questions = try shippedQuestions()
        var report = CarryReport()
        _ = questions.compactMap { BankFileFormat.gift.carry($0, report: &report) }
        let lines = report.messages(format: "GIFT", in: .en)
        #expect(lines.contains("GIFT cannot carry fill-in questions with several blanks: 12 questions left out"))
        #expect(lines.contains("GIFT cannot carry 难度 (difficulty): dropped for 193 questions"))
        #expect(Set(lines).count == lines.count)
        #expect(report.messages(format: "GIFT", in: .zhHans).contains("GIFT 不能保存难度：已舍弃 193 道题的难度"))
    }
}
