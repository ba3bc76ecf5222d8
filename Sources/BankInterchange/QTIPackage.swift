import BankFormats
import Foundation
import QuizModel
import Spreadsheets

/// IMS QTI 2.1 content packages: a ZIP with `imsmanifest.xml` and one `assessmentItem` per question.
///
/// Read: `choiceInteraction` (one choice → single, several → multiple; two choices `true`/`false` → true/false),
/// `textEntryInteraction` (each one a blank; the mapping's entries are the accepted answers),
/// `extendedTextInteraction` (short answer; the correct response is the reference answer); `match_correct`
/// (the paper's rule) and `map_response` with equal right and wrong values (net); `modalFeedback` (explanation);
/// a `MAXSCORE` outcome (points); `label` (the id). Items of other interactions are reported and skipped.
public enum QTIPackage {
    static let itemNamespace = "http://www.imsglobal.org/xsd/imsqti_v2p1"

    // MARK: Reading

    public static func read(_ data: Data, path: String) -> ImportedBank {
        var problems = ProblemList(file: path)
        guard let package = PackageParts(data) else {
            problems.error(.file, "不是 ZIP 文件（QTI 内容包应为 ZIP）", "not a ZIP archive (a QTI content package is one)")
            return ImportedBank(diagnostics: problems.diagnostics)
        }
        let manifest: XMLNode
        switch package.xml("imsmanifest.xml") {
        case .none:
            problems.error(.file, "内容包中没有 imsmanifest.xml", "the package has no imsmanifest.xml")
            return ImportedBank(diagnostics: problems.diagnostics)
        case .failure(let message)?:
            problems.error(message)
            return ImportedBank(diagnostics: problems.diagnostics)
        case .success(let node)?:
            manifest = node
        }
        var questions: [Question] = []
        var skipped = 0
        let resources = manifest.child("resources")?.children("resource") ?? []
        // Each item part is read once: a manifest naming one part a thousand times would otherwise parse it as often.
        var named: Set<String> = []
        for resource in resources where (resource.attributes["type"] ?? "").hasPrefix("imsqti_item") {
            guard let href = resource.attributes["href"] ?? resource.child("file")?.attributes["href"] else {
                problems.error(.part(name: "imsmanifest.xml", path: resource.path, line: resource.line), "资源没有 href", "a resource without href")
                continue
            }
            let name = href.removingPercentEncoding ?? href
            guard named.insert(name).inserted else {
                problems.warning(
                    .part(name: "imsmanifest.xml", path: resource.path, line: resource.line), "\(name) 已由前面的资源列出，此处不再读取",
                    "\(name) is listed by an earlier resource: not read again")
                continue
            }
            let item: XMLNode
            switch package.xml(name) {
            case .none:
                problems.error(.part(name: "imsmanifest.xml", path: resource.path, line: resource.line), "内容包中没有 \(name)", "the package has no \(name)")
                continue
            case .failure(let message)?:
                problems.error(message)
                continue
            case .success(let node)?:
                item = node
            }
            switch readItem(item, part: name, path: path, problems: &problems) {
            case .question(let question): questions.append(question)
            case .skipped: skipped += 1
            case .failed: break
            }
        }
        if questions.isEmpty, skipped == 0, problems.diagnostics.isEmpty {
            problems.error(.part(name: "imsmanifest.xml", path: "/manifest", line: manifest.line), "内容包中没有题目（imsqti_item 资源）", "the package holds no items (imsqti_item resources)")
        }
        return ImportedBank(questions: questions, diagnostics: problems.diagnostics, skipped: skipped)
    }

    static let supportedInteractions: Set<String> = ["choiceInteraction", "textEntryInteraction", "extendedTextInteraction"]

