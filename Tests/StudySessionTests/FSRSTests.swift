import BankFormats
import Foundation
import Testing

@testable import StudySession

@Suite("FSRS-6 against py-fsrs 6.3.2")
struct FSRSTests {
    static func fixture(_ name: String) throws -> String {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil))
        return try String(contentsOf: url, encoding: .utf8)
    }

    @Test func replayMatchesTheReferenceExactly() throws {
        let log = try Self.fixture("fsrs-log.csv")
        let entries = try ReviewLog.parse(log).get()
        #expect(entries.count == 5757)
        let replayed = ReviewLog.replay(entries)
        let expected = try CSVTable.parse(try Self.fixture("fsrs-expected.csv")).rows.dropFirst()
        #expect(replayed.count == expected.count)
        for ((card, state), row) in zip(replayed, expected) {
            let fields = row.map(\.text)
            #expect(card == fields[0])
            #expect(state.phase.name == fields[1], "\(card)")
            #expect(state.step.map(String.init) ?? "" == fields[2], "\(card)")
            // Bit for bit: the same operations on the same C library.
            #expect(state.stability == Double(fields[3]), "\(card) stability")
            #expect(state.difficulty == Double(fields[4]), "\(card) difficulty")
            #expect(ISOTime.format(state.due) == fields[5], "\(card) due")
            #expect(state.lastReview.map(ISOTime.format) == fields[6], "\(card) last review")
        }
    }

    @Test func firstReviewsFollowTheLearningSteps() {
        let scheduler = FSRSScheduler()
        let start = ISOTime.parse("2026-03-01T09:00:00Z")!
        let new = CardState(due: start)
        let again = scheduler.review(new, rating: .again, at: start)
        #expect(again.phase == .learning && again.step == 0 && again.due == start.adding(seconds: 60))
        let hard = scheduler.review(new, rating: .hard, at: start)
        #expect(hard.due == start.adding(seconds: 330))  // halfway between 1 and 10 minutes
        let good = scheduler.review(new, rating: .good, at: start)
        #expect(good.step == 1 && good.due == start.adding(seconds: 600))
        let easy = scheduler.review(new, rating: .easy, at: start)
        #expect(easy.phase == .review && easy.step == nil)
        #expect(easy.stability == 8.2956)
        #expect(easy.due.days(since: start) == 8)
    }

    @Test func fuzzStaysInItsRange() {
        var scheduler = FSRSScheduler(enableFuzzing: true)
        scheduler.enableFuzzing = true
        for days in [3, 10, 50, 400] {
            let values = Set((0..<200).map { k in scheduler.fuzzed(days: days, random: { Double(k) / 200 }) })
            #expect(values.allSatisfy { abs($0 - days) <= max(2, days / 10 + 3) })
            #expect(values.count > 1)
        }
        #expect(scheduler.fuzzed(days: 2, random: { 0.99 }) == 2)
    }

    @Test(arguments: [
        ("2026-01-05T08:30:00Z", "2026-01-05T08:30:00Z"), ("2026-01-05T08:30:00.5Z", "2026-01-05T08:30:00.500000Z"),
        ("2026-01-05T16:30:00+08:00", "2026-01-05T08:30:00Z"), ("2024-02-29", "2024-02-29T00:00:00Z"),
        ("1969-12-31T23:59:59.000001Z", "1969-12-31T23:59:59.000001Z"),
    ])
    func isoTimes(text: String, canonical: String) {
        #expect(ISOTime.parse(text).map(ISOTime.format) == canonical)
    }

    @Test(arguments: ["2026-13-01T00:00:00Z", "2026-02-30", "2026-01-05T08:30:00", "yesterday", "2026-01-05T25:00:00Z"])
    func badTimes(text: String) {
        #expect(ISOTime.parse(text) == nil)
    }

    @Test func malformedLogsAreLocated() {
        let log = "card,time,rating\nc1,2026-01-05T08:30:00Z,3\nc2,tomorrow,5\n,2026-01-05T08:30:00Z,1\nc3,2026-01-05T08:30:00Z\n"
        guard case .failure(let failure) = ReviewLog.parse(log) else {
            Issue.record("a broken log was accepted")
            return
        }
        #expect(failure.problems.map { "\($0.row):\($0.column)" } == ["3:2", "3:3", "4:1", "5:3"])
        guard case .failure(let header) = ReviewLog.parse("id,when,grade\n") else {
            Issue.record("a wrong header was accepted")
            return
        }
        #expect(header.problems.first?.english.contains("card,time,rating") == true)
        #expect(header.problems.first?.chinese.contains("card,time,rating") == true)
    }

    @Test func csvQuotingAndPositions() throws {
        let table = try CSVTable.parse("a,\"b,1\",\"say \"\"hi\"\"\"\r\n\nc,\"multi\nline\",d\n")
        #expect(table.rows.map { $0.map(\.text) } == [["a", "b,1", "say \"hi\""], ["c", "multi\nline", "d"]])
        #expect(table.rows[1][2].row == 3)
        #expect(table.rows[1][2].column == 3)
        #expect(throws: CSVTable.SyntaxError.self) { try CSVTable.parse("a,\"open\n") }
    }
}
