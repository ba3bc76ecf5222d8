import ArgumentParser
import BankFormats
import Foundation
import PaperAssembly
import QuizModel
import ReadlineLineEditor
import StudyRecords
import StudySession
import TerminalIO
import TextMatching

/// `kaoxue practice`: answer questions in the terminal with immediate feedback and spaced repetition.
struct PracticeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "practice",
        abstract: "练习：即时反馈、解析与出处、错题本、FSRS 间隔重复 (practice with feedback and spaced repetition).",
        discussion: """
            默认使用 QuestionBanks 中的题库。会话命令：:skip 跳过  :hint 提示  :explain 看答案与解析  :stats 进度  :quit 退出  :help 帮助。
            评分：答错 → Again；答对用时 ≤8 秒 → Easy，>40 秒 → Hard，其余 → Good。
            Answers: a / ac / A,C / A、C; 对 错 √ × t f y n; blanks separated by | or ；.
            History, review states and the wrong-answer book are kept in the study store (--store, KAOXUE_STORE,
            default $XDG_DATA_HOME/kaoxue/kaoxue.sqlite).
            """
    )

    @Option(name: .long, help: ArgumentHelp("题库文件或文件夹，可重复；默认 QuestionBanks (bank paths).", valueName: "PATH"))
    var bank: [String] = []

    @Option(help: "只练这个知识点及其下级 (topic, e.g. 干部工作).")
    var topic: String?

    @Option(help: ArgumentHelp("只练这种题型 (single, multiple, trueFalse, fill, short).", valueName: "TYPE"))
    var type: String?

    @Option(help: "题数 (number of questions).")
    var count: Int = 10

    @Option(help: ArgumentHelp("选题方式：due 到期优先, wrong 错题本, new 新题, mixed 综合 (mode).", valueName: "due|wrong|new|mixed"))
    var mode: String = "mixed"

    @Option(help: "学员编号，默认为系统用户名 (user id).")
    var user: String?

    @OptionGroup var storeOptions: StoreOptions

    @OptionGroup var clockOptions: ClockOptions

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if count < 1 { throw ValidationError("--count 至少为 1 (at least 1).") }
        if PracticeMode(rawValue: mode) == nil { throw ValidationError("--mode: due, wrong, new, mixed") }
        if let type, QuestionTypeName.parse(type) == nil {
            throw ValidationError("--type: single, multiple, trueFalse, fill, short")
        }
    }

    /// Says that no question is filed under `topic`, listing the topics there are (top levels, with their counts,
    /// folded as `--topic` folds them), and returns the exit code (an input problem).
    static func noTopic(_ topic: String, in bank: Bank, language: DisplayLanguage) -> ExitCode {
        var counts: [String: (name: String, count: Int)] = [:]
        for question in bank.questions {
            guard let top = question.topTopic else { continue }
            counts[TopicFolding.folded(top), default: (ScriptFolding.simplify(top), 0)].count += 1
        }
        let listed = counts.values.sorted { ($0.count, $1.name) > ($1.count, $0.name) }.map {
            "\($0.name)（\($0.count)）"
        }
        Console.fail(
            language.pick(
                "没有知识点“\(topic)”下的题目；题库中的知识点：\(listed.joined(separator: "、"))",
                "no question is filed under the topic \(topic); the bank's topics: \(listed.joined(separator: ", "))"),
            language: language)
        return ExitStatus.inputErrors.exitCode
    }

    func run() throws {
        let language = global.lang
        let paths = try CommandInputs.bankPaths(bank, language: language)
        let userID = user ?? ProcessInfo.processInfo.environment["USER"] ?? "default"
        let storePath = storeOptions.path
        let newStore = !FileManager.default.fileExists(atPath: storePath)
        // The study store is read (and OpenCC's dictionaries loaded for answer matching) on the second core while
        // this one parses the bank: the first question is ready sooner.
        let (history, loaded) = try inParallel(
            {
                Result { () throws(StoreError) -> PracticeHistory in
                    let opened = try StudyStore(path: storePath)
                    return PracticeHistory(
                        store: opened, cards: try opened.cards(user: userID),
                        wrongBook: try opened.wrongBook(user: userID).map(\.question),
                        grader: .standard())
                }
            },
            { try CommandInputs.bank(paths, language: language) })
        var questions = loaded.bank.questions
        if let topic {
            // Typed as people write it: 干部工作 finds what is filed under 幹部工作 (script, width, case folded).
            let wanted = TopicFolding.folded(topic)
            var within: [String: Bool] = [:]  // banks repeat a few dozen topics
            questions = questions.filter { question in
                guard let filed = question.topic else { return false }
                if let known = within[filed] { return known }
                let answer = TopicFolding.isFolded(TopicFolding.folded(filed), within: wanted)
                within[filed] = answer
                return answer
            }
            if questions.isEmpty { throw Self.noTopic(topic, in: loaded.bank, language: language) }
        }
        if let type, let wanted = QuestionTypeName.parse(type) { questions = questions.filter { $0.type == wanted } }
        guard !questions.isEmpty else {
            Console.fail(language.pick("没有符合条件的题目", "no question matches"), language: language)
            throw ExitStatus.inputErrors.exitCode
        }
        let studyStore: StudyStore
        let session: PracticeSession
        let clock = clockOptions.clock
        switch history {
        case .failure(let error):
            Console.fail(
                language.pick(
                    "无法打开学习记录：\(storeWords(error, language))",
                    "cannot open the study store: \(storeWords(error, language))"), language: language)
            throw ExitStatus.usageOrIO.exitCode
        case .success(var history):
            if newStore { StoreOptions.sayCreated(storePath, language: language) }
            studyStore = history.store
            // History kept under the ids Traditional questions had before 0.3 follows them to their ids now (only
            // when this user has history to move: a first practice pays nothing).
            let hasHistory = !history.cards.isEmpty || !history.wrongBook.isEmpty
            let renames =
                hasHistory
                ? Dictionary(
                    loaded.bank.questions.compactMap { question in
                        QuestionIdentity.idBeforeScriptFolding(of: question).map { ($0, question.id) }
                    },
                    uniquingKeysWith: { first, _ in first })
                : [:]
            if !renames.isEmpty {
                do {
                    if try studyStore.carryHistory(renames) > 0 {
                        history.cards = try studyStore.cards(user: userID)
                        history.wrongBook = try studyStore.wrongBook(user: userID).map(\.question)
                    }
                } catch {
                    Console.fail(
                        language.pick(
                            "无法更新学习记录：\(storeWords(error, language))",
                            "cannot update the study store: \(storeWords(error, language))"), language: language)
                    throw ExitStatus.usageOrIO.exitCode
                }
            }
            session = PracticeSession(
                questions: questions, cards: history.cards, wrongBook: history.wrongBook,
                mode: PracticeMode(rawValue: mode)!, count: count,
                now: clock.now(), seed: UInt64(bitPattern: clock.seedTime.microseconds), grader: history.grader)
        }
        guard !session.items.isEmpty else {
            Console.out(
                mode == "wrong"
                    ? language.pick("错题本是空的。", "The wrong-answer book is empty.")
                    : language.pick("没有要练的题目。", "Nothing to practise."))
            return
        }
        var runner = PracticeRunner(session: session, store: studyStore, user: userID, language: language, clock: clock)
        runner.history = SessionInput.historyPath(store: storePath, kind: "practice", user: userID)
        try runner.run()
    }
}

