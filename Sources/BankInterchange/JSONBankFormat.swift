import BankFormats
import QuizModel

/// The canonical machine format: one JSON object `{"format": "kaoxue-bank", "version": 1, "questions": [...]}`,
/// keys in a fixed order, absent when empty. Carries everything the native format does. Schema: docs/bank-json.md.
public enum JSONBankFormat {
    public static let formatName = "kaoxue-bank"
    public static let version = 1

    // MARK: Writing

    /// The bank as JSON text (UTF-8, two-space indentation, one key per line, keys in the documented order).
    public static func write(_ questions: [Question]) -> String {
        var out = "{\n  \"format\": \"\(formatName)\",\n  \"version\": \(version),\n  \"questions\": ["
        for (index, question) in questions.enumerated() {
            out += index == 0 ? "\n" : ",\n"
            out += object(question)
        }
        out += questions.isEmpty ? "]\n}\n" : "\n  ]\n}\n"
        return out
    }

    static func object(_ question: Question) -> String {
        var members: [(String, String)] = []
        if question.hasExplicitID { members.append(("id", jsonString(question.id))) }
        if let name = question.name { members.append(("name", jsonString(name))) }
        members.append(("type", jsonString(typeName(question.type))))
        members.append(("stem", jsonString(question.stem)))
        switch question.content {
        case .single(let options, let answer):
            members.append(("options", stringArray(options)))
            members.append(("answer", jsonString(optionLabel(answer))))
        case .multiple(let options, let answers):
            members.append(("options", stringArray(options)))
            members.append(("answer", jsonString(answers.map(optionLabel).joined())))
        case .trueFalse(let answer):
            members.append(("answer", answer ? "true" : "false"))
        case .fill(let blanks, let anyOrder):
            members.append(("answer", "[" + blanks.map { stringArray($0.alternatives) }.joined(separator: ", ") + "]"))
            if anyOrder { members.append(("blanksAnyOrder", "true")) }
        case .short(let reference, let keywords):
            if let reference { members.append(("answer", jsonString(reference))) }
            if !keywords.isEmpty {
                members.append(("keywords", "[" + keywords.map { "{\"text\": \(jsonString($0.text)), \"weight\": \(formatPoints($0.weight))}" }.joined(separator: ", ") + "]"))
            }
        }
        if let rule = question.scoringRule, question.type == .multiple { members.append(("rule", jsonString(rule.text))) }
        if let explanation = question.explanation { members.append(("explanation", jsonString(explanation))) }
        if let difficulty = question.difficulty { members.append(("difficulty", "\(difficulty.rawValue)")) }
        if let topic = question.topic { members.append(("topic", jsonString(topic))) }
        if let points = question.points { members.append(("points", formatPoints(points))) }
        if let source = question.source, !source.isEmpty {
            var parts: [String] = []
            if let document = source.document { parts.append("\"document\": " + jsonString(document)) }
            if let article = source.article { parts.append("\"article\": " + jsonString(article)) }
            if let date = source.date { parts.append("\"date\": " + jsonString(date)) }
            members.append(("source", "{" + parts.joined(separator: ", ") + "}"))
        }
        if !question.tags.isEmpty { members.append(("tags", stringArray(question.tags))) }
        if question.fixedOptionOrder { members.append(("fixedOptionOrder", "true")) }
        return "    {\n" + members.map { "      \"\($0.0)\": \($0.1)" }.joined(separator: ",\n") + "\n    }"
    }

    static func stringArray(_ items: [String]) -> String { "[" + items.map(jsonString).joined(separator: ", ") + "]" }

    /// `single`, `multiple`, `trueFalse`, `fill`, `short`: the model's names.
    static func typeName(_ type: QuestionType) -> String { type.rawValue }

    // MARK: Reading

    static let questionKeys: Set<String> = [
        "id", "name", "type", "stem", "options", "answer", "blanksAnyOrder", "keywords", "rule", "explanation", "difficulty", "topic", "points",
        "source", "tags", "fixedOptionOrder",
    ]

