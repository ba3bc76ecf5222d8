import Crypto
import Foundation
import StudySession
import Testing

@testable import StudyRecords

@Suite("Signed exam results")
struct ExamResultTests {
    func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("kaoxue-store-\(UUID().uuidString)/kaoxue.sqlite").path
    }

    static let result = ExamResult(
        candidate: "C001", paper: .init(title: "月度测试", sha256: "ab12"), version: "B", answers: ["1": "A", "2": "对"], score: 6,
        maxScore: 10, sections: [SectionScore(heading: "一、单选题", score: 6, maxScore: 10)],
        items: [ItemScore(number: 1, id: "q1", score: 4, points: 4, needsHandMarking: false), ItemScore(number: 2, id: "q2", score: 2, points: 6, needsHandMarking: false)],
        startedAt: "2026-11-21T09:00:00Z", submittedAt: "2026-11-21T09:15:00Z", submittedBy: "candidate")

    @Test func aChangedScoreOrAnswerIsDetected() throws {
        let signer = ResultSigner(key: SymmetricKey(data: Data("organization secret".utf8)))
        let signed = signer.sign(Self.result)
        #expect(signer.verify(signed) == .valid)
        // Through a file and back (key order and white space do not matter).
        let encoder = JSONEncoder()
        encoder.outputFormatting = .prettyPrinted
        let reread = try JSONDecoder().decode(ExamResult.self, from: encoder.encode(signed))
        #expect(signer.verify(reread) == .valid)
        var score = signed
        score.score = 9
        #expect(signer.verify(score) == .altered)
        var answer = signed
        answer.answers["2"] = "错"
        #expect(signer.verify(answer) == .altered)
        #expect(signer.verify(Self.result) == .unsigned)
        let other = ResultSigner(key: SymmetricKey(data: Data("another".utf8)))
        #expect(other.verify(signed) == .otherKey(signer.keyID))
    }

    @Test func theStoreKeepsItsKeyAndTheFirstResult() throws {
        let path = temporaryPath()
        let store = try StudyStore(path: path)
        let first = try ResultSigner.standard(store: store, environment: [:])
        let again = try ResultSigner.standard(store: try StudyStore(path: path), environment: [:])
        #expect(first.keyID == again.keyID)
        #expect(try ResultSigner.standard(store: store, environment: ["KAOXUE_SECRET": "s"]).keyID != first.keyID)
        let signed = first.sign(Self.result)
        try store.save(signed)
        var second = signed
        second.score = 10
        try store.save(first.sign(second))
        #expect(try store.examResult(candidate: "C001", paper: "ab12") == signed)
        #expect(try store.examResult(candidate: "C002", paper: "ab12") == nil)
    }
}