/// What the study store holds for one person, read before a session starts.
struct PracticeHistory: Sendable {
    var store: StudyStore
    var cards: [String: CardState]
    var wrongBook: [String]
    var grader: AnswerGrader
}

/// Shows questions, reads answers (readline on a terminal, plain lines otherwise), records every answer.
struct PracticeRunner {
    var session: PracticeSession
    let store: StudyStore
    let user: String
    let language: DisplayLanguage
    let clock: SessionClock
    let colour = TerminalStyle.colourAllowed(on: .standardOutput)
    /// The terminal's width now (read again each time: a resized window wraps later output to its new width).
    var width: Int { min(Terminal.columns, 100) }

    static let commands = [":skip", ":hint", ":explain", ":stats", ":quit", ":help"]

    /// Where readline keeps this user's practice lines between runs.
    var history: String? = nil

    init(session: PracticeSession, store: StudyStore, user: String, language: DisplayLanguage, clock: SessionClock) {
        self.session = session
        self.store = store
        self.user = user
        self.language = language
        self.clock = clock
    }

    mutating func run() throws {
        let input = SessionInput(completions: Self.commands, colour: colour, history: history)
        func read(_ prompt: String) -> String? { input.source.readLine(prompt: input.styledPrompt(prompt)) }
        let reasons = Dictionary(grouping: session.items, by: \.reason).mapValues(\.count)
        say(
            language.pick(
                "考学练习 · 共 \(session.items.count) 题（到期 \(reasons[.due] ?? 0)、错题 \(reasons[.wrong] ?? 0)、新题 \(reasons[.new] ?? 0)）· 输入 :help 查看命令",
                "kaoxue practice · \(session.items.count) questions (due \(reasons[.due] ?? 0), wrong \(reasons[.wrong] ?? 0), new \(reasons[.new] ?? 0)) · :help for commands"
            ),
            .emphasis)
        questions: while let item = session.current {
            show(item)
            let shownAt = Date()
            var hints = 0
            while true {
                guard let line = read(language.pick("答案> ", "answer> ")) else { break questions }
                let input = line.trimmingCharacters(in: .whitespaces)
                switch input {
                case ":quit", ":q", ":exit":
                    break questions
                case ":skip", ":s":
                    session.skip()
                    say(language.pick("已跳过。", "Skipped."))
                    continue questions
                case ":hint", ":h":
                    hints += 1
                    say(hint(item, step: hints), .note)
                    continue
                case ":explain", ":e":
                    if let feedback = session.reveal(at: clock.now()) {
                        let wasInBook = inWrongBook(item)
                        save(item, feedback: feedback, answer: ":explain", elapsed: Date().timeIntervalSince(shownAt))
                        showFeedback(item, feedback: feedback, revealed: true, wasInBook: wasInBook)
                    }
                    continue questions
                case ":stats":
                    say(stats())
                    continue
                case ":help", "?":
                    say(help())
                    continue
                default:
                    break
                }
                switch session.parse(input) {
                case .failure(let problem):
                    say(problem.message(in: language), .warning)
                    continue
                case .success(let answer):
                    let elapsed = Date().timeIntervalSince(shownAt)
                    guard
                        let feedback = session.answer(
                            answer, elapsedSeconds: elapsed, at: clock.now(), hinted: hints > 0)
                    else { break questions }
                    let wasInBook = inWrongBook(item)
                    save(item, feedback: feedback, answer: input, elapsed: elapsed)
                    showFeedback(item, feedback: feedback, revealed: false, wasInBook: wasInBook)
                    continue questions
                case nil:
                    break questions
                }
            }
        }
        for (line, style) in summary() { say(line, style) }
    }