    /// Reads a bank written in the canonical JSON; every problem located by line and column.
    public static func read(_ bytes: [UInt8], path: String) -> ImportedBank {
        var problems = ProblemList(file: path)
        let root: JSONValue
        do {
            root = try JSONReader.parse(bytes)
        } catch {
            problems.error(.text(line: error.line, column: error.column), error.chinese, error.english)
            return ImportedBank(diagnostics: problems.diagnostics)
        }
        guard case .object = root.node else {
            problems.error(root.location, "顶层应为对象 {\"format\": \"kaoxue-bank\", \"questions\": [...]}", "the top level must be an object {\"format\": \"kaoxue-bank\", \"questions\": [...]}")
            return ImportedBank(diagnostics: problems.diagnostics)
        }
        if let format = root["format"], case .string(let name) = format.node, name != formatName {
            problems.error(format.location, "format 应为 \"\(formatName)\"，而不是 \"\(name)\"", "format must be \"\(formatName)\", not \"\(name)\"")
        }
        if let versionValue = root["version"], case .number(let number) = versionValue.node, number > Double(version) {
            problems.error(versionValue.location, "版本 \(formatPoints(number)) 比本程序支持的版本 \(version) 新", "version \(formatPoints(number)) is newer than this kaoxue reads (\(version))")
        }
        guard let list = root["questions"], case .array(let items) = list.node else {
            problems.error(root.location, "缺少 questions 数组", "no questions array")
            return ImportedBank(diagnostics: problems.diagnostics)
        }
        var questions: [Question] = []
        for item in items {
            if let question = readQuestion(item, problems: &problems) { questions.append(question) }
        }
        if items.isEmpty { problems.error(list.location, "题库中没有题目", "the bank holds no questions") }
        return ImportedBank(questions: questions, diagnostics: problems.diagnostics.sorted(by: ConversionDiagnostic.fileOrder))
    }

