import Foundation
import PaperAssembly
import QuizModel
import StudySession
import TerminalIO
import TextMatching

/// The exam at the terminal: shows items, reads answers and commands, keeps the clock, journals every change
/// before the next prompt. No right/wrong before submission: the key is not even read until then.
struct ExamRunner {
    let paper: Paper
    let version: Paper.Version
    private(set) var state: ExamState
    let journal: ExamJournal
    let clock: SessionClock
    let language: DisplayLanguage
    let resumed: Bool
    /// Reads answers only (nothing is marked before submission), so no OpenCC dictionaries are loaded here.
    /// The same reader of answers as the journal's replay, so that what is saved live always replays.
    let grader = ExamState.answerReader
    let colour = TerminalStyle.colourAllowed(on: .standardOutput)
    /// The terminal's width now (read again each time: a resized window wraps later output to its new width).
    var width: Int { min(Terminal.columns, 100) }

    static let commands = [":next", ":prev", ":goto", ":flag", ":clear", ":review", ":time", ":submit", ":help"]

    init(paper: Paper, version: Paper.Version, state: ExamState, journal: ExamJournal, clock: SessionClock, language: DisplayLanguage, resumed: Bool) {
        self.paper = paper
        self.version = version
        self.state = state
        self.journal = journal
        self.clock = clock
        self.language = language
        self.resumed = resumed
    }

    /// Runs until submission (true) or until input ends (false: the exam is paused, everything is saved).
    mutating func run() throws -> Bool {
        if let submission = state.submitted {
            Console.out(language.pick(
                "这场考试已于 \(ISOTime.format(submission.at)) 交卷，不能再作答。", "This exam was submitted at \(ISOTime.format(submission.at)); it cannot be changed."))
            return true
        }
        let input = SessionInput(completions: Self.commands, colour: colour)
        Console.out(paint(banner(), .emphasis))
        // The paper's instructions (考试说明) before the first item, as printed on the paper; a resume has seen them.
        if !resumed, let instructions = paper.instructions?.trimmingWhitespace(), !instructions.isEmpty {
            Console.out(language.pick("考试说明：", "Instructions:"))
            for line in DisplayWidth.wrap(instructions, width: width, indent: "  ") { Console.out(line) }
        }
        if resumed {
            Console.out(paint(
                language.pick(
                    "继续上次的考试：已答 \(state.answers.count)/\(state.itemCount) 题\(remainingText().map { "，" + $0 } ?? "")。",
                    "Resuming: \(state.answers.count)/\(state.itemCount) answered\(remainingText().map { ", " + $0 } ?? "")."),
                .note))
        }
        var warned: Set<Int64> = []
        var showItem = true
        while state.submitted == nil {
            if let left = state.remainingSeconds(at: clock.now()) {
                if left == 0 {
                    try record(.submit(reason: .timeout, at: clock.now()))
                    input.source.discardLine()
                    Console.out(paint(language.pick("时间到，已自动交卷。", "Time is up: the exam was submitted."), .warning))
                    break
                }
                // Only the tightest warning that applies: a late resume with 30 seconds left is not told about 5 minutes.
                if let threshold = ([60, 300] as [Int64]).first(where: { left <= $0 }), !warned.contains(threshold) {
                    warned.formUnion([300, 60].filter { $0 >= threshold })
                    input.source.notice(paint(
                        language.pick("提醒：剩余不足 \(threshold / 60) 分钟，时间到将自动交卷。", "Note: less than \(threshold / 60) min left; the exam is submitted when time is up."),
                        .warning))
                }
            }
            if showItem { show(state.position) }
            showItem = false
            switch input.source.readLine(prompt: input.styledPrompt(prompt()), timeout: tickSeconds()) {
            case .timeout:
                continue
            case .end, .interrupt:
                let answered = state.itemCount - state.unanswered.count
                Console.out(paint(
                    language.pick(
                        "已暂停：已保存 \(answered) 题作答。再次运行同一命令即可继续\(state.deadline == nil ? "" : "（计时不停）")。",
                        "Paused: \(answered) answer(s) saved. Run the same command again to go on\(state.deadline == nil ? "" : " (the clock keeps running)")."),
                    .note))
                return false
            case .line(let line):
                showItem = try handle(line.trimmingWhitespace(), input: input)
            }
        }
        return true
    }

