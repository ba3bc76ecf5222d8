import QuizModel

/// How bad a problem is. Errors make `bank check` fail; warnings do so only with `--strict`.
public enum Severity: String, Sendable, Codable, Comparable {
    case warning
    case error

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs == .warning && rhs == .error }
}

/// One problem found in a bank file: what, where, how bad. Wording is rendered separately, in either language.
public struct Diagnostic: Equatable, Sendable, Codable {
    public var severity: Severity
    public var location: SourceLocation
    public var problem: BankProblem
    /// The text of the line the location points into, for showing it under the message with a caret.
    public var sourceLine: String?

    public init(_ severity: Severity, _ problem: BankProblem, at location: SourceLocation, sourceLine: String? = nil) {
        self.severity = severity
        self.problem = problem
        self.location = location
        self.sourceLine = sourceLine
    }

    /// The message in the given language, without location or severity.
    public func message(in language: DisplayLanguage) -> String { problem.message(in: language) }
}

/// Every problem the bank readers and checks report. Cases carry the facts; `message(in:)` words them.
public enum BankProblem: Equatable, Sendable, Codable {
    case unreadableFile(reason: String)
    case undecodableText
    /// A Unicode noncharacter (`U+FFFE`) in the text.
    case noncharacter(codePoint: UInt32)
    case emptyFile
    case textOutsideQuestion
    case optionOutsideQuestion
    case fieldOutsideQuestion(field: String)
    case emptyStem
    case emptyOption(label: String)
    case duplicateOptionLabel(label: String)
    case missingOptionLabel(label: String)
    case tooFewOptions(count: Int)
    case missingAnswer
    case emptyAnswer
    case answerNotAnOption(letter: String, labels: String)
    case answerNotALetter(text: String)
    case repeatedAnswerLetter(letter: String)
    case singleChoiceWithSeveralAnswers(answer: String)
    case multipleChoiceWithOneAnswer(letter: String)
    case optionsWithoutChoiceType(type: QuestionType)
    case choiceTypeWithoutOptions(type: QuestionType)
    case notATrueFalseToken(text: String)
    case noBlanksInStem
    case blankCountMismatch(blanks: Int, answers: Int)
    case emptyBlankAnswer(blank: Int)
    case unknownField(name: String, suggestion: String?)
    case duplicateField(name: String)
    case fieldNotForType(name: String, type: QuestionType)
    case invalidDifficulty(text: String)
    case invalidPoints(text: String)
    case invalidKeywordWeight(text: String)
    case invalidScoringRule(text: String)
    case unknownQuestionType(text: String)
    case invalidFlag(name: String, text: String)
    case sectionTypeConflict(section: QuestionType, field: QuestionType)
    case duplicateID(id: String, first: SourceLocation)
    case duplicateQuestion(first: SourceLocation)
    /// A line that starts like question `number` but whose number is followed by `separator` (`9。`, `7 `) instead
    /// of a number's `.` or `、`.
    case mistypedQuestionNumber(number: String, separator: String)
    /// Two options of one question with the same text.
    case duplicateOptionText(label: String, first: String)
    /// Question `found` follows question `expected - 1`: numbers in between are missing.
    case questionNumberGap(expected: Int, found: Int)
    /// A question number used again (or going back) within a section.
    case questionNumberRepeated(number: Int, previous: Int)
    /// A section header announces a number of questions (`共12题`) other than the section holds.
    case announcedCountMismatch(announced: Int, found: Int)
    /// A short answer with neither a reference answer nor keywords (an essay): it is marked by hand.
    case shortAnswerMarkedByHand

