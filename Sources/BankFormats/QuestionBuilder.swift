import QuizModel

/// A problem found while building one question, before it is turned into a `Diagnostic`.
struct PendingProblem {
    var severity: Severity
    var problem: BankProblem
    var mark: Mark
}

/// Turns the lines read for one question into a `Question`, checking everything the lines alone can tell.
struct QuestionBuilder {
    let pending: PendingQuestion
    let path: String
    var problems: [PendingProblem] = []

    init(pending: PendingQuestion, path: String) {
        self.pending = pending
        self.path = path
    }

    /// Shares the strings that repeat across a bank: the topic, the parts of the source, the tags.
    static func shareRepeatedStrings(_ question: inout Question, with interner: inout StringInterner) {
        question.topic = interner.intern(question.topic)
        if var source = question.source {
            source.document = interner.intern(source.document)
            source.article = interner.intern(source.article)
            question.source = source
        }
        if !question.tags.isEmpty { question.tags = question.tags.map { interner.intern($0) } }
    }

    mutating func error(_ problem: BankProblem, _ mark: Mark) {
        problems.append(PendingProblem(severity: .error, problem: problem, mark: mark))
    }

    mutating func warning(_ problem: BankProblem, _ mark: Mark) {
        problems.append(PendingProblem(severity: .warning, problem: problem, mark: mark))
    }

    func field(_ name: FieldName) -> FieldValue? { pending.fields[name] }

    mutating func build() -> Question? {
        var stem = pending.stemLines.joined(separator: "\n")
        if stem.isEmpty { error(.emptyStem, pending.mark) }

        var answer = field(.answer)
        // No 答案 line: the answer may be written in the stem's brackets, `……（D）。`; the bracket becomes a blank.
        if answer == nil, let inStem = BankValueSyntax.answerInBrackets(of: stem, choice: !pending.options.isEmpty) {
            stem = inStem.stem
            answer = FieldValue(name: FieldName.answer.canonical, text: inStem.answer, mark: pending.mark)
        }
        let type = resolveType(stem: stem, answer: answer)
        let content = buildContent(type: type, stem: stem, answer: answer)
        checkFieldsApply(to: type)

        var difficulty: Difficulty?
        if let value = field(.difficulty) {
            difficulty = Difficulty(parsing: value.text)
            if difficulty == nil { error(.invalidDifficulty(text: value.text), value.mark) }
        }
        var points = pending.section?.points
        if pending.section?.perBlank == true, let perBlank = points, case .fill(let blanks, _) = content {
            points = perBlank * Double(blanks.count)
            if let total = points, !Question.acceptsPoints(total) {
                error(.invalidPoints(text: formatPoints(total)), pending.mark)
                points = nil
            }
        }
        if let value = field(.points) {
            points = BankValueSyntax.points(value.text)
            if points == nil { error(.invalidPoints(text: value.text), value.mark) }
        }
        var fixedOptionOrder = false
        if let value = field(.optionOrder) {
            switch BankValueSyntax.orderFlag(value.text) {
            case .some(let fixed): fixedOptionOrder = fixed
            case nil: error(.invalidFlag(name: value.name, text: value.text), value.mark)
            }
        }
        var scoringRule: MultipleChoiceRule?
        if let value = field(.scoringRule), type == .multiple {
            scoringRule = BankValueSyntax.scoringRule(value.text)
            if scoringRule == nil { error(.invalidScoringRule(text: value.text), value.mark) }
        }
        let explicitID = field(.id).map { $0.text.trimmingWhitespace() }.flatMap { $0.isEmpty ? nil : $0 }

        guard let content else { return nil }
        let id = explicitID ?? QuestionIdentity.derivedID(stem: stem, content: content)
        return Question(
            id: id,
            hasExplicitID: explicitID != nil,
            stem: stem,
            content: content,
            explanation: field(.explanation).flatMap { $0.text.isEmpty ? nil : $0.text },
            topic: field(.topic).flatMap { BankValueSyntax.topicPath($0.text) },
            difficulty: difficulty,
            points: points,
            source: field(.source).flatMap { BankValueSyntax.sourceReference($0.text) },
            tags: field(.tags).map { BankValueSyntax.list($0.text) } ?? [],
            fixedOptionOrder: fixedOptionOrder,
            scoringRule: scoringRule,
            location: pending.location,
            name: field(.name).map { $0.text.trimmingWhitespace() }.flatMap { $0.isEmpty ? nil : $0 }
        )
    }