    static func readItem(_ item: XMLNode, part: String, path: String, problems: inout ProblemList) -> QuestionReadOutcome {
        func at(_ node: XMLNode) -> ConversionLocation { .part(name: part, path: node.path, line: node.line) }
        guard item.localName == "assessmentItem" else {
            problems.error(at(item), "根元素应为 <assessmentItem>", "the root element must be <assessmentItem>")
            return .failed
        }
        guard let body = item.child("itemBody") else {
            problems.error(at(item), "缺少 <itemBody>", "no <itemBody>")
            return .failed
        }
        var interactions: [XMLNode] = []
        collectInteractions(body, into: &interactions)
        if let other = interactions.first(where: { !supportedInteractions.contains($0.localName) }) {
            problems.warning(at(other), "QTI 交互 <\(other.localName)> 在 kaoxue 中没有对应题型，已跳过", "the QTI interaction <\(other.localName)> has no kaoxue type: skipped")
            return .skipped
        }
        guard let first = interactions.first else {
            problems.warning(at(body), "没有交互（只有文字），已跳过", "no interaction (text only): skipped")
            return .skipped
        }
        let declarations = Dictionary(item.children("responseDeclaration").map { ($0.attributes["identifier"] ?? "", $0) }, uniquingKeysWith: { a, _ in a })
        func correctValues(_ identifier: String?) -> [String] {
            guard let identifier, let declaration = declarations[identifier] else { return [] }
            return declaration.child("correctResponse")?.children("value").map { $0.text.trimmingWhitespace() } ?? []
        }
        let stem = bodyText(body)
        var content: QuestionContent
        var rule: MultipleChoiceRule?
        var fixed = false
        var choiceFeedback: [String] = []
        if body.containsElement(named: ["img", "object", "audio", "video"]) {
            problems.warning(at(item), "题目中的图片或媒体无法保存，已舍弃（题目文字照常读取）", "the item's pictures or media cannot be kept: dropped (its text is read)")
        }
        switch first.localName {
        case "choiceInteraction":
            guard interactions.count == 1 else {
                problems.warning(at(interactions[1]), "一题中有多个选择交互，kaoxue 没有对应题型，已跳过", "several choice interactions in one item have no kaoxue type: skipped")
                return .skipped
            }
            let choices = first.children("simpleChoice")
            let identifiers = choices.map { $0.attributes["identifier"] ?? "" }
            let texts = choices.map { plainText($0) }
            // A choice's inline feedback (`<feedbackInline>` inside `<simpleChoice>`) joins the explanation, per option.
            for (index, choice) in choices.enumerated() {
                let feedback = choice.children("feedbackInline").map(plainText).filter { !$0.isEmpty }.joined(separator: " ")
                if !feedback.isEmpty { choiceFeedback.append("\(optionLabel(min(index, 25)))：\(feedback)") }
            }
            let response = first.attributes["responseIdentifier"]
            let correct = correctValues(response)
            fixed = first.attributes["shuffle"] == "false"
            let declaration = response.flatMap { declarations[$0] }
            let cardinality = declaration?.attributes["cardinality"] ?? "single"
            let lowered = Set(identifiers.map { $0.lowercased() })
            if choices.count == 2, lowered == ["true", "false"] || texts.allSatisfy({ TrueFalseTokens.parse($0) != nil }), cardinality == "single" {
                guard let right = correct.first, let index = identifiers.firstIndex(of: right) else {
                    problems.error(at(declaration ?? first), "缺少正确答案（correctResponse）", "no correct response")
                    return .failed
                }
                let value = identifiers[index].lowercased() == "true" || identifiers[index].lowercased() == "false"
                    ? identifiers[index].lowercased() == "true" : TrueFalseTokens.parse(texts[index])!
                content = .trueFalse(answer: value)
                fixed = false
                break
            }
            var right: [Int] = []
            for value in correct {
                guard let index = identifiers.firstIndex(of: value) else {
                    problems.error(at(declaration ?? first), "正确答案“\(value)”不是任何选项的 identifier", "the correct response \"\(value)\" is no choice's identifier")
                    return .failed
                }
                right.append(index)
            }
            guard !right.isEmpty else {
                problems.error(at(declaration ?? first), "缺少正确答案（correctResponse）", "no correct response")
                return .failed
            }
            if cardinality == "single" {
                content = .single(options: texts, answer: right[0])
            } else {
                content = .multiple(options: texts, answers: Array(Set(right)).sorted())
                rule = mappingRule(declaration, rightIdentifiers: Set(correct), identifiers: identifiers, problems: &problems, at: at(declaration ?? first))
            }
        case "textEntryInteraction":
            guard interactions.allSatisfy({ $0.localName == "textEntryInteraction" }) else {
                problems.warning(at(item), "填空与其他交互混在一题中，kaoxue 没有对应题型，已跳过", "text entries mixed with other interactions have no kaoxue type: skipped")
                return .skipped
            }
            var blanks: [Blank] = []
            for interaction in interactions {
                let identifier = interaction.attributes["responseIdentifier"]
                var accepted = correctValues(identifier)
                if let identifier, let mapping = declarations[identifier]?.child("mapping") {
                    // Full credit is the highest mapped value (or the correct response's); an alternative worth less
                    // is partial credit, which a kaoxue blank cannot hold: reported, not accepted as right.
                    let entries = mapping.children("mapEntry").map { ($0.attributes["mapKey"] ?? "", Double($0.attributes["mappedValue"] ?? "0") ?? 0) }
                    let full = entries.filter { accepted.contains($0.0) }.map(\.1).max() ?? entries.map(\.1).max() ?? 0
                    for (key, value) in entries where value > 0 && !accepted.contains(key) {
                        if value < full - 1e-9 {
                            problems.warning(at(interaction), "部分得分（\(formatPoints(value))/\(formatPoints(full))）的答案“\(key)”无法保存，已舍弃", "the partial-credit (\(formatPoints(value)) of \(formatPoints(full))) answer \"\(key)\" cannot be kept: dropped")
                        } else {
                            accepted.append(key)
                        }
                    }
                }
                guard !accepted.isEmpty else {
                    problems.error(at(interaction), "填空没有正确答案（correctResponse 或 mapping）", "a text entry without a correct response or mapping")
                    return .failed
                }
                blanks.append(Blank(accepted))
            }
            content = .fill(blanks: blanks, orderInsensitive: false)
        default:  // extendedTextInteraction
            let reference = correctValues(first.attributes["responseIdentifier"]).joined(separator: "\n")
            guard !reference.isEmpty else {
                problems.warning(at(first), "问答交互没有参考答案（correctResponse），无法成为简答题，已跳过", "an extended text without a reference answer (correctResponse) cannot become a short answer: skipped")
                return .skipped
            }
            content = .short(reference: reference, keywords: [])
        }
        var points: Double?
        for outcome in item.children("outcomeDeclaration") where outcome.attributes["identifier"] == "MAXSCORE" {
            points = outcome.child("defaultValue")?.child("value").flatMap { Double($0.text.trimmingWhitespace()) }
        }
        let feedback = item.children("modalFeedback").map(plainText).filter { !$0.isEmpty } + choiceFeedback
        let question = Question(
            id: "", stem: stem, content: content, explanation: feedback.isEmpty ? nil : feedback.joined(separator: "\n"), points: points,
            fixedOptionOrder: fixed, scoringRule: rule, location: SourceLocation(file: path, line: item.line, column: 1))
        let label = item.attributes["label"]
        guard let kept = QuestionChecks.admit(question, explicitID: label, at: at(item), into: &problems) else { return .failed }
        return .question(kept)
    }

