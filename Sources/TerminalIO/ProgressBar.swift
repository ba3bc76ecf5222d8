import Foundation
import Glibc

/// A progress bar on standard error for long work: drawn only when standard error is a terminal (and `TERM` is
/// not `dumb`) and the work is at least `minimum` units, redrawn at most ten times a second, erased when done.
/// Scripts and pipes see nothing. Safe to advance from several threads.
public final class ProgressBar: @unchecked Sendable {
    private let total: Int
    private let label: String
    private let enabled: Bool
    private let lock = NSLock()
    private var done = 0
    private var lastDrawn = 0.0
    private var drawn = false

    public init(total: Int, label: String, minimum: Int = 0) {
        self.total = max(total, 1)
        self.label = label
        enabled = total >= minimum && TerminalStyle.isInteractive(.standardError)
    }

    /// `amount` more units done.
    public func advance(_ amount: Int) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        done = min(total, done + amount)
        let now = Date.timeIntervalSinceReferenceDate
        guard now - lastDrawn >= 0.1 || done == total else { return }
        lastDrawn = now
        drawn = true
        Self.write("\r" + Self.line(label: label, done: done, total: total))
    }

    /// Erases the bar.
    public func finish() {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        if drawn { Self.write("\r\u{1B}[K") }
        drawn = false
    }

    /// `label [#########-----------]  45%`.
    static func line(label: String, done: Int, total: Int, width: Int = 30) -> String {
        let fraction = Double(done) / Double(max(total, 1))
        let filled = Int((fraction * Double(width)).rounded(.down))
        let percent = String(Int((fraction * 100).rounded(.down))).leftPadded(to: 3)
        return "\(label) [" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "] \(percent)%"
    }

    private static func write(_ text: String) {
        var text = text
        text.withUTF8 { bytes in _ = Glibc.write(STDERR_FILENO, bytes.baseAddress, bytes.count) }
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