    func save(_ item: PracticeItem, feedback: PracticeFeedback, answer: String, elapsed: Double) {
        let review = ReviewRecord(
            user: user, question: item.question.id, time: feedback.card.lastReview ?? clock.now(),
            rating: feedback.rating,
            correct: feedback.grade.isCorrect, elapsedMilliseconds: Int64(elapsed * 1000), answer: answer)
        do {
            try store.record(review, card: feedback.card)
        } catch {
            Console.err(
                language.pick(
                    "警告：这次作答未能保存：\(storeWords(error, language))",
                    "warning: this answer was not saved: \(storeWords(error, language))"))
        }
    }

    func show(_ item: PracticeItem) {
        let question = item.question
        var header = "\n[\(session.position + 1)/\(session.items.count)] \(question.type.name(in: language))"
        if let topic = question.topic { header += " · " + topic }
        if let difficulty = question.difficulty { header += " · " + difficulty.name(in: language) }
        if item.reason == .wrong { header += language.pick(" · 错题", " · from the wrong-answer book") }
        if item.reason == .due { header += language.pick(" · 复习", " · review") }
        say(header, .note)
        for line in QuestionView.body(
            stem: question.stem, options: item.options, type: question.type, blanks: item.blankCount, width: width,
            language: language)
        {
            Console.out(line)
        }
    }

