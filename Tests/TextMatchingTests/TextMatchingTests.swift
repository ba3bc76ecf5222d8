import Foundation
import Testing

@testable import TextMatching

@Suite("Folding width, spaces, punctuation and case")
struct FoldingTests {
    @Test(arguments: [
        ("ＡＢＣ１２３", FoldingOptions.width, "ABC123"),
        ("甲\u{3000}乙 丙\t丁", FoldingOptions.whitespace, "甲乙丙丁"),
        ("“以考促学”，学！", FoldingOptions.punctuation, "以考促学学"),
        ("Kaoxue", FoldingOptions.caseInsensitive, "kaoxue"),
        ("Ｋａｏｘｕｅ， 考学。", FoldingOptions.all, "kaoxue考学"),
        ("A　B", FoldingOptions.standard, "ab"),
    ])
    func folds(input: String, options: FoldingOptions, expected: String) {
        #expect(TextFolding.fold(input, options: options) == expected)
    }

    @Test func foldingLeavesWhatItWasNotAskedToTouch() {
        #expect(TextFolding.fold("ＡＢ，c", options: .width) == "AB,c")
        #expect(TextFolding.fold("A B", options: .width) == "A B")
    }
}

@Suite("Traditional ↔ Simplified through OpenCC")
struct ScriptConversionTests {
    @Test func traditionalToSimplified() throws {
        let converter = try ScriptConverter(to: .simplified)
        #expect(converter.convert("組織部門選拔幹部，黨支部書記") == "组织部门选拔干部，党支部书记")
        #expect(converter.convert("ascii only") == "ascii only")
    }

    @Test func simplifiedToTraditional() throws {
        let converter = try ScriptConverter(to: .traditional)
        #expect(converter.convert("组织部门选拔干部") == "組織部門選拔幹部")
    }

    @Test func matcherFoldsScriptAndPunctuation() throws {
        let matcher = try TextMatcher.ignoringScriptAndPunctuation()
        #expect(matcher.matches("組織部門，是幹部之家。", "组织部门是干部之家"))
        #expect(!matcher.matches("组织部门", "宣传部门"))
    }

    @Test func batchKeysEqualSingleKeys() throws {
        let matcher = try TextMatcher.ignoringScriptAndPunctuation()
        let texts = (0..<5000).map { "第\($0)題：組織部門，幹部之家" } + ["", "含\u{1E}分隔符的文字", "ＡＢＣ"]
        #expect(matcher.keys(texts) == texts.map(matcher.key))
        #expect(TextMatcher(folding: .all).keys(texts) == texts.map(TextMatcher(folding: .all).key))
    }

