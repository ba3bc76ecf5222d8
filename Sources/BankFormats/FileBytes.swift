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

    /// The bytes of the regular file at `path`, at most `maximumBytes` of them (a larger file is refused).
    public static func read(_ path: String, maximumBytes: Int = InputFile.maximumWholeBytes) throws(ReadError) -> [UInt8] {
        let opened: (descriptor: Int32, size: Int)
        do {
            opened = try InputFile.open(path, maximumBytes: maximumBytes)
        } catch {
            throw ReadError(system: error)
        }
        let (descriptor, size) = opened
        defer { close(descriptor) }
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
