import Glibc
import ReadlineLineEditor
import TerminalIO
import TextMatching

/// The line source of an interactive session: GNU readline (history, Tab completion of `completions`) when
/// standard input is a terminal, plain lines otherwise (scripts, tests, CI; readline would echo there).
struct SessionInput {
    let source: any LineSource
    let isTerminal: Bool
    let colour: Bool

    /// - Parameter transcriptOnStandardError: scripts reading a `--json` result on standard output get the
    ///   prompts and echoed lines on standard error instead.
    init(completions: [String], colour: Bool, transcriptOnStandardError: Bool = false) {
        isTerminal = Terminal.inputIsTerminal
        // Ctrl-C ends the session the way Ctrl-D does, saying what was kept; the command then exits 130.
        Interrupt.catchInterrupts()
        source = isTerminal ? ReadlineLineEditor(completions: completions) : PlainLineReader(output: transcriptOnStandardError ? STDERR_FILENO : STDOUT_FILENO)
        self.colour = colour
    }

    /// `prompt` in bold on a colour terminal, the escape codes hidden from readline's column count.
    func styledPrompt(_ prompt: String) -> String {
        guard colour, isTerminal else { return prompt }
        return ReadlineLineEditor.invisible("\u{1B}[1m") + prompt + ReadlineLineEditor.invisible("\u{1B}[0m")
    }
}

extension SessionInput {
    /// Whether `line` says yes to a question that cannot be taken back (hand in, confirm the results): 是, y, yes,
    /// 确认, 确定, in any case or width. Enter alone is never yes.
    static func confirms(_ line: String) -> Bool {
        ["y", "yes", "是", "确认", "确定", "確認"].contains(TextFolding.fold(line, options: .standard))
    }
}
