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

/// Text made safe to print on a terminal.
public enum TerminalText {
    /// `text` with every control character left out but tab, line feed and carriage return — ESC (clear screen,
    /// window titles, OSC 8 links, cursor moves), the rest of C0, DEL and C1 (U+0080…U+009F, where U+009B is a
    /// CSI of its own) — except colour sequences (`ESC [ digits;… m`), which kaoxue paints itself and which change
    /// nothing but colour. Bank and paper text reaches the terminal only through this, so a question cannot drive
    /// the candidate's terminal.
    public static func inert(_ text: String) -> String {
        // The common case: nothing to look at.
        guard mayHoldControls(text) else { return text }
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            let value = scalar.value
            if value == 0x1B {
                // Keep a complete SGR sequence, drop anything else that starts with ESC (just the ESC: what
                // follows is then plain text).
                var end = index + 1
                if end < scalars.count, scalars[end] == "[" {
                    end += 1
                    while end < scalars.count, ("0"..."9").contains(scalars[end]) || scalars[end] == ";" { end += 1 }
                    if end < scalars.count, scalars[end] == "m" {
                        out.append(contentsOf: scalars[index...end])
                        index = end + 1
                        continue
                    }
                }
                index += 1
                continue
            }
            let control = (value < 0x20 && value != 0x09 && value != 0x0A && value != 0x0D) || value == 0x7F || (0x80...0x9F).contains(value)
            if !control { out.append(scalar) }
            index += 1
        }
        return String(out)
    }

    /// `text` with every control character left out but tab, line feed and carriage return, colour sequences
    /// included: for text from a bank or a paper, which kaoxue paints itself if at all.
    public static func plain(_ text: String) -> String {
        guard mayHoldControls(text) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let value = scalar.value
            let control = (value < 0x20 && value != 0x09 && value != 0x0A && value != 0x0D) || value == 0x7F || (0x80...0x9F).contains(value)
            if !control { out.append(scalar) }
        }
        return String(out)
    }

    /// Whether `text` has a byte of a control character (C1 ones are C2 80…C2 9F in UTF-8).
    private static func mayHoldControls(_ text: String) -> Bool {
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if (byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D) || byte == 0x7F || (previous == 0xC2 && byte < 0xA0) { return true }
            previous = byte
        }
        return false
    }
}
