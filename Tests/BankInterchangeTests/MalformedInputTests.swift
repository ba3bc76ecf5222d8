import Foundation
import QuizModel
import Spreadsheets
import Testing

@testable import BankFormats
@testable import BankInterchange

/// Every reader, given a damaged file, names the place a person can find (line:column, cell, paragraph, element)
/// and keeps no question that had an error.
@Suite struct MalformedInputTests {
    func read(_ text: String, as format: BankFileFormat, path: String = "bad") -> ImportedBank {
        BankConverter.read(Array(text.utf8), path: path, as: format)
    }

    @Test func json() {
        #expect(problemLines(read("{\n  \"questions\": [\n    {\"type\": \"single\",, }\n  ]\n}\n", as: .json)) == [
            "error 3:23: JSON syntax error: expected a quoted key"
        ])
        #expect(problemLines(read("{\"questions\": [\"oops\"", as: .json)) == ["error 1:22: JSON syntax error: the array is not closed (missing ']')"])
        let bad = read(
            """
            {"format": "kaoxue-bank", "version": 1, "questions": [
              {"type": "single", "stem": "甲？", "options": ["a", "b"], "answer": "C"},
              {"type": "matching", "stem": "乙？"},
              {"type": "trueFalse", "stem": "丙。", "answer": "对", "difficulty": 9, "colour": "red"},
              {"type": "fill", "stem": "丁____。", "answer": [["x"], ["y"]]}
            ]}
            """, as: .json)
        #expect(bad.questions.isEmpty)
        #expect(problemLines(bad) == [
            "error 2:3: answer C is not among the options (A–B)",
            "error 3:12: type must be single, multiple, trueFalse, fill or short",
            "error 4:49: a true/false answer must be true or false",
            "error 4:68: difficulty must be 1–5 (easy to hard)",
            "warning 4:81: unknown key \"colour\", ignored",
            "error 5:3: the stem has 1 blank(s) but the answer gives 2 (separate blanks with \"|\", alternatives with \";\")",
        ])
        #expect(problemLines(read("[1, 2]", as: .json)).first?.hasPrefix("error 1:1: the top level must be an object") == true)
    }

    @Test func aiken() {
        let bad = read(
            """
            第一题？
            A. 甲
            B. 乙
            ANSWER: C

            第二题？
            A. 甲
            C. 丙
            ANSWER: A

            第三题？
            A. 甲
            B. 乙

            ANSWER: A
            """, as: .aiken)
        #expect(bad.questions.isEmpty)
        #expect(problemLines(bad) == [
            "error 4:1: answer C is not among the options (A–B)",
            "error 8:1: expected option B, found C",
            "error 13:1: no ANSWER: line",
            "error 15:1: no question before this line",
        ])
    }

    @Test func gift() {
        let bad = read(
            """
            ::a:: 没有结束的答案块 {=甲 ~乙

            ::b:: 没有正确答案 {~甲 ~乙}

            ::c:: 两个答案块 {=甲 ~乙} 和 {=丙}

            ::d 标题没有结束 {=甲}

            ::e:: 权重不是数字 {~%abc%甲 =乙}

            ::f:: 数值不是数字 {#abc}

            ::g:: 好题 {=甲 ~乙}
            """, as: .gift)
        #expect(bad.questions.map(\.name) == ["g"])
        #expect(problemLines(bad) == [
            "error 1:16: the answer block { has no closing }",
            "error 3:14: no right answer (an option with full or positive credit)",
            "error 5:23: a GIFT question has one answer block",
            "error 7:1: the title ::…:: is not closed",
            "error 9:16: weight \"abc\" is not a number",
            "error 11:15: numeric answer \"abc\" is not a number",
        ])
    }

    @Test func bytesThatAreNotUTF8AreFoundBeforeFoundationsParserTrapsOnThem() {
        // Invalid UTF-8 in an element name, an attribute and a comment: XMLParser stops the process on each.
        for (bytes, place) in [
            (Array("<quiz>\n  <na".utf8) + [0xFF] + Array("me/>\n</quiz>\n".utf8), "2:6"),
            (Array("<quiz>\n<question type=\"".utf8) + [0xC3, 0x28] + Array("\"/></quiz>".utf8), "2:17"),
            (Array("<quiz><!-- ".utf8) + [0xED, 0xA0, 0x80] + Array(" --></quiz>".utf8), "1:12"),
        ] {
            let bank = BankConverter.read(bytes, path: "bad", as: .moodleXML)
            #expect(bank.questions.isEmpty)
            #expect(problemLines(bank) == ["error \(place): malformed XML: bytes that are not UTF-8 (the file is damaged or saved in another encoding)"], "\(place)")
        }
        // A part declaring another encoding is libxml2's to convert.
        #expect(PackageSafety.invalidUTF8(inXML: Data("<?xml version=\"1.0\" encoding=\"GB18030\"?><a>".utf8) + Data([0xB0, 0xA1]) + Data("</a>".utf8)) == nil)
    }

    @Test func zipDirectoriesAreCheckedBeforeZIPFoundationReadsThem() throws {
        // A stored (uncompressed) one-entry archive, then the same with its directory offset past the end, a
        // truncated copy, two entries of one name, and an entry claiming to inflate 10,000 times.
        func archive(_ names: [String], content: [UInt8] = Array("hi".utf8), uncompressed: Int? = nil) -> [UInt8] {
            func u16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] }
            func u32(_ v: Int) -> [UInt8] { u16(v & 0xFFFF) + u16(v >> 16 & 0xFFFF) }
            var out: [UInt8] = []
            var directory: [UInt8] = []
            for name in names {
                let offset = out.count
                out += u32(0x0403_4B50) + u16(20) + u16(0) + u16(0) + u16(0) + u16(0) + u32(0) + u32(content.count) + u32(uncompressed ?? content.count)
                out += u16(name.utf8.count) + u16(0) + Array(name.utf8) + content
                directory += u32(0x0201_4B50) + u16(20) + u16(20) + u16(0) + u16(0) + u16(0) + u16(0) + u32(0) + u32(content.count)
                directory += u32(uncompressed ?? content.count) + u16(name.utf8.count) + u16(0) + u16(0) + u16(0) + u16(0) + u32(0) + u32(offset) + Array(name.utf8)
            }
            let start = out.count
            out += directory
            out += u32(0x0605_4B50) + u16(0) + u16(0) + u16(names.count) + u16(names.count) + u32(directory.count) + u32(start) + u16(0)
            return out
        }
        #expect(PackageSafety.zipProblem(in: Data(archive(["a.xml"]))) == nil)
        var past = archive(["a.xml"])
        past.replaceSubrange((past.count - 6)..<(past.count - 2), with: [0xFF, 0xFF, 0x00, 0x00])
        #expect(PackageSafety.zipProblem(in: Data(past))?.contains("beyond the end of the file") == true)
        #expect(PackageSafety.zipProblem(in: Data(archive(["a.xml"]).prefix(40))) != nil)
        #expect(PackageSafety.zipProblem(in: Data(archive(["xl/worksheets/sheet1.xml", "xl/worksheets/sheet1.xml"]))) == "the entry xl/worksheets/sheet1.xml appears twice")
        #expect(PackageSafety.zipProblem(in: Data(archive(["a.xml"], uncompressed: 20_000)))?.contains("inflate 10000 times") == true)
        // The readers refuse them with the reason instead of trapping.
        let twice = #expect(throws: XLSXReader.Failure.self) {
            try XLSXReader.table(Data(archive(["xl/worksheets/sheet1.xml", "xl/worksheets/sheet1.xml"])))
        }
        #expect(twice?.reason == "the entry xl/worksheets/sheet1.xml appears twice")
        #expect(throws: XLSXReader.Failure.self) { try XLSXReader.table(Data(past)) }
    }

    @Test func moodleXML() {
        #expect(problemLines(read("<quiz>\n  <question type=\"truefalse\">\n</quiz>\n", as: .moodleXML)) == [
            "error 3:8: malformed XML: the document ends early or has content after its root element"
        ])
        #expect(problemLines(read("<questions/>", as: .moodleXML)) == ["error 1: /questions: the root of Moodle XML is <quiz>, not <questions>"])
        let bad = read(
            """
            <quiz>
              <question type="multichoice"><questiontext><text>甲？</text></questiontext><single>true</single>
                <answer fraction="50"><text>a</text></answer><answer fraction="x"><text>b</text></answer></question>
              <question type="truefalse"><questiontext><text>乙。</text></questiontext>
                <answer fraction="0"><text>true</text></answer></question>
              <question type="multichoice"><questiontext><text>丙？</text></questiontext><single>true</single>
                <answer fraction="50"><text>a</text></answer><answer fraction="50"><text>b</text></answer></question>
            </quiz>
            """, as: .moodleXML)
        #expect(bad.questions.isEmpty)
        #expect(problemLines(bad) == [
            "error 3: /quiz/question[1]/answer[2]: fraction \"x\" is not a number",
            "error 4: /quiz/question[2]: the true/false question has no full-credit answer",
            "error 6: /quiz/question[3]: a single-choice question needs exactly one full-credit option",
        ])
    }

    @Test func qti() throws {
        #expect(problemLines(read("not a zip", as: .qti)) == ["error : not a ZIP archive (a QTI content package is one)"])
        let noManifest = try OfficePackage.zip([("items/a.xml", "<assessmentItem/>")])
        #expect(problemLines(BankConverter.read([UInt8](noManifest), path: "p.zip", as: .qti)) == ["error : the package has no imsmanifest.xml"])
        let manifest = """
            <manifest><resources>
            <resource identifier="R1" type="imsqti_item_xmlv2p1" href="items/1.xml"/>
            <resource identifier="R2" type="imsqti_item_xmlv2p1" href="items/2.xml"/>
            <resource identifier="R3" type="imsqti_item_xmlv2p1" href="items/missing.xml"/>
            <resource identifier="R4" type="imsqti_item_xmlv2p1" href="items/4.xml"/>
            </resources></manifest>
            """
        let orderItem = """
            <assessmentItem identifier="o"><itemBody><orderInteraction responseIdentifier="R"/></itemBody></assessmentItem>
            """
        let wrongKey = """
            <assessmentItem identifier="c">
            <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier"><correctResponse><value>Z</value></correctResponse></responseDeclaration>
            <itemBody><p>甲？</p><choiceInteraction responseIdentifier="RESPONSE" maxChoices="1"><simpleChoice identifier="A">a</simpleChoice><simpleChoice identifier="B">b</simpleChoice></choiceInteraction></itemBody>
            </assessmentItem>
            """
        let package = try OfficePackage.zip([("imsmanifest.xml", manifest), ("items/1.xml", orderItem), ("items/2.xml", wrongKey), ("items/4.xml", "<assessmentItem><itemBody>")])
        let bad = BankConverter.read([UInt8](package), path: "p.zip", as: .qti)
        #expect(bad.questions.isEmpty && bad.skipped == 1)
        #expect(problemLines(bad).map { $0.replacingOccurrences(of: #":\d+:\d+"#, with: "", options: .regularExpression) }.count == 4)
        #expect(problemLines(bad)[0] == "warning items/1.xml:1: /assessmentItem/itemBody[1]/orderInteraction[1]: the QTI interaction <orderInteraction> has no kaoxue type: skipped")
        #expect(problemLines(bad)[1] == "error items/2.xml:2: /assessmentItem/responseDeclaration[1]: the correct response \"Z\" is no choice's identifier")
        #expect(problemLines(bad)[2] == "error imsmanifest.xml:4: /manifest/resources[1]/resource[3]: the package has no items/missing.xml")
        #expect(problemLines(bad)[3].hasPrefix("error items/4.xml:1: : malformed XML"))
    }

    @Test func tables() throws {
        let table = try XLSXReader.table(Data(try fixtureBytes("malformed.xlsx")))
        let bad = QuestionTable.read(table, path: "malformed.xlsx")
        #expect(bad.questions.isEmpty)
        #expect(problemLines(bad) == [
            "error I2: answer E is not among the options (A–D)",
            "error E3: option B is missing",
            "error K4: unknown difficulty \"很难\" (use 易, 较易, 中等, 较难, 难 or 1–5)",
        ])
        #expect(problemLines(read("题型,答案\n单选,A\n", as: .csv)) == ["error A1: the header has no stem (题干) column"])
        #expect(problemLines(read("题干,答案,答案\n甲？,A,B\n", as: .csv)) == ["error C1: \"答案\" repeats column B"])
        #expect(problemLines(read("题干,颜色\n甲？,红\n", as: .csv)).first == "warning B1: unknown column \"颜色\", ignored (known: type, stem, option A…, answer, explanation, difficulty, topic, points, id…)")
        #expect(problemLines(read("题干,答案\n\"甲？,A\n", as: .csv)).first?.hasPrefix("error A2: CSV") == false)
        #expect(problemLines(BankConverter.read([0xFF, 0xFE, 0x00], path: "x.xlsx", as: .xlsx)).first?.hasPrefix("error : cannot read the Excel workbook") == true)
    }

    @Test func word() throws {
        let bad = DocxBankReader.read(Data(try fixtureBytes("malformed.docx")), path: "malformed.docx")
        #expect(problemLines(bad) == [
            "warning paragraph 1:1: text outside a question (a title or instructions) is left out; a question starts with a number such as \"1.\", \"1、\" or \"（1）\"",
            "error paragraph 13:4: answer F is not among the options (A–D)",
        ])
        #expect(bad.questions.count == 3)
        #expect(problemLines(DocxBankReader.read(Data("PK not really".utf8), path: "x.docx")) == [
            "error : not a Word document (a .docx is a ZIP file; save an old .doc as .docx first)"
        ])
    }

    /// Word's list numbers come from the file: a start of Int64.min (whose `start - 1` trapped) or a level beyond
    /// Word's nine is ignored, and the list counts from A as Word would.
    @Test func wordListNumbersOutsideWordsRangeAreIgnored() throws {
        let w = #"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#
        let numbering = try XMLTreeReader.parse(Data("""
            <w:numbering \(w)><w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="-9223372036854775808"/><w:numFmt w:val="upperLetter"/><w:lvlText w:val="%1."/></w:lvl>\
            <w:lvl w:ilvl="99999999999999999999"><w:start w:val="5"/></w:lvl></w:abstractNum>\
            <w:num w:numId="5"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="9223372036854775807"/></w:lvlOverride></w:num></w:numbering>
            """.utf8))
        var word = WordNumbering(numbering: numbering, styles: nil)
        let paragraph = try XMLTreeReader.parse(Data(#"<w:p \#(w)><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="5"/></w:numPr></w:pPr></w:p>"#.utf8))
        #expect(word.label(for: paragraph) == "A. ")
        #expect(word.label(for: paragraph) == "B. ")
    }
}
