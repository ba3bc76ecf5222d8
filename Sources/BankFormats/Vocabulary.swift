import QuizModel
import TextMatching

/// The fields of the native bank format, with every spelling accepted for each
/// (Simplified, Traditional, synonyms from real platforms, English).
public enum FieldName: Int, Sendable, CaseIterable {
    case answer, explanation, difficulty, topic, points, id, keywords, source, tags, type, optionOrder, blankOrder, scoringRule, name

    /// The spelling written back by `NativeBankWriter`.
    public var canonical: String {
        switch self {
        case .answer: "答案"
        case .explanation: "解析"
        case .difficulty: "难度"
        case .topic: "知识点"
        case .points: "分值"
        case .id: "编号"
        case .keywords: "关键词"
        case .source: "出处"
        case .tags: "标签"
        case .type: "题型"
        case .optionOrder: "选项顺序"
        case .blankOrder: "填空顺序"
        case .scoringRule: "评分"
        case .name: "题名"
        }
    }

    var spellings: [String] {
        switch self {
        case .answer: ["答案", "正确答案", "正確答案", "参考答案", "參考答案", "标准答案", "標準答案", "answer"]
        case .explanation: ["解析", "答案解析", "试题解析", "試題解析", "解释", "解釋", "explanation", "analysis"]
        case .difficulty: ["难度", "難度", "difficulty"]
        case .topic: ["知识点", "知識點", "考点", "考點", "topic"]
        case .points: ["分值", "分数", "分數", "points", "score"]
        case .id: ["编号", "編號", "id"]
        case .keywords: ["关键词", "關鍵詞", "关键字", "關鍵字", "得分点", "得分點", "keywords"]
        case .source: ["出处", "出處", "来源", "來源", "source"]
        case .tags: ["标签", "標籤", "標簽", "tags"]
        case .type: ["题型", "題型", "type"]
        case .optionOrder: ["选项顺序", "選項順序", "option order"]
        case .blankOrder: ["填空顺序", "填空順序", "blank order"]
        case .scoringRule: ["评分", "評分", "评分规则", "評分規則", "多选规则", "多選規則", "scoring", "rule"]
        case .name: ["题名", "題名", "试题名称", "試題名稱", "name", "title"]
        }
    }

    /// The canonical names, in the order the writer emits them.
    public static let canonicalNames: [String] = allCases.map(\.canonical)

    /// Spelling (lower-cased for ASCII) → field.
    static let lookup: [String: FieldName] = {
        var table: [String: FieldName] = [:]
        for field in allCases {
            for spelling in field.spellings { table[spelling] = field }
        }
        return table
    }()

    private static let tokens = TokenTable(allCases.flatMap { field in field.spellings.map { ($0, field) } })

    /// The field a name denotes, if any. ASCII names are case-insensitive.
    public static func named(_ name: String) -> FieldName? { tokens.lookup(name) }

    /// The closest known spelling, when the name looks like a typo of one (did you mean …?).
    static func suggestion(for name: String) -> String? {
        let lowered = name.lowercased()
        var best: (spelling: String, distance: Int)?
        for spelling in lookup.keys.sorted() {
            let distance = editDistance(Array(lowered), Array(spelling))
            // One slip for Chinese names (参考文献 is not 参考答案), two for longer English words.
            let allowed = spelling.unicodeScalars.allSatisfy(\.isASCII) && spelling.count > 3 ? 2 : 1
            if distance <= allowed, distance < (best?.distance ?? .max) { best = (spelling, distance) }
        }
        guard let best else { return nil }
        // Suggest the canonical Chinese name for a misspelled Chinese name, the English one for English.
        let field = lookup[best.spelling]!
        return best.spelling.unicodeScalars.allSatisfy(\.isASCII) ? best.spelling : field.canonical
    }
}

