import QuizModel
import TextMatching

/// A paper's blueprint (组卷细目表, 双向细目表): its sections and the constraints on which questions fill them.
///
/// Read from YAML by `BlueprintReader`; documented with an example in `QuestionBanks/blueprints/`.
public struct Blueprint: Hashable, Sendable, Codable {
    public var title: String
    public var subtitle: String?
    /// 考试说明 printed under the title.
    public var instructions: String?
    public var timeLimitMinutes: Int?
    /// When given, must equal the sum of the sections' points.
    public var totalScore: Double?
    public var sections: [Section]
    /// Paper-wide bounds on the number of questions per topic (a topic and its sub-topics).
    public var topics: [TopicBound]
    /// Paper-wide difficulty: counts per level, or a target mean with a tolerance.
    public var difficulty: DifficultyConstraint?
    /// Only questions carrying at least one of these tags (when not empty).
    public var includeTags: [String]
    /// No question carrying any of these tags.
    public var excludeTags: [String]
    /// Questions that must appear (each in the section of its type).
    public var requiredIDs: [String]
    /// Questions that must not appear.
    public var excludedIDs: [String]
    /// Number of versions (A, B, C …).
    public var versions: Int
    /// The largest share of questions two versions may have in common, 0…1.
    public var maxOverlap: Double
    public var shuffleQuestions: Bool
    public var shuffleOptions: Bool
    /// A 密封线 (sealing line) with the candidate's fields down the binding margin of every page.
    public var sealLine: Bool = false
    /// Options in a meaningful order (numbers in order, 以上都对 …) are not shuffled (`OptionOrder`).
    public var keepOrderedOptions: Bool = true
    /// Versions have the same count in every type × topic × difficulty cell (`parallel: false` turns it off).
    public var parallel: Bool
    /// The script every question is printed in; nil: Simplified unless `--script` says otherwise.
    public var script: ChineseScript?

    public init(
        title: String, subtitle: String? = nil, instructions: String? = nil, timeLimitMinutes: Int? = nil,
        totalScore: Double? = nil, sections: [Section], topics: [TopicBound] = [],
        difficulty: DifficultyConstraint? = nil, includeTags: [String] = [], excludeTags: [String] = [],
        requiredIDs: [String] = [], excludedIDs: [String] = [], versions: Int = 1, maxOverlap: Double = 1,
        shuffleQuestions: Bool = true, shuffleOptions: Bool = true, parallel: Bool = true, script: ChineseScript? = nil
    ) {
        self.title = title
        self.subtitle = subtitle
        self.instructions = instructions
        self.timeLimitMinutes = timeLimitMinutes
        self.totalScore = totalScore
        self.sections = sections
        self.topics = topics
        self.difficulty = difficulty
        self.includeTags = includeTags
        self.excludeTags = excludeTags
        self.requiredIDs = requiredIDs
        self.excludedIDs = excludedIDs
        self.versions = versions
        self.maxOverlap = maxOverlap
        self.shuffleQuestions = shuffleQuestions
        self.shuffleOptions = shuffleOptions
        self.parallel = parallel
        self.script = script
    }

    /// Total questions of the paper.
    public var questionCount: Int { sections.reduce(0) { $0 + $1.count } }

    /// Total points of the paper.
    public var points: Double { sections.reduce(0) { $0 + Double($1.count) * $1.points } }

    /// One section (大题): a question type, how many, worth how much, and its own constraints.
    public struct Section: Hashable, Sendable, Codable {
        /// Heading; by default the type's name (单选题 …).
        public var title: String?
        public var type: QuestionType
        public var count: Int
        /// Points per question.
        public var points: Double
        /// Marking of multiple-choice questions in this section; nil for other types.
        public var rule: MultipleChoiceRule?
        /// Bounds per topic within this section (the rows of a 双向细目表).
        public var topics: [TopicBound]
        /// Bounds per difficulty level within this section.
        public var difficulty: [DifficultyBound]
        /// Bounds on single cells: this section's type × a topic × a difficulty.
        public var cells: [CellBound]
        /// The section's mean level within a band.
        public var meanDifficulty: MeanBand?

        public init(
            title: String? = nil, type: QuestionType, count: Int, points: Double, rule: MultipleChoiceRule? = nil,
            topics: [TopicBound] = [], difficulty: [DifficultyBound] = [], cells: [CellBound] = [],
            meanDifficulty: MeanBand? = nil
        ) {
            self.title = title
            self.type = type
            self.count = count
            self.points = points
            self.rule = rule
            self.topics = topics
            self.difficulty = difficulty
            self.cells = cells
            self.meanDifficulty = meanDifficulty
        }

        /// The heading printed on papers.
        public var heading: String { title ?? type.chineseName }
    }

    public struct TopicBound: Hashable, Sendable, Codable {
        /// A topic path; it covers its sub-topics (`干部工作` covers `干部工作/选拔任用`).
        public var topic: String
        public var range: CountRange

        public init(topic: String, range: CountRange) {
            self.topic = topic
            self.range = range
        }
    }

    public struct DifficultyBound: Hashable, Sendable, Codable {
        public var level: Difficulty
        public var range: CountRange

        public init(level: Difficulty, range: CountRange) {
            self.level = level
            self.range = range
        }
    }

    public struct CellBound: Hashable, Sendable, Codable {
        public var topic: String
        public var level: Difficulty
        public var range: CountRange

        public init(topic: String, level: Difficulty, range: CountRange) {
            self.topic = topic
            self.level = level
            self.range = range
        }
    }

    /// A mean level (1 易 … 5 难) within `target ± tolerance`.
    public struct MeanBand: Hashable, Sendable, Codable {
        public var target: Double
        public var tolerance: Double

        public init(target: Double, tolerance: Double) {
            self.target = target
            self.tolerance = tolerance
        }
    }

    public enum DifficultyConstraint: Hashable, Sendable, Codable {
        /// Counts per level over the whole paper.
        case counts([DifficultyBound])
        /// The mean level (1 易 … 5 难) over the whole paper within `target ± tolerance`.
        case mean(target: Double, tolerance: Double)
    }
}

/// How many questions: between `min` and `max` inclusive.
public struct CountRange: Hashable, Sendable, Codable, CustomStringConvertible {
    public var min: Int
    public var max: Int

    public init(min: Int, max: Int) {
        self.min = min
        self.max = max
    }

    public static func exactly(_ count: Int) -> CountRange { CountRange(min: count, max: count) }

    public var description: String { min == max ? "\(min)" : "\(min)–\(max)" }
}
