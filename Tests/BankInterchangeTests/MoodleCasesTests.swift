import Foundation
import QuizModel
import Testing

@testable import BankFormats
@testable import BankInterchange
import Spreadsheets

/// Moodle's own import tests, case by case: each question of the fixtures mirrors one (named in the fixture's
/// comments) and is read as Moodle reads it, or refused — that question only — with a located reason, or read
/// differently with a warning saying what is lost. The tally is in docs/interchange.md.
@Suite struct MoodleCasesTests {
    @Test func giftCasesAsMoodleReadsThem() throws {
        let imported = BankConverter.read(try fixtureBytes("moodle-gift-cases.gift"), path: "g.gift", as: .gift)
        let byName = Dictionary(grouping: imported.questions) { $0.name ?? "" }
        func one(_ name: String, _ index: Int = 0) -> Question? { byName[name].flatMap { index < $0.count ? $0[index] : nil } }

        // test_import_essay, test_import_backslash, test_import_pre_content: essays, marked by hand.
        #expect(one("Q8")?.content == .short(reference: nil, keywords: []))
        #expect(one("double backslash")?.stem == "A \\ B \\\\ C")
        #expect(one("Q001")?.stem.contains("public void test() {") == true)
        // test_import_match: no kaoxue type, reported and skipped.
        #expect(byName["配对"] == nil && imported.skipped == 1)
        // test_import_multichoice: single choice; per-answer feedback in the explanation.
        #expect(one("Q2")?.content == .single(options: ["黄色", "红色", "蓝色"], answer: 0))
        #expect(one("Q2")?.explanation == "A：对，很好！\nB：错，是黄色\nC：错，是黄色")
        // test_import_multichoice_multi: 50/50 with −100 % is multiple choice under the paper's rule.
        #expect(one("colours")?.content == .multiple(options: ["黄色", "蓝色", "橙色", "绿色"], answers: [0, 2]))
        #expect(one("colours")?.scoringRule == nil)
        // test_import_multichoice_multi_tricky: no "=", so multiple response (as Moodle), its −50 % read as net.
        #expect(one("colours", 1)?.content == .multiple(options: ["黄色", "蓝色", "绿色"], answers: [0]))
        #expect(one("colours", 1)?.scoringRule == .net)
        // test_import_numerical and Moodle's own export layout: the value, the wrong-answer feedback kept.
        for index in 0..<2 {
            #expect(one("Q5", index)?.content == .fill(blanks: [Blank(["3"])], orderInsensitive: false))
            #expect(one("Q5", index)?.explanation == "其他答案：完全错误")
        }
        // test_import_shortanswer(_with_general_feedback): the full-credit answer; `*` is "any other answer".
        #expect(one("Shortanswer")?.content == .fill(blanks: [Blank(["青蛙"])], orderInsensitive: false))
        #expect(one("Shortanswer", 1)?.explanation == "这是总体反馈！\n青蛙：好！\n猫：为什么 Moodle 用户都爱猫？\n其他答案：完全错误")
        // test_import_truefalse(_true_answer1/2).
        #expect(one("Q1")?.content == .trueFalse(answer: false))
        #expect(one("Q1")?.explanation == "42 是终极答案。\n你答对了。")
        #expect(byName["2-08 TSL"]?.map(\.content) == [.trueFalse(answer: true), .trueFalse(answer: true)])
        // test_import_question_with_tags and the comment cases: ids and tags from comments, `\]` escaped.
        #expect(one("Question name")?.id == "myid" && one("Question name")?.tags == ["tag", "other-tag"])
        #expect(one("转义")?.id == "i]d" && one("转义")?.tags == ["basic", "t]ag"])
        // The GIFT documentation's forms the review found refused or misread.
        #expect(one("One")?.content == .fill(blanks: [Blank(["One"])], orderInsensitive: false))
        #expect(one("箭头")?.content == .single(options: ["审批 -> 备案", "申请"], answer: 0))
        #expect(one("下划线")?.stem == "党的组织路线的核心是_____。")
        #expect(one("范围")?.content == .fill(blanks: [Blank(["3.1415"])], orderInsensitive: false))
        #expect(one("两个答案")?.content == .fill(blanks: [Blank(["2", "4"])], orderInsensitive: false))
        // Titles are names, not unique: the two questions titled "colours" both arrive.
        #expect(imported.questions.count == 20)
        #expect(problemLines(imported) == [
            "warning 6:1: a short answer without a reference answer or keywords: marked by hand",
            "warning 9:1: a GIFT matching question has no kaoxue type: skipped",
            "warning 34:1: wrong options deduct 50%; kaoxue's net rule deducts 100% each",
            "warning 33:1: a multiple-choice question with one answer (A): should it be single choice?",
            "warning 41:25: the tolerance ±2 cannot be kept: only 3 is accepted",
            "warning 44:24: the tolerance ±2 cannot be kept: only 3 is accepted",
            "warning 52:5: the partial-credit (50%) answer \"猫\" cannot be kept: dropped",
            "warning 59:5: the partial-credit (50%) answer \"猫\" cannot be kept: dropped",
            "warning 76:1: a short answer without a reference answer or keywords: marked by hand",
            "warning 79:1: a short answer without a reference answer or keywords: marked by hand",
            "warning 90:1: a short answer without a reference answer or keywords: marked by hand",
            "warning 107:22: the numeric range 3.141..3.142 cannot be kept: only its middle 3.1415 is accepted",
        ])
    }

    @Test func essaysMarkedByHandSurviveGIFTAndMoodleXML() throws {
        let imported = BankConverter.read(try fixtureBytes("moodle-gift-cases.gift"), path: "g.gift", as: .gift)
        let essays = imported.questions.filter { $0.content == .short(reference: nil, keywords: []) }
        #expect(essays.count == 4)
        for format in [BankFileFormat.gift, .moodleXML, .kaoxue, .json, .xlsx] {
            let written = try BankConverter.write(essays, as: format)
            let back = BankConverter.read([UInt8](written.data), path: "t.\(format.fileExtension)", as: format)
            #expect(back.errorCount == 0, "\(format)")
            #expect(back.questions.map(\.content) == essays.map(\.content), "\(format)")
        }
    }

    @Test func moodleXMLCasesAsMoodleReadsThem() throws {
        let imported = BankConverter.read(try fixtureBytes("moodle-xml-cases.xml"), path: "m.xml", as: .moodleXML)
        let byName = Dictionary(uniqueKeysWithValues: imported.questions.map { ($0.name ?? "", $0) })

        // test_import_essay_20/21: essays; grader information is the reference answer, tags kept.
        #expect(byName["论述一"]?.content == .short(reference: nil, keywords: []))
        #expect(byName["论述一"]?.tags == ["论述", "从严治党"])
        #expect(byName["论述二"]?.content == .short(reference: "支部党员大会、支部委员会、党小组会和党课。", keywords: []))
        // test_import_multichoice_19: multiple choice, fixed order, its points.
        #expect(byName["偶数"]?.content == .multiple(options: ["1", "2", "3", "4"], answers: [1, 3]))
        #expect(byName["偶数"]?.fixedOptionOrder == true && byName["偶数"]?.points == 2)
        // test_import_numerical_19, test_import_shortanswer_19: every answer's feedback kept; `*` is any other answer.
        #expect(byName["数值"]?.content == .fill(blanks: [Blank(["2022"])], orderInsensitive: false))
        #expect(byName["数值"]?.explanation == "2022 年 10 月。\n2022：答对了！\n2017：那是十九大。\n其他答案：完全错误。")
        #expect(byName["填空"]?.stem == "补全：党的根本宗旨是全心全意为________服务。")
        #expect(byName["填空"]?.explanation == "答案是人民。\n人民：很好！\n其他答案：不对！")
        // test_import_truefalse_19: the feedback for each answer, labelled with the answer it follows.
        #expect(byName["判断"]?.content == .trueFalse(answer: true))
        #expect(byName["判断"]?.explanation == "见党章第十条。\n答“正确”：答对了！\n答“错误”：再读读党章。")
        // test_import_truefalse_with_idnumber, html_chars_in_idnumbers.xml: the idnumber, entities resolved.
        #expect(byName["带编号"]?.id == "T & F")
        // Moodle 1.9's <image>: the picture is reported, the question read; text without format attributes.
        #expect(byName["旧图片"]?.content == .single(options: ["镰刀和斧头", "镰刀和锤头"], answer: 1))
        // error_invalid_grades.xml: 33 beside 33.33333 is a third, as Moodle's nearest-grade import reads it.
        #expect(byName["权重 <strong>不准</strong>：x > 1 & x < 2"]?.content == .multiple(options: ["1", "2", "3", "4", "5"], answers: [1, 2, 4]))
        #expect(byName["权重 <strong>不准</strong>：x > 1 & x < 2"]?.scoringRule == .net)
        // categories_reverse_order.xml, nested_categories.xml: each question in the category last switched to.
        #expect(byName["子类题"]?.topic == "党章/党员" && byName["父类题"]?.topic == "党章" && byName["论述一"]?.topic == "党章")
        #expect(imported.questions.count == 12 && imported.skipped == 6 && imported.errorCount == 0)
        #expect(problemLines(imported) == [
            "warning 12: /quiz/question[2]: a Moodle description is text, not a question: skipped",
            "warning 19: /quiz/question[3]: a short answer without a reference answer or keywords: marked by hand",
            "warning 29: /quiz/question[4]: the response template cannot be kept: dropped",
            "warning 42: /quiz/question[5]: the Moodle question type \"matching\" has no kaoxue type: skipped",
            "warning 49: /quiz/question[6]: 2 hint(s) cannot be kept: dropped",
            "warning 49: /quiz/question[6]: feedback shown by the response's correctness (correctfeedback, partiallycorrectfeedback, incorrectfeedback) cannot be kept: dropped",
            "warning 49: /quiz/question[6]: the right options' weights add up to 200%: read as equal shares of full credit",
            "warning 49: /quiz/question[6]: the wrong options' weights match no scoring rule: the paper's rule applies",
            "warning 76: /quiz/question[7]/answer[1]: the tolerance ±0.001 cannot be kept: only 2022 is accepted",
            "warning 81: /quiz/question[8]: 1 hint(s) cannot be kept: dropped",
            "warning 111: /quiz/question[11]: a Cloze question's MULTICHOICE subquestion has no kaoxue type (only short-answer and numeric ones are read): skipped",
            "warning 117: /quiz/question[12]: a Cloze question without subquestions ({1:SHORTANSWER:…}): skipped",
            "warning 121: /quiz/question[13]: the Cloze subquestion {1:MULTICHOICE} has no answers: skipped",
            "warning 125: /quiz/question[14]: the Cloze numeric answer \"零\" is not a number: skipped",
            "warning 130: /quiz/question[15]: the question's pictures or attachments cannot be kept: dropped (its text is read)",
            "warning 138: /quiz/question[16]: the question's pictures or attachments cannot be kept: dropped (its text is read)",
            "warning 152: /quiz/question[17]: the right options' weights 33%, 33.33333% are nearly equal: read as equal shares",
            "warning 152: /quiz/question[17]: wrong options deduct 50%; kaoxue's net rule deducts 33.33333% each",
        ])
    }

    @Test func moodleXMLNumericAnswersAreNumbers() {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <quiz>
              <question type="numerical"><name><text>n</text></name><questiontext><text>几？</text></questiontext>
                <answer fraction="100"><text>十</text></answer></question>
              <question type="shortanswer"><name><text>s</text></name><questiontext><text>谁？</text></questiontext>
                <usecase>1</usecase><answer fraction="100"><text>Lei Feng</text></answer></question>
            </quiz>
            """
        let read = BankConverter.read(Array(xml.utf8), path: "q.xml", as: .moodleXML)
        #expect(read.questions.map(\.content) == [.fill(blanks: [Blank(["Lei Feng"])], orderInsensitive: false)])
        #expect(problemLines(read) == [
            "warning 4: /quiz/question[1]/answer[1]: the numeric answer \"十\" is not a number: question skipped",
            "warning 5: /quiz/question[2]: case-sensitive matching (usecase) cannot be kept: answers are matched ignoring case",
        ])
    }

    @Test func aikenCasesAsMoodleReadsThem() throws {
        // Mirrors aiken_errors.txt of question/format/aiken/tests: three good questions, every error located.
        let imported = BankConverter.read(try fixtureBytes("moodle-aiken-cases.txt"), path: "a.txt", as: .aiken)
        #expect(imported.questions.map(\.content) == [
            .single(options: ["正确", "错误"], answer: 0),
            .single(options: ["错误（没有空格）", "正确（没有空格）"], answer: 1),
            .single(options: ["正确（< > &）", "错误（< > &）"], answer: 0),
        ])
        #expect(problemLines(imported) == [
            "error 1:1: a choice question needs at least 2 options, found 1",
            "error 5:1: no question before this line",
            "error 7:1: no question before this line",
            "error 16:1: no ANSWER: line",
        ])
    }
}

/// The cases of Moodle's `test_extract_idnumber_and_tags_from_comment` (comments read line by line, as kaoxue's
/// reader meets them).
@Suite struct GIFTCommentTests {
    @Test(arguments: [
        ("", "", [String]()),
        ("// A basic comment.", "", []),
        ("// A comment with [id:frog] <-- an idnumber.", "frog", []),
        ("// Look tags: [tag:frog] [tag:toad].", "", ["frog", "toad"]),
        ("// [tag:add] [tag:basic] [id:four]", "four", ["add", "basic"]),
        ("// [tag:  basic] Here is  \n// a [id:   four   ] que[tag:add   ]stion.", "four", ["basic", "add"]),
        ("// Ceci n'est pas une [tag:\n\\ frog].", "", []),
        ("// [id:i\\]d].", "i]d", []),
        ("// [tag:t\\]ag].", "", ["t]ag"]),
    ])
    func commentsGiveIdsAndTags(_ comment: String, _ id: String, _ tags: [String]) {
        let found = comment.split(separator: "\n").flatMap { GIFTFormat.bracketTags(String($0)) }
        #expect((found.last { $0.0 == "id" }?.1 ?? "") == id)
        #expect(found.filter { $0.0 == "tag" }.map(\.1) == tags)
    }
}

/// What a candidate reads carries no key, and nothing of a question's meaning disappears without a line.
@Suite struct InterchangeLossTests {
    @Test func qtiInlineFeedbackIsNeverOptionText() throws {
        let manifest = """
            <manifest><resources><resource identifier="R1" type="imsqti_item_xmlv2p1" href="items/1.xml"/>
            <resource identifier="R2" type="imsqti_item_xmlv2p1" href="items/2.xml"/></resources></manifest>
            """
        // As in the QTI 2.1 examples (choice_fixed.xml): inline feedback inside each simple choice.
        let choice = """
            <assessmentItem identifier="c">
            <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier"><correctResponse><value>A</value></correctResponse></responseDeclaration>
            <itemBody><p>谁是第一任总统？<img src="images/flag.png" alt="国旗"/></p>
            <choiceInteraction responseIdentifier="RESPONSE" maxChoices="1">
            <simpleChoice identifier="A">甲<feedbackInline outcomeIdentifier="FEEDBACK" identifier="A" showHide="show">对。</feedbackInline></simpleChoice>
            <simpleChoice identifier="B">乙<feedbackInline outcomeIdentifier="FEEDBACK" identifier="B" showHide="show">不对。</feedbackInline></simpleChoice>
            </choiceInteraction></itemBody>
            </assessmentItem>
            """
        let entry = """
            <assessmentItem identifier="t">
            <responseDeclaration identifier="R" cardinality="single" baseType="string"><correctResponse><value>York</value></correctResponse>
            <mapping defaultValue="0"><mapEntry mapKey="York" mappedValue="1"/><mapEntry mapKey="york" mappedValue="0.5"/></mapping></responseDeclaration>
            <itemBody><p>首都是 <textEntryInteraction responseIdentifier="R"/>。</p></itemBody>
            </assessmentItem>
            """
        let package = try OfficePackage.zip([("imsmanifest.xml", manifest), ("items/1.xml", choice), ("items/2.xml", entry)])
        let read = BankConverter.read([UInt8](package), path: "p.zip", as: .qti)
        #expect(read.questions.map(\.content) == [
            .single(options: ["甲", "乙"], answer: 0),
            .fill(blanks: [Blank(["York"])], orderInsensitive: false),
        ])
        #expect(read.questions[0].explanation == "A：对。\nB：不对。")
        #expect(problemLines(read).map { $0.replacingOccurrences(of: #" /\S+"#, with: "", options: .regularExpression) } == [
            "warning items/1.xml:1: the item's pictures or media cannot be kept: dropped (its text is read)",
            "warning items/2.xml:4: the partial-credit (0.5 of 1) answer \"york\" cannot be kept: dropped",
        ])
    }

    @Test func moodlePicturesAreReported() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <quiz>
              <question type="truefalse">
                <name><text>图</text></name>
                <questiontext format="html"><text><![CDATA[<p>Moodle <img src="@@PLUGINFILE@@/logo.png"> is an acronym.</p>]]></text>
                  <file name="logo.png" path="/" encoding="base64">iVBORw0KGgo=</file></questiontext>
                <answer fraction="100"><text>true</text></answer><answer fraction="0"><text>false</text></answer>
              </question>
            </quiz>
            """
        let read = BankConverter.read(Array(xml.utf8), path: "q.xml", as: .moodleXML)
        #expect(read.questions.map(\.content) == [.trueFalse(answer: true)])
        #expect(problemLines(read) == ["warning 3: /quiz/question[1]: the question's pictures or attachments cannot be kept: dropped (its text is read)"])
    }
}

