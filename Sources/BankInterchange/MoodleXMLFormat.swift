import BankFormats
import Foundation
import QuizModel
import Spreadsheets

/// Moodle's XML question format (docs.moodle.org/en/Moodle_XML_format): `multichoice` (single and multiple, with
/// fractions), `truefalse`, `shortanswer`, `numerical` and `cloze` (→ fill-in), `essay` (→ short answer, `graderinfo` the
/// reference answer), `category` pseudo-questions (→ topic path), CDATA and HTML texts. Other question types are
/// reported and skipped; the rest of the file converts.
public enum MoodleXMLFormat {
    // MARK: Reading

    public static func read(_ data: Data, path: String) -> ImportedBank {
        var problems = ProblemList(file: path)
        var questions: [Question] = []
        var skipped = 0
        var topic: String?
        // Each question is read as soon as its element ends, and then let go.
        func take(_ element: XMLNode) {
            guard element.path.hasPrefix("/quiz/"), element.localName == "question" else { return }
            let type = element.attributes["type"] ?? ""
            if type == "category" {
                topic = element.textOf("category").flatMap { GIFTFormat.topic(fromCategory: $0) }
                return
            }
            switch readQuestion(element, type: type, topic: topic, path: path, problems: &problems) {
            case .question(let question): questions.append(question)
            case .skipped: skipped += 1
            case .failed: break
            }
        }
        let root: XMLNode
        do {
            root = try XMLTreeReader.parse(data, topLevel: take)
        } catch {
            // Questions read before the damage are not kept, nor their problems reported.
            problems.diagnostics = []
            problems.error(error.message(at: .text(line: error.line, column: error.column)))
            return ImportedBank(diagnostics: problems.diagnostics)
        }
        guard root.localName == "quiz" else {
            problems.diagnostics = []
            problems.error(root.location, "Moodle XML 的根元素应为 <quiz>，而不是 <\(root.name)>", "the root of Moodle XML is <quiz>, not <\(root.name)>")
            return ImportedBank(diagnostics: problems.diagnostics)
        }
        if questions.isEmpty, skipped == 0, problems.diagnostics.isEmpty {
            problems.error(root.location, BankProblem.emptyFile.message(in: .zhHans), BankProblem.emptyFile.message(in: .en))
        }
        return ImportedBank(questions: questions, diagnostics: problems.diagnostics, skipped: skipped)
    }

    /// A text element's content as plain text (HTML markup removed for `format="html"`), trimmed.
    static func plain(_ element: XMLNode?) -> String? {
        guard let element else { return nil }
        let raw = element.child("text")?.text ?? element.text
        let format = element.attributes["format"] ?? "html"
        let text = format == "html" ? GIFTFormat.plainText(fromHTML: raw) : raw.trimmingWhitespace()
        return text.isEmpty ? nil : text
    }

