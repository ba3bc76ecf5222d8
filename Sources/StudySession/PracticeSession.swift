import BankFormats
import QuizModel

/// Which questions a practice session serves.
public enum PracticeMode: String, Sendable, CaseIterable {
    /// Questions due for review first (by FSRS), then new ones.
    case due
    /// Questions from the wrong-answer book (错题本).
    case wrong
    /// Questions never answered.
    case new
    /// Due ones, then the wrong-answer book, then new ones.
    case mixed
}

/// One question as served: options in the order shown.
public struct PracticeItem: Sendable {
    public var question: Question
    /// `optionOrder[i]` is the bank index of the option shown with letter i.
    public var optionOrder: [Int]
    /// Why it was chosen: due, wrong-answer book, or new.
    public var reason: Reason

    public enum Reason: String, Sendable { case due, wrong, new }

    /// `question` with its options in `optionOrder` (the bank's order when nil).
    public init(question: Question, optionOrder: [Int]? = nil, reason: Reason = .new) {
        self.question = question
        self.optionOrder = optionOrder ?? Array(question.content.options.indices)
        self.reason = reason
    }

    public var options: [String] { optionOrder.map { question.content.options[$0] } }

    public var blankCount: Int {
        if case .fill(let blanks, _) = question.content { return blanks.count }
        return 0
    }

    /// The right answer as the candidate sees it: letters after shuffling, 对/错, blanks, reference and keywords.
    public var correctAnswer: String {
        switch question.content {
        case .single(_, let answer):
            return optionOrder.firstIndex(of: answer).map(optionLabel) ?? ""
        case .multiple(_, let answers):
            return answers.compactMap { optionOrder.firstIndex(of: $0) }.sorted().map(optionLabel).joined()
        case .trueFalse(let answer):
            return answer ? "对" : "错"
        case .fill(let blanks, _):
            return blanks.map { $0.alternatives.joined(separator: " / ") }.joined(separator: " | ")
        case .short(let reference, let keywords):
            let words = keywords.map(\.text).joined(separator: "、")
            return [reference, words.isEmpty ? nil : "（" + words + "）"].compactMap { $0 }.joined(separator: " ")
        }
    }
}

/// What a hint gives away, step by step: a wrong option struck out, or the opening characters of each blank.
public enum PracticeHint: Equatable, Sendable {
    /// Display indices (letters) of wrong options now struck out, in the order struck.
    case strikeOut([Int])
    /// For each blank, its first characters (of the first accepted answer).
    case opening([String])
    /// How many key points a short answer has.
    case keyPoints(Int)
    /// Nothing more can be given without giving the answer away.
    case none
}

extension PracticeItem {
    /// The hint after `step` hints (1 for the first): each step strikes out one more wrong option (always leaving
    /// one wrong option besides the right ones) or reveals one more character of every blank (never a whole
    /// blank); true/false questions get none. Which options go first is fixed by the question's id, so a hint
    /// repeats the same way.
    public func hint(step: Int) -> PracticeHint {
        switch question.content {
        case .single, .multiple:
            let right: Set<Int> =
                switch question.content {
                case .single(_, let answer): [answer]
                case .multiple(_, let answers): Set(answers)
                default: []
                }
            var wrong = optionOrder.indices.filter { !right.contains(optionOrder[$0]) }
            guard wrong.count > 1, step > 0 else { return .none }
            wrong.sort { FNV1a.hash(question.id + "\($0)") < FNV1a.hash(question.id + "\($1)") }
            return .strikeOut(Array(wrong.prefix(min(step, wrong.count - 1))))
        case .fill(let blanks, _):
            let openings = blanks.map { blank -> String in
                let answer = blank.alternatives.first ?? ""
                return String(answer.prefix(min(step, max(answer.count - 1, 0))))
            }
            return openings.allSatisfy(\.isEmpty) ? .none : .opening(openings)
        case .short(_, let keywords):
            return keywords.isEmpty ? .none : .keyPoints(keywords.count)
        case .trueFalse:
            return .none
        }
    }
}

/// The outcome of one answer: the mark, the FSRS rating it gives, the new review state.
public struct PracticeFeedback: Sendable {
    public var grade: Grade
    public var rating: Rating
    public var card: CardState
}

/// A practice session: chooses questions, reads answers, schedules reviews. No terminal, no store: the caller
/// shows items, passes typed answers in, and records the feedback.
///
/// The rating comes from the answer: wrong (less than full marks) → Again; right → Good, Hard when it took longer
/// than `slowSeconds` (40 s), Easy when it took at most `fastSeconds` (8 s).
public struct PracticeSession: Sendable {
    public static let fastSeconds = 8.0
    public static let slowSeconds = 40.0

    public private(set) var items: [PracticeItem]
    public private(set) var position = 0
    public var scheduler: FSRSScheduler
    public var grader: AnswerGrader
    var cards: [String: CardState]
    /// Per top-level topic: answered, right.
    public private(set) var tally: [String: (answered: Int, right: Int)] = [:]
    public private(set) var skipped = 0