@Suite struct GIFTWeightTests {
    @Test func equalWeightsAreEqualShares() {
        let read = GIFTFormat.read("""
            ::a:: 三个对？{~%33.33%甲 ~%33.33%乙 ~%33.33%丙 ~%-100%丁}

            ::b:: 写成 33？{~%33%甲 ~%33%乙 ~%33%丙 ~%-100%丁}

            ::c:: 合计不足？{~%30%甲 ~%30%乙 ~%30%丙 ~%-100%丁}

            ::d:: 不相等？{~%60%甲 ~%40%乙 ~丙}
            """, path: "w.gift")
        #expect(read.questions.map(\.content) == Array(repeating: .multiple(options: ["甲", "乙", "丙", "丁"], answers: [0, 1, 2]), count: 3)
            + [.multiple(options: ["甲", "乙", "丙"], answers: [0, 1])])
        #expect(problemLines(read) == [
            "warning 5:12: the right options' weights add up to 90%: read as equal shares of full credit",
            "warning 7:11: the right options' weights differ: no scoring rule matches, the paper's rule applies",
        ])
    }
}

@Suite struct CategorySwitchTests {
    @Test func oneCategorySwitchPerTopic() throws {
        let questions = try shippedQuestions()
        func topics(_ format: BankFileFormat) -> Int {
            var report = CarryReport()
            return Set(questions.compactMap { format.carry($0, report: &report) }.map { $0.topic ?? "" }).count
        }
        let xml = String(decoding: try BankConverter.write(questions, as: .moodleXML).data, as: UTF8.self)
        let gift = String(decoding: try BankConverter.write(questions, as: .gift).data, as: UTF8.self)
        #expect(topics(.moodleXML) > 40)
        #expect(xml.components(separatedBy: "<question type=\"category\">").count - 1 == topics(.moodleXML))
        #expect(gift.components(separatedBy: "$CATEGORY:").count - 1 == topics(.gift))
    }
}