    /// Whether `item`'s question is in this user's wrong-answer book now (nil when the store cannot say).
    func inWrongBook(_ item: PracticeItem) -> Bool? {
        try? store.wrongBookEntry(user: user, question: item.question.id) != nil
    }

    func showFeedback(_ item: PracticeItem, feedback: PracticeFeedback, revealed: Bool, wasInBook: Bool?) {
        let question = item.question
        if revealed {
            say(language.pick("答案：", "Answer: ") + item.correctAnswer, .emphasis)
            // Looking is not knowing: said, so the rating is no surprise.
            say(language.pick("看了答案：本题记为未答对，很快会再出现。", "Looked up: counted as not known; it comes back soon."), .note)
        } else if feedback.grade.isCorrect {
            say(language.pick("✔ 正确", "✔ Right"), .caret)
        } else if feedback.grade.fraction > 0 {
            say(language.pick("◐ 部分正确。正确答案：", "◐ Partly right. Answer: ") + item.correctAnswer, .warning)
        } else {
            say(language.pick("✘ 错误。正确答案：", "✘ Wrong. Answer: ") + item.correctAnswer, .error)
        }
        if case .short(_, let keywords) = question.content, !keywords.isEmpty {
            say(language.pick("要点：", "Key points: ") + keywords.map(\.text).joined(separator: "、"))
            let found = feedback.grade.keywordsFound
            say(
                language.pick("答到的要点：", "Key points in your answer: ")
                    + (found.isEmpty ? language.pick("无", "none") : found.joined(separator: "、"))
                    + "（\(found.count)/\(keywords.count)）")
        }
        if let explanation = question.explanation {
            say(language.pick("解析：", "Explanation: ") + explanation)
        }
        if let source = question.source, let document = source.document {
            var text = language.pick("出处：", "Source: ") + "《\(document)》"
            if let article = source.article { text += " " + article }
            say(text, .note)
        }
        // The wrong-answer book's rule, where it applies: a wrong answer goes in, two right ones in a row take it out.
        if let wasInBook, let now = inWrongBook(item) {
            let note: String? =
                !feedback.grade.isCorrect
                ? (wasInBook
                    ? language.pick(
                        "仍在错题本中：连续答对 2 次后移出", "Still in the wrong-answer book: two right answers in a row take it out")
                    : language.pick(
                        "已记入错题本：连续答对 2 次后移出", "Added to the wrong-answer book: two right answers in a row take it out"))
                : wasInBook && now
                    ? language.pick("错题本：再答对 1 次即移出", "Wrong-answer book: one more right answer takes it out")
                    : wasInBook
                        ? language.pick("已移出错题本（连续答对 2 次）", "Out of the wrong-answer book (right twice in a row)") : nil
            if let note { say(note, .note) }
        }
        let due = feedback.card.due
        let minutes =
            Double(due.microseconds - (feedback.card.lastReview?.microseconds ?? due.microseconds)) / 60_000_000
        let next =
            minutes < 90
            ? language.pick("\(Int(minutes.rounded())) 分钟后", "in \(Int(minutes.rounded())) min")
            : minutes < 60 * 36
                ? language.pick("\(Int((minutes / 60).rounded())) 小时后", "in \(Int((minutes / 60).rounded())) h")
                : language.pick("\(Int((minutes / 1440).rounded())) 天后", "in \(Int((minutes / 1440).rounded())) days")
        say(language.pick("下次复习：\(next)", "Next review: \(next)"), .note)
    }

