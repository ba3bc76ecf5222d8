import Foundation
import PaperAssembly
import QuizModel
import TextMatching

/// Why an exam was submitted.
public enum SubmitReason: String, Hashable, Sendable, Codable {
    /// The candidate typed `:submit` and confirmed.
    case candidate
    /// The time limit ran out.
    case timeout
}

/// What the journal's first line records: which paper, which version, who, and when the clock started.
public struct ExamStart: Hashable, Sendable, Codable {
    /// SHA-256 (hex) of the `paper.json` bytes: a changed paper cannot resume an old journal.
    public var paper: String
    public var version: String
    public var candidate: String
    public var startedAt: Instant
    /// nil: no time limit.
    public var limitSeconds: Int64?

    public init(paper: String, version: String, candidate: String, startedAt: Instant, limitSeconds: Int64?) {
        self.paper = paper
        self.version = version
        self.candidate = candidate
        self.startedAt = startedAt
        self.limitSeconds = limitSeconds
    }
}

/// One thing that happened in an exam. The journal holds them in order; replaying them rebuilds the state.
public enum ExamEvent: Hashable, Sendable {
    case start(ExamStart)
    /// The answer to item `number`, normalized (`AC`, `对`, blanks joined by `|`); the candidate moves on.
    case answer(number: Int, answer: String, at: Instant)
    /// The answer to `number` erased.
    case clear(number: Int, at: Instant)
    case flag(number: Int, flagged: Bool, at: Instant)
    /// The candidate went to item `number`.
    case move(number: Int, at: Instant)
    case submit(reason: SubmitReason, at: Instant)
}

extension ExamEvent {
    /// The same event at `time` (a start keeps its own).
    public func at(_ time: Instant) -> ExamEvent {
        switch self {
        case .start: self
        case .answer(let number, let answer, _): .answer(number: number, answer: answer, at: time)
        case .clear(let number, _): .clear(number: number, at: time)
        case .flag(let number, let flagged, _): .flag(number: number, flagged: flagged, at: time)
        case .move(let number, _): .move(number: number, at: time)
        case .submit(let reason, _): .submit(reason: reason, at: time)
        }
    }

    /// When the event happened (the start's `startedAt` for a start).
    public var time: Instant {
        switch self {
        case .start(let start): return start.startedAt
        case .answer(_, _, let at), .clear(_, let at), .flag(_, _, let at), .move(_, let at), .submit(_, let at): return at
        }
    }
}

/// What an item of the paper accepts as an answer: its type, how many options are printed, how many blanks.
/// The exam checks every answer against it live and on replay alike, so a journal cannot carry an answer the
/// exam would have refused.
public struct ExamItemShape: Hashable, Sendable {
    public var type: QuestionType
    public var optionCount: Int
    public var blankCount: Int

    public init(type: QuestionType, optionCount: Int, blankCount: Int) {
        self.type = type
        self.optionCount = optionCount
        self.blankCount = blankCount
    }

    /// The shape of a paper's item.
    public init(_ item: Paper.Item) { self.init(type: item.type, optionCount: item.options.count, blankCount: item.blanks) }

    /// The shapes of a version's items, in order.
    public static func of(_ version: Paper.Version) -> [ExamItemShape] { version.items.map(ExamItemShape.init) }
}

/// Why an event cannot apply to the exam (a journal that does not belong to the paper, or is out of order).
public struct ExamEventError: Error, Equatable, Sendable {
    public var chinese: String
    public var english: String
    /// The journal line of the event, when the error came from replaying one.
    public var line: Int?
}

/// An exam in progress: answers, flags, the current item, the clock. Changed only by `apply`, so that live
/// sessions and journal replays cannot disagree.
///
/// Clock policy: the time limit runs on the wall clock from the first start. Time keeps running while kaoxue is
/// not (a closed terminal, a crash, a power cut), as it does in an exam hall; a resumed exam whose time is up is
/// submitted at once with the answers journaled.
public struct ExamState: Hashable, Sendable {
    public let start: ExamStart
    /// The version's items, in order: what each accepts as an answer.
    public let items: [ExamItemShape]
    public var itemCount: Int { items.count }
    /// The time of the latest event: events never go back in time.
    public private(set) var lastEventAt: Instant
    /// Item number → normalized answer.
    public private(set) var answers: [Int: String] = [:]
    public private(set) var flagged: Set<Int> = []
    /// The current item, 1-based.
    public private(set) var position = 1
    public private(set) var submitted: Submission?