@Suite struct WrittenForOtherToolsTests {
    @Test func qtiScoresRunToThePointsAndShowTheExplanation() throws {
        let single = Question(id: "", stem: "甲？", content: .single(options: ["a", "b"], answer: 0), explanation: "因为。", points: 2)
        let item = QTIPackage.item(single, identifier: "i1")
        // A right answer scores MAXSCORE (2), and the modal feedback's outcome is set, so players show it.
        #expect(item.contains("<responseIf><match><variable identifier=\"RESPONSE\"/><correct identifier=\"RESPONSE\"/></match><setOutcomeValue identifier=\"SCORE\"><baseValue baseType=\"float\">2</baseValue>"))
        #expect(item.contains("<setOutcomeValue identifier=\"FEEDBACK\"><baseValue baseType=\"identifier\">SOLUTION</baseValue></setOutcomeValue>"))
        #expect(item.contains("<modalFeedback outcomeIdentifier=\"FEEDBACK\" identifier=\"SOLUTION\""))
        // Two blanks of a 4-point question: each right blank is worth 2.
        let fill = Question(id: "", stem: "甲____乙____", content: .fill(blanks: [Blank(["x"]), Blank(["y"])], orderInsensitive: false), points: 4)
        #expect(QTIPackage.item(fill, identifier: "i2").contains("<setOutcomeValue identifier=\"SCORE\"><product><sum><mapResponse identifier=\"RESPONSE1\"/><mapResponse identifier=\"RESPONSE2\"/></sum><baseValue baseType=\"float\">2</baseValue></product></setOutcomeValue>"))
        // A short answer is marked by hand: no SCORE rule, and no processing at all without an explanation.
        let essay = Question(id: "", stem: "谈谈。", content: .short(reference: "要点", keywords: []))
        #expect(!QTIPackage.item(essay, identifier: "i3").contains("responseProcessing"))
    }

