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