    /// The message in the given language.
    public func message(in language: DisplayLanguage) -> String {
        let zh = language == .zhHans
        switch self {
        case .unreadableFile(let reason):
            return zh ? "无法读取文件：\(reason)" : "cannot read the file: \(reason)"
        case .noncharacter(let codePoint):
            let code = "U+" + String(codePoint, radix: 16, uppercase: true)
            return zh
                ? "有非字符 \(code)（不是文字，多为编码转换出错；XML、Excel、Word 文件都不能保存它）"
                : "the noncharacter \(code) (not text, usually a failed conversion; XML, Excel and Word files cannot hold it)"
        case .undecodableText:
            return zh
                ? "文本既不是 UTF-8 也不是 GB18030 编码，无法解码"
                : "the text is neither UTF-8 nor GB18030 and cannot be decoded"
        case .emptyFile:
            return zh ? "文件中没有题目" : "the file holds no questions"
        case .textOutsideQuestion:
            return zh
                ? "题目之外的文字（标题、说明），已略过；题目应以题号开头，如“1.”“1、”“（1）”"
                : "text outside a question (a title or instructions) is left out; a question starts with a number such as \"1.\", \"1、\" or \"（1）\""
        case .optionOutsideQuestion:
            return zh ? "选项不属于任何题目" : "an option outside any question"
        case .fieldOutsideQuestion(let field):
            return zh ? "“\(field)”不属于任何题目" : "\"\(field)\" outside any question"
        case .emptyStem:
            return zh ? "题干为空" : "the stem is empty"
        case .emptyOption(let label):
            return zh ? "选项 \(label) 没有内容" : "option \(label) is empty"
        case .duplicateOptionLabel(let label):
            return zh ? "选项 \(label) 重复" : "option \(label) appears twice"
        case .missingOptionLabel(let label):
            return zh ? "缺少选项 \(label)" : "option \(label) is missing"
        case .tooFewOptions(let count):
            return zh ? "选择题至少需要 2 个选项，这里只有 \(count) 个" : "a choice question needs at least 2 options, found \(count)"
        case .missingAnswer:
            return zh ? "缺少答案（如“答案：B”）" : "no answer (such as \"答案：B\")"
        case .emptyAnswer:
            return zh ? "答案为空" : "the answer is empty"
        case .answerNotAnOption(let letter, let labels):
            return zh
                ? "答案 \(letter) 不在选项中（选项为 \(labels)）"
                : "answer \(letter) is not among the options (\(labels))"
        case .answerNotALetter(let text):
            return zh ? "选择题的答案应为选项字母，而不是“\(text)”" : "a choice answer is option letters, not \"\(text)\""
        case .repeatedAnswerLetter(let letter):
            return zh ? "答案中 \(letter) 出现了不止一次" : "answer letter \(letter) is given more than once"
        case .singleChoiceWithSeveralAnswers(let answer):
            return zh ? "单选题只能有一个答案，这里是 \(answer)" : "a single-choice question has one answer, found \(answer)"
        case .multipleChoiceWithOneAnswer(let letter):
            return zh
                ? "多选题只有一个答案 \(letter)：是否应为单选题？"
                : "a multiple-choice question with one answer (\(letter)): should it be single choice?"
        case .optionsWithoutChoiceType(let type):
            return zh ? "\(type.chineseName)不应有选项" : "a \(type.name(in: .en)) question has no options"
        case .choiceTypeWithoutOptions(let type):
            return zh ? "\(type.chineseName)缺少选项" : "a \(type.name(in: .en)) question needs options"
        case .notATrueFalseToken(let text):
            return zh
                ? "判断题的答案应为 对/错（或 √/×、正确/错误、是/否、T/F、Y/N），而不是“\(text)”"
                : "a true/false answer is 对/错 (or √/×, 正确/错误, 是/否, T/F, Y/N), not \"\(text)\""
        case .noBlanksInStem:
            return zh
                ? "填空题的题干中没有空（用“____”或“（  ）”标出）"
                : "the stem of a fill-in question has no blank (mark blanks with \"____\" or \"（  ）\")"
        case .blankCountMismatch(let blanks, let answers):
            return zh
                ? "题干有 \(blanks) 个空，答案却有 \(answers) 个（各空答案用“|”分隔，同一空的备选答案用“;”分隔）"
                : "the stem has \(blanks) blank(s) but the answer gives \(answers) (separate blanks with \"|\", alternatives with \";\")"
        case .emptyBlankAnswer(let blank):
            return zh ? "第 \(blank) 个空的答案为空" : "the answer to blank \(blank) is empty"
        case .unknownField(let name, let suggestion):
            if let suggestion {
                return zh ? "未知字段“\(name)”，是否应为“\(suggestion)”？" : "unknown field \"\(name)\"; did you mean \"\(suggestion)\"?"
            }
            return zh
                ? "未知字段“\(name)”（可用字段：\(FieldName.canonicalNames.joined(separator: "、"))）"
                : "unknown field \"\(name)\" (known fields: \(FieldName.canonicalNames.joined(separator: ", ")))"
        case .duplicateField(let name):
            return zh ? "字段“\(name)”重复出现，以第一次为准" : "field \"\(name)\" appears twice; the first one is kept"
        case .fieldNotForType(let name, let type):
            return zh
                ? "\(type.chineseName)不使用字段“\(name)”"
                : "field \"\(name)\" does not apply to a \(type.name(in: .en)) question"
        case .invalidDifficulty(let text):
            return zh
                ? "无法识别的难度“\(text)”（应为 易、较易、中等、较难、难 或 1–5）"
                : "unknown difficulty \"\(text)\" (use 易, 较易, 中等, 较难, 难 or 1–5)"
        case .invalidPoints(let text):
            return zh
                ? "分值“\(text)”应为不超过 \(formatPoints(Question.maximumPoints)) 的正数"
                : "points \"\(text)\" must be a positive number up to \(formatPoints(Question.maximumPoints))"
        case .invalidKeywordWeight(let text):
            return zh ? "关键词权重“\(text)”不是正数" : "keyword weight \"\(text)\" is not a positive number"
        case .invalidScoringRule(let text):
            return zh
                ? "评分规则“\(text)”应为 all（全对才得分）、half（少选得一半分）、per-option:分值（每选对一项得分）或 net（对加错减）"
                : "scoring rule \"\(text)\" is not all, half, per-option:VALUE or net"
        case .unknownQuestionType(let text):
            return zh
                ? "无法识别的题型“\(text)”（应为 单选、多选、判断、填空、简答）"
                : "unknown question type \"\(text)\" (use 单选, 多选, 判断, 填空, 简答)"
        case .invalidFlag(let name, let text):
            return zh ? "字段“\(name)”的值“\(text)”无法识别" : "field \"\(name)\" has an unknown value \"\(text)\""
        case .sectionTypeConflict(let section, let field):
            return zh
                ? "题型字段为\(field.chineseName)，但所在大题是\(section.chineseName)；以题型字段为准"
                : "the type field says \(field.name(in: .en)) but the section is \(section.name(in: .en)); the field wins"
        case .duplicateID(let id, let first):
            return zh ? "编号 \(id) 重复，首次出现在 \(first)" : "id \(id) is used twice; first at \(first)"
        case .duplicateQuestion(let first):
            return zh
                ? "与 \(first) 的题目重复（忽略全半角、空格、标点与繁简差异后题干和选项相同）"
                : "duplicate of the question at \(first) (same stem and options after folding width, spaces, punctuation and script)"
        case .mistypedQuestionNumber(let number, let separator):
            let blank = separator.trimmingWhitespace().isEmpty
            return zh
                ? "此行像第 \(number) 题的题号，但题号后是\(blank ? "空格" : "“\(separator)”")，缺少“.”或“、”（应为“\(number).”）"
                : "this line looks like question \(number), but the number is followed by \(blank ? "a space" : "\"\(separator)\"") instead of \".\" or \"、\" (write \"\(number).\")"
        case .duplicateOptionText(let label, let first):
            return zh ? "选项 \(label) 与选项 \(first) 的文字相同" : "option \(label) has the same text as option \(first)"
        case .questionNumberGap(let expected, let found):
            let missing = found - expected == 1 ? "\(expected)" : "\(expected)–\(found - 1)"
            return zh ? "题号从 \(expected - 1) 跳到 \(found)：缺少第 \(missing) 题" : "question \(found) follows question \(expected - 1): \(missing) missing"
        case .questionNumberRepeated(let number, let previous):
            return zh ? "题号 \(number) 在第 \(previous) 题之后，重复或倒退" : "question number \(number) comes after question \(previous): repeated or going back"
        case .announcedCountMismatch(let announced, let found):
            return zh ? "大题标明共 \(announced) 题，实际有 \(found) 题" : "the section announces \(announced) questions but holds \(found)"
        case .shortAnswerMarkedByHand:
            return zh ? "简答题没有参考答案和关键词，将人工评分" : "a short answer without a reference answer or keywords: marked by hand"
        }
    }
}