    @Test func giftMarksTextsWithMarkupPlain() throws {
        let question = Question(id: "", stem: "<b>标签</b>在 HTML 中表示？", content: .single(options: ["加粗", "倾斜 & 下划线"], answer: 0))
        let written = String(decoding: try BankConverter.write([question], as: .gift).data, as: UTF8.self)
        #expect(written.contains("[plain]<b>标签</b>在 HTML 中表示？"))
        let back = BankConverter.read(Array(written.utf8), path: "t.gift", as: .gift)
        #expect(back.questions.map(\.stem) == [question.stem])
        #expect(back.questions.map(\.content) == [question.content])
        let plain = Question(id: "", stem: "没有标记的题？", content: .trueFalse(answer: true))
        #expect(!String(decoding: try BankConverter.write([plain], as: .gift).data, as: UTF8.self).contains("[plain]"))
    }
}

@Suite struct ClozeTests {
    @Test func multiBlankFillsTravelAsCloze() throws {
        let question = Question(
            id: "", stem: "干部工作坚持____和____。", content: .fill(blanks: [Blank(["党管干部", "党管干部原则"]), Blank(["德才兼备"])], orderInsensitive: false))
        let written = String(decoding: try BankConverter.write([question], as: .moodleXML).data, as: UTF8.self)
        #expect(written.contains("<question type=\"cloze\">"))
        #expect(written.contains("干部工作坚持{1:SHORTANSWER:%100%党管干部~%100%党管干部原则}和{1:SHORTANSWER:%100%德才兼备}。"))
        let back = BankConverter.read(Array(written.utf8), path: "c.xml", as: .moodleXML)
        #expect(back.diagnostics.isEmpty)
        #expect(back.questions.map(\.content) == [question.content])
        #expect(back.questions.map(\.stem) == [question.stem])
    }

