import Foundation
import QuizModel
import Testing

@testable import BankFormats
@testable import BankInterchange

/// Reads a fixture from this target's `Fixtures` folder.
func fixtureBytes(_ name: String) throws -> [UInt8] {
    let url = try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil))
    return [UInt8](try Data(contentsOf: url))
}

/// The repository's `QuestionBanks` folder.
func shippedBanksPath() -> String {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.appendingPathComponent("QuestionBanks").path
}

/// Every question of the shipped banks.
func shippedQuestions() throws -> [Question] {
    let loaded = try BankLoader.load(paths: [shippedBanksPath()], duplicateQuestions: false)
    #expect(loaded.errorCount == 0)
    return loaded.bank.questions
}

/// Writes `questions` as `format` and reads them back.
func roundTrip(_ questions: [Question], _ format: BankFileFormat) throws -> (back: ImportedBank, report: CarryReport) {
    let written = try BankConverter.write(questions, as: format)
    let back = BankConverter.read([UInt8](written.data), path: "t.\(format.fileExtension)", as: format)
    return (back, written.report)
}

/// The problems of a read as `place: message` lines (English), for comparing with what a test expects.
func problemLines(_ bank: ImportedBank) -> [String] {
    bank.diagnostics.map { "\($0.severity == .error ? "error" : "warning") \($0.location.rendered(in: .en)): \($0.english)" }
}