    /// The `step`-th hint: a wrong option struck out, the opening of each blank, the number of key points; the
    /// source when the question names one. The header already shows the topic, so it is not repeated.
    func hint(_ item: PracticeItem, step: Int) -> String {
        var parts: [String] = []
        switch item.hint(step: step) {
        case .strikeOut(let struck):
            let letters = struck.sorted().map { optionLabel($0) }.joined(separator: "、")
            parts.append(
                language.pick("可以排除：\(letters)", "Not \(letters)")
                    + (struck.count < step ? language.pick("（不能再排除了）", " (no more to strike out)") : ""))
        case .opening(let openings):
            let text = openings.enumerated().map {
                language.pick(
                    "第 \($0.offset + 1) 空以“\($0.element)”开头", "blank \($0.offset + 1) starts with “\($0.element)”")
            }
            parts.append(text.joined(separator: language.pick("；", "; ")))
        case .keyPoints(let count):
            parts.append(language.pick("参考答案有 \(count) 个要点", "The reference answer has \(count) key points"))
        case .none:
            parts.append(
                step > 1
                    ? language.pick("没有更多提示了。", "No more hints.") : language.pick("这题没有提示。", "No hint for this one."))
        }
        if case .multiple(_, let answers) = item.question.content {
            parts.append(language.pick("本题有 \(answers.count) 个正确选项", "\(answers.count) options are right"))
        }
        if let document = item.question.source?.document {
            parts.append(language.pick("出处：", "Source: ") + "《\(document)》")
        }
        return language.pick("提示：", "Hint: ") + parts.joined(separator: language.pick("。", ". "))
    }

    func stats() -> String {
        language.pick(
            "已答 \(session.answered) 题，答对 \(session.right) 题，跳过 \(session.skipped) 题，剩余 \(session.items.count - session.position) 题",
            "answered \(session.answered), right \(session.right), skipped \(session.skipped), left \(session.items.count - session.position)"
        )
    }

    func help() -> String {
        language.pick(
            "作答：选择题输入字母（a / ac / A,C / A、C），判断题输入 对/错/√/×/t/f，填空题各空用 | 或 ；分隔。\n命令：:skip 跳过  :hint 提示  :explain 看答案与解析  :stats 进度  :quit 退出",
            "Answer with letters (a / ac / A,C), 对/错/√/×/t/f, or blanks separated by | or ；.\nCommands: :skip  :hint  :explain (show the answer)  :stats  :quit"
        )
    }

    /// The closing lines, each with its style.
    func summary() -> [(String, TerminalStyle.Style?)] {
        var lines: [(String, TerminalStyle.Style?)] = [
            ("", nil), (language.pick("本次练习：", "This session: ") + stats(), .emphasis),
        ]
        for (topic, entry) in session.tally.sorted(by: { $0.key < $1.key }) {
            let name = topic.isEmpty ? language.pick("（未分类）", "(no topic)") : topic
            lines.append(("  \(name)：\(entry.right)/\(entry.answered)", nil))
        }
        if session.answered > session.right {
            lines.append(
                (
                    language.pick(
                        "答错的题已记入错题本：kaoxue practice --mode wrong",
                        "Wrong answers went to the wrong-answer book: kaoxue practice --mode wrong"), nil
                ))
        }
        if Interrupt.happened {
            lines.append(
                (
                    language.pick(
                        "已中断：已保存 \(session.answered) 题作答与复习计划；再次运行同一命令即可继续",
                        "Interrupted: \(session.answered) answer(s) and the review schedule are saved; run the same command again to go on"
                    ), nil
                ))
        }
        return lines
    }

    /// Prints `text` wrapped to the terminal's width now (each line painted after wrapping, so escape codes never
    /// count as columns).
    func say(_ text: String, _ style: TerminalStyle.Style? = nil) { Console.wrapped(text, width: width, style: style, colour: colour) }

    func paint(_ text: String, _ style: TerminalStyle.Style) -> String {
        TerminalStyle.paint(text, style, enabled: colour)
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var result = self
        while result.hasSuffix(" ") { result.removeLast() }
        return result
    }
}