    /// Acts on one line; whether the (new) current item should be shown.
    mutating func handle(_ text: String, input: SessionInput) throws -> Bool {
        let words = text.split(separator: " ", maxSplits: 1).map(String.init)
        switch words.first ?? "" {
        case "", ":next", ":n":
            guard state.position < state.itemCount else {
                Console.out(language.pick("已是最后一题。:review 查看未答题，:submit 交卷。", "This is the last item. :review lists unanswered ones, :submit hands in."))
                return false
            }
            try record(.move(number: state.position + 1, at: clock.now()))
        case ":prev", ":p":
            guard state.position > 1 else {
                Console.out(language.pick("已是第一题。", "This is the first item."))
                return false
            }
            try record(.move(number: state.position - 1, at: clock.now()))
        case ":goto", ":g":
            guard words.count == 2, let number = Int(words[1].trimmingWhitespace()), (1...state.itemCount).contains(number) else {
                Console.out(paint(language.pick("用法：:goto 题号（1–\(state.itemCount)）", "usage: :goto NUMBER (1–\(state.itemCount))"), .warning))
                return false
            }
            try record(.move(number: number, at: clock.now()))
        case ":flag", ":f":
            let on = !state.flagged.contains(state.position)
            try record(.flag(number: state.position, flagged: on, at: clock.now()))
            Console.out(on ? language.pick("已标记第 \(state.position) 题。", "Item \(state.position) flagged.") : language.pick("已取消标记。", "Flag removed."))
            return false
        case ":clear":
            try record(.clear(number: state.position, at: clock.now()))
            Console.out(language.pick("已清除第 \(state.position) 题的答案。", "The answer to item \(state.position) was cleared."))
            return false
        case ":review", ":r":
            Console.out(review())
            return false
        case ":time", ":t":
            Console.out(remainingText() ?? language.pick("本卷不限时。", "No time limit."))
            return false
        case ":submit":
            return try confirmSubmission(input: input)
        case ":help", "?":
            Console.out(help())
            return false
        default:
            if text.hasPrefix(":") {
                Console.out(paint(language.pick("未知命令 \(words[0])；输入 :help 查看命令", "unknown command \(words[0]); :help lists them"), .warning))
                return false
            }
            let item = version.items[state.position - 1]
            switch grader.parse(text, for: item.type, optionCount: item.options.count, blankCount: item.blanks) {
            case .failure(let problem):
                Console.out(paint(problem.message(in: language), .warning))
                return false
            case .success(let answer):
                let wasLast = state.position == state.itemCount
                guard try record(.answer(number: item.number, answer: answer.normalizedText, at: clock.now())) else { return false }
                Console.out(paint(language.pick("已记录：", "Saved: ") + answer.normalizedText, .note))
                if state.unanswered.isEmpty {
                    Console.out(language.pick("全部作答完毕。:review 检查，:submit 交卷。", "Every item is answered. :review to check, :submit to hand in."))
                } else if wasLast {
                    Console.out(language.pick("这是最后一题。还有 \(state.unanswered.count) 题未答：:review 查看。", "That was the last item; \(state.unanswered.count) unanswered: see :review."))
                }
                return !wasLast
            }
        }
        return true
    }