    /// The rule a `map_response` mapping says: right and wrong options mapped to equal and opposite values → net.
    static func mappingRule(
        _ declaration: XMLNode?, rightIdentifiers: Set<String>, identifiers: [String], problems: inout ProblemList, at location: ConversionLocation
    ) -> MultipleChoiceRule? {
        guard let mapping = declaration?.child("mapping") else { return nil }
        var values: [String: Double] = [:]
        for entry in mapping.children("mapEntry") { values[entry.attributes["mapKey"] ?? ""] = Double(entry.attributes["mappedValue"] ?? "") ?? 0 }
        let rightValues = rightIdentifiers.map { values[$0] ?? 0 }
        let wrongValues = identifiers.filter { !rightIdentifiers.contains($0) }.map { values[$0] ?? 0 }
        if let share = rightValues.first, share > 0, rightValues.allSatisfy({ abs($0 - share) < 1e-6 }), wrongValues.allSatisfy({ abs($0 + share) < 1e-6 }) {
            return .net
        }
        problems.warning(location, "map_response 的映射值无法对应评分规则，按试卷的多选规则评分", "the map_response values match no scoring rule: the paper's rule applies")
        return nil
    }

    static func collectInteractions(_ node: XMLNode, into found: inout [XMLNode]) {
        for child in node.children {
            if child.localName.hasSuffix("Interaction") {
                found.append(child)
            } else {
                collectInteractions(child, into: &found)
            }
        }
    }

