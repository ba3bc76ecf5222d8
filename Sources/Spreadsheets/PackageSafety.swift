import BankFormats
import CDeflate
import Foundation

/// Checks made on bytes before Foundation's XMLParser or ZIPFoundation sees them: both trap (stop the process)
/// on some malformed input instead of reporting it — XMLParser on invalid UTF-8 in an element name, attribute
/// or comment; ZIPFoundation on a central directory that points past the end of the file.
public enum PackageSafety {
    /// Where the first byte that is not UTF-8 is, as a 1-based line and column (in bytes), for XML that declares
    /// no encoding or UTF-8 (libxml2 converts other declared encodings itself); nil when all of it is UTF-8.
    public static func invalidUTF8(inXML data: Data) -> (line: Int, column: Int)? {
        if data.starts(with: [0xFE, 0xFF]) || data.starts(with: [0xFF, 0xFE]) { return nil }  // UTF-16, converted by libxml2
        let head = String(decoding: data.prefix(200), as: UTF8.self).lowercased()
        if head.hasPrefix("<?xml"), let end = head.range(of: "?>"),
            let declared = head[..<end.lowerBound].range(of: "encoding="),
            !head[declared.upperBound...].dropFirst().hasPrefix("utf-8")
        {
            return nil
        }
        let found = data.withUnsafeBytes { raw in TextDecoder.firstInvalidUTF8(in: raw.bindMemory(to: UInt8.self)) }
        guard let offset = found else { return nil }
        let bytes = [UInt8](data.prefix(offset))
        var line = 1
        var lineStart = 0
        for index in 0..<offset where bytes[index] == 0x0A {
            line += 1
            lineStart = index + 1
        }
        return (line, offset - lineStart + 1)
    }

    /// What is wrong with a ZIP archive's directory, checked before ZIPFoundation reads it: the end record, the
    /// central directory within the file, each entry's local header and data within the file, no name twice (a
    /// duplicated `xl/worksheets/sheet1.xml` would be read as one thing by kaoxue and another by Excel), and no
    /// entry inflating beyond `inflatedLimit` bytes or more than `ratioLimit` times its compressed size. Nil when
    /// the directory is sound.
    public static func zipProblem(in data: Data, inflatedLimit: Int = 1 << 30, ratioLimit: Int = 1000) -> String? {
        // Read in place: a workbook is tens of megabytes, and this runs before every one is opened.
        data.withUnsafeBytes { raw in zipProblem(in: raw.bindMemory(to: UInt8.self), inflatedLimit: inflatedLimit, ratioLimit: ratioLimit) }
    }

    static func zipProblem(in bytes: UnsafeBufferPointer<UInt8>, inflatedLimit: Int, ratioLimit: Int) -> String? {
        let count = bytes.count
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
        guard count >= 22 else { return "the file is too short to be a ZIP archive" }
        // The end of central directory record: 22 bytes plus a comment of up to 65,535 bytes, from the end.
        var end = -1
        for at in stride(from: count - 22, through: max(0, count - 22 - 65_535), by: -1)
        where bytes[at] == 0x50 && bytes[at + 1] == 0x4B && bytes[at + 2] == 0x05 && bytes[at + 3] == 0x06 {
            end = at
            break
        }
        guard end >= 0 else { return "no end of central directory record (the file is cut short or not a ZIP archive)" }
        let entries = u16(end + 10), size = u32(end + 12), start = u32(end + 16)
        if entries == 0xFFFF || size == 0xFFFF_FFFF || start == 0xFFFF_FFFF { return "a ZIP64 archive (over 4 GB or 65,535 entries): not read" }
        guard start + size <= end else { return "the central directory (offset \(start), \(size) bytes) lies beyond the end of the file" }
        var at = start
        var names = Set<String>()
        var inflated = 0
        for index in 0..<entries {
            guard at + 46 <= start + size, u32(at) == 0x0201_4B50 else { return "central directory entry \(index + 1) is damaged" }
            let compressed = u32(at + 20), uncompressed = u32(at + 24)
            let nameLength = u16(at + 28), extraLength = u16(at + 30), commentLength = u16(at + 32)
            let local = u32(at + 42)
            guard at + 46 + nameLength <= start + size else { return "central directory entry \(index + 1) is damaged" }
            let name = String(decoding: bytes[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self)
            guard names.insert(name).inserted else { return "the entry \(name) appears twice" }
            guard local + 30 <= count, u32(local) == 0x0403_4B50 else { return "the entry \(name) points outside the file" }
            let dataStart = local + 30 + u16(local + 26) + u16(local + 28)
            guard dataStart + compressed <= count else { return "the entry \(name) runs past the end of the file" }
            if uncompressed > max(compressed, 1) * ratioLimit { return "the entry \(name) would inflate \(uncompressed / max(compressed, 1)) times (a ZIP bomb?)" }
            inflated += uncompressed
            if inflated > inflatedLimit { return "the entries inflate to more than \(inflatedLimit >> 20) MB" }
            at += 46 + nameLength + extraLength + commentLength
        }
        return nil
    }
}

/// A deflated or stored entry of a ZIP archive in memory, read straight through zlib a chunk at a time: the large
/// worksheet of a workbook is never whole in memory. Used after `PackageSafety.zipProblem` found the directory
/// sound.
struct ZipEntry {
    var method: Int
    var crc: UInt32
    var compressed: Int
    var uncompressed: Int
    var dataStart: Int

