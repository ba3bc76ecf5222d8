import Foundation
import StudySession
import Testing

@testable import StudyRecords

@Suite("The study store")
struct StudyStoreTests {
    func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("kaoxue-store-\(UUID().uuidString)/kaoxue.sqlite").path
    }

    @Test func recordsReviewsCardsAndTheWrongAnswerBook() throws {
        let store = try StudyStore(path: temporaryPath())
        let now = ISOTime.parse("2026-11-21T09:00:00Z")!
        let scheduler = FSRSScheduler()
        func answer(_ correct: Bool, at time: Instant) throws {
            let previous = try store.cards(user: "u")["q1"] ?? CardState(due: time)
            let rating: Rating = correct ? .good : .again
            let card = scheduler.review(previous, rating: rating, at: time)
            try store.record(ReviewRecord(user: "u", question: "q1", time: time, rating: rating, correct: correct, elapsedMilliseconds: 1500, answer: "A"), card: card)
        }
        try answer(false, at: now)
        #expect(try store.wrongBook(user: "u").map(\.question) == ["q1"])
        try answer(true, at: now.adding(seconds: 600))
        #expect(try store.wrongBook(user: "u").first?.rightStreak == 1)
        try answer(true, at: now.adding(seconds: 7200))
        // Right twice in a row: out of the book.
        #expect(try store.wrongBook(user: "u").isEmpty)
        #expect(try store.reviewCount(user: "u") == 3)
        #expect(try store.reviewCount(user: "other") == 0)
        let card = try #require(try store.cards(user: "u")["q1"])
        #expect(card.lastReview == now.adding(seconds: 7200))
    }

    @Test func historyFollowsARenamedQuestion() throws {
        let store = try StudyStore(path: temporaryPath())
        let now = ISOTime.parse("2026-11-21T09:00:00Z")!
        let scheduler = FSRSScheduler()
        for (user, question) in [("u", "qold"), ("v", "qold"), ("v", "qnew")] {
            let card = scheduler.review(CardState(due: now), rating: .again, at: now)
            try store.record(ReviewRecord(user: user, question: question, time: now, rating: .again, correct: false, elapsedMilliseconds: 900, answer: "B"), card: card)
        }
        // Two answers under qold, u's card and u's book entry move; v already has qnew's card and entry, so v's
        // qold ones stay.
        #expect(try store.carryHistory(["qold": "qnew"]) == 4)
        #expect(try store.cards(user: "u").keys.sorted() == ["qnew"])
        #expect(try store.wrongBook(user: "u").map(\.question) == ["qnew"])
        #expect(try store.cards(user: "v").keys.sorted() == ["qnew", "qold"])
        #expect(try store.reviewCount(user: "v") == 2)
        #expect(try store.carryHistory(["qold": "qnew"]) == 0)
        #expect(try store.carryHistory([:]) == 0)
    }

    @Test func reopeningKeepsEverything() throws {
        let path = temporaryPath()
        let first = try StudyStore(path: path)
        let card = CardState(due: Instant(microseconds: 5))
        try first.record(ReviewRecord(user: "u", question: "q", time: Instant(microseconds: 1), rating: .again, correct: false, elapsedMilliseconds: 1, answer: "x"), card: card)
        let second = try StudyStore(path: path)
        #expect(try second.cards(user: "u")["q"] == card)
        #expect(try second.wrongBook(user: "u").count == 1)
    }

    @Test func twoWritersLoseNothing() async throws {
        let path = temporaryPath()
        let a = try StudyStore(path: path)
        let b = try StudyStore(path: path)
        await withTaskGroup(of: Void.self) { group in
            for (index, store) in [a, b].enumerated() {
                group.addTask {
                    for k in 0..<200 {
                        let review = ReviewRecord(user: "w\(index)", question: "q\(k)", time: Instant(microseconds: Int64(k)), rating: .good, correct: true, elapsedMilliseconds: 1, answer: "a")
                        try? store.record(review, card: CardState(due: Instant(microseconds: Int64(k))))
                    }
                }
            }
        }
        #expect(try a.reviewCount(user: "w0") == 200)
        #expect(try a.reviewCount(user: "w1") == 200)
    }

    @Test func defaultPathFollowsTheEnvironment() {
        #expect(StudyStore.defaultPath(environment: ["KAOXUE_STORE": "/x/k.sqlite"]) == "/x/k.sqlite")
        #expect(StudyStore.defaultPath(environment: ["XDG_DATA_HOME": "/d", "HOME": "/h"]) == "/d/kaoxue/kaoxue.sqlite")
        #expect(StudyStore.defaultPath(environment: ["HOME": "/h"]) == "/h/.local/share/kaoxue/kaoxue.sqlite")
    }

    @Test func unwritablePlacesAreErrors() {
        #expect(throws: StoreError.self) { try StudyStore(path: "/proc/kaoxue/kaoxue.sqlite") }
    }
}
