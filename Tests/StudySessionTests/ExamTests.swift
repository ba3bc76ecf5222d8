import Foundation
@testable import PaperAssembly
import QuizModel
import Testing

@testable import StudySession

@Suite("Exams: state, journal recovery, marking")
struct ExamTests {
    static let t0 = ISOTime.parse("2026-11-21T09:00:00Z")!
    static let start = ExamStart(paper: "abc", version: "A", candidate: "C001", startedAt: t0, limitSeconds: 1200)
    /// A multiple choice of four options, a fill-in of two blanks, a true/false.
    static let items = [
        ExamItemShape(type: .multiple, optionCount: 4, blankCount: 0), ExamItemShape(type: .fill, optionCount: 0, blankCount: 2),
        ExamItemShape(type: .trueFalse, optionCount: 0, blankCount: 0),
    ]

    func temporaryJournal() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("kaoxue-journal-\(UUID().uuidString)/exam.journal").path
    }

    @Test func eventsMoveAnswerFlagAndSubmit() throws {
        var state = ExamState(start: Self.start, items: Self.items)
        try state.apply(.answer(number: 1, answer: "A", at: Self.t0))
        #expect(state.position == 2)
        try state.apply(.flag(number: 2, flagged: true, at: Self.t0))
        try state.apply(.move(number: 3, at: Self.t0))
        try state.apply(.answer(number: 3, answer: "对", at: Self.t0))
        #expect(state.position == 3)  // the last item stays current
        try state.apply(.clear(number: 1, at: Self.t0))
        #expect(state.answers == [3: "对"])
        #expect(state.unanswered == [1, 2])
        #expect(state.flagged == [2])
        #expect(throws: ExamEventError.self) { try state.apply(.move(number: 4, at: Self.t0)) }
        try state.apply(.submit(reason: .candidate, at: Self.t0.adding(seconds: 60)))
        #expect(state.submitted?.reason == .candidate)
        #expect(throws: ExamEventError.self) { try state.apply(.answer(number: 1, answer: "B", at: Self.t0)) }
    }

    @Test func replayRefusesWhatTheLiveExamWouldHaveRefused() throws {
        func replay(_ events: [ExamEvent]) throws(ExamEventError) -> ExamState { try ExamState.replay([.start(Self.start)] + events, items: Self.items) }
        // Each edit of a journal names its line: a letter beyond the options, a one-blank answer to a two-blank
        // item, a true/false written as a letter, an un-normalized choice, a time before the previous event,
        // an answer after the deadline.
        let forged: [[ExamEvent]] = [
            [.answer(number: 1, answer: "E", at: Self.t0)],
            [.answer(number: 2, answer: "甲", at: Self.t0)],
            [.move(number: 2, at: Self.t0), .answer(number: 3, answer: "A", at: Self.t0)],
            [.answer(number: 1, answer: "CA", at: Self.t0)],
            [.move(number: 2, at: Self.t0.adding(seconds: 30)), .answer(number: 1, answer: "A", at: Self.t0.adding(seconds: 10))],
            [.answer(number: 1, answer: "A", at: Self.t0.adding(seconds: 1201))],
        ]
        for events in forged {
            #expect {
                try replay(events)
            } throws: { error in
                (error as? ExamEventError)?.line == events.count + 1
            }
        }
        // The submission itself may come late (a time-out found on a resume), and everything valid replays.
        let late = try replay([.answer(number: 1, answer: "AC", at: Self.t0), .submit(reason: .timeout, at: Self.t0.adding(seconds: 5000))])
        #expect(late.answers == [1: "AC"])
        #expect(late.secondsUsed == 1200)
    }

    @Test func aRefusedEventIsNeverJournaled() throws {
        let path = temporaryJournal()
        let (journal, _) = try ExamJournal.open(path: path)
        try journal.append(.start(Self.start))
        var state = ExamState(start: Self.start, items: Self.items)
        try state.commit(.answer(number: 1, answer: "B", at: Self.t0), to: journal)
        #expect(throws: ExamState.CommitError.self) { try state.commit(.answer(number: 1, answer: "Z", at: Self.t0), to: journal) }
        let (_, events) = try ExamJournal.open(path: path)
        #expect(events == [.start(Self.start), .answer(number: 1, answer: "B", at: Self.t0)])
        #expect(state.answers == [1: "B"])
    }

    @Test func theClockRunsOnTheWallFromTheFirstStart() {
        let state = ExamState(start: Self.start, items: Self.items)
        #expect(state.remainingSeconds(at: Self.t0) == 1200)
        #expect(state.remainingSeconds(at: Self.t0.adding(microseconds: 500_000)) == 1200)  // rounded up
        #expect(state.remainingSeconds(at: Self.t0.adding(seconds: 1199)) == 1)
        #expect(state.remainingSeconds(at: Self.t0.adding(seconds: 5000)) == 0)
        let untimed = ExamState(start: ExamStart(paper: "p", version: "A", candidate: "c", startedAt: Self.t0, limitSeconds: nil), items: [Self.items[2]])
        #expect(untimed.remainingSeconds(at: Self.t0) == nil)
    }

    @Test func aJournalReplaysToTheSameState() throws {
        let path = temporaryJournal()
        let events: [ExamEvent] = [
            .start(Self.start), .answer(number: 1, answer: "AC", at: Self.t0.adding(seconds: 5)),
            .flag(number: 2, flagged: true, at: Self.t0.adding(seconds: 9)), .answer(number: 2, answer: "甲|乙", at: Self.t0.adding(microseconds: 12_345_678)),
            .move(number: 1, at: Self.t0.adding(seconds: 20)),
        ]
        var live = ExamState(start: Self.start, items: Self.items)
        do {
            let (journal, existing) = try ExamJournal.open(path: path)
            #expect(existing.isEmpty)
            for event in events {
                try journal.append(event)
                if case .start = event { continue }
                try live.apply(event)
            }
        }
        let (_, read) = try ExamJournal.open(path: path)
        #expect(read == events)
        #expect(try ExamState.replay(read, items: Self.items) == live)
    }

    @Test func anUnfinishedLastLineIsDroppedAndTruncated() throws {
        let path = temporaryJournal()
        do {
            let (journal, _) = try ExamJournal.open(path: path)
            try journal.append(.start(Self.start))
            try journal.append(.answer(number: 1, answer: "B", at: Self.t0))
        }
        let good = try Data(contentsOf: URL(fileURLWithPath: path))
        // A crash in the middle of a write: half a line, no newline.
        try (good + Data(#"{"answer":"C","at":"2026-11-2"#.utf8)).write(to: URL(fileURLWithPath: path))
        do {
            let (journal, events) = try ExamJournal.open(path: path)
            #expect(events.count == 2)
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == good)
            try journal.append(.answer(number: 2, answer: "D", at: Self.t0))
        }
        let (_, events) = try ExamJournal.open(path: path)
        #expect(events.last == .answer(number: 2, answer: "D", at: Self.t0))
        // A power cut can leave zeros where the last line was: also never acknowledged.
        try (good + Data(repeating: 0, count: 40) + Data("\n".utf8)).write(to: URL(fileURLWithPath: path))
        #expect(try ExamJournal.open(path: path).events.count == 2)
    }

    @Test func aFileThatIsNotAJournalIsLeftAsItIs() throws {
        func temporaryJournal() throws -> String {
            let path = self.temporaryJournal()
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            return path
        }
        for text in ["我的笔记\n", "我的笔记", "notes\n{\"event\":\"start\"}\n"] {
            let path = try temporaryJournal()
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            #expect(throws: JournalError.self, "\(text)") { _ = try ExamJournal.open(path: path) }
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(text.utf8), "\(text) was not cut or written to")
        }
        // Half a first line from a crash (the start never acknowledged) is still dropped.
        let path = try temporaryJournal()
        try Data(#"{"candidate":"C1","ev"#.utf8).write(to: URL(fileURLWithPath: path))
        #expect(try ExamJournal.open(path: path).events.isEmpty)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)).isEmpty)
    }

    @Test func aDamagedLineInTheMiddleIsAnError() throws {
        let path = temporaryJournal()
        do {
            let (journal, _) = try ExamJournal.open(path: path)
            try journal.append(.start(Self.start))
        }
        var data = try Data(contentsOf: URL(fileURLWithPath: path))
        data += Data("not json\n".utf8)
        data += Data(#"{"answer":"A","at":"2026-11-21T09:00:00Z","event":"answer","number":1}"#.utf8) + Data("\n".utf8)
        try data.write(to: URL(fileURLWithPath: path))
        #expect {
            try ExamJournal.open(path: path)
        } throws: { error in
            (error as? JournalError)?.line == 2
        }
        // Nothing was truncated.
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == data)
    }

    @Test func normalizedAnswersParseBackToThemselves() {
        let grader = AnswerGrader.standard()
        let cases: [(String, QuestionType, Int, Int)] = [("c a", .multiple, 4, 0), ("√", .trueFalse, 0, 0), ("甲 ；乙", .fill, 0, 2), ("  要点 ", .short, 0, 0)]
        for (typed, type, options, blanks) in cases {
            guard case .success(let answer) = grader.parse(typed, for: type, optionCount: options, blankCount: blanks) else {
                Issue.record("\(typed) did not parse")
                continue
            }
            #expect(grader.parse(answer.normalizedText, for: type, optionCount: options, blankCount: blanks) == .success(answer))
        }
    }

    static func item(_ number: Int, _ type: QuestionType, points: Double, options: Int = 0, blanks: Int = 0, section: Int, rule: MultipleChoiceRule? = nil) -> Paper.Item {
        Paper.Item(
            number: number, section: section, id: "q\(number)", type: type, points: points, rule: rule, stem: "题\(number)",
            options: (0..<options).map { "选项\($0)" }, optionOrder: Array(0..<options), blanks: blanks)
    }

    static let paper: Paper = {
        let items = [
            item(1, .single, points: 2, options: 4, section: 0), item(2, .multiple, points: 4, options: 4, section: 1, rule: .halfForSubset),
            item(3, .multiple, points: 4, options: 5, section: 1, rule: .perOption(1)), item(4, .trueFalse, points: 1, section: 2),
            item(5, .fill, points: 4, blanks: 2, section: 3), item(6, .short, points: 6, section: 4), item(7, .short, points: 10, section: 4),
        ]
        return Paper(
            format: "kaoxue-paper/1", title: "测试", timeLimitMinutes: 20, totalScore: 31,
            sections: [
                .init(heading: "一、单选题", type: .single, count: 1, points: 2), .init(heading: "二、多选题", type: .multiple, count: 2, points: 4),
                .init(heading: "三、判断题", type: .trueFalse, count: 1, points: 1), .init(heading: "四、填空题", type: .fill, count: 1, points: 4),
                .init(heading: "五、简答题", type: .short, count: 2, points: 8),
            ],
            versions: [.init(name: "A", items: items)],
            manifest: .init(bankHash: "", blueprintHash: "", seed: 1, kaoxueVersion: "test", excludedUsed: 0, method: "test"))
    }()

    static let key = try! AnswerKey.parse("""
        version,number,id,type,answer,points,rule
        A,1,q1,single,B,2,
        A,2,q2,multiple,ACD,4,half
        A,3,q3,multiple,ABE,4,per-option:1
        A,4,q4,truefalse,对,1,
        A,5,q5,fill,四个意识;“四个意识”|两个维护,4,any-order
        A,6,q6,short,公道(2);正派,6,
        A,7,q7,short,言之成理即可,10,by-hand

        """).get()

    @Test func markingFollowsThePapersRules() throws {
        let answers: [Int: String] = [1: "B", 2: "AC", 3: "AB", 4: "错", 5: "两个维护|四個意識", 6: "坚持公道正派"]
        let (items, sections) = try ExamGrader().grade(paper: Self.paper, version: Self.paper.versions[0], answers: answers, key: Self.key)
        // single right 2; half rule, subset 2; per-option 1 each → 2; wrong 0; blanks in any order, across scripts 4;
        // 公道(2) + 正派(1) of 3 → 6; by hand 0.
        #expect(items.map(\.score) == [2, 2, 2, 0, 4, 6, 0])
        #expect(items.map(\.needsHandMarking) == [false, false, false, false, false, false, true])
        #expect(sections.map(\.score) == [2, 4, 0, 4, 6])
        #expect(sections.map(\.maxScore) == [2, 8, 1, 4, 16])
        let wrongChoice = try ExamGrader().grade(paper: Self.paper, version: Self.paper.versions[0], answers: [2: "AB", 3: "ABCE"], key: Self.key)
        #expect(wrongChoice.items[1].score == 0 && wrongChoice.items[2].score == 0)
    }

    @Test func aKeyFromAnotherPaperIsRefused() throws {
        let other = try AnswerKey.parse("version,number,id,type,answer,points,rule\nA,1,q99,single,B,2,\n").get()
        #expect(throws: ExamGradingError.self) {
            try ExamGrader().grade(paper: Self.paper, version: Self.paper.versions[0], answers: [:], key: other)
        }
    }
}
