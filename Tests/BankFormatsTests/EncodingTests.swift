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