    static func readQuestion(_ element: XMLNode, type: String, topic: String?, path: String, problems: inout ProblemList) -> QuestionReadOutcome {
        let here = element.location
        let stem = plain(element.child("questiontext")) ?? ""
        // Pictures and attachments (`<file>` parts, `<img>` in HTML texts) have no place in a kaoxue question yet.
        let rawTexts = [element.textOf("questiontext"), element.textOf("generalfeedback")].compactMap { $0 } + element.children("answer").compactMap { $0.child("text")?.text }
        // Moodle 1.9's `<image>`/`<image_base64>` are pictures too.
        if element.containsElement(named: ["file", "image", "image_base64"]) || rawTexts.contains(where: GIFTFormat.hasPicture(html:)) {
            problems.warning(here, "题目中的图片或附件无法保存，已舍弃（题目文字照常读取）", "the question's pictures or attachments cannot be kept: dropped (its text is read)")
        }
        reportUnkept(element, type: type, at: here, into: &problems)
        var explanation = plain(element.child("generalfeedback"))
        var points: Double?
        if let grade = element.child("defaultgrade") {
            guard let value = Double(grade.text.trimmingWhitespace()), value >= 0, value <= Question.maximumPoints else {
                problems.error(
                    grade.location, "defaultgrade“\(grade.text)”应为 0 到 \(formatPoints(Question.maximumPoints)) 的数",
                    "defaultgrade \"\(grade.text)\" must be a number from 0 to \(formatPoints(Question.maximumPoints))")
                return .failed
            }
            points = value > 0 ? value : nil
        }
        let answers = element.children("answer")
        func fraction(_ answer: XMLNode) -> Double? {
            guard let text = answer.attributes["fraction"] else { return 0 }
            return Double(text)
        }
        var weights: [Double] = []
        for answer in answers {
            guard let value = fraction(answer) else {
                problems.error(answer.location, "fraction“\(answer.attributes["fraction"] ?? "")”不是数字", "fraction \"\(answer.attributes["fraction"] ?? "")\" is not a number")
                return .failed
            }
            weights.append(value)
        }
        var feedback: [String] = []
        var content: QuestionContent
        var rule: MultipleChoiceRule?
        var questionStem = stem
        switch type {
        case "multichoice":
            let options = answers.map { plain($0) ?? "" }
            for (index, answer) in answers.enumerated() {
                if let text = plain(answer.child("feedback")) { feedback.append("\(optionLabel(min(index, 25)))：\(text)") }
            }
            let declared = element.child("single").map { ["true", "1"].contains($0.text.trimmingWhitespace().lowercased()) }
            let interpreted = ChoiceWeights(weights, at: here, optionLocations: answers.map(\.location), single: declared)
            for warning in interpreted.warnings { problems.warning(warning) }
            if let failure = interpreted.failure {
                problems.error(failure)
                return .failed
            }
            if interpreted.single {
                content = .single(options: options, answer: interpreted.right[0])
            } else {
                content = .multiple(options: options, answers: interpreted.right)
                rule = interpreted.rule
            }
        case "truefalse":
            guard let right = answers.indices.first(where: { weights[$0] >= 99.999 }) else {
                problems.error(here, "判断题没有满分答案", "the true/false question has no full-credit answer")
                return .failed
            }
            guard let value = TrueFalseTokens.parse(plain(answers[right]) ?? "") else {
                problems.error(answers[right].location, "判断题的答案应为 true 或 false", "a true/false answer is true or false")
                return .failed
            }
            content = .trueFalse(answer: value)
            // Each answer's feedback is what a candidate who gave that answer reads.
            for answer in answers {
                guard let text = plain(answer.child("feedback")) else { continue }
                let said = TrueFalseTokens.parse(plain(answer) ?? "")
                feedback.append(said.map { "答“\($0 ? "正确" : "错误")”：\(text)" } ?? text)
            }
        case "shortanswer", "numerical":
            var accepted: [String] = []
            var otherAnswers: String?
            for (index, answer) in answers.enumerated() {
                let text = plain(answer) ?? ""
                let said = plain(answer.child("feedback"))
                if weights[index] < 99.999 {
                    if weights[index] > 0 {
                        problems.warning(answer.location, "部分得分（\(formatPoints(weights[index]))%）的答案“\(text)”无法保存，已舍弃", "the partial-credit (\(formatPoints(weights[index]))%) answer \"\(text)\" cannot be kept: dropped")
                    }
                    // A wrong answer's feedback tells why it is wrong; `*` is any other answer.
                    if let said {
                        if text == "*" { otherAnswers = said } else { feedback.append("\(text)：\(said)") }
                    }
                    continue
                }
                if type == "numerical", text != "*", Double(text) == nil {
                    problems.warning(answer.location, "数值题的答案“\(text)”不是数字，已跳过此题", "the numeric answer \"\(text)\" is not a number: question skipped")
                    return .skipped
                }
                if type == "numerical", let tolerance = answer.child("tolerance").flatMap({ Double($0.text.trimmingWhitespace()) }), tolerance != 0 {
                    problems.warning(answer.location, "数值答案的误差 ±\(formatPoints(tolerance)) 无法保存，只接受 \(text)", "the tolerance ±\(formatPoints(tolerance)) cannot be kept: only \(text) is accepted")
                }
                accepted.append(text)
                if let said { feedback.append("\(text)：\(said)") }
            }
            if let otherAnswers { feedback.append("其他答案：\(otherAnswers)") }
            if type == "shortanswer", element.child("usecase").map({ ["1", "true"].contains($0.text.trimmingWhitespace().lowercased()) }) == true {
                problems.warning(here, "区分大小写（usecase）无法保存，按不区分大小写评分", "case-sensitive matching (usecase) cannot be kept: answers are matched ignoring case")
            }
            if BankValueSyntax.blankCount(in: questionStem) == 0 { questionStem += "____" }
            content = .fill(blanks: [Blank(accepted)], orderInsensitive: false)
        case "cloze":
            // Moodle's embedded answers: `{1:SHORTANSWER:=甲~%100%乙}` per blank. Short-answer and numeric blanks
            // become kaoxue blanks; a question with an embedded choice has no kaoxue type.
            let raw = element.textOf("questiontext") ?? ""
            let format = element.child("questiontext")?.attributes["format"] ?? "html"
            switch Cloze.blanks(in: raw) {
            case .failure(let reason):
                problems.warning(here, reason.chinese, reason.english)
                return .skipped
            case .success(let cloze):
                for warning in cloze.warnings { problems.warning(here, warning.chinese, warning.english) }
                questionStem = format == "html" ? GIFTFormat.plainText(fromHTML: cloze.text) : cloze.text.trimmingWhitespace()
                content = .fill(blanks: cloze.blanks, orderInsensitive: false)
            }
        case "essay":
            // Without grader information (its reference answer) an essay is marked by hand.
            content = .short(reference: plain(element.child("graderinfo")), keywords: [])
        case "description":
            problems.warning(here, "Moodle 的说明文字（description）不是题目，已跳过", "a Moodle description is text, not a question: skipped")
            return .skipped
        default:
            problems.warning(here, "Moodle 题型“\(type)”在 kaoxue 中没有对应题型，已跳过", "the Moodle question type \"\(type)\" has no kaoxue type: skipped")
            return .skipped
        }
        if !feedback.isEmpty { explanation = ([explanation].compactMap { $0 } + feedback).joined(separator: "\n") }
        let shuffle = element.child("shuffleanswers")?.text.trimmingWhitespace().lowercased()
        let tags = element.child("tags")?.children("tag").compactMap { $0.textOf("text") ?? $0.text }.map { $0.trimmingWhitespace() }.filter { !$0.isEmpty } ?? []
        let question = Question(
            id: "", stem: questionStem, content: content, explanation: explanation, topic: topic, points: points, tags: tags,
            fixedOptionOrder: shuffle == "0" || shuffle == "false", scoringRule: rule,
            location: SourceLocation(file: path, line: element.line, column: 1),
            name: ownName(element.child("name")?.textOf("text"), stem: questionStem))
        let id = element.child("idnumber")?.text.trimmingWhitespace()
        guard let kept = QuestionChecks.admit(question, explicitID: id, at: here, into: &problems) else { return .failed }
        return .question(kept)
    }

