import BankFormats
import QuizModel

/// Moodle's Aiken format: single-choice questions only, the question on one line, options `A.` or `A)`, then
/// `ANSWER: B`; a blank line between questions.
public enum AikenFormat {
    /// Whether `text` looks like Aiken rather than the native template: an `ANSWER: X` line and no 答案 field.
    static func looksLikeAiken(_ text: String) -> Bool {
        var answerLines = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: true).prefix(400) {
            let trimmed = line.trimmingWhitespace()
            if trimmed.hasPrefix("答案") || trimmed.hasPrefix("【答案") { return false }
            if answer(in: trimmed) != nil { answerLines += 1 }
        }
        return answerLines > 0
    }

    /// The letter of an `ANSWER: B` line (upper case, as Moodle requires; the native format's `Answer:` is a field).
    static func answer(in line: String) -> String? {
        guard line.hasPrefix("ANSWER") else { return nil }
        let rest = line.dropFirst(6).trimmingWhitespace()
        guard rest.hasPrefix(":") || rest.hasPrefix("：") else { return nil }
        return rest.dropFirst().trimmingWhitespace()
    }

    /// The label index and the text of an option line `A. text` / `A) text` / `A)text` (Moodle takes the text
    /// right after the label, space or not).
    static func option(in line: String) -> (Int, String)? {
        let scalars = Array(line.unicodeScalars.prefix(2))
        guard scalars.count == 2, ("A"..."Z").contains(scalars[0]), scalars[1] == "." || scalars[1] == ")" else { return nil }
        let text = String(line.unicodeScalars.dropFirst(2)).trimmingWhitespace()
        return (Int(scalars[0].value - 65), text)
    }

    // MARK: Reading

    /// Where the reader is within a question.
    enum State { case between, stem, options, answered }

    public static func read(_ text: String, path: String) -> ImportedBank {
        var problems = ProblemList(file: path)
        var questions: [Question] = []
        var state = State.between
        var stemLines: [String] = []
        var options: [String] = []
        var startLine = 0
        var lastLine = 0
        var count = 0
        /// Set once a line of the current question was refused: its answer is then not checked again.
        var questionFailed = false

        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            let line = String(raw).trimmingWhitespace()
            let location = ConversionLocation.text(line: number, column: 1)
            if line.isEmpty {
                if state == .stem || state == .options {
                    problems.error(.text(line: lastLine, column: 1), "缺少 ANSWER: 行", "no ANSWER: line")
                }
                state = .between
                continue
            }
            lastLine = number
            switch state {
            case .answered:
                problems.error(location, "ANSWER: 行之后应有空行再开始下一题", "a blank line must follow the ANSWER: line")
            case .between:
                if answer(in: line) != nil || option(in: line) != nil {
                    problems.error(location, "这一行之前没有题目", "no question before this line")
                    continue
                }
                count += 1
                startLine = number
                stemLines = [line]
                options = []
                questionFailed = false
                state = .stem
            case .stem, .options:
                if let letter = answer(in: line) {
                    state = .answered
                    let (letters, invalid) = BankValueSyntax.answerLetters(letter)
                    if questionFailed {
                        continue
                    } else if invalid != nil || letters.count != 1 {
                        problems.error(location, "Aiken 的答案应为一个选项字母，而不是“\(letter)”", "an Aiken answer is one option letter, not \"\(letter)\"")
                    } else if !options.indices.contains(letters[0]) {
                        let problem = BankProblem.answerNotAnOption(letter: letter, labels: QuestionChecks.labels(options.count))
                        problems.error(location, problem.message(in: .zhHans), problem.message(in: .en))
                    } else {
                        let question = Question(
                            id: "", stem: stemLines.joined(separator: "\n"), content: .single(options: options, answer: letters[0]),
                            location: SourceLocation(file: path, line: startLine, column: 1))
                        if let kept = QuestionChecks.admit(question, explicitID: nil, at: .text(line: startLine, column: 1), into: &problems) {
                            questions.append(kept)
                        }
                    }
                } else if let (label, optionText) = option(in: line) {
                    if label == options.count {
                        options.append(optionText)
                        state = .options
                    } else {
                        let expected = optionLabel(options.count)
                        questionFailed = true
                        problems.error(location, "选项应为 \(expected)，而不是 \(optionLabel(label))", "expected option \(expected), found \(optionLabel(label))")
                    }
                } else if state == .options {
                    questionFailed = true
                    problems.error(location, "选项之后应为 ANSWER: 行", "an ANSWER: line must follow the options")
                } else {
                    // Moodle wants the question on one line; a second line is kept as part of it.
                    stemLines.append(line)
                }
            }
        }
        if state == .stem || state == .options { problems.error(.text(line: lastLine, column: 1), "缺少 ANSWER: 行", "no ANSWER: line") }
        if count == 0 { problems.error(.text(line: 1, column: 1), BankProblem.emptyFile.message(in: .zhHans), BankProblem.emptyFile.message(in: .en)) }
        return ImportedBank(questions: questions, diagnostics: problems.diagnostics)
    }

    // MARK: Writing

    /// What Aiken keeps of `question`: the stem on one line, the options and the answer of a single-choice question.
    public static func carry(_ question: Question, report: inout CarryReport) -> Question? {
        let kept = carriedPart(of: question, types: [.single], features: [], report: &report) { kept in
            guard case .single(let options, let answer) = kept.content else { return }
            kept.stem = oneLine(kept.stem)
            kept.content = .single(options: options.map(oneLine), answer: answer)
        }
        if let kept, kept.stem != question.stem || kept.content.options != question.content.options { report.drop(.lineBreaks) }
        return kept
    }

    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingWhitespace() }.joined(separator: " ")
    }

    public static func write(_ questions: [Question], report: inout CarryReport) -> String {
        var out = ""
        for question in questions {
            guard let kept = carry(question, report: &report), case .single(let options, let answer) = kept.content else { continue }
            out += kept.stem + "\n"
            for (index, option) in options.enumerated() { out += "\(optionLabel(index)). \(option)\n" }
            out += "ANSWER: \(optionLabel(answer))\n\n"
        }
        return out
    }
}
