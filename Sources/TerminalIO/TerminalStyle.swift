import Glibc
import Rainbow

/// Whether output to a stream may carry colour: only a TTY, never when `TERM=dumb` or `NO_COLOR` is set.
public enum TerminalStyle {
    public enum Stream: Sendable { case standardOutput, standardError }

    public static func colourAllowed(on stream: Stream) -> Bool {
        let descriptor = stream == .standardOutput ? STDOUT_FILENO : STDERR_FILENO
        guard isatty(descriptor) == 1 else { return false }
        if getenv("NO_COLOR") != nil { return false }
        if let term = getenv("TERM").map({ String(cString: $0) }), term == "dumb" { return false }
        return true
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
        }
    }

    public enum Style: Sendable { case error, warning, note, emphasis, caret }
}