    @Test func moodleClozeAsMoodleWritesIt() throws {
        // As in Moodle's multianswer fixtures: HTML text, numbering, weights, feedback, escapes, a choice subquestion.
        let xml = """
            <quiz>
              <question type="cloze"><name><text>填空</text></name>
                <questiontext format="html"><text><![CDATA[<p>首都是 {1:SHORTANSWER:=北京#对~%50%北平#旧称~*#不对}，圆周率约 {2:NUMERICAL:=3.14:0.01}，符号 {1:SA:=a\\}b}。</p>]]></text></questiontext>
              </question>
              <question type="cloze"><name><text>选择</text></name>
                <questiontext format="html"><text><![CDATA[<p>选一个 {1:MULTICHOICE:=甲~乙}</p>]]></text></questiontext>
              </question>
            </quiz>
            """
        let read = BankConverter.read(Array(xml.utf8), path: "m.xml", as: .moodleXML)
        #expect(read.questions.map(\.content) == [.fill(blanks: [Blank(["北京"]), Blank(["3.14"]), Blank(["a}b"])], orderInsensitive: false)])
        #expect(read.questions.first?.stem == "首都是 ____，圆周率约 ____，符号 ____。")
        #expect(read.skipped == 1)
        #expect(problemLines(read) == [
            "warning 2: /quiz/question[1]: the partial-credit (50%) answer \"北平\" cannot be kept: dropped",
            "warning 2: /quiz/question[1]: the tolerance ±0.01 cannot be kept: only 3.14 is accepted",
            "warning 5: /quiz/question[2]: a Cloze question's MULTICHOICE subquestion has no kaoxue type (only short-answer and numeric ones are read): skipped",
        ])
    }
}
