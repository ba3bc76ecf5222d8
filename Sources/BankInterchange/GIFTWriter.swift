import BankFormats
import QuizModel

extension GIFTFormat {
    /// What GIFT keeps of `question` (nil: left out): stem, options and answers, the explanation (general feedback;
    /// for short answers the general feedback holds the reference answer instead), the topic (`$CATEGORY:`), tags
    /// (`// [tag:…]`), an explicit id (the title), and the multiple-choice rule when weights can say it (the paper's
    /// rule, or net). A fill-in question's blank becomes `____`.
    public static func carry(_ question: Question, report: inout CarryReport) -> Question? {
        // A short answer's general feedback holds its reference answer, so its explanation has no place.
        let features: Set<BankFeature> = question.type == .short ? [.id, .name, .topic, .tags, .scoringRule] : [.id, .name, .explanation, .topic, .tags, .scoringRule]
        return carriedPart(of: question, oneBlankOnly: true, shortWithoutReference: true, features: features, report: &report) { kept in
            if kept.type == .fill, let range = BankValueSyntax.blankRanges(in: kept.stem).first { kept.stem.replaceSubrange(range, with: "____") }
        }
    }

    public static func write(_ questions: [Question], report: inout CarryReport) -> String {
        var out = "// kaoxue question bank in GIFT format\n\n"
        var category: String?? = .none
        for question in groupedByTopic(questions) {
            guard let kept = carry(question, report: &report) else { continue }
            if category == .none || category! != kept.topic {
                out += "$CATEGORY: $course$/top" + (kept.topic.map { "/" + $0 } ?? "") + "\n\n"
                category = .some(kept.topic)
            }
            // Moodle reads the id and tags from the comment before a question, the name from its title.
            let marks = (kept.hasExplicitID ? ["[id:\(commentEscape(kept.id))]"] : []) + kept.tags.map { "[tag:\(commentEscape($0))]" }
            if !marks.isEmpty { out += "// " + marks.joined(separator: " ") + "\n" }
            if let name = kept.name { out += "::" + escape(name) + "::" }
            let feedback = kept.explanation.map { "\t####" + escape($0) + "\n" } ?? ""
            // Moodle shows GIFT text in its own format, where `<b>` is markup: a question whose texts hold `<` or `&`
            // is marked [plain] (its answers and feedback follow the question's format), so it reads as written.
            let texts = [kept.stem, kept.explanation ?? ""] + kept.content.options
            out += texts.contains(where: { $0.contains("<") || $0.contains("&") }) ? "[plain]" : ""
            switch kept.content {
            case .single(let options, let answer):
                out += escape(kept.stem) + " {\n"
                for (index, option) in options.enumerated() { out += "\t" + (index == answer ? "=" : "~") + escape(option) + "\n" }
                out += feedback + "}\n\n"
            case .multiple(let options, let answers):
                let weights = ChoiceWeights.weights(rule: kept.scoringRule, rightCount: answers.count)
                let (share, penalty) = (ChoiceWeights.text(weights.right), ChoiceWeights.text(weights.wrong))
                out += escape(kept.stem) + " {\n"
                for (index, option) in options.enumerated() {
                    out += "\t~%" + (answers.contains(index) ? share : penalty) + "%" + escape(option) + "\n"
                }
                out += feedback + "}\n\n"
            case .trueFalse(let answer):
                out += escape(kept.stem) + " {" + (answer ? "TRUE" : "FALSE") + (kept.explanation.map { "####" + escape($0) } ?? "") + "}\n\n"
            case .fill(let blanks, _):
                let range = BankValueSyntax.blankRanges(in: kept.stem)[0]
                let answers = blanks[0].alternatives.map { "=" + escape($0) }.joined(separator: " ")
                out += escape(String(kept.stem[..<range.lowerBound])) + "{" + answers + (kept.explanation.map { " ####" + escape($0) } ?? "") + "}"
                out += escape(String(kept.stem[range.upperBound...])) + "\n\n"
            case .short(let reference, _):
                // An essay: its reference answer as the general feedback, or nothing when it is marked by hand.
                out += escape(kept.stem) + " {" + (reference.map { "####" + escape($0) } ?? "") + "}\n\n"
            }
        }
        return out
    }

    /// A value inside `[id:…]` or `[tag:…]` of a comment: `]` escaped as Moodle reads it (`[id:i\]d]`).
    static func commentEscape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "]", with: "\\]")
            .replacingOccurrences(of: "\n", with: " ")
    }

    /// GIFT's special characters escaped; line breaks as `\n`.
    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "~", "=", "#", "{", "}", ":", "\\": out += "\\" + String(scalar)
            case "\n": out += "\\n"
            case "\r": continue
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
