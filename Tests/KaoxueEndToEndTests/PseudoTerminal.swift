import Foundation
import Glibc

/// `kaoxue` on a pseudo-terminal the test owns, so that it can change the window's size the way a terminal emulator
/// does (TIOCSWINSZ on the master, then SIGWINCH) while kaoxue waits for input.
final class PseudoTerminalKaoxue: @unchecked Sendable {
    let process = Process()
    private let master: Int32
    private let screen = KaoxueRun.Screen()
    private let reader: Thread

    /// libc's pseudo-terminal calls, which Swift's Glibc module leaves out (they need `_XOPEN_SOURCE`).
    private static func libc<T>(_ name: String, as type: T.Type) -> T {
        unsafeBitCast(dlsym(UnsafeMutableRawPointer(bitPattern: 0), name)!, to: type)
    }
    private static let openMaster = libc("posix_openpt", as: (@convention(c) (Int32) -> Int32).self)
    private static let grant = libc("grantpt", as: (@convention(c) (Int32) -> Int32).self)
    private static let unlock = libc("unlockpt", as: (@convention(c) (Int32) -> Int32).self)
    private static let slaveName = libc("ptsname", as: (@convention(c) (Int32) -> UnsafeMutablePointer<CChar>?).self)

    init(_ arguments: [String], columns: UInt16, rows: UInt16 = 24) throws {
        master = Self.openMaster(O_RDWR | O_NOCTTY)
        guard master >= 0, Self.grant(master) == 0, Self.unlock(master) == 0, let name = Self.slaveName(master) else {
            throw CocoaError(.fileReadUnknown)
        }
        let slave = open(name, O_RDWR | O_NOCTTY)
        guard slave >= 0 else { throw CocoaError(.fileReadUnknown) }
        var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
        process.executableURL = KaoxueRun.binary
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["TERM"] = "xterm"
        environment["NO_COLOR"] = "1"
        environment.removeValue(forKey: "COLUMNS")
        process.environment = environment
        let handle = FileHandle(fileDescriptor: slave, closeOnDealloc: true)
        process.standardInput = handle
        process.standardOutput = handle
        process.standardError = handle
        let master = self.master
        let screen = self.screen
        reader = Thread {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = read(master, &buffer, buffer.count)
                if count <= 0 { break }
                screen.append(Data(buffer[0..<count]))
            }
        }
        reader.start()
        try process.run()
        try handle.close()
    }

    var text: String { screen.text }

    func type(_ text: String) { _ = text.utf8CString.withUnsafeBufferPointer { write(master, $0.baseAddress, $0.count - 1) } }

    /// Waits up to `seconds` for `text` to appear.
    func waitFor(_ text: String, seconds: Double = 20) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if self.text.contains(text) { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return self.text.contains(text)
    }

    /// The window becomes `columns` wide, as when a person drags its edge.
    func resize(columns: UInt16, rows: UInt16 = 24) {
        var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
        kill(process.processIdentifier, SIGWINCH)
    }

    /// Waits for the process to end (killing it after `seconds`); its exit status.
    func wait(seconds: Double = 20) -> Int32 {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return process.terminationStatus
    }

    deinit { close(master) }
}
