import BankFormats
import FileIO
import Foundation
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
    ///   - history: the file readline keeps this session kind's lines in between runs (nil: none — an exam keeps
    ///     no history, so the next candidate at the machine cannot page through the last one's answers).
    init(completions: [String], colour: Bool, transcriptOnStandardError: Bool = false, history: String? = nil) {
        isTerminal = Terminal.inputIsTerminal
        // Ctrl-C ends the session the way Ctrl-D does, saying what was kept; the command then exits 130.
        Interrupt.catchInterrupts()
        source = isTerminal
            ? ReadlineLineEditor(completions: completions, historyFile: history)
            : PlainLineReader(output: transcriptOnStandardError ? STDERR_FILENO : STDOUT_FILENO)
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

extension SessionInput {
    /// `<store folder>/history/<kind>-<user>`: one history per kind of session and user, beside the study store.
    static func historyPath(store: String, kind: String, user: String) -> String {
        (FilePaths.parent(of: store) as NSString).appendingPathComponent("history/\(kind)-\(fileName(forID: user))")
    }

    /// `id` as a file name: itself when it is letters, digits and `-_.` (not leading `.`, at most 100 bytes),
    /// else `id-` and its hash.
    static func fileName(forID id: String) -> String {
        let safe = id.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || $0.properties.numericType != nil || "-_.".unicodeScalars.contains($0) }
            && !id.hasPrefix(".") && id.utf8.count <= 100
        return safe ? id : "id-" + String(FNV1a.hash(id), radix: 16)
    }
}
