/// The five question types organizers use (题型).
public enum QuestionType: String, Sendable, Codable, CaseIterable, Comparable {
    /// 单选题: one correct option.
    case single
    /// 多选题: two or more correct options.
    case multiple
    /// 判断题: true or false.
    case trueFalse
    /// 填空题: one or more blanks, each with accepted alternatives.
    case fill
    /// 简答题: a reference answer and weighted keywords.
    case short

    /// The name used in section headers and reports: 单选题, 多选题, 判断题, 填空题, 简答题.
    public var chineseName: String {
        switch self {
        case .single: "单选题"
        case .multiple: "多选题"
        case .trueFalse: "判断题"
        case .fill: "填空题"
        case .short: "简答题"
        }
    }

    /// The user-facing name in the given language.
    public func name(in language: DisplayLanguage) -> String {
        switch self {
        case .single: language.pick("单选题", "single choice")
        case .multiple: language.pick("多选题", "multiple choice")
        case .trueFalse: language.pick("判断题", "true/false")
        case .fill: language.pick("填空题", "fill in the blank")
        case .short: language.pick("简答题", "short answer")
        }
    }

    public static func < (lhs: QuestionType, rhs: QuestionType) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// Difficulty on the five-level scale of Chinese test practice (易 / 较易 / 中等 / 较难 / 难), also written 1–5.
public enum Difficulty: Int, Sendable, Codable, CaseIterable, Comparable {
    case easy = 1
    case fairlyEasy = 2
    case medium = 3
    case fairlyHard = 4
    case hard = 5

    /// 易, 较易, 中等, 较难, 难 — the canonical spelling written back to bank files.
    public var chineseName: String {
        switch self {
        case .easy: "易"
        case .fairlyEasy: "较易"
        case .medium: "中等"
        case .fairlyHard: "较难"
        case .hard: "难"
        }
    }

    /// The user-facing name in the given language.
    public func name(in language: DisplayLanguage) -> String {
        switch self {
        case .easy: language.pick("易", "easy")
        case .fairlyEasy: language.pick("较易", "fairly easy")
        case .medium: language.pick("中等", "medium")
        case .fairlyHard: language.pick("较难", "fairly hard")
        case .hard: language.pick("难", "hard")
        }
    }

    /// Reads the spellings found in real banks: the five levels in Simplified or Traditional characters,
    /// common synonyms (简单, 容易, 一般, 中, 困难), the digits 1–5 (full-width too) and English words.
    public init?(parsing text: String) {
        guard let level = Self.spellings.lookup(text) else { return nil }
        self = level
    }

    static let spellings = TokenTable<Difficulty>([
        ("易", .easy), ("容易", .easy), ("简单", .easy), ("簡單", .easy), ("1", .easy), ("１", .easy), ("easy", .easy),
        ("较易", .fairlyEasy), ("較易", .fairlyEasy), ("比较容易", .fairlyEasy), ("較容易", .fairlyEasy),
        ("2", .fairlyEasy), ("２", .fairlyEasy), ("fairly easy", .fairlyEasy), ("fairly-easy", .fairlyEasy),
        ("中等", .medium), ("中", .medium), ("一般", .medium), ("适中", .medium), ("適中", .medium), ("3", .medium),
        ("３", .medium), ("medium", .medium), ("moderate", .medium),
        ("较难", .fairlyHard), ("較難", .fairlyHard), ("比较难", .fairlyHard), ("比較難", .fairlyHard), ("4", .fairlyHard),
        ("４", .fairlyHard), ("fairly hard", .fairlyHard), ("fairly-hard", .fairlyHard),
        ("难", .hard), ("難", .hard), ("困难", .hard), ("困難", .hard), ("5", .hard), ("５", .hard), ("hard", .hard),
        ("difficult", .hard),
    ])

    public static func < (lhs: Difficulty, rhs: Difficulty) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A weighted keyword of a short-answer question: a response that contains it earns `weight` parts of the marks.
public struct Keyword: Hashable, Sendable, Codable {
    public var text: String
    public var weight: Double

    public init(_ text: String, weight: Double = 1) {
        self.text = text
        self.weight = weight
    }
}

/// One blank of a fill-in-the-blank question and the answers accepted for it.
public struct Blank: Hashable, Sendable, Codable {
    /// Accepted answers; the first is the canonical one shown in keys.
    public var alternatives: [String]

    public init(_ alternatives: [String]) { self.alternatives = alternatives }
}

/// Where a question's content comes from (出处): a document, an article or section in it, a date.
public struct SourceReference: Hashable, Sendable, Codable {
    /// The document's title, without 《》.
    public var document: String?
    /// Article, section or page within the document (第三条, 第二部分).
    public var article: String?
    /// The date as written in the source, ISO 8601 (`2022-09-21`) when it was recognized.
    public var date: String?

    public init(document: String? = nil, article: String? = nil, date: String? = nil) {
        self.document = document
        self.article = article
        self.date = date
    }