    struct Failure: Error {
        var reason: String
    }

    /// The entries of the archive `bytes`, by name.
    static func directory(of bytes: UnsafeBufferPointer<UInt8>) -> [String: ZipEntry] {
        let count = bytes.count
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
        guard count >= 22 else { return [:] }
        var end = -1
        for at in stride(from: count - 22, through: max(0, count - 22 - 65_535), by: -1)
        where bytes[at] == 0x50 && bytes[at + 1] == 0x4B && bytes[at + 2] == 0x05 && bytes[at + 3] == 0x06 {
            end = at
            break
        }
        guard end >= 0 else { return [:] }
        let entries = u16(end + 10), start = u32(end + 16)
        var at = start
        var found: [String: ZipEntry] = [:]
        for _ in 0..<entries {
            guard at + 46 <= count, u32(at) == 0x0201_4B50 else { break }
            let nameLength = u16(at + 28), extraLength = u16(at + 30), commentLength = u16(at + 32)
            guard at + 46 + nameLength <= count else { break }
            let name = String(decoding: bytes[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self)
            let local = u32(at + 42)
            guard local + 30 <= count else { break }
            found[name] = ZipEntry(
                method: u16(at + 10), crc: UInt32(u32(at + 16)), compressed: u32(at + 20), uncompressed: u32(at + 24),
                dataStart: local + 30 + u16(local + 26) + u16(local + 28))
            at += 46 + nameLength + extraLength + commentLength
        }
        return found
    }

    /// Inflates the entry out of `bytes` into chunks of up to `chunkSize` bytes handed to `body`, checking its
    /// size and CRC-32; a damaged stream is a failure, never a trap.
    func inflate(from bytes: UnsafeBufferPointer<UInt8>, chunkSize: Int = 1 << 20, _ body: (UnsafeRawBufferPointer) throws(Failure) -> Void) throws(Failure) {
        guard dataStart + compressed <= bytes.count, let base = bytes.baseAddress else { throw Failure(reason: "the entry runs past the end of the file") }
        var crc: UInt = 0
        var total = 0
        if method == 0 {
            var at = 0
            while at < compressed {
                let run = min(chunkSize, compressed - at)
                crc = kaoxue_crc32_update(crc, base + dataStart + at, UInt(run))
                try body(UnsafeRawBufferPointer(start: base + dataStart + at, count: run))
                at += run
            }
            total = compressed
        } else if method == 8 {
            var stream = z_stream()
            guard kaoxue_inflate_init(&stream) == Z_OK else { throw Failure(reason: "zlib could not start") }
            defer { inflateEnd(&stream) }
            let output = UnsafeMutablePointer<UInt8>.allocate(capacity: chunkSize)
            defer { output.deallocate() }
            stream.next_in = UnsafeMutablePointer(mutating: base + dataStart)
            stream.avail_in = UInt32(compressed)
            var status = Z_OK
            repeat {
                stream.next_out = output
                stream.avail_out = UInt32(chunkSize)
                status = zlibInflate(&stream, Z_NO_FLUSH)
                guard status == Z_OK || status == Z_STREAM_END else {
                    throw Failure(reason: "the compressed data is damaged (zlib \(status))")
                }
                let made = chunkSize - Int(stream.avail_out)
                guard made > 0 || status == Z_STREAM_END else { throw Failure(reason: "the compressed data is cut short") }
                total += made
                if total > uncompressed { throw Failure(reason: "the entry inflates beyond its recorded size") }
                crc = kaoxue_crc32_update(crc, output, UInt(made))
                try body(UnsafeRawBufferPointer(start: output, count: made))
            } while status != Z_STREAM_END
        } else {
            throw Failure(reason: "compression method \(method) is not read")
        }
        guard total == uncompressed else { throw Failure(reason: "the entry inflates to \(total) bytes, not the \(uncompressed) recorded") }
        guard UInt32(truncatingIfNeeded: crc) == self.crc else { throw Failure(reason: "the entry's CRC-32 does not match (damaged data)") }
    }
}

/// zlib's `inflate`, named apart from `ZipEntry.inflate`.
@inline(__always)
private func zlibInflate(_ stream: UnsafeMutablePointer<z_stream>, _ flush: Int32) -> Int32 { CDeflate.inflate(stream, flush) }