/// Words that name question types in section headers and 题型 fields.
public enum QuestionTypeWords {
    /// Longest spellings first, so 单项选择题 wins over 单选.
    static let spellings: [(String, QuestionType)] = {
        let table: [(String, QuestionType)] = [
            ("单项选择题", .single), ("单项选择", .single), ("单选题", .single), ("单选", .single),
            ("單項選擇題", .single), ("單項選擇", .single), ("單選題", .single), ("單選", .single),
            ("多项选择题", .multiple), ("多项选择", .multiple), ("不定项选择题", .multiple), ("不定项选择", .multiple),
            ("多选题", .multiple), ("多选", .multiple), ("多項選擇題", .multiple), ("多項選擇", .multiple),
            ("不定項選擇題", .multiple), ("多選題", .multiple), ("多選", .multiple),
            ("判断题", .trueFalse), ("判断", .trueFalse), ("判斷題", .trueFalse), ("判斷", .trueFalse),
            ("是非题", .trueFalse), ("是非題", .trueFalse),
            ("填空题", .fill), ("填空", .fill), ("填空題", .fill),
            ("简答题", .short), ("简答", .short), ("簡答題", .short), ("簡答", .short),
            ("问答题", .short), ("问答", .short), ("問答題", .short), ("問答", .short),
            ("论述题", .short), ("論述題", .short), ("主观题", .short), ("主觀題", .short),
            ("single choice", .single), ("single", .single), ("multiple choice", .multiple), ("multiple", .multiple),
            ("true/false", .trueFalse), ("truefalse", .trueFalse), ("true-false", .trueFalse),
            ("fill in the blank", .fill), ("fill", .fill), ("short answer", .short), ("short", .short),
            ("essay", .short),
        ]
        return table.sorted { $0.0.count > $1.0.count }
    }()

    private static let tokens = TokenTable(spellings)

    /// The type a 题型 value names (the whole value must be a type word).
    public static func parse(_ text: String) -> QuestionType? { tokens.lookup(text) }

    /// The spellings as UTF-8 bytes with their length in characters, longest first.
    static let byteSpellings: [(bytes: [UInt8], characters: Int, type: QuestionType)] = spellings.map {
        (Array($0.0.utf8), $0.0.count, $0.1)
    }

    /// The type word `text` starts with (ASCII letters in any case), and its length in characters.
    static func prefix(of text: Substring) -> (QuestionType, Int)? {
        let bytes = text.utf8
        for spelling in byteSpellings where bytes.count >= spelling.bytes.count {
            let matched = zip(bytes, spelling.bytes).allSatisfy { byte, expected in
                (byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) == expected
            }
            if matched { return (spelling.type, spelling.characters) }
        }
        return nil
    }
}

/// The answers of true/false questions as organizers write them.
/// The true/false answers organizers and candidates write: 对/错, √/×, 正确/错误, 是/否, T/F, Y/N, true/false.
public enum TrueFalseTokens {
    private static let tokens = TokenTable<Bool>(
        ["对", "對", "√", "✓", "✔", "正确", "正確", "是", "t", "y", "true", "yes", "ｔ", "ｙ"].map { ($0, true) }
            + ["错", "錯", "×", "✗", "✘", "x", "错误", "錯誤", "否", "f", "n", "false", "no", "ｆ", "ｎ"].map { ($0, false) })

    /// True, false, or nil when `text` is not a true/false token. Full-width letters (`Ｔ`) and a closing full stop
    /// (`对。`) are read as the same token, as answer letters are.
    public static func parse(_ text: String) -> Bool? {
        if let value = tokens.lookup(text) { return value }
        var folded = String(String.UnicodeScalarView(text.unicodeScalars.map(TextFolding.halfWidth))).trimmingWhitespace()
        while let last = folded.unicodeScalars.last, last == "." || last == "。" {
            folded.unicodeScalars.removeLast()
        }
        return folded.isEmpty ? nil : tokens.lookup(folded)
    }
}