    public var isEmpty: Bool { document == nil && article == nil && date == nil }
}

/// What a question asks and what is right, by type. Invalid combinations (a true/false question with options,
/// an answer letter outside the options) cannot be represented.
public enum QuestionContent: Hashable, Sendable, Codable {
    /// Options in their written order (label A is index 0) and the index of the correct one.
    case single(options: [String], answer: Int)
    /// Options and the indices of the correct ones, ascending.
    case multiple(options: [String], answers: [Int])
    case trueFalse(answer: Bool)
    /// Blanks in stem order; `orderInsensitive` when the blanks may be answered in any order (e.g. 四个意识).
    case fill(blanks: [Blank], orderInsensitive: Bool)
    /// A reference answer (参考答案) and keywords scored as a first pass.
    case short(reference: String?, keywords: [Keyword])

    public var type: QuestionType {
        switch self {
        case .single: .single
        case .multiple: .multiple
        case .trueFalse: .trueFalse
        case .fill: .fill
        case .short: .short
        }
    }

    /// The options of a choice question, empty for other types.
    public var options: [String] {
        switch self {
        case .single(let options, _), .multiple(let options, _): options
        default: []
        }
    }
}

/// One question of a bank, with its metadata and the place it was read from.
public struct Question: Hashable, Sendable, Codable, Identifiable {
    /// Stable id: the explicit `编号` of the file, else derived from the normalized content
    /// (see `BankFormats.QuestionIdentity`), so records survive reordering and reformatting.
    public var id: String
    /// Whether `id` was written in the file (`编号：`/`ID:`) rather than derived.
    public var hasExplicitID: Bool
    /// The question's name (题名; GIFT's `::title::`, Moodle's `<name>`): a label for people, not unique and not
    /// an id.
    public var name: String?
    /// The question text; lines joined with "\n".
    public var stem: String
    public var content: QuestionContent
    /// 解析: why the answer is right.
    public var explanation: String?
    /// 知识点 as a path, components joined by "/": `干部工作/选拔任用`.
    public var topic: String?
    public var difficulty: Difficulty?
    /// 分值; nil when neither the question nor its section set it. At most `maximumPoints`.
    public var points: Double?

    /// The most points one question may carry (as a paper's items may): every reader refuses more.
    public static let maximumPoints: Double = 100_000

    /// Whether `points` is a question's worth kaoxue keeps: finite, above 0, at most `maximumPoints`.
    public static func acceptsPoints(_ points: Double) -> Bool { points > 0 && points <= maximumPoints }
    public var source: SourceReference?
    public var tags: [String]
    /// Pins the option order against shuffling (e.g. when the last option is 以上都对).
    public var fixedOptionOrder: Bool
    /// The question's own marking rule (multiple choice only); nil leaves it to the paper or section.
    public var scoringRule: MultipleChoiceRule?
    /// Where the question starts in its file; nil for questions built in code.
    public var location: SourceLocation?

    public init(
        id: String, hasExplicitID: Bool = false, stem: String, content: QuestionContent,
        explanation: String? = nil, topic: String? = nil, difficulty: Difficulty? = nil, points: Double? = nil,
        source: SourceReference? = nil, tags: [String] = [], fixedOptionOrder: Bool = false,
        scoringRule: MultipleChoiceRule? = nil, location: SourceLocation? = nil, name: String? = nil
    ) {
        self.id = id
        self.name = name
        self.hasExplicitID = hasExplicitID
        self.stem = stem
        self.content = content
        self.explanation = explanation
        self.topic = topic
        self.difficulty = difficulty
        self.points = points
        self.source = source
        self.tags = tags
        self.fixedOptionOrder = fixedOptionOrder
        self.scoringRule = scoringRule
        self.location = location
    }

    public var type: QuestionType { content.type }

    /// The first component of the topic path (干部工作 for 干部工作/选拔任用).
    public var topTopic: String? {
        topic.map { String($0.split(separator: "/", maxSplits: 1).first ?? Substring($0)) }
    }

    /// The same question without its source location, for comparing content read from different places.
    public var withoutLocation: Question {
        var copy = self
        copy.location = nil
        return copy
    }
}

/// The label of the option at `index`: 0 → "A", 25 → "Z".
public func optionLabel(_ index: Int) -> String {
    String(UnicodeScalar(UInt8(65 + index)))
}

extension StringProtocol {
    /// The string without leading and trailing white space, full-width space (U+3000) included.
    ///
    /// - Complexity: O(w) where w is the white space removed; the common case (nothing to trim) copies once.
    public func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        var start = scalars.startIndex
        while start < scalars.endIndex, scalars[start].isWhitespaceForTrimming { start = scalars.index(after: start) }
        var end = scalars.endIndex
        while end > start {
            let before = scalars.index(before: end)
            guard scalars[before].isWhitespaceForTrimming else { break }
            end = before
        }
        return String(self[start..<end])
    }
}

extension Unicode.Scalar {
    /// White space by the Unicode property, with an ASCII fast path (what `trimmingWhitespace` removes).
    @inline(__always)
    public var isWhitespaceForTrimming: Bool {
        switch value {
        case 0x20, 0x09...0x0D: true
        case 0..<0x80: false
        case 0x3000: true
        case 0x3001...0x9FFF, 0xFF01...0xFFEF: false  // CJK punctuation, ideographs, full-width forms
        default: properties.isWhitespace
        }
    }
}
