import Glibc
import Rainbow

/// Whether output to a stream may carry colour: only a TTY, never when `TERM=dumb` or `NO_COLOR` is set.
public enum TerminalStyle {
    public enum Stream: Sendable { case standardOutput, standardError }

    public static func colourAllowed(on stream: Stream) -> Bool { isInteractive(stream) && getenv("NO_COLOR") == nil }

    /// Whether a stream is a terminal that redraws (a TTY, `TERM` not `dumb`): where colour and progress bars go.
    public static func isInteractive(_ stream: Stream) -> Bool {
        guard isatty(stream == .standardOutput ? STDOUT_FILENO : STDERR_FILENO) == 1 else { return false }
        return getenv("TERM").map { String(cString: $0) } != "dumb"
    }

    /// Text styled for a diagnostic's severity, or unchanged when colour is off.
    public static func paint(_ text: String, _ style: Style, enabled: Bool) -> String {
        guard enabled else { return text }
        switch style {
        case .error: return text.red.bold
        case .warning: return text.magenta.bold
        case .note: return text.cyan
        case .emphasis: return text.bold
        case .caret: return text.green.bold
        case .leader: return text.yellow.bold
        }
    }

    /// `leader`: the team or person in first place on a board.
    public enum Style: Sendable { case error, warning, note, emphasis, caret, leader }
}
