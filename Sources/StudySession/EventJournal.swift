import FileIO
import Foundation
#if canImport(Glibc)
    import Glibc
#endif

/// Why a journal cannot be used.
public struct JournalError: Error, Equatable, Sendable {
    public var path: String
    /// 1-based line of the journal, when one line is to blame.
    public var line: Int?
    public var chinese: String
    public var english: String
}

/// An append-only journal of a session (an exam, a contest): one JSON event per line, each written and `fsync`ed
/// before the next prompt, so `kill -9`, a closed terminal or a power cut loses nothing that was acknowledged.
///
/// A crash can leave the last line incomplete (no newline, or bytes that are not JSON). Opening drops such a
/// final line — it was never acknowledged — and truncates the file there, so new events start on a clean line.
/// A bad line anywhere else means the file was damaged or edited: that is an error, never silently skipped.
public final class EventJournal<Event: Codable>: @unchecked Sendable {
    public let path: String
    private let descriptor: Int32

    /// Opens (creating it, and its folder, if needed) the journal at `path` and returns it with the events it holds.
    public static func open(path: String) throws(JournalError) -> (journal: EventJournal, events: [Event]) {
        func failure(_ chinese: String, _ english: String, line: Int? = nil) -> JournalError {
            JournalError(path: path, line: line, chinese: chinese, english: english)
        }
        let folder = FilePaths.parent(of: path)
        if !folder.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw failure("无法创建文件夹：\(error.localizedDescription)", "cannot create the folder: \(error.localizedDescription)")
            }
        }
        let existed = FileManager.default.fileExists(atPath: path)
        // Never waiting on a FIFO, never appending to a device (`/dev/zero` would be read for ever).
        let descriptor = Glibc.open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NONBLOCK | O_NOCTTY, 0o600)
        guard descriptor >= 0 else {
            let reason = SystemError.last
            throw failure("无法打开：\(reason.words(.zhHans))", "cannot open: \(reason.words(.en))")
        }
        let journal = EventJournal(path: path, descriptor: descriptor)
        do {
            _ = try InputFile.admit(descriptor, maximumBytes: InputFile.maximumWholeBytes)
        } catch {
            if error == .notRegularFile {
                throw failure("不是普通文件，不能作为考试记录；请换一个路径", "not a regular file, so not a journal: choose another path")
            }
            throw failure(error.words(.zhHans), error.words(.en))
        }
        if !existed {
            // Make the new file's directory entry durable too.
            let directory = Glibc.open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            if directory >= 0 {
                fsync(directory)
                close(directory)
            }
        }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { throw failure("读取失败：\(String(cString: strerror(errno)))", "cannot read: \(String(cString: strerror(errno)))") }
            if count == 0 { break }
            bytes.append(contentsOf: buffer[0..<count])
        }
        var events: [Event] = []
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        // Everything after the last newline was never acknowledged.
        let unterminated = lines.removeLast()
        var keptBytes = bytes.count - unterminated.count
        let decoder = JSONDecoder()
        for (index, line) in lines.enumerated() {
            do {
                events.append(try decoder.decode(Event.self, from: Data(line)))
            } catch {
                // A first line that is not an event: this file is someone else's, never to be cut or written to.
                guard index > 0 else {
                    throw failure(
                        "不是 kaoxue 的日志（第 1 行不是事件），未改动此文件；请换一个路径", "not a kaoxue log (line 1 is not an event); the file was left as it is: choose another path",
                        line: 1)
                }
                guard index == lines.count - 1 else {
                    throw failure("第 \(index + 1) 行已损坏：\(String(decoding: line.prefix(80), as: UTF8.self))", "line \(index + 1) is damaged: \(String(decoding: line.prefix(80), as: UTF8.self))", line: index + 1)
                }
                // The last line did not survive a crash (e.g. zero-filled after a power cut): it was not acknowledged.
                keptBytes -= line.count + 1
            }
        }
        // Bytes with no line break at all are a crash's first line only when they begin as an event does and are
        // not already complete JSON (a one-line JSON file of someone else's is complete, and is not to be cut).
        if lines.isEmpty, !unterminated.isEmpty,
            !unterminated.starts(with: Array(#"{""#.utf8)) || (try? JSONSerialization.jsonObject(with: Data(unterminated), options: [.fragmentsAllowed])) != nil
        {
            throw failure(
                "不是 kaoxue 的日志，未改动此文件；请换一个路径", "not a kaoxue log; the file was left as it is: choose another path", line: 1)
        }
        if keptBytes < bytes.count {
            guard ftruncate(descriptor, off_t(keptBytes)) == 0, fsync(descriptor) == 0 else {
                throw failure("无法截断未写完的最后一行", "cannot truncate the incomplete last line", line: lines.count)
            }
        }
        guard lseek(descriptor, 0, SEEK_END) >= 0 else { throw failure("无法定位到文件末尾", "cannot seek to the end") }
        return (journal, events)
    }

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// Appends `event` as one line and waits until it is on disk (`fsync`).
    public func append(_ event: Event) throws(JournalError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var bytes: [UInt8]
        do {
            bytes = Array(try encoder.encode(event))
        } catch {
            throw JournalError(path: path, line: nil, chinese: "无法编码：\(error)", english: "cannot encode: \(error)")
        }
        bytes.append(UInt8(ascii: "\n"))
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else {
                throw JournalError(path: path, line: nil, chinese: "写入失败：\(String(cString: strerror(errno)))", english: "cannot write: \(String(cString: strerror(errno)))")
            }
            offset += written
        }
        guard fsync(descriptor) == 0 else {
            throw JournalError(path: path, line: nil, chinese: "无法写入磁盘（fsync）：\(String(cString: strerror(errno)))", english: "fsync failed: \(String(cString: strerror(errno)))")
        }
    }
}

/// The exam's journal: the candidate's answers and the session's events.
public typealias ExamJournal = EventJournal<ExamEvent>