    /// How and when the exam ended.
    public struct Submission: Hashable, Sendable {
        public var reason: SubmitReason
        public var at: Instant
    }

    public init(start: ExamStart, items: [ExamItemShape]) {
        self.start = start
        self.items = items
        lastEventAt = start.startedAt
    }

    /// The state after `events`, the first of which must be the start; an event the exam would have refused live
    /// is an error naming its journal line (event `i` is line `i + 1`).
    public static func replay(_ events: [ExamEvent], items: [ExamItemShape]) throws(ExamEventError) -> ExamState {
        guard case .start(let start)? = events.first else {
            throw ExamEventError(chinese: "考试记录不以开始事件开头", english: "the journal does not begin with a start event", line: 1)
        }
        var state = ExamState(start: start, items: items)
        for (index, event) in events.enumerated().dropFirst() {
            do {
                try state.apply(event)
            } catch {
                var located = error
                located.line = index + 1
                throw located
            }
        }
        return state
    }

    /// Why an event was not committed: the exam refuses it (nothing was written), or the journal could not take it.
    public enum CommitError: Error, Sendable {
        case refused(ExamEventError)
        case journal(JournalError)
    }

    /// Applies `event` and journals it — the one way a live exam changes. The event is checked on a copy first, so
    /// the journal only ever holds events that replay; it is written (and on disk) before the state moves on.
    public mutating func commit(_ event: ExamEvent, to journal: ExamJournal) throws(CommitError) {
        var next = self
        do {
            try next.apply(event)
        } catch {
            throw .refused(error)
        }
        do {
            try journal.append(event)
        } catch {
            throw .journal(error)
        }
        self = next
    }

    /// The grader whose `parse` decides what an answer is, live (`ExamRunner`) and on replay.
    public static let answerReader = AnswerGrader(matcher: TextMatcher(folding: .all))

    public var deadline: Instant? { start.limitSeconds.map { start.startedAt.adding(seconds: $0) } }

    /// Seconds left at `now` (never negative); nil without a time limit.
    public func remainingSeconds(at now: Instant) -> Int64? {
        deadline.map { max(0, ($0.microseconds - now.microseconds + 999_999) / 1_000_000) }
    }

    /// Seconds from the start to the submission, at most the limit; nil before submission.
    public var secondsUsed: Double? {
        guard let submitted else { return nil }
        let used = Double(submitted.at.microseconds - start.startedAt.microseconds) / 1_000_000
        return start.limitSeconds.map { min(used, Double($0)) } ?? used
    }

    /// Item numbers without an answer, ascending.
    public var unanswered: [Int] { (0..<itemCount).map { $0 + 1 }.filter { answers[$0] == nil } }

    public mutating func apply(_ event: ExamEvent) throws(ExamEventError) {
        if submitted != nil {
            throw ExamEventError(chinese: "已交卷，不能再作答", english: "the exam was submitted; nothing can follow")
        }
        if event.time < lastEventAt {
            throw ExamEventError(
                chinese: "事件时间 \(ISOTime.format(event.time)) 早于上一事件（\(ISOTime.format(lastEventAt))）",
                english: "the event's time \(ISOTime.format(event.time)) is before the previous event's (\(ISOTime.format(lastEventAt)))")
        }
        // After the limit only the submission can happen (the live exam submits at the deadline).
        if let deadline, event.time > deadline {
            if case .submit = event {} else {
                throw ExamEventError(
                    chinese: "限时已到（\(ISOTime.format(deadline))）之后不能再作答", english: "nothing but the submission can follow the deadline (\(ISOTime.format(deadline)))")
            }
        }
        func check(_ number: Int) throws(ExamEventError) {
            guard (1...itemCount).contains(number) else {
                throw ExamEventError(chinese: "没有第 \(number) 题（共 \(itemCount) 题）", english: "there is no item \(number) (of \(itemCount))")
            }
        }
        switch event {
        case .start:
            throw ExamEventError(chinese: "考试已开始", english: "the exam has already started")
        case .answer(let number, let answer, _):
            try check(number)
            let shape = items[number - 1]
            guard case .success(let typed) = Self.answerReader.parse(answer, for: shape.type, optionCount: shape.optionCount, blankCount: shape.blankCount),
                typed.normalizedText == answer
            else {
                throw ExamEventError(chinese: "“\(answer)”不是第 \(number) 题可接受的答案", english: "\"\(answer)\" is not an answer item \(number) accepts")
            }
            answers[number] = answer
            position = min(number + 1, itemCount)
        case .clear(let number, _):
            try check(number)
            answers[number] = nil
            position = number
        case .flag(let number, let on, _):
            try check(number)
            if on { flagged.insert(number) } else { flagged.remove(number) }
        case .move(let number, _):
            try check(number)
            position = number
        case .submit(let reason, let at):
            submitted = Submission(reason: reason, at: at)
        }
        lastEventAt = event.time
    }
}

