import Foundation
import QuizModel

@testable import BankFormats

/// Reads a fixture from this target's `Fixtures` folder.
func fixtureBytes(_ name: String) throws -> [UInt8] {
    let url = try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil))
    return [UInt8](try Data(contentsOf: url))
}

func parseFixture(_ name: String) throws -> ParsedBankFile {
    NativeBankParser.parse(bytes: try fixtureBytes(name), path: name)
}

func parse(_ text: String, path: String = "t.txt") -> ParsedBankFile {
    NativeBankParser.parse(text: text, path: path)
}

import Testing