    @Test func convertersAreSharedAcrossTasks() async throws {
        let converter = try SharedScriptConverters.converter(to: .simplified)
        let results = await withTaskGroup(of: String.self) { group in
            for _ in 0..<8 { group.addTask { converter.convert("黨支部書記能力建設") } }
            return await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(results == Array(repeating: "党支部书记能力建设", count: 8))
    }
}

@Suite("Keyword search in folded keys")
struct KeywordSearchTests {
    /// The byte search answers as Foundation's `contains` does, on texts of every kind it takes and of those it
    /// leaves to Foundation (combining marks, decomposable letters, Hangul, compatibility ideographs).
    @Test func agreesWithFoundationsContains() {
        let pieces = [
            "民主集中制", "党的领导", "自我革命", "a", "A", "é", "e\u{301}", "Ā", "가", "\u{1100}\u{1161}", "\u{F900}", "\u{8C48}",
            "，", "１", "1", " ", "\u{302A}", "x", "", "\r\n", "\n", "¼",
        ]
        var random = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let text = (0..<Int.random(in: 0...5, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            let part = (0..<Int.random(in: 0...2, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            #expect(TextMatcher.key(text, contains: part) == text.contains(part), "\(text.debugDescription) ⊇ \(part.debugDescription)")
        }
        #expect(TextMatcher.key("要坚持民主集中制，党的领导", contains: "民主集中制"))
        #expect(!TextMatcher.key("民主集中", contains: "民主集中制"))
        #expect(!TextMatcher.key("任何文字", contains: ""))
    }
}

@Suite("Folding fast paths")
struct FoldingFastPathTests {
    /// The definition on Unicode properties alone, as `TextFolding.fold` had it before its fast paths.
    static func reference(_ scalar: UnicodeScalar, _ options: FoldingOptions) -> UnicodeScalar? {
        var value = scalar.value
        if options.contains(.width), (0xFF01...0xFF5E).contains(value) { value -= 0xFEE0 }
        var folded = UnicodeScalar(value)!
        if options.contains(.caseInsensitive), (0x41...0x5A).contains(value) { folded = UnicodeScalar(value + 0x20)! }
        if options.contains(.width), value == 0x3000 { folded = " " }
        if options.contains(.whitespace), folded.properties.isWhitespace { return nil }
        if options.contains(.punctuation), TextFolding.isPunctuationOrSymbol(folded) { return nil }
        return folded
    }

    /// Every scalar of the ranges the fast paths cover (ASCII, CJK symbols and punctuation, full-width forms,
    /// ideographs), under every combination of options, folds as the property definition says.
    @Test func agreeWithThePropertyDefinition() {
        let ranges: [ClosedRange<UInt32>] = [0x00...0x7F, 0x80...0x2FF, 0x2000...0x206F, 0x3000...0x303F, 0x4E00...0x4EFF, 0xFF00...0xFFEF]
        for raw in 0..<16 {
            let options = FoldingOptions(rawValue: raw)
            for range in ranges {
                for value in range {
                    guard let scalar = UnicodeScalar(value) else { continue }
                    #expect(TextFolding.fold(scalar, options: options) == Self.reference(scalar, options), "U+\(String(value, radix: 16)) \(raw)")
                }
            }
        }
    }
}

@Suite("Keys made from bytes")
struct DecidableKeyTests {
    /// Wherever `appendDecidableKey` decides, its bytes are those of `key(_:)`, with and without script folding and
    /// under every folding; it declines exactly where a key scalar is not byte-decidable or the bytes are not UTF-8.
    @Test func equalTheStringKeys() throws {
        let pieces = [
            "民主集中制", "黨的領導", "自我革命", "ＡＢＣ", "abc", "XYZ", "１２３", "，", "。", "、", " ", "\t", "\n", "\u{3000}", "é", "e\u{301}",
            "\u{1F600}", "\u{7}", "-", "\"", "要坚持123", "〆", "\u{302A}", "¼", "가",
        ]
        var matchers = [TextMatcher(folding: .all), TextMatcher(folding: .standard), TextMatcher(folding: [])]
        if let simplified = try? TextMatcher.ignoringScriptAndPunctuation() { matchers.append(simplified) }
        var random = SystemRandomNumberGenerator()
        var decided = 0
        for _ in 0..<20_000 {
            let text = (0..<Int.random(in: 0...6, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            for matcher in matchers {
                var bytes: [UInt8] = []
                var source = text
                let ok = source.withUTF8 { matcher.appendDecidableKey(ofUTF8: $0, to: &bytes) }
                let key = matcher.key(text)
                let decidable = key.unicodeScalars.allSatisfy { TextMatcher.bytesDecide($0.value) } && !text.unicodeScalars.contains { $0.value > 0xFFFF }
                if ok {
                    decided += 1
                    #expect(bytes == Array(key.utf8), "\(text.debugDescription) \(matcher.folding)")
                } else {
                    #expect(!decidable, "declined \(text.debugDescription) \(matcher.folding)")
                }
            }
        }
        #expect(decided > 10_000)
        // Bytes that are not UTF-8 are declined.
        var bytes: [UInt8] = []
        #expect(![UInt8]([0xE6, 0xB0]).withUnsafeBufferPointer { TextMatcher(folding: .all).appendDecidableKey(ofUTF8: $0, to: &bytes) })
    }
}