    // MARK: Type

    /// The type from the 题型 field, else the section header, else the shape of the question.
    mutating func resolveType(stem: String, answer: FieldValue?) -> QuestionType {
        var declared: QuestionType?
        if let value = field(.type) {
            declared = QuestionTypeWords.parse(value.text)
            if declared == nil { error(.unknownQuestionType(text: value.text), value.mark) }
        }
        if let declared, let section = pending.section?.type, declared != section {
            warning(.sectionTypeConflict(section: section, field: declared), field(.type)!.mark)
        }
        if let type = declared ?? pending.section?.type { return type }
        if !pending.options.isEmpty {
            let letters = answer.map { BankValueSyntax.answerLetters($0.text).letters.count } ?? 0
            return letters > 1 ? .multiple : .single
        }
        if let answer, TrueFalseTokens.parse(answer.text) != nil { return .trueFalse }
        if BankValueSyntax.blankCount(in: stem) > 0 { return .fill }
        return .short
    }

    // MARK: Content

    mutating func buildContent(type: QuestionType, stem: String, answer: FieldValue?) -> QuestionContent? {
        switch type {
        case .single, .multiple:
            return buildChoice(type: type, answer: answer)
        case .trueFalse:
            if !pending.options.isEmpty { return trueFalseFromOptions(answer: answer) }
        case .fill, .short:
            if let first = pending.options.first { error(.optionsWithoutChoiceType(type: type), first.mark) }
        }
        switch type {
        case .trueFalse:
            guard let answer else {
                error(.missingAnswer, pending.mark)
                return nil
            }
            guard let value = TrueFalseTokens.parse(answer.text) else {
                error(answer.text.isEmpty ? .emptyAnswer : .notATrueFalseToken(text: answer.text), answer.mark)
                return nil
            }
            return .trueFalse(answer: value)
        case .fill:
            return buildFill(stem: stem, answer: answer)
        case .short:
            var keywords: [Keyword] = []
            if let value = field(.keywords) {
                switch BankValueSyntax.keywords(value.text) {
                case .success(let parsed): keywords = parsed
                case .failure(let bad): error(.invalidKeywordWeight(text: bad.text), value.mark)
                }
            }
            let reference = answer.flatMap { $0.text.isEmpty ? nil : $0.text }
            if reference == nil, keywords.isEmpty {
                // A question declared 简答 (by 题型 or its section) without any answer is an essay, marked by hand;
                // one that is a short answer only for want of options and an answer is a question missing its answer.
                if answer == nil, field(.type) != nil || pending.section?.type == .short {
                    warning(.shortAnswerMarkedByHand, pending.mark)
                    return .short(reference: nil, keywords: [])
                }
                if let answer { error(.emptyAnswer, answer.mark) } else { error(.missingAnswer, pending.mark) }
                return nil
            }
            return .short(reference: reference, keywords: keywords)
        case .single, .multiple:
            return nil
        }
    }

