import QuizModel

/// A part of a question that some formats cannot hold.
public enum BankFeature: String, Hashable, Sendable, CaseIterable, Comparable {
    case id, explanation, difficulty, topic, points, source, tags, keywords, optionOrder, blankOrder, scoringRule
    case referenceAnswer, lineBreaks, alternatives, name

    public var chineseName: String {
        switch self {
        case .id: "编号"
        case .explanation: "解析"
        case .difficulty: "难度"
        case .topic: "知识点"
        case .points: "分值"
        case .source: "出处"
        case .tags: "标签"
        case .keywords: "关键词"
        case .optionOrder: "选项顺序"
        case .blankOrder: "填空顺序"
        case .scoringRule: "多选评分规则"
        case .referenceAnswer: "参考答案"
        case .lineBreaks: "换行"
        case .alternatives: "备选答案"
        case .name: "题名"
        }
    }

    public var englishName: String {
        switch self {
        case .id: "ids"
        case .explanation: "explanations"
        case .difficulty: "difficulty"
        case .topic: "topics"
        case .points: "points"
        case .source: "sources"
        case .tags: "tags"
        case .keywords: "keywords"
        case .optionOrder: "fixed option order"
        case .blankOrder: "blank order"
        case .scoringRule: "multiple-choice scoring rules"
        case .referenceAnswer: "reference answers"
        case .lineBreaks: "line breaks"
        case .alternatives: "alternative answers"
        case .name: "question names"
        }
    }

    public static func < (lhs: BankFeature, rhs: BankFeature) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// Questions of a kind a format cannot hold at all (left out of the output).
public enum UncarriedKind: Hashable, Sendable, Comparable {
    case type(QuestionType)
    /// Fill-in questions with more than one blank.
    case severalBlanks
    /// Short answers with keywords but no reference answer.
    case shortWithoutReference

    var chineseName: String {
        switch self {
        case .type(let type): type.chineseName
        case .severalBlanks: "多空填空题"
        case .shortWithoutReference: "没有参考答案的简答题"
        }
    }

    var englishName: String {
        switch self {
        case .type(let type): type.name(in: .en) + " questions"
        case .severalBlanks: "fill-in questions with several blanks"
        case .shortWithoutReference: "short answers without a reference answer"
        }
    }

    private var rank: Int {
        switch self {
        case .type(let type): QuestionType.allCases.firstIndex(of: type)!
        case .severalBlanks: QuestionType.allCases.count
        case .shortWithoutReference: QuestionType.allCases.count + 1
        }
    }

    public static func < (lhs: UncarriedKind, rhs: UncarriedKind) -> Bool { lhs.rank < rhs.rank }
}

/// Everything a writer could not carry, counted per kind, so that it is reported once per kind
/// ("GIFT cannot carry 难度: dropped for 12 questions") and never lost silently.
public struct CarryReport: Equatable, Sendable {
    /// Per feature, the questions written without it (or with it changed to what the format holds).
    public private(set) var dropped: [BankFeature: Int] = [:]
    /// Per kind, the questions left out.
    public private(set) var leftOut: [UncarriedKind: Int] = [:]

    public init() {}

    public var isEmpty: Bool { dropped.isEmpty && leftOut.isEmpty }

    mutating func drop(_ feature: BankFeature) { dropped[feature, default: 0] += 1 }
    mutating func leaveOut(_ kind: UncarriedKind) { leftOut[kind, default: 0] += 1 }

