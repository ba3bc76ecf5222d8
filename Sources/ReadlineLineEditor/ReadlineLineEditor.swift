import CReadline
import Foundation
import Glibc
import Synchronization
import TerminalIO

/// Line editing with GNU readline for a terminal: history, Emacs/vi keys, tab completion of session commands.
/// The only module that links readline (GPL-3.0-or-later); the executable alone depends on it.
///
/// Call `DisplayWidth.prepareLocale()` (a UTF-8 `LC_CTYPE`) before the first line, or CJK input is mangled.
///
/// Lines are read with readline's callback interface, so that waiting can time out (an exam's clock) while the
/// typed text stays on screen, and messages can be printed above it.
public final class ReadlineLineEditor: LineSource, @unchecked Sendable {
    /// Words offered by tab completion (`:skip`, `:hint` …); readline's callback reads them.
    nonisolated(unsafe) static var completions: [String] = []
    /// State of the completion generator between readline's calls.
    nonisolated(unsafe) static var completionIndex = 0
    private let lastLine = Mutex<String?>(nil)

    /// The terminal's settings before readline changed them, restored when a signal ends the program.
    nonisolated(unsafe) static var savedTerminal = termios()

    /// The file the history is kept in between runs (nil: this run only).
    private let historyFile: String?

    /// - Parameter historyFile: where Up-arrow history is kept between runs: read at start, each new line
    ///   appended as it is entered (a crash keeps it), the file cut to its last 1,000 lines. Created (mode 0600)
    ///   with its folder when missing; a file that cannot be read or written just means no history.
    public init(name: String = "kaoxue", completions: [String], historyFile: String? = nil) {
        Self.completions = completions
        self.historyFile = historyFile
        if let historyFile {
            using_history()
            let folder = (historyFile as NSString).deletingLastPathComponent
            if !folder.isEmpty { try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
            if FileManager.default.fileExists(atPath: historyFile) {
                read_history(historyFile)
                history_truncate_file(historyFile, 1000)
            } else {
                write_history(historyFile)
            }
        }
        // In callback mode readline handles signals only inside rl_callback_read_char; a signal while waiting would
        // leave the terminal in character mode. Restore it (tcsetattr is async-signal-safe), then die as usual.
        // Ctrl-C is caught by `Interrupt` (the line being typed is dropped and `.interrupt` returned).
        if tcgetattr(STDIN_FILENO, &Self.savedTerminal) == 0 {
            for signalNumber in [SIGTERM, SIGHUP, SIGQUIT] {
                signal(signalNumber) { number in
                    tcsetattr(STDIN_FILENO, TCSANOW, &ReadlineLineEditor.savedTerminal)
                    signal(number, SIG_DFL)
                    raise(number)
                }
            }
        }
        // A resize ends the wait for input (see `readLine`), so the line is redrawn for the new width.
        Resize.watch()
        name.withCString { kaoxue_rl_set_name(strdup($0)) }
        kaoxue_rl_disable_bracketed_paste()
        kaoxue_rl_set_word_breaks(" \t\n")
        kaoxue_rl_set_completion { text, _, _ in
            guard let text else { return nil }
            return kaoxue_rl_matches(text) { partial, state in
                if state == 0 { ReadlineLineEditor.completionIndex = 0 }
                let prefix = partial.map { String(cString: $0) } ?? ""
                while ReadlineLineEditor.completionIndex < ReadlineLineEditor.completions.count {
                    let candidate = ReadlineLineEditor.completions[ReadlineLineEditor.completionIndex]
                    ReadlineLineEditor.completionIndex += 1
                    if candidate.hasPrefix(prefix) { return strdup(candidate) }
                }
                return nil
            }
        }
    }

    /// The line the callback handler received: nil while waiting, `.some(nil)` at end of input.
    nonisolated(unsafe) static var received: String?? = nil
    /// The prompt of the line being edited, while a handler is installed.
    private var installedPrompt: String?

    /// A line typed after `prompt`, added to the history; `.end` at end of input (Ctrl-D); `.timeout` after
    /// `timeout` seconds without a finished line (the text typed so far stays and the next call continues it).
    public func readLine(prompt: String, timeout: Double?) -> LineEvent {
        if installedPrompt == nil {
            Self.received = nil
            rl_callback_handler_install(prompt) { raw in
                ReadlineLineEditor.received = .some(raw.map { String(cString: $0) })
                if let raw { free(raw) }
                rl_callback_handler_remove()
            }
            installedPrompt = prompt
        } else if installedPrompt != prompt {
            kaoxue_rl_replace_prompt(prompt)
            installedPrompt = prompt
        }
        let deadline = timeout.map { StandardInput.monotonicSeconds() + $0 }
        while true {
            guard StandardInput.waitForInput(until: deadline) else { return .timeout }
            if Interrupt.happened {
                discardLine()  // the terminal back in line mode, the cursor on a new line
                return .interrupt
            }
            if Resize.taken() {
                // readline learns the new width and redraws the prompt and the text typed so far.
                rl_resize_terminal()
                continue
            }
            rl_callback_read_char()
            guard let received = Self.received else { continue }
            installedPrompt = nil
            guard let line = received else {
                FileHandle.standardOutput.write(Data("\n".utf8))
                return .end
            }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if !trimmed.isEmpty, lastLine.withLock({ $0 }) != line {
                add_history(line)
                if let historyFile { append_history(1, historyFile) }
                lastLine.withLock { $0 = line }
            }
            return .line(line)
        }
    }

    public func discardLine() {
        guard installedPrompt != nil else { return }
        // Restores the terminal's settings (readline put it in character mode while the handler was installed).
        rl_callback_handler_remove()
        installedPrompt = nil
        FileHandle.standardOutput.write(Data("\n".utf8))
    }

    deinit { discardLine() }

    public func notice(_ text: String) {
        guard installedPrompt != nil else {
            FileHandle.standardOutput.write(Data((text + "\n").utf8))
            return
        }
        kaoxue_rl_print_above(text + "\n")
    }

    /// Wraps terminal escape codes in a prompt so readline does not count them as columns.
    public static func invisible(_ code: String) -> String { "\u{01}" + code + "\u{02}" }
}
