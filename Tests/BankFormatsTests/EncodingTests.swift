import QuizModel
import Testing

@testable import BankFormats

@Suite("Encodings: BOM, strict UTF-8, else GB18030")
struct EncodingTests {
    @Test func gb18030WithoutBOM() throws {
        let file = try parseFixture("gb18030.txt")
        #expect(file.encoding == .gb18030)
        #expect(file.questions.first?.stem == "甲乙丙")
        #expect(file.questions.first?.content == .single(options: ["丁", "戊"], answer: 0))
    }

    @Test func utf8WithBOM() throws {
        let file = try parseFixture("utf8-bom.txt")
        #expect(file.encoding == .utf8BOM)
        #expect(file.questions.first?.stem == "带BOM的题")
        #expect(file.diagnostics.isEmpty)
    }

    @Test func utf16WithBOM() {
        let text = "1. 判断\n答案：对\n"
        for encoding in [TextEncoding.utf16LE, .utf16BE] {
            let file = NativeBankParser.parse(bytes: TextDecoder.encode(text, as: encoding), path: "x.txt")
            #expect(file.encoding == encoding)
            #expect(file.questions.first?.content == .trueFalse(answer: true))
        }
    }

    @Test func undecodableBytesAreLocated() throws {
        let file = try parseFixture("undecodable.txt")
        #expect(file.encoding == nil)
        #expect(file.diagnostics.count == 1)
        #expect(file.diagnostics[0].problem == .undecodableText)
        #expect(file.diagnostics[0].location == SourceLocation(file: "undecodable.txt", line: 1, column: 8))
    }

    @Test func gb18030RoundTripsThroughEncode() throws {
        let text = "组织部門、干部·人才：ＡＢＣ"
        let bytes = TextDecoder.encode(text, as: .gb18030)
        #expect(TextDecoder.firstInvalidUTF8(bytes) != nil)
        let decoded = try TextDecoder.decode(bytes)
        #expect(decoded.encoding == .gb18030)
        #expect(String(decoding: decoded.utf8, as: UTF8.self) == text)
    }

    @Test(arguments: [
        ([0xC0, 0x80], 0), ([0xED, 0xA0, 0x80], 0), ([0x41, 0xE4, 0xB8], 1), ([0xF4, 0x90, 0x80, 0x80], 0),
        ([0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0xFF], 8),
    ] as [([UInt8], Int)])
    func strictUTF8RejectsOverlongsSurrogatesAndTruncation(bytes: [UInt8], invalidAt: Int) {
        #expect(TextDecoder.firstInvalidUTF8(bytes) == invalidAt)
    }

    @Test func validUTF8IsAccepted() {
        #expect(TextDecoder.firstInvalidUTF8(Array("考学 kaoxue 𠀀 ✓".utf8)) == nil)
    }
}

@Suite("CSV tables")
struct CSVTableTests {
    @Test func quotedFieldsLineBreaksAndPositions() throws {
        let text = "a,b,c\r\n\"x, \"\"y\"\"\",\"two\nlines\",\r\n\n  plain ,\"\",last"
        let table = try CSVTable.parse(text)
        #expect(table.rows.map { $0.map(\.text) } == [["a", "b", "c"], ["x, \"y\"", "two\nlines", ""], ["  plain ", "", "last"]])
        // Rows are numbered as a spreadsheet shows them: the quoted line break stays in row 2, the empty line is
        // row 3.
        #expect(table.rows.map { $0[0].row } == [1, 2, 4])
        #expect(table.rows[2].map(\.column) == [1, 2, 3])
    }

    @Test func malformedCSVIsLocated() {
        #expect(throws: CSVTable.SyntaxError(row: 2, column: 2, message: "text after a closing quote")) {
            try CSVTable.parse("a,b\nx,\"y\"z\n")
        }
        #expect(throws: CSVTable.SyntaxError(row: 3, column: 1, message: "a quoted field is not closed")) {
            try CSVTable.parse("a\nb\n\"open\nnever closed")
        }
        // After a cell with a line break, the error is at the row a spreadsheet shows, not the text line.
        #expect(throws: CSVTable.SyntaxError(row: 3, column: 2, message: "text after a closing quote")) {
            try CSVTable.parse("a,b\n\"two\nlines\",x\ny,\"z\"q\n")
        }
    }

    @Test func streamingSeesTheSameRows() throws {
        let text = "h1,h2\n1,2\n\n3,\"4\"\n"
        var streamed: [[String]] = []
        try CSVTable.forEachRow(of: text) { streamed.append($0.map(\.text)) }
        #expect(streamed == (try CSVTable.parse(text)).rows.map { $0.map(\.text) })
    }
}
