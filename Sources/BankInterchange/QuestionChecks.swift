import BankFormats
import QuizModel

/// The checks the native reader makes on a question's content, for formats that build questions directly
/// (GIFT, Aiken, Moodle XML, QTI, JSON): the same problems, worded the same way.
enum QuestionChecks {
    /// Everything wrong with `content` under `stem`; errors mean the question cannot be kept.
    static func problems(stem: String, content: QuestionContent) -> [(Severity, BankProblem)] {
        var found: [(Severity, BankProblem)] = []
        if stem.trimmingWhitespace().isEmpty { found.append((.error, .emptyStem)) }
        switch content {
        case .single(let options, let answer):
            found += optionProblems(options)
            if !options.indices.contains(answer) {
                found.append((.error, .answerNotAnOption(letter: optionLabel(max(0, answer)), labels: labels(options.count))))
            }
        case .multiple(let options, let answers):
            found += optionProblems(options)
            if answers.isEmpty { found.append((.error, .missingAnswer)) }
            if let bad = answers.first(where: { !options.indices.contains($0) }) {
                found.append((.error, .answerNotAnOption(letter: optionLabel(max(0, bad)), labels: labels(options.count))))
            }
            if answers.count == 1, options.indices.contains(answers[0]) {
                found.append((.warning, .multipleChoiceWithOneAnswer(letter: optionLabel(answers[0]))))
            }
        case .trueFalse:
            break
        case .fill(let blanks, _):
            let inStem = BankValueSyntax.blankCount(in: stem)
            if inStem == 0 {
                found.append((.error, .noBlanksInStem))
            } else if inStem != blanks.count {
                found.append((.error, .blankCountMismatch(blanks: inStem, answers: blanks.count)))
            }
            if let empty = blanks.firstIndex(where: { $0.alternatives.allSatisfy { $0.trimmingWhitespace().isEmpty } }) {
                found.append((.error, .emptyBlankAnswer(blank: empty + 1)))
            }
        case .short(let reference, let keywords):
            if (reference ?? "").trimmingWhitespace().isEmpty, keywords.isEmpty { found.append((.warning, .shortAnswerMarkedByHand)) }
        }
        return found
    }

    static func optionProblems(_ options: [String]) -> [(Severity, BankProblem)] {
        var found: [(Severity, BankProblem)] = []
        if options.count < 2 { found.append((.error, .tooFewOptions(count: options.count))) }
        if options.count > 26 { found.append((.error, .answerNotAnOption(letter: "\(options.count)", labels: "A–Z"))) }
        for (index, option) in options.enumerated() where option.trimmingWhitespace().isEmpty {
            found.append((.error, .emptyOption(label: optionLabel(min(index, 25)))))
        }
        return found
    }

    static func labels(_ count: Int) -> String {
        count == 0 ? "—" : count == 1 ? "A" : "A–" + optionLabel(min(count, 26) - 1)
    }

    /// The question's id: `explicitID` when given (not empty), else derived from the content as the native reader does.
    static func identify(_ question: inout Question, explicitID: String?) {
        if let id = explicitID?.trimmingWhitespace(), !id.isEmpty {
            question.id = id
            question.hasExplicitID = true
        } else {
            question.id = QuestionIdentity.derivedID(stem: question.stem, content: question.content)
            question.hasExplicitID = false
        }
    }

    /// Checks `question`, reports its problems at `location`, and gives it back (with its id) unless one is an error.
    static func admit(
        _ question: Question, explicitID: String?, at location: ConversionLocation, into problems: inout ProblemList
    ) -> Question? {
        var failed = false
        var found = Self.problems(stem: question.stem, content: question.content)
        // Whatever a format allows, a question's points are what every reader and paper accepts.
        if let points = question.points, !Question.acceptsPoints(points) { found.append((.error, .invalidPoints(text: "\(points)"))) }
        for (severity, problem) in found {
            if severity == .error {
                failed = true
                problems.error(location, problem.message(in: .zhHans), problem.message(in: .en))
            } else {
                problems.warning(location, problem.message(in: .zhHans), problem.message(in: .en))
            }
        }
        guard !failed else { return nil }
        var kept = question
        if kept.type != .multiple { kept.scoringRule = nil }
        identify(&kept, explicitID: explicitID)
        return kept
    }
}