extension ExamEvent: Codable {
    enum CodingKeys: String, CodingKey {
        case event, paper, version, candidate, startedAt, limitSeconds, number, answer, flagged, reason, at
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try container.decode(String.self, forKey: .event)
        func time(_ key: CodingKeys) throws -> Instant {
            let text = try container.decode(String.self, forKey: key)
            guard let instant = ISOTime.parse(text) else {
                throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "not an ISO 8601 time: \(text)")
            }
            return instant
        }
        switch kind {
        case "start":
            self = .start(ExamStart(
                paper: try container.decode(String.self, forKey: .paper), version: try container.decode(String.self, forKey: .version),
                candidate: try container.decode(String.self, forKey: .candidate), startedAt: try time(.startedAt),
                limitSeconds: try container.decodeIfPresent(Int64.self, forKey: .limitSeconds)))
        case "answer":
            self = .answer(number: try container.decode(Int.self, forKey: .number), answer: try container.decode(String.self, forKey: .answer), at: try time(.at))
        case "clear":
            self = .clear(number: try container.decode(Int.self, forKey: .number), at: try time(.at))
        case "flag":
            self = .flag(number: try container.decode(Int.self, forKey: .number), flagged: try container.decode(Bool.self, forKey: .flagged), at: try time(.at))
        case "move":
            self = .move(number: try container.decode(Int.self, forKey: .number), at: try time(.at))
        case "submit":
            let reason = try container.decode(String.self, forKey: .reason)
            guard let value = SubmitReason(rawValue: reason) else {
                throw DecodingError.dataCorruptedError(forKey: .reason, in: container, debugDescription: "unknown reason \(reason)")
            }
            self = .submit(reason: value, at: try time(.at))
        default:
            throw DecodingError.dataCorruptedError(forKey: .event, in: container, debugDescription: "unknown event \(kind)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .start(let start):
            try container.encode("start", forKey: .event)
            try container.encode(start.paper, forKey: .paper)
            try container.encode(start.version, forKey: .version)
            try container.encode(start.candidate, forKey: .candidate)
            try container.encode(ISOTime.format(start.startedAt), forKey: .startedAt)
            try container.encodeIfPresent(start.limitSeconds, forKey: .limitSeconds)
        case .answer(let number, let answer, let at):
            try container.encode("answer", forKey: .event)
            try container.encode(number, forKey: .number)
            try container.encode(answer, forKey: .answer)
            try container.encode(ISOTime.format(at), forKey: .at)
        case .clear(let number, let at):
            try container.encode("clear", forKey: .event)
            try container.encode(number, forKey: .number)
            try container.encode(ISOTime.format(at), forKey: .at)
        case .flag(let number, let flagged, let at):
            try container.encode("flag", forKey: .event)
            try container.encode(number, forKey: .number)
            try container.encode(flagged, forKey: .flagged)
            try container.encode(ISOTime.format(at), forKey: .at)
        case .move(let number, let at):
            try container.encode("move", forKey: .event)
            try container.encode(number, forKey: .number)
            try container.encode(ISOTime.format(at), forKey: .at)
        case .submit(let reason, let at):
            try container.encode("submit", forKey: .event)
            try container.encode(reason.rawValue, forKey: .reason)
            try container.encode(ISOTime.format(at), forKey: .at)
        }
    }
}

extension TypedAnswer {
    /// The answer in the form journals and results keep: letters `AC`, `对`/`错`, blanks joined by `|`, text.
    /// Parsing it again gives the same answer.
    public var normalizedText: String {
        switch self {
        case .choices(let positions): positions.map(optionLabel).joined()
        case .trueFalse(let value): value ? "对" : "错"
        case .blanks(let blanks): blanks.joined(separator: "|")
        case .text(let text): text
        }
    }
}