    /// Chooses up to `count` questions from `questions` for `mode`.
    /// - Parameters:
    ///   - cards: the person's review states by question id.
    ///   - wrongBook: question ids in the wrong-answer book, most recent first.
    public init(
        questions: [Question], cards: [String: CardState], wrongBook: [String], mode: PracticeMode, count: Int,
        now: Instant, seed: UInt64, shuffleOptions: Bool = true, scheduler: FSRSScheduler = FSRSScheduler(),
        grader: AnswerGrader = .standard()
    ) {
        var rng = SplitMix64(seed: seed)
        var chosen: [(Question, PracticeItem.Reason)] = []
        var taken = Set<String>()
        func add(_ question: Question, _ reason: PracticeItem.Reason) {
            guard chosen.count < count, taken.insert(question.id).inserted else { return }
            chosen.append((question, reason))
        }
        // One pass over the bank, one card lookup per question; indices rather than copies of questions.
        var dueIndices: [(due: Instant, index: Int)] = []
        var unseenIndices: [Int] = []
        for (index, question) in questions.enumerated() {
            if let card = cards[question.id] {
                if card.due <= now { dueIndices.append((card.due, index)) }
            } else {
                unseenIndices.append(index)
            }
        }
        let due = dueIndices.sorted { ($0.due, $0.index) < ($1.due, $1.index) }.lazy.map { questions[$0.index] }
        let unseen = rng.shuffled(unseenIndices).lazy.map { questions[$0] }
        var wrong: [Question] = []
        if !wrongBook.isEmpty {
            let wrongIDs = Set(wrongBook)
            let wrongByID = Dictionary(
                questions.lazy.filter { wrongIDs.contains($0.id) }.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            wrong = wrongBook.compactMap { wrongByID[$0] }
        }
        switch mode {
        case .due:
            due.forEach { add($0, .due) }
            unseen.forEach { add($0, .new) }
        case .wrong:
            wrong.forEach { add($0, .wrong) }
        case .new:
            unseen.forEach { add($0, .new) }
        case .mixed:
            due.forEach { add($0, .due) }
            wrong.forEach { add($0, .wrong) }
            unseen.forEach { add($0, .new) }
        }
        items = chosen.map { question, reason in
            var order = Array(question.content.options.indices)
            if shuffleOptions, !question.fixedOptionOrder, order.count > 1 { order = rng.shuffled(order) }
            return PracticeItem(question: question, optionOrder: order, reason: reason)
        }
        self.cards = cards
        self.scheduler = scheduler
        self.grader = grader
    }

    /// The question being asked, or nil when the session is over.
    public var current: PracticeItem? { position < items.count ? items[position] : nil }

    /// Reads `input` as an answer to the current question. A problem (not letters, wrong blank count …) asks again.
    public func parse(_ input: String) -> Result<TypedAnswer, AnswerProblem>? {
        guard let item = current else { return nil }
        return grader.parse(input, for: item.question.type, optionCount: item.optionOrder.count, blankCount: item.blankCount)
    }

    /// Marks the current question, schedules its next review and moves on.
    /// A right answer after a hint is rated Hard at best: it was not known unaided.
    public mutating func answer(_ answer: TypedAnswer, elapsedSeconds: Double, at now: Instant, hinted: Bool = false) -> PracticeFeedback? {
        guard let item = current else { return nil }
        let grade = grader.grade(answer, question: item.question, optionOrder: item.optionOrder)
        let rating: Rating =
            !grade.isCorrect ? .again
            : hinted ? .hard
            : elapsedSeconds <= Self.fastSeconds ? .easy : elapsedSeconds > Self.slowSeconds ? .hard : .good
        return record(item, grade: grade, rating: rating, now: now)
    }

    /// Gives up on the current question: shown the answer, scheduled as forgotten (Again).
    public mutating func reveal(at now: Instant) -> PracticeFeedback? {
        guard let item = current else { return nil }
        return record(item, grade: Grade(fraction: 0, blanks: [], keywordsFound: []), rating: .again, now: now)
    }

    /// Moves on without recording anything.
    public mutating func skip() {
        guard current != nil else { return }
        skipped += 1
        position += 1
    }

    mutating func record(_ item: PracticeItem, grade: Grade, rating: Rating, now: Instant) -> PracticeFeedback {
        let previous = cards[item.question.id] ?? CardState(due: now)
        let next = scheduler.review(previous, rating: rating, at: now)
        cards[item.question.id] = next
        let topic = item.question.topTopic ?? ""
        var entry = tally[topic] ?? (0, 0)
        entry.answered += 1
        if grade.isCorrect { entry.right += 1 }
        tally[topic] = entry
        position += 1
        return PracticeFeedback(grade: grade, rating: rating, card: next)
    }

    public var answered: Int { tally.values.reduce(0) { $0 + $1.answered } }
    public var right: Int { tally.values.reduce(0) { $0 + $1.right } }
}
