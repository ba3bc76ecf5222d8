import Foundation
import QuizModel
import SyntheticBanks
import Testing

@testable import BankFormats
@testable import BankInterchange

/// Native → X → native keeps everything X can carry: each format's `carry` says what that is (and reports the
/// rest), and reading the written file gives exactly the carried questions back.
@Suite struct RoundTripTests {
    @Test(arguments: [BankFileFormat.json, .xlsx, .csv, .kaoxue])
    func fullFormatsKeepEveryShippedQuestion(_ format: BankFileFormat) throws {
        let questions = try shippedQuestions()
        let (back, report) = try roundTrip(questions, format)
        #expect(back.diagnostics.isEmpty, "\(problemLines(back).prefix(5))")
        #expect(report.isEmpty)
        #expect(back.questions.count == questions.count)
        for (read, original) in zip(back.questions, questions) { #expect(read.withoutLocation == original.withoutLocation) }
    }

    @Test(arguments: [BankFileFormat.gift, .aiken, .moodleXML, .qti])
    func partialFormatsKeepWhatTheyCarry(_ format: BankFileFormat) throws {
        let questions = try shippedQuestions()
        var expectedReport = CarryReport()
        // GIFT and Moodle XML write each topic's questions together (one category switch per topic).
        let ordered = format == .gift || format == .moodleXML ? groupedByTopic(questions) : questions
        let expected = ordered.compactMap { format.carry($0, report: &expectedReport) }
        let (back, report) = try roundTrip(questions, format)
        #expect(back.errorCount == 0, "\(problemLines(back).prefix(5))")
        #expect(report == expectedReport)
        #expect(back.questions.count == expected.count)
        for (read, original) in zip(back.questions, expected) { #expect(read.withoutLocation == original) }
    }

    @Test(arguments: [BankFileFormat.json, .xlsx, .csv, .gift, .moodleXML, .qti])
    func syntheticBanksSurvive(_ format: BankFileFormat) throws {
        // Generated questions of every type, with every field the generator fills.
        let questions = SyntheticBank.questions(count: 300, seed: 11).map { question in
            var identified = question
            QuestionChecks.identify(&identified, explicitID: question.hasExplicitID ? question.id : nil)
            return identified
        }
        var ignored = CarryReport()
        let ordered = format == .gift || format == .moodleXML ? groupedByTopic(questions) : questions
        let expected = ordered.compactMap { format.carry($0, report: &ignored) }
        let (back, _) = try roundTrip(questions, format)
        #expect(back.errorCount == 0, "\(problemLines(back).prefix(5))")
        #expect(back.questions.count == expected.count)
        if let first = zip(back.questions, expected).first(where: { $0.0.withoutLocation != $0.1 }) {
            Issue.record("first difference:\n  read     \(first.0.withoutLocation)\n  expected \(first.1)")
        }
    }

    @Test func documentsLargerThanLibxml2TakesAtOnce() throws {
        // Over 10 MB libxml2 refuses a document handed over whole; kaoxue streams it.
        let questions = SyntheticBank.questions(count: 12_000, seed: 5).filter { $0.type != .fill }
        let (back, _) = try roundTrip(questions, .moodleXML)
        #expect(try BankConverter.write(questions, as: .moodleXML).data.count > 10_000_000)
        #expect(back.errorCount == 0)
        #expect(back.questions.count == questions.count)
    }
}
