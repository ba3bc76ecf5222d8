import Foundation

/// A moment in time as whole microseconds since 1970-01-01T00:00:00Z: exact, so that day counts and due dates
/// come out as in the reference implementation (Python's `datetime`, which also counts microseconds).
public struct Instant: Hashable, Comparable, Sendable, Codable {
    public var microseconds: Int64

    public init(microseconds: Int64) { self.microseconds = microseconds }

    public init(_ date: Date) { microseconds = Int64((date.timeIntervalSince1970 * 1_000_000).rounded()) }

    public var date: Date { Date(timeIntervalSince1970: Double(microseconds) / 1_000_000) }

    public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.microseconds < rhs.microseconds }

    public func adding(seconds: Int64) -> Instant { Instant(microseconds: microseconds + seconds * 1_000_000) }
    public func adding(microseconds delta: Int64) -> Instant { Instant(microseconds: microseconds + delta) }

    /// Whole days from `earlier` to `self`, rounded down (Python's `timedelta.days`).
    public func days(since earlier: Instant) -> Int64 {
        let difference = microseconds - earlier.microseconds
        let day: Int64 = 86_400_000_000
        return difference >= 0 ? difference / day : -((-difference + day - 1) / day)
    }
}

/// FSRS ratings, from the answer: wrong → again; right → good, hard when slow, easy when fast.
public enum Rating: Int, Sendable, Codable, CaseIterable {
    case again = 1, hard = 2, good = 3, easy = 4
}

/// Where a card is in its learning.
public enum CardPhase: Int, Sendable, Codable {
    case learning = 1, review = 2, relearning = 3

    /// `learning`, `review`, `relearning` (as in `srs replay` output).
    public var name: String {
        switch self {
        case .learning: "learning"
        case .review: "review"
        case .relearning: "relearning"
        }
    }
}

/// The scheduling state of one question for one person.
public struct CardState: Hashable, Sendable, Codable {
    public var phase: CardPhase
    /// Learning or relearning step; nil in review.
    public var step: Int?
    /// Days for retrievability to fall to 90%; nil before the first review.
    public var stability: Double?
    /// 1 (easy) … 10 (hard); nil before the first review.
    public var difficulty: Double?
    public var due: Instant
    public var lastReview: Instant?

    /// A card never reviewed, due at `due`.
    public init(due: Instant) {
        phase = .learning
        step = 0
        stability = nil
        difficulty = nil
        self.due = due
        lastReview = nil
    }

    public init(phase: CardPhase, step: Int?, stability: Double?, difficulty: Double?, due: Instant, lastReview: Instant?) {
        self.phase = phase
        self.step = step
        self.stability = stability
        self.difficulty = difficulty
        self.due = due
        self.lastReview = lastReview
    }
}

/// FSRS-6, written to give the same numbers as the reference implementation py-fsrs 6.3.2: its 21 default
/// parameters, desired retention 0.9, learning steps 1 and 10 minutes, relearning 10 minutes, a maximum interval
/// of 36,500 days. Fuzzing is off unless asked for (and always off when replaying logs).
///
/// Arithmetic follows py-fsrs operation by operation (`pow(e, x)` where it writes `math.e ** x`, banker's rounding
/// where it calls `round`), so results agree to the last bit on the same C library.
public struct FSRSScheduler: Sendable {
    public static let defaultParameters: [Double] = [
        0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796, 1.4835, 0.0614, 0.2629,
        1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
    ]
    static let minimumStability = 0.001
    static let e = 2.718281828459045  // Python's math.e

    public var parameters: [Double]
    public var desiredRetention: Double
    /// In seconds.
    public var learningSteps: [Int64]
    public var relearningSteps: [Int64]
    public var maximumInterval: Int
    public var enableFuzzing: Bool

    let decay: Double
    let factor: Double

    public init(
        parameters: [Double] = FSRSScheduler.defaultParameters, desiredRetention: Double = 0.9,
        learningSteps: [Int64] = [60, 600], relearningSteps: [Int64] = [600], maximumInterval: Int = 36_500,
        enableFuzzing: Bool = false
    ) {
        precondition(parameters.count == 21, "FSRS-6 has 21 parameters")
        self.parameters = parameters
        self.desiredRetention = desiredRetention
        self.learningSteps = learningSteps
        self.relearningSteps = relearningSteps
        self.maximumInterval = maximumInterval
        self.enableFuzzing = enableFuzzing
        decay = -parameters[20]
        factor = pow(0.9, 1 / decay) - 1
    }

    /// Probability of recall at `now`.
    public func retrievability(of card: CardState, at now: Instant) -> Double {
        guard let last = card.lastReview, let stability = card.stability else { return 0 }
        let elapsed = Double(max(0, now.days(since: last)))
        return pow(1 + factor * elapsed / stability, decay)
    }

