import QuizModel

/// Deterministic synthetic banks shaped like real ones (all five types, topics, difficulties, sources),
/// for benchmarks and tests. The same seed and count give the same bank on every machine.
public enum SyntheticBank {
    /// Topic paths drawn from the handbook's chapters.
    public static let topics = [
        "自身建设/学习培训", "基层组织建设/党支部", "干部工作/选拔任用", "干部工作/考核评价", "人才工作/人才引进",
        "教育培训/学分管理", "党支部书记能力建设", "年轻干部实践锻炼",
    ]

    static let phrases = [
        "组织部门", "组工干部", "以考促学", "集中学习", "挂职锻炼", "结对帮扶", "严格管理", "周末大课堂",
        "应知应会读本", "积分制考评", "月统计", "季公示", "年累加", "基层党组织", "党支部书记", "群众公认",
        "德才兼备", "公道正派", "能力素质", "实践锻炼", "轮岗交流", "学分考评", "量化学时", "民主推荐",
        "竞争上岗", "任前公示", "考察预告", "服务群众", "人才强区", "选干部配班子", "建队伍聚人才", "抓基层打基础",
    ]

    /// `count` questions from `seed`: about 35% single, 25% multiple, 20% true/false, 12% fill, 8% short.
    ///
    /// Questions come grouped by type, as in the sections of a real bank; a question averages about 300 bytes
    /// in the native format, so 100,000 questions make a file of about 30 MB.
    public static func questions(count: Int, seed: UInt64) -> [Question] {
        var rng = SplitMix64(seed: seed)
        let questions = (0..<count).map { index in question(number: index, rng: &rng) }
        // A stable grouping by type: the order within each type is the generation order.
        return QuestionType.allCases.flatMap { type in questions.filter { $0.type == type } }
    }

    static func sentence(_ rng: inout SplitMix64, words: ClosedRange<Int>) -> String {
        let count = Int.random(in: words, using: &rng)
        var text = ""
        for k in 0..<count {
            text += phrases[Int(rng.next() % UInt64(phrases.count))]
            if k + 1 < count { text += k % 3 == 2 ? "，" : "的" }
        }
        return text
    }

    /// `count` option texts, no two alike (a bank reader refuses a question with two equal options).
    static func distinctOptions(_ count: Int, _ rng: inout SplitMix64) -> [String] {
        var options: [String] = []
        while options.count < count {
            let option = sentence(&rng, words: 1...2)
            if !options.contains(option) { options.append(option) }
        }
        return options
    }

    static func question(number: Int, rng: inout SplitMix64) -> Question {
        let roll = rng.next() % 100
        // A serial keeps every stem distinct, as in a real bank.
        let stem = "第\(number + 1)题：" + sentence(&rng, words: 3...6)
        let content: QuestionContent
        switch roll {
        case 0..<35:
            let options = distinctOptions(4, &rng)
            content = .single(options: options, answer: Int(rng.next() % 4))
        case 35..<60:
            let optionCount = 4 + Int(rng.next() % 2)
            let options = distinctOptions(optionCount, &rng)
            var answers = Set<Int>()
            while answers.count < 2 + Int(rng.next() % 2) { answers.insert(Int(rng.next() % UInt64(optionCount))) }
            content = .multiple(options: options, answers: answers.sorted())
        case 60..<80:
            content = .trueFalse(answer: rng.next() % 2 == 0)
        case 80..<92:
            let blanks = 1 + Int(rng.next() % 2)
            return Question(
                id: "", stem: stem + String(repeating: "____，", count: blanks) + "。",
                content: .fill(
                    blanks: (0..<blanks).map { _ in Blank([sentence(&rng, words: 1...1), sentence(&rng, words: 1...1)]) },
                    orderInsensitive: false),
                explanation: sentence(&rng, words: 2...4), topic: topics[Int(rng.next() % 8)],
                difficulty: Difficulty(rawValue: 1 + Int(rng.next() % 5)), points: 2,
                source: SourceReference(document: "组工干部应知应会读本", article: "第\(1 + rng.next() % 9)章", date: nil))
        default:
            content = .short(
                reference: sentence(&rng, words: 4...8),
                keywords: [Keyword(sentence(&rng, words: 1...1), weight: 2), Keyword(sentence(&rng, words: 1...1))])
        }
        return Question(
            id: "", stem: stem, content: content, explanation: sentence(&rng, words: 2...4),
            topic: topics[Int(rng.next() % 8)], difficulty: Difficulty(rawValue: 1 + Int(rng.next() % 5)),
            points: roll < 60 ? 2 : 1,
            source: SourceReference(document: "组工干部应知应会读本", article: "第\(1 + rng.next() % 9)章", date: nil))
    }
}
