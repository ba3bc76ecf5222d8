import Foundation
import Testing

@testable import QuizModel

@Suite("Question model")
struct QuizModelTests {
    @Test(arguments: [
        ("易", Difficulty.easy), ("简单", .easy), ("1", .easy), ("较易", .fairlyEasy), ("較易", .fairlyEasy),
        ("中等", .medium), ("３", .medium), ("较难", .fairlyHard), ("4", .fairlyHard), ("难", .hard), ("難", .hard),
        ("hard", .hard),
    ])
    func difficultySpellings(text: String, expected: Difficulty) {
        #expect(Difficulty(parsing: text) == expected)
    }

    @Test func unknownDifficulty() {
        #expect(Difficulty(parsing: "很难") == nil)
        #expect(Difficulty(parsing: "6") == nil)
    }

    @Test func questionsSurviveJSON() throws {
        let question = Question(
            id: "K1", hasExplicitID: true, stem: "题", content: .fill(blanks: [Blank(["甲", "乙"])], orderInsensitive: true),
            explanation: "解", topic: "干部工作/选拔任用", difficulty: .hard, points: 2.5,
            source: SourceReference(document: "读本", article: nil, date: "2022-01-02"), tags: ["必考"],
            location: SourceLocation(file: "a.txt", line: 3, column: 1))
        let data = try JSONEncoder().encode(Bank(questions: [question]))
        #expect(try JSONDecoder().decode(Bank.self, from: data).questions == [question])
    }

    @Test func derivedProperties() {
        let question = Question(id: "x", stem: "s", content: .multiple(options: ["a", "b"], answers: [0, 1]), topic: "干部工作/选拔任用")
        #expect(question.type == .multiple)
        #expect(question.topTopic == "干部工作")
        #expect(question.content.options == ["a", "b"])
        #expect(optionLabel(0) == "A")
        #expect(optionLabel(25) == "Z")
        #expect("\u{3000} 甲 \t".trimmingWhitespace() == "甲")
    }

    @Test func countsCoverEveryType() {
        let bank = Bank(questions: [Question(id: "1", stem: "s", content: .trueFalse(answer: true), topic: "幹部工作")])
        #expect(bank.countsByType == [.single: 0, .multiple: 0, .trueFalse: 1, .fill: 0, .short: 0])
        #expect(bank.countsByTopic(unclassified: "-") { $0 == "幹部工作" ? "干部工作" : $0 } == ["干部工作": 1])
    }
}