    static let blockElements: Set<String> = ["p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "prompt", "blockquote", "pre", "table", "tr"]

    /// The item body as the stem: paragraphs on their own lines, each text entry as `____`, choice lists left out
    /// (their prompt kept).
    static func bodyText(_ body: XMLNode) -> String { text(of: body, inItemBody: true) }

    /// An element's text with block elements on their own lines.
    static func plainText(_ node: XMLNode) -> String { text(of: node, inItemBody: false) }

    static func text(of node: XMLNode, inItemBody: Bool) -> String {
        var out = ""
        func walk(_ node: XMLNode) {
            for piece in node.pieces {
                switch piece {
                case .text(let text): out += text.replacingOccurrences(of: "\n", with: " ")
                case .element(let child):
                    switch (inItemBody, child.localName) {
                    case (true, "textEntryInteraction"): out += "____"
                    case (true, "choiceInteraction"), (true, "extendedTextInteraction"):
                        if let prompt = child.child("prompt") {
                            out += "\n"
                            walk(prompt)
                        }
                    case (_, "br"): out += "\n"
                    // Feedback is shown after answering: never part of the text a candidate reads.
                    case (_, "feedbackInline"), (_, "feedbackBlock"): continue
                    default:
                        let block = blockElements.contains(child.localName)
                        if block { out += "\n" }
                        walk(child)
                        if block { out += "\n" }
                    }
                }
            }
        }
        walk(node)
        return tidyLines(out)
    }

    /// Lines trimmed, empty lines dropped.
    static func tidyLines(_ text: String) -> String {
        text.split(separator: "\n").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }.joined(separator: "\n")
    }

    // MARK: Writing

