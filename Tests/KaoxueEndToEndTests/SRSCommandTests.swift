import Foundation
import Testing

@Suite("kaoxue srs replay, run as a user runs it")
struct SRSCommandTests {
    @Test func replayPrintsWhatPyFSRSComputed() throws {
        let run = try KaoxueRun.run(["srs", "replay", fixture("fsrs-log.csv")])
        #expect(run.status == 0)
        let expected = try String(contentsOfFile: fixture("fsrs-expected.csv"), encoding: .utf8)
        #expect(run.stdout == expected)
    }

    @Test func jsonHasEveryCard() throws {
        let run = try KaoxueRun.run(["srs", "replay", fixture("fsrs-log.csv"), "--json"])
        #expect(run.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        let cards = try #require(object?["cards"] as? [[String: Any]])
        #expect(cards.count == 300)
        #expect(object?["reviews"] as? Int == 5757)
        #expect(Set(cards[0].keys) == ["card", "state", "step", "stability", "difficulty", "due", "lastReview"])
    }

    @Test func malformedLogsAreLocatedAndExitOne() throws {
        let path = fixture("bad-log.csv")
        let run = try KaoxueRun.run(["srs", "replay", path, "--lang", "en"])
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("\(path):3:2: error: \"soon\" is not an ISO 8601 time"))
        #expect(run.stderr.contains("\(path):4:3: error: rating \"9\" is not 1 (again), 2 (hard), 3 (good) or 4 (easy)"))
        #expect(try KaoxueRun.run(["srs", "replay", "/no/such/log.csv"]).status == 2)
    }
}
