import Foundation
import Glibc

/// Opening a file kaoxue is given to read: only a regular file, never waiting on a FIFO or a device, and no
/// larger than kaoxue reads.
public enum InputFile {
    /// The largest file read whole (a bank, a paper, a result, a rules file, a journal): 512 MB, or
    /// `KAOXUE_MAX_FILE_MB` megabytes when that is set. The largest real bank is a few tens of megabytes; a file
    /// above this is a mistake or an attack, and reading it would take minutes and gigabytes.
    public static var maximumWholeBytes: Int { limit(default: 512) }

    /// The largest table read as it streams (answer sheets, ledger files): 8 GB, or `KAOXUE_MAX_TABLE_MB`.
    public static var maximumTableBytes: Int { limit(default: 8 << 10, variable: "KAOXUE_MAX_TABLE_MB") }

    private static func limit(default megabytes: Int, variable: String = "KAOXUE_MAX_FILE_MB") -> Int {
        let given = ProcessInfo.processInfo.environment[variable].flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil }
        return min(given ?? megabytes, 1 << 30) << 20
    }

    /// An open descriptor of the regular file at `path` and its size; the caller closes it.
    ///
    /// The file is opened without blocking, so that a FIFO (which would wait for a writer forever) is found and
    /// refused like a folder or a device; `O_NONBLOCK` has no effect on a regular file and is cleared anyway.
    public static func open(_ path: String, maximumBytes: Int) throws(SystemError) -> (descriptor: Int32, size: Int) {
        let descriptor = Glibc.open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        guard descriptor >= 0 else { throw .last }
        do {
            return (descriptor, try admit(descriptor, maximumBytes: maximumBytes))
        } catch {
            close(descriptor)
            throw error
        }
    }

    /// The size of the file open at `descriptor` (opened with `O_NONBLOCK`, which is then cleared) when it is a
    /// regular file of at most `maximumBytes`; the caller closes the descriptor either way. For files opened
    /// otherwise than by `open` (an exam journal, opened to be written too).
    public static func admit(_ descriptor: Int32, maximumBytes: Int) throws(SystemError) -> Int {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw .last }
        guard (status.st_mode & S_IFMT) == S_IFREG else { throw .notRegularFile }
        let size = Int(status.st_size)
        guard size <= maximumBytes else { throw .tooLarge(limit: maximumBytes) }
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
        return size
    }
}
