import Foundation
import QuizModel

@testable import PaperAssembly

/// A bank built to order: `count` questions of each (type, topic, difficulty).
func makeBank(_ spec: [(QuestionType, String, Difficulty, Int)], tags: [String] = []) -> [Question] {
    var questions: [Question] = []
    for (type, topic, level, count) in spec {
        for index in 0..<count {
            let stem = "\(type.rawValue)-\(topic)-\(level.rawValue)-\(index)"
            let content: QuestionContent
            switch type {
            case .single: content = .single(options: ["甲\(index)", "乙\(index)", "丙\(index)", "丁\(index)"], answer: index % 4)
            case .multiple: content = .multiple(options: ["甲", "乙", "丙", "丁", "戊"], answers: [0, (index % 4) + 1])
            case .trueFalse: content = .trueFalse(answer: index % 2 == 0)
            case .fill: content = .fill(blanks: [Blank(["甲\(index)"])], orderInsensitive: false)
            case .short: content = .short(reference: "参考\(index)", keywords: [Keyword("要点")])
            }
            questions.append(
                Question(
                    id: "\(type.rawValue.prefix(2))-\(topic)-\(level.rawValue)-\(index)", hasExplicitID: true, stem: stem,
                    content: content, explanation: "解析\(index)", topic: topic, difficulty: level, points: nil,
                    tags: tags))
        }
    }
    return questions
}

func fixtureText(_ name: String) throws -> String {
    let url = try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil))
    return try String(contentsOf: url, encoding: .utf8)
}

/// The repository's folder.
func repositoryURL() -> URL {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url
}

import Testing
