import CTerminal
import Glibc

/// What waiting for a line brought.
public enum LineEvent: Equatable, Sendable {
    case line(String)
    /// End of input (Ctrl-D, a closed pipe).
    case end
    /// The timeout passed first; what was typed so far stays, and the next call goes on with it.
    case timeout
    /// Ctrl-C (once `Interrupt.catchInterrupts()` is in force): the session says what it kept and ends (exit 130).
    case interrupt
}

/// Ctrl-C in an interactive command: caught, so that the session ends as it does on Ctrl-D — saying what was kept
/// and how to go on — and the process then exits 130, as a shell expects of an interrupted command.
public enum Interrupt {
    /// From now on Ctrl-C makes the line sources return `.interrupt` instead of killing the process.
    public static func catchInterrupts() { kaoxue_catch_interrupt() }

    /// Whether Ctrl-C was pressed since `catchInterrupts()`.
    public static var happened: Bool { kaoxue_was_interrupted() != 0 }

    /// The exit code of an interrupted command (128 + SIGINT).
    public static let exitCode: Int32 = 130
}

/// Terminal resizes (SIGWINCH), noticed while waiting for input.
public enum Resize {
    /// From now on a resize ends the wait for input, so the line being edited can be redrawn.
    public static func watch() { kaoxue_watch_resize() }

    /// Whether the terminal was resized since the last call.
    public static func taken() -> Bool { kaoxue_take_resize() != 0 }

    /// Whether a resize is waiting to be taken.
    public static var pending: Bool { kaoxue_resize_pending() != 0 }
}

/// Where a session's lines come from: readline on a terminal, plain lines otherwise.
public protocol LineSource: AnyObject {
    /// Shows `prompt` and waits at most `timeout` seconds (forever when nil) for a line. Calling again after a
    /// timeout with another prompt changes the prompt in place.
    func readLine(prompt: String, timeout: Double?) -> LineEvent
    /// Prints `text` on its own line(s) above the line being typed, which is kept.
    func notice(_ text: String)
    /// Drops the line being typed (after a timeout that ends the session) and ends it on screen; the terminal is
    /// left as it was found.
    func discardLine()
}

extension LineSource {
    /// A line typed after `prompt`; nil at end of input or on Ctrl-C (`Interrupt.happened` tells which).
    public func readLine(prompt: String) -> String? {
        if case .line(let line) = readLine(prompt: prompt, timeout: nil) { return line }
        return nil
    }
}

/// Reads lines from standard input without line editing: for scripts, tests and CI, where readline would echo
/// escape codes. The line read is echoed after the prompt, so a transcript reads as a terminal session does.
///
/// Reads the file descriptor itself (no stdio buffer), so that waiting can time out with `poll`.
public final class PlainLineReader: LineSource, @unchecked Sendable {
    let echo: Bool
    /// Where prompts, echoes and notices go: standard output, or standard error when standard output carries a
    /// machine-readable result (`--json`).
    let output: Int32
    private var buffer: [UInt8] = []
    private var atEnd = false
    /// The prompt already printed for the line being waited for.
    private var shownPrompt: String?

    public init(echo: Bool = true, output: Int32 = STDOUT_FILENO) {
        self.echo = echo
        self.output = output
    }

    public func readLine(prompt: String, timeout: Double?) -> LineEvent {
        if shownPrompt != prompt {
            write((shownPrompt == nil ? "" : "\n") + prompt)
            shownPrompt = prompt
        }
        let deadline = timeout.map { StandardInput.monotonicSeconds() + $0 }
        while true {
            if Interrupt.happened {
                write("\n")
                shownPrompt = nil
                return .interrupt
            }
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                var bytes = Array(buffer[..<newline])
                buffer.removeSubrange(...newline)
                if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
                return deliver(String(decoding: bytes, as: UTF8.self))
            }
            if atEnd {
                if buffer.isEmpty {
                    if echo { write("\n") }
                    shownPrompt = nil
                    return .end
                }
                let rest = String(decoding: buffer, as: UTF8.self)
                buffer.removeAll()
                return deliver(rest)
            }
            guard StandardInput.waitForInput(until: deadline) else { return .timeout }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = chunk.withUnsafeMutableBytes { Glibc.read(STDIN_FILENO, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR || errno == EAGAIN { continue }
            if count <= 0 { atEnd = true } else { buffer.append(contentsOf: chunk[0..<count]) }
        }
    }

    public func notice(_ text: String) {
        write((shownPrompt == nil ? "" : "\n") + text + "\n")
        shownPrompt = nil
    }

    public func discardLine() {
        if shownPrompt != nil { write("\n") }
        shownPrompt = nil
    }

    private func deliver(_ line: String) -> LineEvent {
        if echo { write(line + "\n") }
        shownPrompt = nil
        return .line(line)
    }

    func write(_ text: String) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(output, $0.baseAddress, $0.count) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { return }
            offset += written
        }
    }
}

