import Glibc

/// Reading a whole file into one byte array, with no intermediate copy (a `Data` converted to `[UInt8]`
/// would hold the file twice).
public enum FileBytes {
    /// Why a file could not be read: the C library's message.
    public struct ReadError: Error, Equatable, Sendable {
        public var reason: String
    }

    /// The bytes of the regular file at `path`.
    public static func read(_ path: String) throws(ReadError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw ReadError(reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw ReadError(reason: String(cString: strerror(errno))) }
        guard (status.st_mode & S_IFMT) == S_IFREG else { throw ReadError(reason: "not a regular file") }
        let size = Int(status.st_size)
        var failure: ReadError?
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            var total = 0
            while total < size {
                let count = Glibc.read(descriptor, buffer.baseAddress! + total, size - total)
                if count < 0, errno == EINTR { continue }
                if count < 0 {
                    failure = ReadError(reason: String(cString: strerror(errno)))
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
