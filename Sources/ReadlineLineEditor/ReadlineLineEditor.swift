import CReadline
import Foundation
import Synchronization

/// Line editing with GNU readline for a terminal: history, Emacs/vi keys, tab completion of session commands.
/// The only module that links readline (GPL-3.0-or-later); the executable alone depends on it.
///
/// Call `DisplayWidth.prepareLocale()` (a UTF-8 `LC_CTYPE`) before the first line, or CJK input is mangled.
public final class ReadlineLineEditor: @unchecked Sendable {
    /// Words offered by tab completion (`:skip`, `:hint` …); readline's callback reads them.
    nonisolated(unsafe) static var completions: [String] = []
    /// State of the completion generator between readline's calls.
    nonisolated(unsafe) static var completionIndex = 0
    private let lastLine = Mutex<String?>(nil)

    public init(name: String = "kaoxue", completions: [String]) {
        Self.completions = completions
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

    /// A line typed after `prompt`, added to the history; nil at end of input (Ctrl-D).
    public func readLine(prompt: String) -> String? {
        guard let raw = readline(prompt) else { return nil }
        defer { free(raw) }
        let line = String(cString: raw)
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if !trimmed.isEmpty, lastLine.withLock({ $0 }) != line {
            add_history(raw)
            lastLine.withLock { $0 = line }
        }
        return line
    }

    /// Wraps terminal escape codes in a prompt so readline does not count them as columns.
    public static func invisible(_ code: String) -> String { "\u{01}" + code + "\u{02}" }
}
