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

@Suite struct ReadableTextTests {
    @Test func stemsAreCutShortOnOneLine() {
        #expect(ReadableText.excerpt("组织部门承担着选干部配班子、建队伍聚人才、（  ）的重要职责。", characters: 10) == "组织部门承担着选干部…")
        #expect(ReadableText.excerpt("短题干\n第二行", characters: 24) == "短题干 第二行")
    }

    @Test func instantsAreShownInLocalTime() throws {
        let shanghai = try #require(TimeZone(identifier: "Asia/Shanghai"))
        let now = try #require(ISO8601DateFormatter().date(from: "2026-12-02T08:00:00Z"))
        #expect(ReadableText.localTime("2026-12-02T06:18:18.862964Z", language: .zhHans, now: now, timeZone: shanghai) == "12月2日 14:18")
        #expect(ReadableText.localTime("2026-12-02T06:18:18Z", language: .en, now: now, timeZone: shanghai) == "Dec 2, 14:18")
        #expect(ReadableText.localTime("2025-12-31T16:30:00Z", language: .zhHans, now: now, timeZone: shanghai) == "1月1日 00:30", "this year in Shanghai")
        #expect(ReadableText.localTime("2024-03-01T00:00:00Z", language: .zhHans, now: now, timeZone: shanghai) == "2024年3月1日 08:00")
        #expect(ReadableText.localTime("not a time", language: .zhHans) == "not a time")
    }
}