    /// Asks for confirmation (saying what is unanswered or flagged); submits on 是/y/yes.
    mutating func confirmSubmission(input: SessionInput) throws -> Bool {
        var warning = ""
        if !state.unanswered.isEmpty { warning += language.pick("还有 \(state.unanswered.count) 题未答。", "\(state.unanswered.count) unanswered. ") }
        if !state.flagged.isEmpty { warning += language.pick("有 \(state.flagged.count) 题已标记。", "\(state.flagged.count) flagged. ") }
        if !warning.isEmpty { Console.out(paint(warning, .warning)) }
        while true {
            switch input.source.readLine(prompt: language.pick("确认交卷？交卷后不能修改 (y/N) ", "Hand in? No changes after this (y/N) "), timeout: tickSeconds()) {
            case .timeout:
                if state.remainingSeconds(at: clock.now()) == 0 { return false }
                continue
            case .end, .interrupt:
                return false  // not handed in; the session then pauses
            case .line(let line):
                guard SessionInput.confirms(line) else {
                    Console.out(language.pick("未交卷，继续作答。", "Not submitted; go on."))
                    return true
                }
                try record(.submit(reason: .candidate, at: clock.now()))
                Console.out(paint(language.pick("已交卷。", "Submitted."), .emphasis))
                return false
            }
        }
    }

    /// Commits `event` (`ExamState.commit`: checked, on disk, then applied); false when the time ran out first and
    /// the exam was submitted at the deadline instead.
    @discardableResult
    mutating func record(_ event: ExamEvent) throws -> Bool {
        // A system clock set back during the exam (NTP, a hand) does not stop it: the event takes the last time seen.
        let event = event.time < state.lastEventAt ? event.at(state.lastEventAt) : event
        do {
            try state.commit(event, to: journal)
        } catch {
            switch error {
            case .refused(let refusal):
                // Time ran out while the line was typed: the exam is submitted at the deadline instead.
                if let deadline = state.deadline, event.time > deadline, state.submitted == nil {
                    try record(.submit(reason: .timeout, at: event.time))
                    Console.out(paint(language.pick("时间到，已自动交卷；最后输入的一行未记录。", "Time is up: the exam was submitted; the last line was not recorded."), .warning))
                    return false
                }
                Console.fail(language.pick(refusal.chinese, refusal.english), language: language)
                throw ExitStatus.inputErrors.exitCode
            case .journal(let failure):
                Console.fail("\(failure.path): " + language.pick(failure.chinese, failure.english), language: language)
                throw ExitStatus.usageOrIO.exitCode
            }
        }
        return true
    }

    func banner() -> String {
        var parts = [paper.title, language.pick("\(version.name) 卷", "version \(version.name)"), language.pick("考号 ", "candidate ") + state.start.candidate]
        parts.append(language.pick("共 \(state.itemCount) 题，满分 \(formatPoints(version.items.reduce(0) { $0 + $1.points })) 分", "\(state.itemCount) items, \(formatPoints(version.items.reduce(0) { $0 + $1.points })) points"))
        if let minutes = paper.timeLimitMinutes { parts.append(language.pick("限时 \(minutes) 分钟", "\(minutes) min")) }
        return parts.joined(separator: " · ") + "\n" + language.pick("输入 :help 查看命令；交卷前不显示对错。", ":help lists the commands; nothing is marked before you hand in.")
    }

    func show(_ number: Int) {
        let item = version.items[number - 1]
        let section = paper.sections[item.section]
        var header = "\n[\(number)/\(state.itemCount)] \(section.heading) · " + language.pick("\(formatPoints(item.points)) 分", "\(formatPoints(item.points)) pt")
        if let rule = item.rule, item.type == .multiple { header += language.pick("（\(rule.chineseDescription)）", " (rule: \(rule.text))") }
        if state.flagged.contains(number) { header += language.pick(" · 已标记", " · flagged") }
        Console.out(paint(header, .note))
        for line in QuestionView.body(stem: item.stem, options: item.options, type: item.type, blanks: item.blanks, width: width, language: language) {
            Console.out(line)
        }
        if let answer = state.answers[number] { Console.out(paint(language.pick("当前答案：", "Your answer: ") + answer, .note)) }
    }

