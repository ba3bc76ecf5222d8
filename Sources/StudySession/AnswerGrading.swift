import BankFormats
import QuizModel
import TextMatching

/// An answer as typed, understood for one question.
public enum TypedAnswer: Hashable, Sendable, Codable {
    /// Option positions as printed (0 = A), ascending.
    case choices([Int])
    case trueFalse(Bool)
    case blanks([String])
    case text(String)
}

/// Why typed text is not an answer to the question (the candidate is asked again; nothing is recorded).
public enum AnswerProblem: Error, Equatable, Sendable {
    case empty
    case notOptionLetters(String)
    case noSuchOption(letter: String, last: String)
    case oneAnswerOnly
    case notTrueFalse(String)
    case blankCount(expected: Int, given: Int)

    public func message(in language: DisplayLanguage) -> String {
        switch self {
        case .empty: language.pick("请输入答案", "type an answer")
        case .notOptionLetters(let text): language.pick("“\(text)”不是选项字母", "\"\(text)\" is not option letters")
        case .noSuchOption(let letter, let last): language.pick("没有选项 \(letter)（选项 A–\(last)）", "there is no option \(letter) (A–\(last))")
        case .oneAnswerOnly: language.pick("单选题只能选一个", "choose one option")
        case .notTrueFalse(let text): language.pick("“\(text)”不是对/错（可输入 对 错 √ × t f y n）", "\"\(text)\" is not true/false (对 错 √ × t f y n)")
        case .blankCount(let expected, let given):
            language.pick("本题有 \(expected) 个空，你填了 \(given) 个（各空用 | 或 ； 分隔）", "\(expected) blanks, \(given) given (separate blanks with | or ；)")
        }
    }

    /// The same for whoever reads an answer sheet (an organizer's errors.csv), not the person who typed it.
    public func reportMessage(in language: DisplayLanguage) -> String {
        switch self {
        case .empty: language.pick("未作答", "no answer")
        case .blankCount(let expected, let given):
            language.pick("本题有 \(expected) 个空，答案中有 \(given) 个（各空应以 | 或 ； 分隔）", "\(expected) blanks, \(given) in the answer (blanks are separated by | or ；)")
        default: message(in: language)
        }
    }
}

/// How an answer was marked.
public struct Grade: Hashable, Sendable {
    /// Share of the marks earned, 0…1.
    public var fraction: Double
    public var isCorrect: Bool { fraction >= 1 - 1e-9 }
    /// For fill-in questions: which blanks were right.
    public var blanks: [Bool]
    /// For short answers: which keywords were found.
    public var keywordsFound: [String]
}

/// Reads answers the forgiving way people type them, and marks them.
///
/// Choices: `a`, `A`, `ac`, `a c`, `A,C`, `A、C`, full-width letters. True/false: 对/错/√/×/t/f/y/n/正确/错误/是/否.
/// Blanks: separated by `|` or `；` (or `;`). Width, spaces, punctuation and Traditional/Simplified differences never
/// make a right blank wrong.
public struct AnswerGrader: Sendable {
    public var matcher: TextMatcher
    /// How multiple-choice answers earn partial marks.
    public var rule: MultipleChoiceRule

    public init(matcher: TextMatcher, rule: MultipleChoiceRule = .allOrNothing) {
        self.matcher = matcher
        self.rule = rule
    }

    /// A grader folding width, spaces, case, punctuation and script (OpenCC when available).
    public static func standard(rule: MultipleChoiceRule = .allOrNothing) -> AnswerGrader {
        AnswerGrader(matcher: (try? TextMatcher.ignoringScriptAndPunctuation()) ?? TextMatcher(folding: .all), rule: rule)
    }

    /// `(B)`, `（AC）`, `[B]`, `【B】` as `B`, `AC`: one pair of brackets around an answer says nothing more.
    public static func withoutEnclosingBrackets(_ text: String) -> String {
        let pairs: [(Character, Character)] = [("(", ")"), ("（", "）"), ("[", "]"), ("【", "】")]
        guard let first = text.first, let last = text.last, text.count >= 2,
            pairs.contains(where: { $0.0 == first && $0.1 == last })
        else { return text }
        return String(text.dropFirst().dropLast()).trimmingWhitespace()
    }

