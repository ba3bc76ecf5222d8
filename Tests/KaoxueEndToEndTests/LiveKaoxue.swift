import Foundation
import Synchronization

/// A `kaoxue` process the test talks to while it runs: writes lines, waits for output, kills it.
final class LiveKaoxue: Sendable {
    let process: Process
    let input: Pipe
    private let output = OutputBuffer()

    /// What the process wrote so far, filled by the pipe's reader thread.
    final class OutputBuffer: Sendable {
        let data = Mutex<Data>(Data())
    }

    /// Starts `kaoxue` with `arguments`, standard input a pipe the test writes to.
    init(_ arguments: [String], environment: [String: String] = [:]) throws {
        process = Process()
        process.executableURL = KaoxueRun.binary
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        input = Pipe()
        let out = Pipe()
        process.standardInput = input
        process.standardOutput = out
        process.standardError = out
        let output = self.output
        out.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            output.data.withLock { $0.append(data) }
        }
        try process.run()
    }

    var text: String { output.data.withLock { String(decoding: $0, as: UTF8.self) } }

    func send(_ text: String) { input.fileHandleForWriting.write(Data(text.utf8)) }

    /// Waits until the output contains `needle` (true) or `seconds` pass (false).
    func waitFor(_ needle: String, seconds: Double = 20) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if text.contains(needle) { return true }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return text.contains(needle)
    }

    /// SIGKILL: no handler runs, nothing is flushed.
    func kill9() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Waits for the process to end by itself; its exit status.
    func wait(seconds: Double = 30) -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if process.isRunning {
            kill9()
            return nil
        }
        return process.terminationStatus
    }
}