    mutating func buildChoice(type: QuestionType, answer: FieldValue?) -> QuestionContent? {
        let options = pending.options
        var texts = [String?](repeating: nil, count: (options.map(\.label).max() ?? -1) + 1)
        var valid = true
        for option in options {
            if texts[option.label] != nil {
                error(.duplicateOptionLabel(label: optionLabel(option.label)), option.mark)
                valid = false
                continue
            }
            texts[option.label] = option.text
            if option.text.isEmpty {
                error(.emptyOption(label: optionLabel(option.label)), option.mark)
                valid = false
            } else if let twin = options.first(where: { $0.mark.offset < option.mark.offset && $0.text == option.text }) {
                error(.duplicateOptionText(label: optionLabel(option.label), first: optionLabel(twin.label)), option.mark)
                valid = false
            }
        }
        for (index, text) in texts.enumerated() where text == nil {
            let after = options.first { $0.label > index } ?? options.last!
            error(.missingOptionLabel(label: optionLabel(index)), after.mark)
            valid = false
        }
        if options.isEmpty {
            error(.choiceTypeWithoutOptions(type: type), pending.mark)
            valid = false
        } else if options.count < 2 {
            error(.tooFewOptions(count: options.count), options[0].mark)
            valid = false
        }
        guard let answer else {
            error(.missingAnswer, pending.mark)
            return nil
        }
        let parsed = BankValueSyntax.answerLetters(answer.text)
        if let bad = parsed.invalid {
            error(.answerNotALetter(text: bad), answer.mark)
            return nil
        }
        if parsed.letters.isEmpty {
            error(.emptyAnswer, answer.mark)
            return nil
        }
        var seen = Set<Int>()
        for letter in parsed.letters where !seen.insert(letter).inserted {
            warning(.repeatedAnswerLetter(letter: optionLabel(letter)), answer.mark)
        }
        let labels = texts.isEmpty ? "—" : "A–\(optionLabel(texts.count - 1))"
        for letter in seen.sorted() where letter >= texts.count {
            error(.answerNotAnOption(letter: optionLabel(letter), labels: labels), answer.mark)
            valid = false
        }
        guard valid else { return nil }
        let finalTexts = texts.map { $0! }
        let answers = seen.sorted()
        if type == .single {
            if answers.count > 1 {
                error(.singleChoiceWithSeveralAnswers(answer: answers.map(optionLabel).joined()), answer.mark)
                return nil
            }
            return .single(options: finalTexts, answer: answers[0])
        }
        if answers.count == 1 { warning(.multipleChoiceWithOneAnswer(letter: optionLabel(answers[0])), answer.mark) }
        return .multiple(options: finalTexts, answers: answers)
    }

    /// A 判断题 typed as a choice between two options, `A. 正确  B. 错误` with `答案：A`, as platform templates do.
    mutating func trueFalseFromOptions(answer: FieldValue?) -> QuestionContent? {
        let options = pending.options
        let values = options.map { TrueFalseTokens.parse($0.text) }
        guard options.count == 2, let first = values[0], let second = values[1], first != second else {
            error(.optionsWithoutChoiceType(type: .trueFalse), options[0].mark)
            return nil
        }
        guard let answer else {
            error(.missingAnswer, pending.mark)
            return nil
        }
        if let value = TrueFalseTokens.parse(answer.text) { return .trueFalse(answer: value) }
        let parsed = BankValueSyntax.answerLetters(answer.text)
        guard parsed.invalid == nil, parsed.letters.count == 1, let letter = parsed.letters.first,
            let index = options.firstIndex(where: { $0.label == letter })
        else {
            error(answer.text.isEmpty ? .emptyAnswer : .notATrueFalseToken(text: answer.text), answer.mark)
            return nil
        }
        return .trueFalse(answer: values[index]!)
    }

    mutating func buildFill(stem: String, answer: FieldValue?) -> QuestionContent? {
        let blankCount = BankValueSyntax.blankCount(in: stem)
        guard let answer else {
            error(.missingAnswer, pending.mark)
            return nil
        }
        if blankCount == 0 {
            error(.noBlanksInStem, pending.mark)
            return nil
        }
        let blanks = BankValueSyntax.blanks(answer.text)
        if blanks.count != blankCount {
            error(.blankCountMismatch(blanks: blankCount, answers: blanks.count), answer.mark)
            return nil
        }
        var valid = true
        for (index, blank) in blanks.enumerated() where blank.alternatives.isEmpty {
            error(.emptyBlankAnswer(blank: index + 1), answer.mark)
            valid = false
        }
        guard valid else { return nil }
        var orderInsensitive = false
        if let value = field(.blankOrder) {
            switch BankValueSyntax.orderFlag(value.text) {
            case .some(let fixed): orderInsensitive = !fixed
            case nil: error(.invalidFlag(name: value.name, text: value.text), value.mark)
            }
        }
        return .fill(blanks: blanks, orderInsensitive: orderInsensitive)
    }

    /// Warns about fields that mean nothing for the question's type.
    mutating func checkFieldsApply(to type: QuestionType) {
        let misplaced: [(FieldName, Bool)] = [
            (.keywords, type != .short),
            (.optionOrder, type != .single && type != .multiple),
            (.blankOrder, type != .fill),
            (.scoringRule, type != .multiple),
        ]
        for (name, wrong) in misplaced where wrong {
            if let value = field(name) { warning(.fieldNotForType(name: value.name, type: type), value.mark) }
        }
    }
}
