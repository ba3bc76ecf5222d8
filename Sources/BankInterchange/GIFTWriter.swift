import BankFormats
import QuizModel

extension GIFTFormat {
    /// What GIFT keeps of `question` (nil: left out): stem, options and answers, the explanation (general feedback;
    /// for short answers the general feedback holds the reference answer instead), the topic (`$CATEGORY:`), tags
    /// (`// [tag:…]`), an explicit id (the title), and the multiple-choice rule when weights can say it (the paper's
    /// rule, or net). A fill-in question's blank becomes `____`.
    public static func carry(_ question: Question, report: inout CarryReport) -> Question? {
        // A short answer's general feedback holds its reference answer, so its explanation has no place.
        let features: Set<BankFeature> = question.type == .short ? [.id, .topic, .tags, .scoringRule] : [.id, .explanation, .topic, .tags, .scoringRule]
        return carriedPart(of: question, oneBlankOnly: true, features: features, report: &report) { kept in
            if kept.type == .fill, let range = BankValueSyntax.blankRanges(in: kept.stem).first { kept.stem.replaceSubrange(range, with: "____") }
        }
    }

    public static func write(_ questions: [Question], report: inout CarryReport) -> String {
        var out = "// kaoxue question bank in GIFT format\n\n"
        var category: String?? = .none
        for question in questions {
            guard let kept = carry(question, report: &report) else { continue }
            if category == .none || category! != kept.topic {
                out += "$CATEGORY: $course$/top" + (kept.topic.map { "/" + $0 } ?? "") + "\n\n"
                category = .some(kept.topic)
            }
            if !kept.tags.isEmpty { out += "// " + kept.tags.map { "[tag:\($0)]" }.joined(separator: " ") + "\n" }
            if kept.hasExplicitID { out += "::" + escape(kept.id) + "::" }
            let feedback = kept.explanation.map { "\t####" + escape($0) + "\n" } ?? ""
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
                out += escape(kept.stem) + " {####" + escape(reference ?? "") + "}\n\n"
            }
        }
        return out
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