    /// Says which of a question's texts kaoxue has no place for: hints, the feedback for right, partly right and
    /// wrong responses, an essay's response template. Nothing of a question disappears without a line saying so.
    static func reportUnkept(_ element: XMLNode, type: String, at here: ConversionLocation, into problems: inout ProblemList) {
        guard !["description", "category"].contains(type) else { return }
        let hints = element.children("hint").filter { plain($0) != nil }.count
        if hints > 0 {
            problems.warning(here, "\(hints) 条提示（hint）无法保存，已舍弃", "\(hints) hint(s) cannot be kept: dropped")
        }
        let combined = ["correctfeedback", "partiallycorrectfeedback", "incorrectfeedback"].filter { name in
            plain(element.child(name)).map { !standardFeedback.contains($0) } ?? false
        }
        if !combined.isEmpty {
            problems.warning(
                here, "按作答对错显示的反馈（\(combined.joined(separator: "、"))）无法保存，已舍弃",
                "feedback shown by the response's correctness (\(combined.joined(separator: ", "))) cannot be kept: dropped")
        }
        if type == "essay", plain(element.child("responsetemplate")) != nil {
            problems.warning(here, "作答模板（responsetemplate）无法保存，已舍弃", "the response template cannot be kept: dropped")
        }
    }

    /// The feedback Moodle fills in by default (English and Chinese language packs): it says only whether the
    /// response was right, which kaoxue shows anyway.
    static let standardFeedback: Set<String> = [
        "Your answer is correct.", "Your answer is partially correct.", "Your answer is incorrect.",
        "你的答案正确。", "你的答案部分正确。", "你的答案不正确。", "您的答案正确。", "您的答案部分正确。", "您的答案不正确。",
    ]