    /// The answer typed for `question` (whose options are printed as `optionCount` letters).
    public func parse(_ input: String, for type: QuestionType, optionCount: Int, blankCount: Int) -> Result<TypedAnswer, AnswerProblem> {
        let text = input.trimmingWhitespace()
        guard !text.isEmpty else { return .failure(.empty) }
        switch type {
        case .single, .multiple:
            let (letters, invalid) = BankValueSyntax.answerLetters(Self.withoutEnclosingBrackets(text))
            if invalid != nil { return .failure(.notOptionLetters(text)) }
            if let bad = letters.first(where: { $0 >= optionCount }) {
                return .failure(.noSuchOption(letter: optionLabel(bad), last: optionLabel(optionCount - 1)))
            }
            let unique = Array(Set(letters)).sorted()
            if type == .single, unique.count > 1 { return .failure(.oneAnswerOnly) }
            return .success(.choices(unique))
        case .trueFalse:
            guard let value = TrueFalseTokens.parse(text) else { return .failure(.notTrueFalse(text)) }
            return .success(.trueFalse(value))
        case .fill:
            let parts = BankValueSyntax.split(text, omittingEmpty: false, where: { $0 == "|" || $0 == "｜" || $0 == "；" || $0 == ";" })
                .map { $0.trimmingWhitespace() }
            var blanks = parts
            // `一流，第一` or `一流、第一` for two blanks: Chinese commas separate them when nothing else does and the
            // count then matches (a comma inside a one-blank answer stays text).
            if blankCount > 1, parts.count == 1 {
                let byCommas = BankValueSyntax.split(text, omittingEmpty: false, where: { $0 == "，" || $0 == "、" || $0 == "," }).map { $0.trimmingWhitespace() }
                if byCommas.count == blankCount { blanks = byCommas }
            }
            if blankCount > 1, blanks.count != blankCount { return .failure(.blankCount(expected: blankCount, given: blanks.count)) }
            return .success(.blanks(blankCount <= 1 ? [text] : blanks))
        case .short:
            return .success(.text(text))
        }
    }

    /// Marks `answer` for `question`, whose options were printed in `optionOrder` (position → bank index).
    public func grade(_ answer: TypedAnswer, question: Question, optionOrder: [Int]? = nil) -> Grade {
        let order = optionOrder ?? Array(question.content.options.indices)
        switch (question.content, answer) {
        case (.single(_, let correct), .choices(let chosen)):
            let right = chosen.count == 1 && order[chosen[0]] == correct
            return Grade(fraction: right ? 1 : 0, blanks: [], keywordsFound: [])
        case (.multiple(_, let correct), .choices(let chosen)):
            let chosenBank = Set(chosen.map { order[$0] })
            // The question's own rule wins over the session's; per-option values are in the question's points.
            let points = question.points ?? 1
            let fraction = (question.scoringRule ?? rule).score(chosen: chosenBank, correct: Set(correct), points: points) / points
            return Grade(fraction: fraction, blanks: [], keywordsFound: [])
        case (.trueFalse(let correct), .trueFalse(let given)):
            return Grade(fraction: correct == given ? 1 : 0, blanks: [], keywordsFound: [])
        case (.fill(let blanks, let unordered), .blanks(let given)):
            let results = gradeBlanks(blanks, given: given, unordered: unordered)
            let fraction = blanks.isEmpty ? 0 : Double(results.count { $0 }) / Double(blanks.count)
            return Grade(fraction: fraction, blanks: results, keywordsFound: [])
        case (.short(_, let keywords), .text(let text)):
            let key = matcher.key(text)
            let found = keywords.filter { TextMatcher.key(key, contains: matcher.key($0.text)) }
            let total = keywords.reduce(0) { $0 + $1.weight }
            let fraction = total == 0 ? 0 : found.reduce(0) { $0 + $1.weight } / total
            return Grade(fraction: fraction, blanks: [], keywordsFound: found.map(\.text))
        default:
            return Grade(fraction: 0, blanks: [], keywordsFound: [])
        }
    }

    func gradeBlanks(_ blanks: [Blank], given: [String], unordered: Bool) -> [Bool] {
        let givenKeys = given.map(matcher.key)
        let accepted = blanks.map { Set($0.alternatives.map(matcher.key)) }
        if !unordered {
            return accepted.indices.map { index in index < givenKeys.count && accepted[index].contains(givenKeys[index]) }
        }
        // Any order: match each given answer to a different blank (greedy over a bipartite choice is enough
        // for the handful of blanks a question has; augmenting paths keep it exact).
        var blankOfAnswer = [Int?](repeating: nil, count: givenKeys.count)
        var answerOfBlank = [Int?](repeating: nil, count: accepted.count)
        func assign(_ answer: Int, _ seen: inout Set<Int>) -> Bool {
            for blank in accepted.indices where accepted[blank].contains(givenKeys[answer]) && !seen.contains(blank) {
                seen.insert(blank)
                if answerOfBlank[blank] == nil || assign(answerOfBlank[blank]!, &seen) {
                    answerOfBlank[blank] = answer
                    blankOfAnswer[answer] = blank
                    return true
                }
            }
            return false
        }
        for answer in givenKeys.indices {
            var seen = Set<Int>()
            _ = assign(answer, &seen)
        }
        return answerOfBlank.map { $0 != nil }
    }
}
