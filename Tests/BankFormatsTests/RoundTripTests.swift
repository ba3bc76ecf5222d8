import PropertyBased
import QuizModel
import SyntheticBanks
import Testing

@testable import BankFormats

/// Random questions exercising every type and field, from a seed, within what the format can express
/// (no `|` or `;` inside a blank's answers, no `、` inside a tag, text lines that do not start like a
/// number, an option label or a field).
enum RandomBank {
    static let words = [
        "组织部门", "干部", "人才", "以考促学", "周末大课堂", "积分", "季公示", "黨支部", "書記", "基層", "Word",
        "Excel", "GB18030", "2022", "第三条", "1+2", "AB岗", "“四个一”", "（注）", "，", "。", "·", "ｆｕｌｌ", "x y",
        "A.B.", "1.5倍", "材料：", "《读本》",
    ]

    static func text(_ rng: inout SplitMix64, _ range: ClosedRange<Int> = 1...6) -> String {
        let count = Int.random(in: range, using: &rng)
        // Begin with a CJK word so no line starts like a number, a label or a field.
        var result = ["题干", "关于", "根据", "下列"].randomElement(using: &rng)!
        for _ in 0..<count { result += words.randomElement(using: &rng)! }
        return result
    }

    /// `count` texts from `make`, each made distinct by its position when it repeats an earlier one (a reader
    /// refuses two equal options).
    static func distinct(_ count: Int, _ make: () -> String) -> [String] {
        var texts: [String] = []
        for index in 0..<count {
            let text = make()
            texts.append(texts.contains(text) ? text + "其\(index)" : text)
        }
        return texts
    }

    static func question(_ rng: inout SplitMix64, serial: Int) -> Question {
        var stem = "\(serial)号" + text(&rng)
        if rng.next() % 5 == 0 { stem += "\n" + text(&rng) }
        let content: QuestionContent
        switch rng.next() % 5 {
        case 0:
            let options = distinct(Int.random(in: 2...8, using: &rng)) { text(&rng, 0...3) }
            content = .single(options: options, answer: Int.random(in: 0..<options.count, using: &rng))
        case 1:
            let options = distinct(Int.random(in: 2...26, using: &rng)) { text(&rng, 0...2) }
            var answers = Set<Int>()
            while answers.count < Int.random(in: 2...options.count, using: &rng) {
                answers.insert(Int.random(in: 0..<options.count, using: &rng))
            }
            content = .multiple(options: options, answers: answers.sorted())
        case 2:
            content = .trueFalse(answer: rng.next() % 2 == 0)
        case 3:
            let blanks = Int.random(in: 1...4, using: &rng)
            stem += String(repeating: "____后" + text(&rng, 0...1), count: blanks)
            content = .fill(
                blanks: (0..<blanks).map { _ in Blank((0..<Int.random(in: 1...3, using: &rng)).map { _ in text(&rng, 0...1) }) },
                orderInsensitive: rng.next() % 3 == 0)
        default:
            let keywords = (0..<Int.random(in: 0...4, using: &rng)).map { index in
                Keyword("要点\(index)" + ["甲", "乙", "丙"].randomElement(using: &rng)!, weight: [1, 2, 0.5, 1.25].randomElement(using: &rng)!)
            }
            let reference: String? = keywords.isEmpty || rng.next() % 2 == 0 ? text(&rng) + "\n" + text(&rng) : nil
            content = .short(reference: reference, keywords: keywords)
        }
        func maybe<T>(_ rng: inout SplitMix64, _ make: (inout SplitMix64) -> T) -> T? {
            rng.next() % 2 == 0 ? make(&rng) : nil
        }
        let explicitID = maybe(&rng) { _ in "KX-\(serial)" }
        let id = explicitID ?? QuestionIdentity.derivedID(stem: stem, content: content)
        let source = maybe(&rng) { rng in
            SourceReference(
                // A title never holds 《》 itself: the brackets delimit it.
                document: String(text(&rng, 0...2).filter { $0 != "《" && $0 != "》" }), article: rng.next() % 2 == 0 ? "第\(serial % 9 + 1)部分" : nil,
                date: rng.next() % 2 == 0 ? "2022-0\(serial % 9 + 1)-1\(serial % 10)" : nil)
        }
        let isChoice = content.type == .single || content.type == .multiple
        let explanation = maybe(&rng) { rng in text(&rng) + (rng.next() % 3 == 0 ? "\n" + text(&rng) : "") }
        let topic = maybe(&rng) { rng in ["干部工作/选拔任用", "人才工作", "自身建设/学习培训/读书"].randomElement(using: &rng)! }
        let difficulty = maybe(&rng) { rng in Difficulty.allCases.randomElement(using: &rng)! }
        let points = maybe(&rng) { rng in [1, 2, 0.5, 2.5, 10].randomElement(using: &rng)! }
        var tags: [String] = []
        if rng.next() % 2 == 0 {
            let drop = Int(rng.next() % 3)
            tags = Array(["必考", "条例", "2022"].shuffled(using: &rng).dropLast(drop))
        }
        let fixedOptionOrder = isChoice && rng.next() % 4 == 0
        return Question(
            id: id, hasExplicitID: explicitID != nil, stem: stem, content: content, explanation: explanation,
            topic: topic, difficulty: difficulty, points: points, source: source, tags: tags,
            fixedOptionOrder: fixedOptionOrder)
    }

