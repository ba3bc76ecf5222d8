import Glibc

/// Reads lines from standard input without line editing: for scripts, tests and CI, where readline would echo
/// escape codes. The line read is echoed after the prompt, so a transcript reads as a terminal session does.
public final class PlainLineReader: @unchecked Sendable {
    let echo: Bool

    public init(echo: Bool = true) { self.echo = echo }

    /// Prints `prompt` (to standard output) and reads one line; nil at end of input.
    public func readLine(prompt: String) -> String? {
        let line = Swift.readLine(strippingNewline: true)
        let shown = prompt + (echo ? (line ?? "") + "\n" : "")
        var bytes = Array(shown.utf8)
        _ = bytes.withUnsafeMutableBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
        return line
    }
}

/// Facts about the terminal.
public enum Terminal {
    /// Whether standard input is a terminal (readline then; plain reading otherwise).
    public static var inputIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }

    /// Columns of the terminal on standard output; `COLUMNS`, else 80 when it is not a terminal.
    public static var columns: Int {
        var size = winsize()
        if isatty(STDOUT_FILENO) == 1, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
            return Int(size.ws_col)
        }
        if let text = getenv("COLUMNS").map({ String(cString: $0) }), let value = Int(text), value > 20 { return value }
        return 80
    }
}

extension DisplayWidth {
    /// `text` broken into lines of at most `width` columns, by display width (CJK counts two), keeping existing
    /// line breaks. Breaks at spaces when it can, anywhere in CJK text.
    public static func wrap(_ text: String, width: Int, indent: String = "") -> [String] {
        var lines: [String] = []
        let available = max(10, width - DisplayWidth.width(of: indent))
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            var lineWidth = 0
            for character in paragraph {
                let w = DisplayWidth.width(of: String(character))
                if lineWidth + w > available {
                    // Prefer breaking at the last space of an ASCII run.
                    if let space = line.lastIndex(of: " "), line.distance(from: space, to: line.endIndex) < 20 {
                        let rest = String(line[line.index(after: space)...])
                        lines.append(indent + String(line[..<space]))
                        line = rest
                        lineWidth = DisplayWidth.width(of: rest)
                    } else {
                        lines.append(indent + line)
                        line = ""
                        lineWidth = 0
                    }
                }
                line.append(character)
                lineWidth += w
            }
            lines.append(indent + line)
        }
        return lines
    }
}
