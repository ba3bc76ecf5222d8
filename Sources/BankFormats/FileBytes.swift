import FileIO
import Glibc
import QuizModel

/// Reading a whole file into one byte array, with no intermediate copy (a `Data` converted to `[UInt8]`
/// would hold the file twice).
public enum FileBytes {
    /// Why a file could not be read.
    public struct ReadError: Error, Equatable, Sendable {
        public var system: SystemError

        public init(system: SystemError) { self.system = system }

        /// The reason in `language`: `文件不存在`.
        public func words(_ language: DisplayLanguage) -> String { system.words(language) }
        /// The reason in English.
        public var reason: String { system.words(.en) }
    }

    /// The bytes of the regular file at `path`.
    public static func read(_ path: String) throws(ReadError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw ReadError(system: .last) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw ReadError(system: .last) }
        guard (status.st_mode & S_IFMT) == S_IFREG else { throw ReadError(system: .notRegularFile) }
        let size = Int(status.st_size)
        var failure: ReadError?
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            var total = 0
            while total < size {
                let count = Glibc.read(descriptor, buffer.baseAddress! + total, size - total)
                if count < 0, errno == EINTR { continue }
                if count < 0 {
                    failure = ReadError(system: .last)
                    break
                }
                if count == 0 { break }  // the file shrank while being read
                total += count
            }
            initialized = total
        }
        if let failure { throw failure }
        return bytes
    }
}