    static func readQuestion(_ item: JSONValue, problems: inout ProblemList) -> Question? {
        guard case .object(let members) = item.node else {
            problems.error(item.location, "每道题应为一个对象", "each question must be an object")
            return nil
        }
        var failed = false
        func fail(_ value: JSONValue, _ chinese: String, _ english: String) {
            failed = true
            problems.error(value.location, chinese, english)
        }
        for member in members where !questionKeys.contains(member.key) {
            problems.warning(member.value.location, "未知的键“\(member.key)”，已忽略", "unknown key \"\(member.key)\", ignored")
        }
        func text(_ key: String) -> String? {
            guard let value = item[key] else { return nil }
            if case .string(let string) = value.node { return string }
            if case .null = value.node { return nil }
            fail(value, "\(key) 应为字符串，而不是\(value.kindName.chinese)", "\(key) must be a string, not \(value.kindName.english)")
            return nil
        }
        func strings(_ key: String) -> [String]? {
            guard let value = item[key] else { return nil }
            guard case .array(let elements) = value.node else {
                fail(value, "\(key) 应为字符串数组", "\(key) must be an array of strings")
                return nil
            }
            var result: [String] = []
            for element in elements {
                guard case .string(let string) = element.node else {
                    fail(element, "\(key) 中应为字符串，而不是\(element.kindName.chinese)", "\(key) holds \(element.kindName.english), not a string")
                    return nil
                }
                result.append(string)
            }
            return result
        }
        func flag(_ key: String) -> Bool {
            guard let value = item[key] else { return false }
            if case .bool(let bool) = value.node { return bool }
            fail(value, "\(key) 应为 true 或 false", "\(key) must be true or false")
            return false
        }
        guard let typeValue = item["type"] else {
            problems.error(item.location, "缺少 type（single、multiple、trueFalse、fill、short）", "no type (single, multiple, trueFalse, fill, short)")
            return nil
        }
        guard case .string(let typeText) = typeValue.node, let type = QuestionType(rawValue: typeText) ?? QuestionTypeWords.parse(typeText) else {
            problems.error(typeValue.location, "type 应为 single、multiple、trueFalse、fill 或 short", "type must be single, multiple, trueFalse, fill or short")
            return nil
        }
        let stem = text("stem") ?? ""
        let answer = item["answer"]
        var content: QuestionContent?
        switch type {
        case .single, .multiple:
            let options = strings("options") ?? []
            if item["options"] == nil { fail(item, "选择题缺少 options", "a choice question needs options") }
            guard let answer else {
                fail(item, "缺少 answer", "no answer")
                break
            }
            guard case .string(let letters) = answer.node else {
                fail(answer, "选择题的 answer 应为选项字母，如 \"B\" 或 \"ABD\"", "a choice answer is option letters such as \"B\" or \"ABD\"")
                break
            }
            let (indices, invalid) = BankValueSyntax.answerLetters(letters)
            if let invalid {
                fail(answer, BankProblem.answerNotALetter(text: invalid).message(in: .zhHans), BankProblem.answerNotALetter(text: invalid).message(in: .en))
                break
            }
            if type == .single {
                guard indices.count == 1 else {
                    fail(answer, BankProblem.singleChoiceWithSeveralAnswers(answer: letters).message(in: .zhHans), BankProblem.singleChoiceWithSeveralAnswers(answer: letters).message(in: .en))
                    break
                }
                content = .single(options: options, answer: indices[0])
            } else {
                content = .multiple(options: options, answers: Array(Set(indices)).sorted())
            }
        case .trueFalse:
            guard let answer, case .bool(let value) = answer.node else {
                fail(answer ?? item, "判断题的 answer 应为 true 或 false", "a true/false answer must be true or false")
                break
            }
            content = .trueFalse(answer: value)
        case .fill:
            guard let answer, case .array(let blankValues) = answer.node else {
                fail(answer ?? item, "填空题的 answer 应为每空一个字符串数组，如 [[\"甲\", \"甲'\"], [\"乙\"]]", "a fill-in answer is one array of strings per blank, such as [[\"a\", \"a'\"], [\"b\"]]")
                break
            }
            var blanks: [Blank] = []
            for blankValue in blankValues {
                switch blankValue.node {
                case .string(let single): blanks.append(Blank([single]))
                case .array(let alternatives):
                    var texts: [String] = []
                    for alternative in alternatives {
                        guard case .string(let string) = alternative.node else {
                            fail(alternative, "备选答案应为字符串", "an alternative must be a string")
                            continue
                        }
                        texts.append(string)
                    }
                    blanks.append(Blank(texts))
                default:
                    fail(blankValue, "每空的答案应为字符串数组", "each blank's answers must be an array of strings")
                }
            }
            content = .fill(blanks: blanks, orderInsensitive: flag("blanksAnyOrder"))
        case .short:
            var keywords: [Keyword] = []
            if let list = item["keywords"] {
                if case .array(let entries) = list.node {
                    for entry in entries {
                        switch entry.node {
                        case .string(let word): keywords.append(Keyword(word))
                        case .object:
                            guard let word = entry["text"], case .string(let string) = word.node else {
                                fail(entry, "关键词需要 text", "a keyword needs a text")
                                continue
                            }
                            var weight = 1.0
                            if let weightValue = entry["weight"] {
                                guard case .number(let number) = weightValue.node, number > 0 else {
                                    fail(weightValue, "关键词权重应为正数", "a keyword weight must be a positive number")
                                    continue
                                }
                                weight = number
                            }
                            keywords.append(Keyword(string, weight: weight))
                        default:
                            fail(entry, "关键词应为字符串或 {\"text\", \"weight\"}", "a keyword is a string or {\"text\", \"weight\"}")
                        }
                    }
                } else {
                    fail(list, "keywords 应为数组", "keywords must be an array")
                }
            }
            content = .short(reference: text("answer").flatMap { $0.isEmpty ? nil : $0 }, keywords: keywords)
        }
        var rule: MultipleChoiceRule?
        if let ruleText = text("rule") {
            rule = BankValueSyntax.scoringRule(ruleText)
            if rule == nil, let value = item["rule"] {
                fail(value, BankProblem.invalidScoringRule(text: ruleText).message(in: .zhHans), BankProblem.invalidScoringRule(text: ruleText).message(in: .en))
            }
        }
        var difficulty: Difficulty?
        if let value = item["difficulty"] {
            switch value.node {
            case .number(let number): difficulty = Int(exactly: number).flatMap(Difficulty.init(rawValue:))
            case .string(let word): difficulty = Difficulty(parsing: word)
            default: break
            }
            if difficulty == nil { fail(value, "difficulty 应为 1–5（易 到 难）", "difficulty must be 1–5 (easy to hard)") }
        }
        var points: Double?
        if let value = item["points"] {
            if case .number(let number) = value.node, number > 0 { points = number } else { fail(value, "points 应为正数", "points must be a positive number") }
        }
        var source: SourceReference?
        if let value = item["source"] {
            if case .object = value.node {
                func part(_ key: String) -> String? {
                    guard let part = value[key] else { return nil }
                    if case .string(let string) = part.node { return string }
                    fail(part, "source.\(key) 应为字符串", "source.\(key) must be a string")
                    return nil
                }
                source = SourceReference(document: part("document"), article: part("article"), date: part("date"))
            } else {
                fail(value, "source 应为对象 {\"document\", \"article\", \"date\"}", "source must be an object {\"document\", \"article\", \"date\"}")
            }
        }
        let id = text("id")
        let explanation = text("explanation")
        let topic = text("topic").flatMap(BankValueSyntax.topicPath)
        let tags = strings("tags") ?? []
        let fixed = flag("fixedOptionOrder")
        guard let content, !failed else { return nil }
        let question = Question(
            id: "", stem: stem, content: content, explanation: explanation.flatMap { $0.isEmpty ? nil : $0 }, topic: topic, difficulty: difficulty,
            points: points, source: source.flatMap { $0.isEmpty ? nil : $0 }, tags: tags, fixedOptionOrder: fixed, scoringRule: rule,
            location: SourceLocation(file: problems.file, line: item.line, column: item.column),
            name: text("name").flatMap { $0.isEmpty ? nil : $0 })
        return QuestionChecks.admit(question, explicitID: id, at: item.location, into: &problems)
    }
}

extension JSONValue {
    var location: ConversionLocation { .text(line: line, column: column) }
}