    func prompt() -> String {
        var text = "[\(state.position)/\(state.itemCount)"
        if let left = state.remainingSeconds(at: clock.now()) { text += " " + Self.clockText(left, language: language) }
        return text + "] " + language.pick("答案> ", "answer> ")
    }

    /// How long to wait before the prompt's clock changes: every second on a terminal (readline redraws the line
    /// in place); from piped input, whole minutes above one minute and seconds below, so as not to repeat prompts.
    func tickSeconds() -> Double? {
        guard let left = state.remainingSeconds(at: clock.now()) else { return nil }
        if left <= 60 || isatty(STDIN_FILENO) == 1 { return 1 }
        return Double((left - 1) % 60 + 1)
    }

    /// `剩余 19:21` (minutes and seconds, the seconds rounded up), hours as `1:05:00` for long papers.
    static func clockText(_ seconds: Int64, language: DisplayLanguage) -> String {
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let text = seconds >= 3600 ? "\(seconds / 3600):\(two(seconds / 60 % 60)):\(two(seconds % 60))" : "\(seconds / 60):\(two(seconds % 60))"
        return language.pick("剩余 \(text)", "\(text) left")
    }

    func remainingText() -> String? {
        state.remainingSeconds(at: clock.now()).map { Self.clockText($0, language: language) }
    }

    func review() -> String {
        let unanswered = state.unanswered
        let flagged = state.flagged.sorted()
        var lines = [language.pick("已答 \(state.answers.count)/\(state.itemCount) 题。", "\(state.answers.count)/\(state.itemCount) answered.")]
        lines.append(
            unanswered.isEmpty ? language.pick("没有未答的题。", "Nothing unanswered.")
                : language.pick("未答：", "Unanswered: ") + unanswered.map(String.init).joined(separator: ", "))
        if !flagged.isEmpty { lines.append(language.pick("已标记：", "Flagged: ") + flagged.map(String.init).joined(separator: ", ")) }
        if let left = remainingText() { lines.append(left) }
        return lines.joined(separator: "\n")
    }

    func help() -> String {
        language.pick(
            """
            作答：选择题输入字母（a / ac / A,C），判断题 对/错/√/×/t/f，填空题各空用 | 或 ；分隔；作答后自动到下一题。
            :next（或回车）下一题  :prev 上一题  :goto N 第 N 题  :flag 标记  :clear 清除答案
            :review 未答与已标记  :time 剩余时间  :submit 交卷
            """,
            """
            Answer with letters (a / ac / A,C), 对/错/√/×/t/f, or blanks separated by | or ；; the next item follows.
            :next (or Enter)  :prev  :goto N  :flag  :clear (erase the answer)  :review  :time  :submit
            """)
    }

    /// The marked result: total, sections, items left for hand marking.
    static func showResult(_ result: ExamResult, language: DisplayLanguage) {
        let colour = TerminalStyle.colourAllowed(on: .standardOutput)
        Console.out(TerminalStyle.paint(
            language.pick(
                "\n成绩：\(formatPoints(result.score)) / \(formatPoints(result.maxScore)) 分（考号 \(result.candidate)，\(result.version) 卷）",
                "\nScore: \(formatPoints(result.score)) / \(formatPoints(result.maxScore)) (candidate \(result.candidate), version \(result.version))"),
            .emphasis, enabled: colour))
        for section in result.sections where section.maxScore > 0 {
            Console.out("  \(section.heading)  \(formatPoints(section.score)) / \(formatPoints(section.maxScore))")
        }
        let byHand = result.items.filter(\.needsHandMarking).map { String($0.number) }
        if !byHand.isEmpty {
            Console.out(language.pick("待人工评分：第 \(byHand.joined(separator: "、")) 题（暂记 0 分）", "To be marked by hand: items \(byHand.joined(separator: ", ")) (0 for now)"))
        }
    }

    func paint(_ text: String, _ style: TerminalStyle.Style) -> String { TerminalStyle.paint(text, style, enabled: colour) }
}