    /// A question's `<name>` unless it is only the start of its stem — the name Moodle (and kaoxue's writer)
    /// makes up for a question that has none.
    static func ownName(_ name: String?, stem: String) -> String? {
        guard let name = name?.trimmingWhitespace(), !name.isEmpty else { return nil }
        let flatStem = stem.replacingOccurrences(of: "\n", with: " ")
        return flatStem.hasPrefix(name) ? nil : name
    }

    // MARK: Writing

    /// What Moodle XML keeps of `question`: all but difficulty, source, keywords and the order of several blanks;
    /// fill-in questions as `shortanswer` (one blank) or `cloze` (several); short answers with their reference
    /// answer (`graderinfo`) or marked by hand; multiple-choice rules that fractions can say (the paper's, or net).
    public static func carry(_ question: Question, report: inout CarryReport) -> Question? {
        carriedPart(of: question, shortWithoutReference: true, features: [.id, .name, .explanation, .topic, .points, .tags, .optionOrder, .scoringRule], report: &report)
    }

    public static func write(_ questions: [Question], report: inout CarryReport) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<quiz>\n"
        var category: String?? = .none
        func text(_ name: String, _ value: String, indent: String = "    ") -> String {
            "\(indent)<\(name) format=\"plain_text\">\n\(indent)  <text>\(cdata(value))</text>\n\(indent)</\(name)>\n"
        }
        for question in groupedByTopic(questions) {
            guard let kept = carry(question, report: &report) else { continue }
            if category == .none || category! != kept.topic {
                out += "  <question type=\"category\">\n    <category>\n      <text>\(cdata("$course$/top" + (kept.topic.map { "/" + $0 } ?? "")))</text>\n    </category>\n  </question>\n"
                category = .some(kept.topic)
            }
            let type: String
            switch kept.content {
            case .single, .multiple: type = "multichoice"
            case .trueFalse: type = "truefalse"
            case .fill(let blanks, _): type = blanks.count == 1 ? "shortanswer" : "cloze"
            case .short: type = "essay"
            }
            out += "  <question type=\"\(type)\">\n"
            // Moodle requires a name: the question's own, else its id, else the start of its stem.
            let name = kept.name ?? (kept.hasExplicitID ? kept.id : String(kept.stem.replacingOccurrences(of: "\n", with: " ").prefix(40)))
            out += "    <name>\n      <text>\(cdata(name))</text>\n    </name>\n"
            if case .fill(let blanks, _) = kept.content, blanks.count > 1 {
                out += text("questiontext", Cloze.text(stem: kept.stem, blanks: blanks))
            } else {
                out += text("questiontext", kept.stem)
            }
            if let explanation = kept.explanation { out += text("generalfeedback", explanation) }
            if let points = kept.points { out += "    <defaultgrade>\(formatPoints(points))</defaultgrade>\n" }
            if kept.hasExplicitID { out += "    <idnumber>\(OfficePackage.escapeXML(kept.id))</idnumber>\n" }
            func answer(_ fraction: String, _ value: String) -> String {
                "    <answer fraction=\"\(fraction)\" format=\"plain_text\">\n      <text>\(cdata(value))</text>\n    </answer>\n"
            }
            switch kept.content {
            case .single(let options, let right):
                out += "    <single>true</single>\n    <shuffleanswers>\(kept.fixedOptionOrder ? 0 : 1)</shuffleanswers>\n    <answernumbering>ABCD</answernumbering>\n"
                for (index, option) in options.enumerated() { out += answer(index == right ? "100" : "0", option) }
            case .multiple(let options, let right):
                let weights = ChoiceWeights.weights(rule: kept.scoringRule, rightCount: right.count)
                out += "    <single>false</single>\n    <shuffleanswers>\(kept.fixedOptionOrder ? 0 : 1)</shuffleanswers>\n    <answernumbering>ABCD</answernumbering>\n"
                for (index, option) in options.enumerated() {
                    out += answer(ChoiceWeights.text(right.contains(index) ? weights.right : weights.wrong), option)
                }
            case .trueFalse(let value):
                out += answer(value ? "100" : "0", "true") + answer(value ? "0" : "100", "false")
            case .fill(let blanks, _) where blanks.count == 1:
                out += "    <usecase>0</usecase>\n"
                for alternative in blanks[0].alternatives { out += answer("100", alternative) }
            case .fill:
                break  // the blanks are in the question text
            case .short(let reference, _):
                out += "    <responseformat>editor</responseformat>\n    <responsefieldlines>10</responsefieldlines>\n"
                if let reference { out += text("graderinfo", reference) }
            }
            if !kept.tags.isEmpty {
                out += "    <tags>\n" + kept.tags.map { "      <tag><text>\(cdata($0))</text></tag>\n" }.joined() + "    </tags>\n"
            }
            out += "  </question>\n"
        }
        return out + "</quiz>\n"
    }
}