/// Waiting on standard input with a deadline, for line readers that must not block past a clock tick.
public enum StandardInput {
    /// Seconds on the monotonic clock (not moved by changes to the system time).
    public static func monotonicSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// Waits until standard input can be read (true: bytes or end of input), Ctrl-C is pressed (true) or the
    /// monotonic `deadline` passes (false). Without a deadline it waits as long as it takes.
    public static func waitForInput(until deadline: Double?) -> Bool {
        while true {
            var wait: Int32 = -1
            if let deadline {
                let left = deadline - monotonicSeconds()
                if left <= 0 { return false }
                wait = Int32(min(left * 1000, 3_600_000).rounded(.up))
            }
            var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, wait)
            if ready < 0, errno == EINTR {
                if Interrupt.happened { return true }  // the reader sees the interrupt next
                if Resize.pending { return true }  // the reader redraws for the new width
                continue
            }
            return ready != 0
        }
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

    /// Rows of the terminal on standard output; `LINES`, else 24 when it is not a terminal.
    public static var rows: Int {
        var size = winsize()
        if isatty(STDOUT_FILENO) == 1, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 0 {
            return Int(size.ws_row)
        }
        if let text = getenv("LINES").map({ String(cString: $0) }), let value = Int(text), value > 5 { return value }
        return 24
    }
}

extension DisplayWidth {
    /// Characters a line must not begin with: closing punctuation (Chinese line-breaking rules, 避头).
    static let noLineStart: Set<Character> = Set("，。、；：！？）」』】〉》”’…—%,.;:!?)]}·")
    /// Characters a line must not end with: opening punctuation (避尾).
    static let noLineEnd: Set<Character> = Set("（「『【〈《“‘([{")

    /// Whether a line may break between `before` and `after`: not before closing or after opening punctuation,
    /// not inside a run of spaces (the blank of `（    ）` stays whole), not inside an ASCII word or number.
    static func mayBreak(_ before: Character, _ after: Character) -> Bool {
        if noLineStart.contains(after) || noLineEnd.contains(before) { return false }
        if before == " ", after == " " { return false }
        if before.isASCII, after.isASCII, before != " ", after != " " { return false }
        return true
    }

    /// `text` broken into lines of at most `width` columns, by display width (CJK counts two), keeping existing
    /// line breaks. Lines break at spaces between words and between CJK characters, by the Chinese rules: no
    /// line starts with closing punctuation or ends with opening punctuation, and a blank `（    ）` is never split;
    /// a run with no such place in its last 20 characters goes to the next line from the space before it, and only a
    /// run longer than a line is cut where it reaches the width.
    public static func wrap(_ text: String, width: Int, indent: String = "") -> [String] {
        // Text to wrap is text to read: a control character in it (a bank's ESC) is left out (`TerminalText.plain`).
        let text = TerminalText.plain(text)
        var lines: [String] = []
        let available = max(10, width - DisplayWidth.width(of: indent))
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line: [Character] = []
            var lineWidth = 0
            func emit(_ characters: ArraySlice<Character>) {
                var text = String(characters)
                while text.hasSuffix(" ") { text.removeLast() }
                lines.append(indent + text)
            }
            for character in paragraph {
                let w = DisplayWidth.width(of: String(character))
                if lineWidth + w > available, !line.isEmpty {
                    // The latest place at most 20 characters back where the rules allow a break (`character`
                    // would follow the last one).
                    // A break at a space within the last 8 characters is preferred (it keeps names in a list
                    // such as `一队 / 第一代表队` whole), else the latest allowed place.
                    var cut: Int? = nil
                    var index = line.count
                    var carried = w  // what the next line would hold: the characters after `index`, and `character`
                    while index > 0, line.count - index <= 20, carried <= available {
                        let after = index == line.count ? character : line[index]
                        if mayBreak(line[index - 1], after) {
                            if line[index - 1] == " " || after == " " {
                                cut = index
                                break
                            }
                            if cut == nil { cut = index }
                            if line.count - index >= 8 { break }
                        }
                        index -= 1
                        carried += DisplayWidth.width(of: String(line[index]))
                    }
                    // A long word with no break in its last 20 characters (`card,state,…,lastReview.`) moves to the
                    // next line whole, from the space before it, when it fits there; only a longer one is cut.
                    while cut == nil, index > 0, carried <= available {
                        if line[index - 1] == " " { cut = index }
                        index -= 1
                        carried += DisplayWidth.width(of: String(line[index]))
                    }
                    let at = cut ?? line.count
                    emit(line[..<at])
                    line = Array(line[at...].drop { $0 == " " })
                    lineWidth = line.reduce(0) { $0 + DisplayWidth.width(of: String($1)) }
                    if line.isEmpty, character == " " { continue }
                }
                line.append(character)
                lineWidth += w
            }
            emit(line[...])
        }
        return lines
    }
}