    static func bank(seed: UInt64, count: Int) -> [Question] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { question(&rng, serial: $0 + 1) }
    }
}

@Suite("Round trip: parse → write → parse gives the same bank")
struct RoundTripTests {
    @Test func generatedBanksSurviveWriteAndParse() async {
        await propertyCheck(count: 200, input: Gen.uint64(in: 0...UInt64.max), Gen.int(in: 1...40)) { seed, count in
            let original = RandomBank.bank(seed: seed, count: count)
            let text = NativeBankWriter.write(original)
            let reread = parse(text, path: "generated.txt")
            #expect(reread.diagnostics.filter { $0.severity == .error }.isEmpty, "seed \(seed)")
            #expect(reread.questions.map(\.withoutLocation) == original, "seed \(seed)")
            // Writing what was read gives the same text: the canonical form is a fixed point.
            #expect(NativeBankWriter.write(reread.questions) == text)
        }
    }

    @Test func shippedBanksRoundTrip() throws {
        let loaded = try BankLoader.load(paths: [shippedBanksPath()])
        #expect(loaded.errorCount == 0)
        for file in loaded.files {
            let text = NativeBankWriter.write(file.questions)
            let reread = parse(text, path: file.path)
            #expect(reread.questions.map(\.withoutLocation) == file.questions.map(\.withoutLocation), "\(file.path)")
        }
    }

    @Test func syntheticBenchmarkBankParsesCleanly() {
        var questions = SyntheticBank.questions(count: 500, seed: 42)
        for index in questions.indices {
            questions[index].id = QuestionIdentity.derivedID(stem: questions[index].stem, content: questions[index].content)
        }
        let reread = parse(NativeBankWriter.write(questions))
        #expect(reread.diagnostics.isEmpty)
        #expect(reread.questions.map(\.withoutLocation) == questions)
    }

    @Test func canonicalForm() {
        let question = Question(
            id: "KX-1", hasExplicitID: true, stem: "组织部门的职责是（  ）", content: .multiple(options: ["选干部配班子", "建队伍聚人才", "抓基层打基础"], answers: [0, 2]),
            explanation: "见原文。", topic: "自身建设", difficulty: .medium, points: 1.5,
            source: SourceReference(document: "读本", article: "第一章", date: "2022-09-21"), tags: ["必考"])
        #expect(
            NativeBankWriter.write([question]) == """
                一、多选题

                1. 组织部门的职责是（  ）
                A. 选干部配班子
                B. 建队伍聚人才
                C. 抓基层打基础
                答案：AC
                解析：见原文。
                难度：中等
                知识点：自身建设
                分值：1.5
                出处：《读本》，第一章，2022-09-21
                标签：必考
                编号：KX-1


                """)
    }
}

/// The repository's `QuestionBanks` folder.
func shippedBanksPath() -> String {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.appendingPathComponent("QuestionBanks").path
}

import Foundation