/// Moodle's Cloze (embedded answers, question type `cloze`/multianswer), the short-answer and numeric subquestions
/// kaoxue's blanks can be: `{1:SHORTANSWER:=甲~%100%乙#feedback}`, `{SA:…}`, `{2:NUMERICAL:=3:0}`.
enum Cloze {
    struct Read {
        var text: String
        var blanks: [Blank]
        var warnings: [(chinese: String, english: String)] = []
    }

    struct Refusal: Error {
        var chinese: String
        var english: String
    }

    static let textTypes: Set<String> = ["SHORTANSWER", "SA", "MW", "SHORTANSWER_C", "SAC", "MWC", "NUMERICAL", "NM"]
    /// Every subquestion type Moodle's Cloze knows: the text ones and the embedded choices.
    static let allTypes: Set<String> = textTypes.union([
        "MULTICHOICE", "MC", "MULTICHOICE_V", "MCV", "MULTICHOICE_H", "MCH", "MULTICHOICE_S", "MCS", "MULTICHOICE_VS", "MCVS",
        "MULTICHOICE_HS", "MCHS", "MULTIRESPONSE", "MR", "MULTIRESPONSE_H", "MRH", "MULTIRESPONSE_S", "MRS", "MULTIRESPONSE_HS", "MRHS",
    ])

