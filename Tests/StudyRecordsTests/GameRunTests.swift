import Foundation
import QuizModel
import StudyLedger
import Testing

@testable import StudyRecords

@Suite struct GameRunTests {
    func store() throws -> StudyStore {
        try StudyStore(path: FileManager.default.temporaryDirectory.appendingPathComponent("kaoxue-games-\(UUID().uuidString)/kaoxue.sqlite").path)
    }

    func run(_ user: String, points: Double, right: Int = 3) -> GameRun {
        GameRun(
            user: user, mode: "daily", date: "2026-11-21", startedAt: "2026-11-21T01:00:00Z", answered: 5, right: right, streak: right, points: points,
            questions: ["q1", "q2", "q3", "q4", "q5"])
    }

    @Test func runsAreKeptAndTheirPointsGoToTheLedgerOnlyWhenItIsInUse() throws {
        let store = try store()
        let item = (category: "学习", item: "每日答题")
        // No register yet: the run is kept, the ledger is not touched.
        #expect(try store.record(run("P1", points: 3), ledgerItem: item) == .noLedger)
        _ = try store.savePeople(
            [PersonRecord(id: "P1", name: "王明", unit: "组织部", tier: "乡科级及以下")],
            source: ImportSource(file: "p.csv", sha256: "00", time: "2026-11-21T00:00:00Z"), dryRun: false)
        #expect(try store.record(run("P2", points: 3), ledgerItem: item) == .notRegistered)
        #expect(try store.record(run("P1", points: 2), ledgerItem: (category: "学习", item: "跳舞")) == .unknownItem)
        #expect(try store.record(run("P1", points: 0), ledgerItem: item) == .nothing)
        #expect(try store.record(run("P1", points: 2), ledgerItem: item) == .recorded)
        #expect(try store.record(run("P1", points: 1), ledgerItem: item) == .recorded)
        let entries = try store.pointEntries(year: 2026)
        #expect(entries.map(\.points).sorted() == [1, 2])
        #expect(entries.allSatisfy { $0.person == "P1" && $0.category == "学习" && $0.item == "每日答题" })
        #expect(try store.gamePointsEarned(user: "P1", mode: "daily", date: "2026-11-21") == 3 + 2 + 0 + 2 + 1)
        #expect(try store.gameRuns(user: "P1", mode: "daily").map(\.questions) == Array(repeating: "q1 q2 q3 q4 q5", count: 5))
        #expect(try store.gameRuns(user: "P1", mode: "challenge").isEmpty)
    }
}
