import BankFormats
import Foundation
import PaperAssembly
import QuizModel

/// The marks of one item after submission.
public struct ItemScore: Hashable, Sendable, Codable {
    public var number: Int
    /// The bank question's id.
    public var id: String
    public var score: Double
    public var points: Double
    /// A short answer without keywords: 0 until a person marks it.
    public var needsHandMarking: Bool

    public init(number: Int, id: String, score: Double, points: Double, needsHandMarking: Bool) {
        self.number = number
        self.id = id
        self.score = score
        self.points = points
        self.needsHandMarking = needsHandMarking
    }
}

/// The marks of one section.
public struct SectionScore: Hashable, Sendable, Codable {
    public var heading: String
    public var score: Double
    public var maxScore: Double

    public init(heading: String, score: Double, maxScore: Double) {
        self.heading = heading
        self.score = score
        self.maxScore = maxScore
    }
}

/// A submitted exam, marked: what `--result` writes and the store keeps, signed by `ResultSigner`.
public struct ExamResult: Hashable, Sendable, Codable {
    /// `kaoxue-exam-result/1`.
    public var format: String
    public var candidate: String
    public var paper: PaperIdentity
    public var version: String
    /// Item number (as text, JSON keys being strings) → the answer as typed, normalized (`AC`, `对`, `甲|乙`).
    public var answers: [String: String]
    public var score: Double
    public var maxScore: Double
    public var sections: [SectionScore]
    public var items: [ItemScore]
    public var startedAt: String
    public var submittedAt: String
    /// `candidate` or `timeout`.
    public var submittedBy: String
    /// The time the candidate had the paper by the journal, in seconds: from the start to the submission, at most the
    /// limit (a time-out found on a later resume is submitted then, but no more time was used); and the paper's
    /// limit. Absent in results signed before they were recorded.
    public var elapsedSeconds: Double?
    public var limitSeconds: Int64?
    public var signature: Signature?

    public struct PaperIdentity: Hashable, Sendable, Codable {
        public var title: String
        /// SHA-256 (hex) of `paper.json`.
        public var sha256: String

        public init(title: String, sha256: String) {
            self.title = title
            self.sha256 = sha256
        }
    }

    /// An HMAC-SHA256 over the result's canonical JSON without this field.
    public struct Signature: Hashable, Sendable, Codable {
        /// `HMAC-SHA256`.
        public var algorithm: String
        /// The first 16 hex digits of SHA-256 of the key: tells "another key" apart from "changed".
        public var keyID: String
        /// Base64.
        public var value: String

        public init(algorithm: String, keyID: String, value: String) {
            self.algorithm = algorithm
            self.keyID = keyID
            self.value = value
        }
    }

    public init(
        candidate: String, paper: PaperIdentity, version: String, answers: [String: String], score: Double, maxScore: Double,
        sections: [SectionScore], items: [ItemScore], startedAt: String, submittedAt: String, submittedBy: String,
        elapsedSeconds: Double? = nil, limitSeconds: Int64? = nil
    ) {
        format = "kaoxue-exam-result/1"
        self.candidate = candidate
        self.paper = paper
        self.version = version
        self.answers = answers
        self.score = score
        self.maxScore = maxScore
        self.sections = sections
        self.items = items
        self.startedAt = startedAt
        self.submittedAt = submittedAt
        self.submittedBy = submittedBy
        self.elapsedSeconds = elapsedSeconds
        self.limitSeconds = limitSeconds
        signature = nil
    }

    /// The bytes that are signed: sorted keys, no signature, no insignificant white space.
    public var canonicalJSON: Data {
        var unsigned = self
        unsigned.signature = nil
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding plain values cannot fail.
        return (try? encoder.encode(unsigned)) ?? Data()
    }

    /// A result file read strictly: its syntax, a key given twice (JSONDecoder would read the first value where jq,
    /// Python and JavaScript show the last), a field that is not a result's (so not signed, like a hand-added
    /// `passed`) and a number not written as kaoxue writes it (`8.0`, `1e2`) are each refused at their line and
    /// column. What is left is exactly what the signature covers.
    public static func read(strictly bytes: [UInt8]) throws(TableProblem) -> ExamResult {
        let (result, tree) = try LocatedJSON.decode(ExamResult.self, from: bytes)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let encoded = try? encoder.encode(result), let written = try? JSONReader.parse(Array(encoded)) else {
            throw TableProblem(row: tree.line, column: tree.column, chinese: "无法重新编码成绩", english: "the result cannot be encoded again")
        }
        try Self.compare(tree, with: written, path: "")
        return result
    }

