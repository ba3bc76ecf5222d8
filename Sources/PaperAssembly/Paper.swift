import QuizModel

/// A generated paper in all its versions: what `paper.json` holds, shared with the exam runner and the scorer.
///
/// Items carry the question text as the candidate sees it (options already in their shuffled order) but no
/// answers and no option positions: those are in `key.csv`, in the organizer's folder, so a candidate given
/// `paper.json` never holds the key.
public struct Paper: Hashable, Sendable, Codable {
    /// `kaoxue-paper/1`.
    public var format: String
    public var title: String
    public var subtitle: String?
    public var instructions: String?
    public var timeLimitMinutes: Int?
    public var totalScore: Double
    public var sections: [Section]
    public var versions: [Version]
    public var manifest: Manifest
    /// Print a 密封线 down the binding margin (absent: no).
    public var sealLine: Bool? = nil

    public struct Section: Hashable, Sendable, Codable {
        public var heading: String
        public var type: QuestionType
        public var count: Int
        /// Points per question.
        public var points: Double
        /// Multiple-choice marking for this section; nil for other types.
        public var rule: MultipleChoiceRule?
    }

    public struct Version: Hashable, Sendable, Codable {
        /// A, B, C …
        public var name: String
        public var items: [Item]
        /// The realized 双向细目表: what was actually picked (absent in papers of kaoxue before 0.3).
        public var table: Table? = nil
    }

    /// A version's realized 双向细目表: how many questions of each section × topic × difficulty it holds.
    public struct Table: Hashable, Sendable, Codable {
        public var cells: [Cell]
        /// Mean level, 1 易 … 5 难, over questions with a difficulty; nil when none has one.
        public var meanDifficulty: Double?
        public var points: Double

        public struct Cell: Hashable, Sendable, Codable {
            /// Index into the paper's sections.
            public var section: Int
            /// The blueprint's topic row, or the question's own top-level topic; nil without a topic.
            public var topic: String?
            public var difficulty: Difficulty?
            public var count: Int
        }

        /// Whether two versions have the same count in every cell.
        public func sameCells(as other: Table) -> Bool { Set(cells) == Set(other.cells) }
    }

    /// One question as numbered in one version.
    public struct Item: Hashable, Sendable, Codable {
        /// 1-based, continuous across sections.
        public var number: Int
        /// Index into `sections`.
        public var section: Int
        /// The bank question's stable id.
        public var id: String
        public var type: QuestionType
        public var points: Double
        public var rule: MultipleChoiceRule?
        public var stem: String
        /// Options in the order printed: `options[i]` is printed with label i (A, B, …).
        public var options: [String]
        /// `optionOrder[i]` is the bank index of the option printed at position i. Only the organizer's copy has it
        /// (`key.csv`'s `order` column): the `paper.json` handed out leaves it out, since it would tell a
        /// candidate holding the bank where each option came from.
        public var optionOrder: [Int]?
        /// Number of blanks of a fill-in question, 0 otherwise.
        public var blanks: Int
    }

    /// What is needed to re-derive and audit the paper.
    public struct Manifest: Hashable, Sendable, Codable {
        /// SHA-256 of the bank's questions in canonical form, ordered by id: reformatting or reordering bank
        /// files does not change it; changing a question does.
        public var bankHash: String
        /// SHA-256 of the blueprint's canonical JSON.
        public var blueprintHash: String
        public var seed: UInt64
        public var kaoxueVersion: String
        /// Question ids excluded because earlier papers used them (`--exclude-used`).
        public var excludedUsed: Int
        /// How questions were chosen, for auditors.
        public var method: String
    }

    /// The version named `name` (A, B …).
    public func version(named name: String) -> Version? { versions.first { $0.name == name } }

    /// The version a person means by `typed`: its exact name, else `a`, `Ａ` or `a卷` for A (see `VersionName`).
    public func version(matching typed: String) -> Version? { VersionName.index(of: typed, in: versions.map(\.name)).map { versions[$0] } }
}