    /// The question text with each subquestion replaced by `____`, and the blanks.
    static func blanks(in text: String) -> Result<Read, Refusal> {
        var read = Read(text: "", blanks: [])
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            read.text += rest[..<open]
            let inner = rest[rest.index(after: open)...]
            // A subquestion ends at the first `}` not escaped by a backslash.
            var close = inner.startIndex
            var escaped = false
            while close < inner.endIndex, escaped || inner[close] != "}" {
                escaped = !escaped && inner[close] == "\\"
                close = inner.index(after: close)
            }
            let body = String(inner[..<close])
            let parts = body.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            if close < inner.endIndex, parts.count == 2, Double(parts[0]) != nil, allTypes.contains(parts[1].uppercased()) {
                return .failure(Refusal(
                    chinese: "Cloze 子题“{\(body)}”没有答案，已跳过", english: "the Cloze subquestion {\(body)} has no answers: skipped"))
            }
            guard close < inner.endIndex, parts.count == 3 || (parts.count == 2 && Double(parts[0]) == nil) else {
                // Not a subquestion: braces in text.
                read.text += "{"
                rest = inner
                continue
            }
            let (type, answers) = parts.count == 3 ? (String(parts[1]), String(parts[2])) : (String(parts[0]), String(parts[1]))
            guard textTypes.contains(type.uppercased()) else {
                return .failure(Refusal(
                    chinese: "Cloze 题中的“\(type)”子题在 kaoxue 中没有对应题型（只有填空与数值子题可以读取），已跳过",
                    english: "a Cloze question's \(type) subquestion has no kaoxue type (only short-answer and numeric ones are read): skipped"))
            }
            var accepted: [String] = []
            for item in split(answers, at: "~") {
                var answer = item
                if let hash = unescapedIndex(of: "#", in: answer) { answer = String(answer[..<hash]) }
                var weight = 0.0
                if answer.hasPrefix("=") {
                    weight = 100
                    answer.removeFirst()
                } else if answer.hasPrefix("%"), let end = answer.dropFirst().firstIndex(of: "%") {
                    weight = Double(answer[answer.index(after: answer.startIndex)..<end]) ?? 0
                    answer = String(answer[answer.index(after: end)...])
                }
                var value = unescape(answer).trimmingWhitespace()
                if ["NUMERICAL", "NM"].contains(type.uppercased()), let colon = value.firstIndex(of: ":") {
                    let tolerance = value[value.index(after: colon)...].trimmingWhitespace()
                    value = String(value[..<colon])
                    if let margin = Double(tolerance), margin != 0 {
                        read.warnings.append((
                            "数值答案的误差 ±\(tolerance) 无法保存，只接受 \(value)", "the tolerance ±\(tolerance) cannot be kept: only \(value) is accepted"))
                    }
                }
                if value.isEmpty || value == "*" { continue }
                if ["NUMERICAL", "NM"].contains(type.uppercased()), Double(value) == nil {
                    return .failure(Refusal(
                        chinese: "Cloze 数值子题的答案“\(value)”不是数字，已跳过", english: "the Cloze numeric answer \"\(value)\" is not a number: skipped"))
                }
                if weight >= 99.999 {
                    accepted.append(value)
                } else if weight > 0 {
                    read.warnings.append((
                        "部分得分（\(formatPoints(weight))%）的答案“\(value)”无法保存，已舍弃",
                        "the partial-credit (\(formatPoints(weight))%) answer \"\(value)\" cannot be kept: dropped"))
                }
            }
            guard !accepted.isEmpty else {
                return .failure(Refusal(chinese: "Cloze 子题没有满分答案，已跳过", english: "a Cloze subquestion without a full-credit answer: skipped"))
            }
            read.blanks.append(Blank(accepted))
            read.text += "____"
            rest = inner[inner.index(after: close)...]
        }
        read.text += rest
        guard !read.blanks.isEmpty else {
            return .failure(Refusal(chinese: "Cloze 题中没有子题（{1:SHORTANSWER:…}），已跳过", english: "a Cloze question without subquestions ({1:SHORTANSWER:…}): skipped"))
        }
        return .success(read)
    }

    /// A multi-blank fill-in question's stem with each blank written as a short-answer subquestion.
    static func text(stem: String, blanks: [Blank]) -> String {
        let ranges = BankValueSyntax.blankRanges(in: stem)
        var out = ""
        var last = stem.startIndex
        for (range, blank) in zip(ranges, blanks) {
            out += stem[last..<range.lowerBound]
            out += "{1:SHORTANSWER:" + blank.alternatives.map { "%100%" + escape($0) }.joined(separator: "~") + "}"
            last = range.upperBound
        }
        return out + stem[last...]
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            if "}#~/\"\\".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }

    static func unescape(_ text: String) -> String {
        var out = ""
        var escaped = false
        for character in text {
            if !escaped, character == "\\" {
                escaped = true
                continue
            }
            escaped = false
            out.append(character)
        }
        return out
    }

    static func unescapedIndex(of target: Character, in text: String) -> String.Index? {
        var escaped = false
        for index in text.indices {
            if !escaped, text[index] == target { return index }
            escaped = !escaped && text[index] == "\\"
        }
        return nil
    }

    /// `text` cut at each unescaped `separator`.
    static func split(_ text: String, at separator: Character) -> [String] {
        var parts = [""]
        var escaped = false
        for character in text {
            if !escaped, character == separator {
                parts.append("")
                continue
            }
            escaped = !escaped && character == "\\"
            parts[parts.count - 1].append(character)
        }
        return parts
    }
}