    /// What QTI keeps of `question`: the content (blanks as `____`), the explanation (modal feedback), points
    /// (`MAXSCORE`), an explicit id (`label`), fixed option order (`shuffle="false"`), and the multiple-choice
    /// rule when QTI's response processing says it (the paper's, or net). Not topic, difficulty, source, tags,
    /// keywords, or the order of blanks.
    public static func carry(_ question: Question, report: inout CarryReport) -> Question? {
        // Paragraphs hold trimmed lines; blanks become text entries (`____`); a mapping holds each answer once.
        carriedPart(of: question, features: [.id, .explanation, .points, .optionOrder, .scoringRule], report: &report) { kept in
            kept.stem = tidyLines(kept.stem)
            kept.explanation = kept.explanation.map(tidyLines)
            switch kept.content {
            case .single(let options, let answer): kept.content = .single(options: options.map(tidyLines), answer: answer)
            case .multiple(let options, let answers): kept.content = .multiple(options: options.map(tidyLines), answers: answers)
            case .short(let reference, _): kept.content = .short(reference: reference.map(tidyLines), keywords: [])
            case .fill(let blanks, _):
                for range in BankValueSyntax.blankRanges(in: kept.stem).reversed() { kept.stem.replaceSubrange(range, with: "____") }
                let distinct = blanks.map { blank in Blank(blank.alternatives.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }) }
                kept.content = .fill(blanks: distinct, orderInsensitive: false)
            case .trueFalse: break
            }
        }
    }

    public static func write(_ questions: [Question], report: inout CarryReport) throws(OfficePackage.Failure) -> Data {
        var parts: [(path: String, text: String)] = []
        var resources = ""
        var number = 0
        for question in questions {
            guard let kept = carry(question, report: &report) else { continue }
            number += 1
            let identifier = "item\(number)"
            let file = "items/\(identifier).xml"
            parts.append((file, item(kept, identifier: identifier)))
            resources += "    <resource identifier=\"R\(number)\" type=\"imsqti_item_xmlv2p1\" href=\"\(file)\">\n      <file href=\"\(file)\"/>\n    </resource>\n"
        }
        let manifest = """
            <?xml version="1.0" encoding="UTF-8"?>
            <manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" identifier="kaoxue-bank">
              <metadata>
                <schema>QTIv2.1 Package</schema>
                <schemaversion>1.0.0</schemaversion>
              </metadata>
              <organizations/>
              <resources>
            \(resources)  </resources>
            </manifest>

            """
        return try OfficePackage.zip([("imsmanifest.xml", manifest)] + parts)
    }

    static func rightOptions(_ content: QuestionContent) -> [Int] {
        switch content {
        case .single(_, let answer): [answer]
        case .multiple(_, let answers): answers
        default: []
        }
    }

    static func paragraphs(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: true).map { "<p>\(OfficePackage.escapeXML(String($0)))</p>" }.joined()
    }

    static func item(_ question: Question, identifier: String) -> String {
        let escape = OfficePackage.escapeXML
        let title = escape(String(question.stem.replacingOccurrences(of: "\n", with: " ").prefix(40)))
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<assessmentItem xmlns=\"\(itemNamespace)\" identifier=\"\(identifier)\" title=\"\(title)\""
        if question.hasExplicitID { out += " label=\"\(escape(question.id))\"" }
        out += " adaptive=\"false\" timeDependent=\"false\">\n"
        var body = ""
        /// How SCORE is computed, scaled to the question's points (full marks = MAXSCORE): the response matching the
        /// correct one, or an expression; nil for a short answer, marked by hand.
        enum Scoring { case matchCorrect, expression(String) }
        var score: Scoring?
        let full = question.points ?? 1
        func scaled(_ expression: String, by factor: Double) -> String {
            factor == 1 ? expression : "<product>\(expression)<baseValue baseType=\"float\">\(formatPoints(factor))</baseValue></product>"
        }
        let matchCorrect = "<match><variable identifier=\"RESPONSE\"/><correct identifier=\"RESPONSE\"/></match>"
        switch question.content {
        case .single(let options, _), .multiple(let options, _):
            let right = rightOptions(question.content)
            let multiple = question.type == .multiple
            out += "  <responseDeclaration identifier=\"RESPONSE\" cardinality=\"\(multiple ? "multiple" : "single")\" baseType=\"identifier\">\n"
            out += "    <correctResponse>" + right.map { "<value>\(optionLabel($0))</value>" }.joined() + "</correctResponse>\n"
            if multiple, question.scoringRule == .net {
                let share = ChoiceWeights.text(1 / Double(right.count))
                out += "    <mapping lowerBound=\"0\" upperBound=\"1\" defaultValue=\"0\">"
                out += options.indices.map { "<mapEntry mapKey=\"\(optionLabel($0))\" mappedValue=\"\(right.contains($0) ? "" : "-")\(share)\"/>" }.joined()
                out += "</mapping>\n"
                score = .expression(scaled("<mapResponse identifier=\"RESPONSE\"/>", by: full))
            } else {
                score = .matchCorrect
            }
            out += "  </responseDeclaration>\n"
            body = paragraphs(question.stem)
            body += "<choiceInteraction responseIdentifier=\"RESPONSE\" shuffle=\"\(question.fixedOptionOrder ? "false" : "true")\" maxChoices=\"\(multiple ? 0 : 1)\">"
            body += options.enumerated().map {
                "<simpleChoice identifier=\"\(optionLabel($0.offset))\">" + ($0.element.contains("\n") ? paragraphs($0.element) : escape($0.element)) + "</simpleChoice>"
            }.joined()
            body += "</choiceInteraction>"
        case .trueFalse(let answer):
            out += "  <responseDeclaration identifier=\"RESPONSE\" cardinality=\"single\" baseType=\"identifier\">\n"
            out += "    <correctResponse><value>\(answer ? "true" : "false")</value></correctResponse>\n  </responseDeclaration>\n"
            body = paragraphs(question.stem)
            body += "<choiceInteraction responseIdentifier=\"RESPONSE\" shuffle=\"false\" maxChoices=\"1\"><simpleChoice identifier=\"true\">正确</simpleChoice><simpleChoice identifier=\"false\">错误</simpleChoice></choiceInteraction>"
            score = .matchCorrect
        case .fill(let blanks, _):
            for (index, blank) in blanks.enumerated() {
                out += "  <responseDeclaration identifier=\"RESPONSE\(index + 1)\" cardinality=\"single\" baseType=\"string\">\n"
                out += "    <correctResponse><value>\(escape(blank.alternatives.first ?? ""))</value></correctResponse>\n"
                out += "    <mapping defaultValue=\"0\">" + blank.alternatives.map { "<mapEntry mapKey=\"\(escape($0))\" mappedValue=\"1\"/>" }.joined() + "</mapping>\n"
                out += "  </responseDeclaration>\n"
            }
            // Each blank becomes a text entry inside the stem's paragraphs.
            var stemMarkup = ""
            var blankIndex = 0
            for line in question.stem.split(separator: "\n", omittingEmptySubsequences: true) {
                let pieces = line.components(separatedBy: "____")
                stemMarkup += "<p>"
                for (index, piece) in pieces.enumerated() {
                    stemMarkup += escape(piece)
                    if index < pieces.count - 1 {
                        blankIndex += 1
                        stemMarkup += "<textEntryInteraction responseIdentifier=\"RESPONSE\(blankIndex)\" expectedLength=\"12\"/>"
                    }
                }
                stemMarkup += "</p>"
            }
            body = stemMarkup
            // Each blank maps to 1 when right: the sum, scaled, runs from 0 to the question's points.
            score = .expression(scaled("<sum>" + blanks.indices.map { "<mapResponse identifier=\"RESPONSE\($0 + 1)\"/>" }.joined() + "</sum>", by: full / Double(blanks.count)))
        case .short(let reference, _):
            out += "  <responseDeclaration identifier=\"RESPONSE\" cardinality=\"single\" baseType=\"string\">\n"
            out += "    <correctResponse><value>\(escape(reference ?? ""))</value></correctResponse>\n  </responseDeclaration>\n"
            body = paragraphs(question.stem) + "<extendedTextInteraction responseIdentifier=\"RESPONSE\" expectedLines=\"6\"/>"
        }
        out += "  <outcomeDeclaration identifier=\"SCORE\" cardinality=\"single\" baseType=\"float\"><defaultValue><value>0</value></defaultValue></outcomeDeclaration>\n"
        if let points = question.points {
            out += "  <outcomeDeclaration identifier=\"MAXSCORE\" cardinality=\"single\" baseType=\"float\"><defaultValue><value>\(formatPoints(points))</value></defaultValue></outcomeDeclaration>\n"
        }
        if question.explanation != nil {
            out += "  <outcomeDeclaration identifier=\"FEEDBACK\" cardinality=\"single\" baseType=\"identifier\"/>\n"
        }
        out += "  <itemBody>\(body)</itemBody>\n"
        // Response processing written out (not a template) so that SCORE runs to MAXSCORE and the explanation's
        // modal feedback is shown once the candidate has answered.
        var rules = ""
        switch score {
        case .matchCorrect:
            let right = "<baseValue baseType=\"float\">\(formatPoints(full))</baseValue>"
            rules += "    <responseCondition><responseIf>\(matchCorrect)<setOutcomeValue identifier=\"SCORE\">\(right)</setOutcomeValue></responseIf>"
            rules += "<responseElse><setOutcomeValue identifier=\"SCORE\"><baseValue baseType=\"float\">0</baseValue></setOutcomeValue></responseElse></responseCondition>\n"
        case .expression(let expression):
            rules += "    <setOutcomeValue identifier=\"SCORE\">\(expression)</setOutcomeValue>\n"
        case nil:
            break
        }
        if question.explanation != nil {
            rules += "    <setOutcomeValue identifier=\"FEEDBACK\"><baseValue baseType=\"identifier\">SOLUTION</baseValue></setOutcomeValue>\n"
        }
        if !rules.isEmpty { out += "  <responseProcessing>\n\(rules)  </responseProcessing>\n" }
        if let explanation = question.explanation {
            out += "  <modalFeedback outcomeIdentifier=\"FEEDBACK\" identifier=\"SOLUTION\" showHide=\"show\">\(paragraphs(explanation))</modalFeedback>\n"
        }
        return out + "</assessmentItem>\n"
    }
}
