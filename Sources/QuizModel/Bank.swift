/// An ordered collection of questions, read from one or more files.
public struct Bank: Hashable, Sendable, Codable {
    public var questions: [Question]

    public init(questions: [Question] = []) {
        self.questions = questions
    }

    /// Number of questions of each type, every type present as a key.
    public var countsByType: [QuestionType: Int] {
        var counts = Dictionary(uniqueKeysWithValues: QuestionType.allCases.map { ($0, 0) })
        for question in questions { counts[question.type, default: 0] += 1 }
        return counts
    }

    /// Number of questions per top-level topic; questions without a topic count under `unclassified`.
    /// - Parameter normalize: maps a topic to its counting key (e.g. Traditional to Simplified characters,
    ///   so 幹部工作 and 干部工作 count as one topic).
    public func countsByTopic(unclassified: String, normalize: (String) -> String = { $0 }) -> [String: Int] {
        var counts: [String: Int] = [:]
        for question in questions { counts[question.topTopic.map(normalize) ?? unclassified, default: 0] += 1 }
        return counts
    }

    /// Number of questions per difficulty; questions without one count under nil.
    public var countsByDifficulty: [Difficulty?: Int] {
        var counts: [Difficulty?: Int] = [:]
        for question in questions { counts[question.difficulty, default: 0] += 1 }
        return counts
    }
}