    /// One line per kind of loss, questions left out first.
    public func messages(format: String, in language: DisplayLanguage) -> [String] {
        var lines: [String] = []
        for (kind, count) in leftOut.sorted(by: { $0.key < $1.key }) {
            lines.append(language.pick(
                "\(format) 不能保存\(kind.chineseName)：\(count) 道题未写出",
                "\(format) cannot carry \(kind.englishName): \(count) question\(count == 1 ? "" : "s") left out"))
        }
        for (feature, count) in dropped.sorted(by: { $0.key < $1.key }) {
            lines.append(language.pick(
                "\(format) 不能保存\(feature.chineseName)：已舍弃 \(count) 道题的\(feature.chineseName)",
                "\(format) cannot carry \(feature.chineseName) (\(feature.englishName)): dropped for \(count) question\(count == 1 ? "" : "s")"))
        }
        return lines
    }
}

/// The part of `question` a format keeps: only questions of `types`; fill-in questions with one blank when
/// `oneBlankOnly`; short answers with their reference answer (keywords are never kept outside the full formats); the
/// multiple-choice rule when `features` has it and weights can say it (the paper's rule, or net); of the rest, what
/// `features` names. Everything else is counted in `report`. `adjust` then shapes the text as the format holds it
/// (one-line stems, `____` blanks), and the id is set last (explicit when kept, else derived from what is carried).
func carriedPart(
    of question: Question, types: Set<QuestionType> = Set(QuestionType.allCases), oneBlankOnly: Bool = false,
    shortWithoutReference: Bool = false, features: Set<BankFeature>,
    report: inout CarryReport, adjust: (inout Question) -> Void = { _ in }
) -> Question? {
    guard types.contains(question.type) else {
        report.leaveOut(.type(question.type))
        return nil
    }
    var kept = features
    var content = question.content
    switch question.content {
    case .single:
        break
    case .multiple:
        if question.scoringRule != nil && question.scoringRule != .net { kept.remove(.scoringRule) }
    case .trueFalse:
        break
    case .fill(let blanks, _):
        if oneBlankOnly, blanks.count != 1 {
            report.leaveOut(.severalBlanks)
            return nil
        }
        if !kept.contains(.blankOrder) { content = .fill(blanks: blanks, orderInsensitive: false) }
    case .short(let reference, _):
        let written = reference.flatMap { $0.isEmpty ? nil : $0 }
        guard written != nil || shortWithoutReference else {
            report.leaveOut(.shortWithoutReference)
            return nil
        }
        content = .short(reference: written, keywords: [])
    }
    if question.type != .single && question.type != .multiple { kept.remove(.optionOrder) }
    if question.type != .multiple { kept.remove(.scoringRule) }
    dropMetadata(of: question, keeping: kept, into: &report)
    var carried = Question(
        id: "", stem: question.stem, content: content, explanation: kept.contains(.explanation) ? question.explanation : nil,
        topic: kept.contains(.topic) ? question.topic : nil, difficulty: kept.contains(.difficulty) ? question.difficulty : nil,
        points: kept.contains(.points) ? question.points : nil, source: kept.contains(.source) ? question.source : nil,
        tags: kept.contains(.tags) ? question.tags : [], fixedOptionOrder: kept.contains(.optionOrder) && question.fixedOptionOrder,
        scoringRule: kept.contains(.scoringRule) ? question.scoringRule : nil, name: kept.contains(.name) ? question.name : nil)
    adjust(&carried)
    QuestionChecks.identify(&carried, explicitID: kept.contains(.id) && question.hasExplicitID ? question.id : nil)
    return carried
}

/// Reports the metadata of `question` that a format does not keep (everything not in `kept`).
/// `questions` with each topic's questions together, topics in the order they first appear, questions in their own
/// order within a topic: formats that switch categories (GIFT's `$CATEGORY:`, Moodle XML's category questions)
/// then switch once per topic rather than at every change of topic.
func groupedByTopic(_ questions: [Question]) -> [Question] {
    var order: [String?] = []
    var groups: [String?: [Question]] = [:]
    for question in questions {
        if groups[question.topic] == nil { order.append(question.topic) }
        groups[question.topic, default: []].append(question)
    }
    return order.flatMap { groups[$0]! }
}

func dropMetadata(of question: Question, keeping kept: Set<BankFeature>, into report: inout CarryReport) {
    let present: [(BankFeature, Bool)] = [
        (.id, question.hasExplicitID),
        (.name, question.name != nil),
        (.explanation, question.explanation != nil),
        (.difficulty, question.difficulty != nil),
        (.topic, question.topic != nil),
        (.points, question.points != nil),
        (.source, question.source.map { !$0.isEmpty } ?? false),
        (.tags, !question.tags.isEmpty),
        (.optionOrder, question.fixedOptionOrder),
        (.scoringRule, question.scoringRule != nil && question.type == .multiple),
    ]
    for (feature, isPresent) in present where isPresent && !kept.contains(feature) { report.drop(feature) }
    if case .short(_, let keywords) = question.content, !keywords.isEmpty { report.drop(.keywords) }
    if case .fill(let blanks, let anyOrder) = question.content, anyOrder, blanks.count > 1, !kept.contains(.blankOrder) { report.drop(.blankOrder) }
}
