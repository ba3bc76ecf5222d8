import BankFormats
import Benchmark
import Foundation
import QuizModel
import StudyRecords
import StudySession
import SyntheticBanks

/// A 10,000-question bank file and a study store holding 100,000 reviews (and the 10,000 cards they left) of one
/// user, written once into a temporary folder. Paths are printed so the binary can be timed on the same files.
let practiceFixture: (bank: String, store: String) = {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kaoxue-bench-practice").path
    let bank = folder + "/bank.txt"
    let store = folder + "/store.sqlite"
    if !FileManager.default.fileExists(atPath: store) {
        try? FileManager.default.removeItem(atPath: folder)
        try! FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var questions = SyntheticBank.questions(count: 10_000, seed: 2026)
        for index in questions.indices {
            questions[index].id = QuestionIdentity.derivedID(stem: questions[index].stem, content: questions[index].content)
        }
        try! NativeBankWriter.write(questions).write(toFile: bank, atomically: true, encoding: .utf8)
        let studyStore = try! StudyStore(path: store)
        let scheduler = FSRSScheduler()
        var random = SplitMix64(seed: 7)
        var cards: [String: CardState] = [:]
        var answers: [(review: ReviewRecord, card: CardState)] = []
        var time = ISOTime.parse("2026-01-01T08:00:00Z")!
        for _ in 0..<100_000 {
            let id = questions[random.uniform(below: questions.count)].id
            time = time.adding(seconds: 30)
            let rating = Rating(rawValue: random.uniform(below: 4) + 1)!
            let card = scheduler.review(cards[id] ?? CardState(due: time), rating: rating, at: time)
            cards[id] = card
            answers.append(
                (ReviewRecord(user: "bench", question: id, time: time, rating: rating, correct: rating != .again, elapsedMilliseconds: 5000, answer: "A"), card))
        }
        try! studyStore.record(answers)
        print("practice fixture: \(bank) \(store)")
    }
    return (bank, store)
}()

/// 1,000,000 reviews: 10,000 cards × 100 reviews each, ratings and gaps from a fixed seed.
let reviewLog: [ReviewEntry] = {
    var random = SplitMix64(seed: 2026)
    var entries: [ReviewEntry] = []
    entries.reserveCapacity(1_000_000)
    let start = ISOTime.parse("2026-01-01T00:00:00Z")!
    for card in 0..<10_000 {
        var time = start
        for _ in 0..<100 {
            time = time.adding(seconds: Int64(random.uniform(below: 86_400 * 20) + 60))
            entries.append(ReviewEntry(card: "c\(card)", time: time, rating: Rating(rawValue: random.uniform(below: 4) + 1)!))
        }
    }
    return entries
}()

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .peakMemoryResident],
        warmupIterations: 1,
        scalingFactor: .one,
        maxDuration: .seconds(20),
        maxIterations: 10
    )

    // What `kaoxue practice` does before it shows the first question, one step after the other (the command
    // reads the store on the second core while it parses the bank; scripts/first-question-latency.py times the
    // binary itself on these files).
    Benchmark("Practice: ready for the first question (10,000-question bank, 100,000 reviews)") { benchmark in
        let fixture = practiceFixture
        benchmark.startMeasurement()
        let loaded = try BankLoader.load(paths: [fixture.bank], duplicateQuestions: false)
        let store = try StudyStore(path: fixture.store)
        let cards = try store.cards(user: "bench")
        let wrong = try store.wrongBook(user: "bench").map(\.question)
        let session = PracticeSession(
            questions: loaded.bank.questions, cards: cards, wrongBook: wrong, mode: .mixed, count: 10,
            now: ISOTime.parse("2026-03-01T08:00:00Z")!, seed: 1)
        blackHole(session.current)
        benchmark.stopMeasurement()
        precondition(loaded.bank.questions.count == 10_000 && !cards.isEmpty && session.current != nil)
    }

    Benchmark("FSRS: replay 1,000,000 reviews (10,000 cards, fuzzing off)") { benchmark in
        let log = reviewLog
        benchmark.startMeasurement()
        let states = ReviewLog.replay(log)
        blackHole(states.count)
        benchmark.stopMeasurement()
        precondition(states.count == 10_000)
    }

    Benchmark("FSRS: 1,000,000 scheduler steps, no grouping") { benchmark in
        let log = reviewLog
        var scheduler = FSRSScheduler()
        scheduler.enableFuzzing = false
        benchmark.startMeasurement()
        var state = CardState(due: log[0].time)
        var card = log[0].card
        for entry in log {
            if entry.card != card {
                card = entry.card
                state = CardState(due: entry.time)
            }
            state = scheduler.review(state, rating: entry.rating, at: entry.time)
        }
        blackHole(state)
    }
}