    /// The card after a review with `rating` at `now`. `random` supplies fuzz when fuzzing is on.
    public func review(_ card: CardState, rating: Rating, at now: Instant, random: () -> Double = { Double.random(in: 0..<1) }) -> CardState {
        var card = card
        let daysSinceLast = card.lastReview.map { now.days(since: $0) }
        var interval: Int64  // microseconds

        /// Stability (short-term within a day, else long-term) and difficulty after this review.
        func updateMemory() {
            guard let stability = card.stability, let difficulty = card.difficulty else { return }
            if let days = daysSinceLast, days < 1 {
                card.stability = shortTermStability(stability, rating)
            } else {
                card.stability = nextStability(
                    difficulty: difficulty, stability: stability, retrievability: retrievability(of: card, at: now), rating: rating)
            }
            card.difficulty = nextDifficulty(difficulty, rating)
        }

        func days(_ count: Int) -> Int64 { Int64(count) * 86_400_000_000 }

        switch card.phase {
        case .learning, .relearning:
            let steps = card.phase == .learning ? learningSteps : relearningSteps
            if card.phase == .learning, card.stability == nil || card.difficulty == nil {
                card.stability = initialStability(rating)
                card.difficulty = min(max(initialDifficulty(rating), 1), 10)
            } else {
                updateMemory()
            }
            let step = card.step ?? 0
            if steps.isEmpty || (step >= steps.count && rating != .again) {
                card.phase = .review
                card.step = nil
                interval = days(nextInterval(card.stability!))
            } else {
                switch rating {
                case .again:
                    card.step = 0
                    interval = steps[0] * 1_000_000
                case .hard:
                    if step == 0 && steps.count == 1 {
                        interval = steps[0] * 1_500_000
                    } else if step == 0 && steps.count >= 2 {
                        interval = (steps[0] + steps[1]) * 1_000_000 / 2
                    } else {
                        interval = steps[step] * 1_000_000
                    }
                case .good:
                    if step + 1 == steps.count {
                        card.phase = .review
                        card.step = nil
                        interval = days(nextInterval(card.stability!))
                    } else {
                        card.step = step + 1
                        interval = steps[step + 1] * 1_000_000
                    }
                case .easy:
                    card.phase = .review
                    card.step = nil
                    interval = days(nextInterval(card.stability!))
                }
            }
        case .review:
            updateMemory()
            if rating == .again, !relearningSteps.isEmpty {
                card.phase = .relearning
                card.step = 0
                interval = relearningSteps[0] * 1_000_000
            } else {
                interval = days(nextInterval(card.stability!))
            }
        }
        if enableFuzzing, card.phase == .review {
            interval = days(fuzzed(days: Int(interval / 86_400_000_000), random: random))
        }
        card.due = now.adding(microseconds: interval)
        card.lastReview = now
        return card
    }

    func initialStability(_ rating: Rating) -> Double { max(parameters[rating.rawValue - 1], Self.minimumStability) }

    func initialDifficulty(_ rating: Rating) -> Double {
        parameters[4] - pow(Self.e, parameters[5] * Double(rating.rawValue - 1)) + 1
    }

    func nextInterval(_ stability: Double) -> Int {
        let raw = (stability / factor) * (pow(desiredRetention, 1 / decay) - 1)
        let rounded = Int(raw.rounded(.toNearestOrEven))  // Python's round()
        return min(max(rounded, 1), maximumInterval)
    }

    func shortTermStability(_ stability: Double, _ rating: Rating) -> Double {
        let w = parameters
        var increase = pow(Self.e, w[17] * (Double(rating.rawValue) - 3 + w[18])) * pow(stability, -w[19])
        if rating != .again { increase = max(increase, 1.0) }
        return max(stability * increase, Self.minimumStability)
    }

    func nextDifficulty(_ difficulty: Double, _ rating: Rating) -> Double {
        let w = parameters
        let easyDifficulty = initialDifficulty(.easy)
        let delta = -(w[6] * (Double(rating.rawValue) - 3))
        let damped = difficulty + (10.0 - difficulty) * delta / 9.0
        let next = w[7] * easyDifficulty + (1 - w[7]) * damped
        return min(max(next, 1), 10)
    }

    func nextStability(difficulty: Double, stability: Double, retrievability: Double, rating: Rating) -> Double {
        let w = parameters
        let next: Double
        if rating == .again {
            let longTerm = w[11] * pow(difficulty, -w[12]) * (pow(stability + 1, w[13]) - 1) * pow(Self.e, (1 - retrievability) * w[14])
            let shortTerm = stability / pow(Self.e, w[17] * w[18])
            next = min(longTerm, shortTerm)
        } else {
            let hardPenalty = rating == .hard ? w[15] : 1
            let easyBonus = rating == .easy ? w[16] : 1
            next = stability * (1 + pow(Self.e, w[8]) * (11 - difficulty) * pow(stability, -w[9])
                * (pow(Self.e, (1 - retrievability) * w[10]) - 1) * hardPenalty * easyBonus)
        }
        return max(next, Self.minimumStability)
    }

    /// py-fsrs's fuzz: a random whole number of days around the interval, wider for longer intervals.
    func fuzzed(days interval: Int, random: () -> Double) -> Int {
        guard Double(interval) >= 2.5 else { return interval }
        var delta = 1.0
        for (start, end, factor) in [(2.5, 7.0, 0.15), (7.0, 20.0, 0.1), (20.0, Double.infinity, 0.05)] {
            delta += factor * max(min(Double(interval), end) - start, 0)
        }
        var low = Int((Double(interval) - delta).rounded(.toNearestOrEven))
        var high = Int((Double(interval) + delta).rounded(.toNearestOrEven))
        low = max(2, low)
        high = min(high, maximumInterval)
        low = min(low, high)
        let value = random() * Double(high - low + 1) + Double(low)
        return min(Int(value.rounded(.toNearestOrEven)), maximumInterval)
    }
}
