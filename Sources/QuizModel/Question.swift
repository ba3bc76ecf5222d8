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
        let key = text.trimmingWhitespace().lowercased()
        switch key {
        case "易", "容易", "简单", "簡單", "1", "１", "easy": self = .easy
        case "较易", "較易", "比较容易", "較容易", "2", "２", "fairly easy", "fairly-easy": self = .fairlyEasy
        case "中等", "中", "一般", "适中", "適中", "3", "３", "medium", "moderate": self = .medium
        case "较难", "較難", "比较难", "比較難", "4", "４", "fairly hard", "fairly-hard": self = .fairlyHard
        case "难", "難", "困难", "困難", "5", "５", "hard", "difficult": self = .hard
        default: return nil
        }
    }

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
    /// The question text; lines joined with "\n".
    public var stem: String
    public var content: QuestionContent
    /// 解析: why the answer is right.
    public var explanation: String?
    /// 知识点 as a path, components joined by "/": `干部工作/选拔任用`.
    public var topic: String?
    public var difficulty: Difficulty?
    /// 分值; nil when neither the question nor its section set it.
    public var points: Double?
    public var source: SourceReference?
    public var tags: [String]
    /// Pins the option order against shuffling (e.g. when the last option is 以上都对).
    public var fixedOptionOrder: Bool
    /// Where the question starts in its file; nil for questions built in code.
    public var location: SourceLocation?

    public init(
        id: String, hasExplicitID: Bool = false, stem: String, content: QuestionContent,
        explanation: String? = nil, topic: String? = nil, difficulty: Difficulty? = nil, points: Double? = nil,
        source: SourceReference? = nil, tags: [String] = [], fixedOptionOrder: Bool = false,
        location: SourceLocation? = nil
    ) {
        self.id = id
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
    public func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars[first...last])
        return String(result)
    }
}