    /// Refuses the first place where `given` (the file) holds what `written` (the result as kaoxue writes it) does not.
    private static func compare(_ given: JSONValue, with written: JSONValue, path: String) throws(TableProblem) {
        switch (given.node, written.node) {
        case (.object(let members), .object):
            for member in members {
                let field = path.isEmpty ? member.key : path + "." + member.key
                guard let counterpart = written[member.key] else {
                    throw TableProblem(
                        row: member.value.line, column: member.value.column,
                        chinese: "“\(field)”不是成绩文件的字段（不在签名范围内），文件被改动过",
                        english: "\(field) is not a field of a result file (the signature does not cover it): the file was changed")
                }
                try compare(member.value, with: counterpart, path: field)
            }
        case (.array(let items), .array(let counterparts)) where items.count == counterparts.count:
            for (index, item) in items.enumerated() { try compare(item, with: counterparts[index], path: path + "[\(index)]") }
        case (.number, .number):
            if let literal = given.literal, let canonical = written.literal, literal != canonical {
                throw TableProblem(
                    row: given.line, column: given.column, chinese: "“\(path)”的数字写作 \(literal)，kaoxue 写作 \(canonical)：文件被改动过",
                    english: "\(path) is written \(literal) where kaoxue writes \(canonical): the file was changed")
            }
        default:
            break
        }
    }
}

/// Why an exam cannot be marked: the key does not belong to the paper.
public struct ExamGradingError: Error, Equatable, Sendable {
    public var chinese: String
    public var english: String
}

/// Marks a submitted exam against `key.csv`, under the paper's rules (multiple-choice rule per item, keywords for
/// short answers, blanks compared after folding width, spaces, punctuation and script).
public struct ExamGrader: Sendable {
    public var grader: AnswerGrader

    public init(grader: AnswerGrader = .standard()) { self.grader = grader }

    public func grade(paper: Paper, version: Paper.Version, answers: [Int: String], key: AnswerKey) throws(ExamGradingError) -> (items: [ItemScore], sections: [SectionScore]) {
        var items: [ItemScore] = []
        for item in version.items {
            guard let entry = key.entry(version: version.name, number: item.number), entry.id == item.id, entry.type == item.type else {
                throw ExamGradingError(
                    chinese: "答案文件与试卷不符：版本 \(version.name) 第 \(item.number) 题", english: "the key does not match the paper at version \(version.name) item \(item.number)")
            }
            var score = 0.0
            if let text = answers[item.number],
                case .success(let typed) = grader.parse(text, for: item.type, optionCount: item.options.count, blankCount: item.blanks)
            {
                score = marks(typed, entry: entry, item: item)
            }
            var needsHand = false
            if case .reference = entry.answer { needsHand = true }
            items.append(ItemScore(number: item.number, id: item.id, score: score, points: item.points, needsHandMarking: needsHand))
        }
        let sections = paper.sections.indices.map { index in
            let members = zip(version.items, items).filter { $0.0.section == index }.map(\.1)
            return SectionScore(
                heading: paper.sections[index].heading, score: members.reduce(0) { $0 + $1.score }, maxScore: members.reduce(0) { $0 + $1.points })
        }
        return (items, sections)
    }

    func marks(_ typed: TypedAnswer, entry: AnswerKey.Entry, item: Paper.Item) -> Double {
        grader.marks(typed, entry: entry, points: item.points, rule: item.rule ?? entry.rule ?? .allOrNothing, optionCount: item.options.count)
    }
}

extension AnswerGrader {
    /// Marks for `typed` against one `key.csv` entry, out of `points`: choices under `rule` (multiple choice), no
    /// marks for a `by-hand` reference, otherwise the share `grade` gives (blanks, keywords, true/false). Shared by
    /// the exam and the batch scorer (whose fast path marks choices from bit masks under the same rule).
    public func marks(_ typed: TypedAnswer, entry: AnswerKey.Entry, points: Double, rule: MultipleChoiceRule, optionCount: Int) -> Double {
        switch (entry.answer, typed) {
        case (.choices(let correct), .choices(let chosen)):
            if entry.type == .single { return chosen == correct ? points : 0 }
            return rule.score(chosen: Set(chosen), correct: Set(correct), points: points)
        case (.reference, _):
            return 0
        default:
            let question = Question(id: entry.id, stem: "", content: entry.content(optionCount: optionCount))
            return grade(typed, question: question).fraction * points
        }
    }
}
