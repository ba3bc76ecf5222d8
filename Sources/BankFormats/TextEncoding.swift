import Foundation
import Glibc

/// The encodings a bank file arrives in. Chinese Excel and Notepad often save GB18030 without a BOM.
public enum TextEncoding: String, Sendable, Codable, CaseIterable {
    case utf8 = "UTF-8"
    /// UTF-8 with a byte-order mark (Notepad's "UTF-8 with BOM").
    case utf8BOM = "UTF-8 (BOM)"
    case utf16LE = "UTF-16LE (BOM)"
    case utf16BE = "UTF-16BE (BOM)"
    /// GB18030, the superset of GBK and GB2312, assumed when the bytes are not valid UTF-8.
    case gb18030 = "GB18030"
}

/// Why a file's bytes could not be turned into text.
public struct TextDecodingError: Error, Equatable, Sendable {
    /// 1-based line and column (in characters) of the first byte that did not decode.
    public var line: Int
    public var column: Int
}

/// Encoding detection and conversion to UTF-8: a BOM is honoured, then strict UTF-8 is tried,
/// then GB18030 (through the C library's iconv).
public enum TextDecoder {
    /// The bytes as UTF-8 (BOM removed) and the encoding they were read in.
    /// - Throws: `TextDecodingError` when the bytes are neither UTF-8 nor GB18030.
    public static func decode(_ bytes: [UInt8]) throws(TextDecodingError) -> (utf8: [UInt8], encoding: TextEncoding) {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            let rest = Array(bytes.dropFirst(3))
            if let bad = firstInvalidUTF8(rest) { throw position(of: bad + 3, in: bytes) }
            return (rest, .utf8BOM)
        }
        if bytes.starts(with: [0xFF, 0xFE]) {
            return (try convert(Array(bytes.dropFirst(2)), from: "UTF-16LE", offset: 2, original: bytes), .utf16LE)
        }
        if bytes.starts(with: [0xFE, 0xFF]) {
            return (try convert(Array(bytes.dropFirst(2)), from: "UTF-16BE", offset: 2, original: bytes), .utf16BE)
        }
        guard let invalid = firstInvalidUTF8(bytes) else { return (bytes, .utf8) }
        do {
            return (try iconv(bytes, from: "GB18030", to: "UTF-8"), .gb18030)
        } catch {
            // Neither encoding fits: point at the first byte that broke UTF-8, the likelier intent.
            throw position(of: invalid, in: bytes)
        }
    }

    /// Text in `encoding` as bytes, for writing files in the encoding a user's tools expect.
    public static func encode(_ text: String, as encoding: TextEncoding) -> [UInt8] {
        let utf8 = Array(text.utf8)
        switch encoding {
        case .utf8: return utf8
        case .utf8BOM: return [0xEF, 0xBB, 0xBF] + utf8
        case .utf16LE: return [0xFF, 0xFE] + ((try? iconv(utf8, from: "UTF-8", to: "UTF-16LE")) ?? [])
        case .utf16BE: return [0xFE, 0xFF] + ((try? iconv(utf8, from: "UTF-8", to: "UTF-16BE")) ?? [])
        case .gb18030: return (try? iconv(utf8, from: "UTF-8", to: "GB18030")) ?? []
        }
    }

    /// Index of the first byte that is not part of well-formed UTF-8, or nil.
    ///
    /// - Complexity: O(n); ASCII runs are skipped eight bytes at a time.
    public static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { firstInvalidUTF8(in: $0) }
    }

    /// The same over bytes in place (a mapped file, `Data`), without copying them.
    public static func firstInvalidUTF8(in buffer: UnsafeBufferPointer<UInt8>) -> Int? {
        do {
            let count = buffer.count
            var i = 0
            while i < count {
                if i + 8 <= count {
                    let word = UnsafeRawPointer(buffer.baseAddress! + i).loadUnaligned(as: UInt64.self)
                    if word & 0x8080_8080_8080_8080 == 0 {
                        i += 8
                        continue
                    }
                }
                let lead = buffer[i]
                if lead < 0x80 {
                    i += 1
                    continue
                }
                let length: Int
                var minSecond: UInt8 = 0x80
                var maxSecond: UInt8 = 0xBF
                switch lead {
                case 0xC2...0xDF: length = 2
                case 0xE0:
                    length = 3
                    minSecond = 0xA0
                case 0xE1...0xEC, 0xEE...0xEF: length = 3
                case 0xED:
                    length = 3
                    maxSecond = 0x9F
                case 0xF0:
                    length = 4
                    minSecond = 0x90
                case 0xF1...0xF3: length = 4
                case 0xF4:
                    length = 4
                    maxSecond = 0x8F
                default: return i
                }
                if i + length > count { return i }
                let second = buffer[i + 1]
                if second < minSecond || second > maxSecond { return i }
                for k in 2..<length where buffer[i + k] & 0xC0 != 0x80 { return i }
                i += length
            }
            return nil
        }
    }

    /// Line and column of byte `offset`; the column counts the characters before it (UTF-8 lead bytes).
    /// The first Unicode noncharacter in UTF-8 `bytes` — U+FFFE, U+FFFF, U+FDD0…U+FDEF and the last two code points
    /// of every plane — as its byte offset and code point, or nil. They are not text (U+FFFE is a byte-order mark
    /// read backwards) and XML cannot carry them: a bank holding one would write Moodle XML, QTI, .xlsx and .docx
    /// files that no program opens, so every reader refuses them.
    ///
    /// - Complexity: O(n); only bytes 0xEF and 0xF0…0xF4 (lead bytes of these code points) are looked at closely.
    public static func firstNoncharacter(_ bytes: [UInt8]) -> (offset: Int, codePoint: UInt32)? {
        bytes.withUnsafeBufferPointer { firstNoncharacter(in: $0) }
    }

    /// The same over bytes in place.
    public static func firstNoncharacter(in buffer: UnsafeBufferPointer<UInt8>) -> (offset: Int, codePoint: UInt32)? {
        let count = buffer.count
        var i = 0
        while i < count {
            let lead = buffer[i]
            if lead == 0xEF, i + 2 < count {
                let second = buffer[i + 1]
                let third = buffer[i + 2]
                // U+FFFE, U+FFFF: EF BF BE/BF; U+FDD0…U+FDEF: EF B7 90…AF.
                if (second == 0xBF && (third == 0xBE || third == 0xBF)) || (second == 0xB7 && (0x90...0xAF).contains(third)) {
                    return (i, (UInt32(lead & 0x0F) << 12) | (UInt32(second & 0x3F) << 6) | UInt32(third & 0x3F))
                }
            } else if lead >= 0xF0, lead <= 0xF4, i + 3 < count {
                // U+nFFFE, U+nFFFF: the low 16 bits all ones but the last.
                let b1 = buffer[i + 1]
                let b2 = buffer[i + 2]
                let b3 = buffer[i + 3]
                if b1 & 0x0F == 0x0F, b2 & 0x3F == 0x3F, b3 & 0x3E == 0x3E {
                    return (i, (UInt32(lead & 0x07) << 18) | (UInt32(b1 & 0x3F) << 12) | (UInt32(b2 & 0x3F) << 6) | UInt32(b3 & 0x3F))
                }
            }
            i += 1
        }
        return nil
    }

    /// The 1-based line and column (in characters) of byte `offset` of UTF-8 `bytes`.
    public static func lineAndColumn(of offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
        let place = position(of: offset, in: bytes)
        return (place.line, place.column)
    }

    private static func position(of offset: Int, in bytes: [UInt8]) -> TextDecodingError {
        var line = 1
        var column = 1
        for byte in bytes[..<offset] {
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return TextDecodingError(line: line, column: column)
    }

    private static func convert(_ bytes: [UInt8], from encoding: String, offset: Int, original: [UInt8])
        throws(TextDecodingError) -> [UInt8]
    {
        do {
            return try iconv(bytes, from: encoding, to: "UTF-8")
        } catch {
            throw position(of: min(error.offset + offset, original.count), in: original)
        }
    }

    struct IconvFailure: Error { var offset: Int }

    /// Converts with the C library's iconv; throws the input offset where conversion stopped.
    static func iconv(_ input: [UInt8], from: String, to: String) throws(IconvFailure) -> [UInt8] {
        let converter = iconv_open(to, from)
        guard converter != iconv_t(bitPattern: -1) else { throw IconvFailure(offset: 0) }
        defer { iconv_close(converter) }
        if input.isEmpty { return [] }
        var output = [UInt8](repeating: 0, count: input.count * 2 + 16)
        var failureOffset: Int?
        var produced = 0
        input.withUnsafeBufferPointer { inBuffer in
            var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutablePointer(mutating: inBuffer.baseAddress!).withMemoryRebound(
                to: CChar.self, capacity: inBuffer.count
            ) { $0 }
            var inLeft = inBuffer.count
            while inLeft > 0 {
                let outCapacity = output.count - produced
                let (result, outLeft): (Int, Int) = output.withUnsafeMutableBufferPointer { outBuffer in
                    var outPointer: UnsafeMutablePointer<CChar>? = (outBuffer.baseAddress! + produced).withMemoryRebound(
                        to: CChar.self, capacity: outCapacity
                    ) { $0 }
                    var outLeft = outCapacity
                    let result = Glibc.iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
                    return (result, outLeft)
                }
                produced += outCapacity - outLeft
                if result == -1 {
                    if errno == E2BIG {
                        output.append(contentsOf: repeatElement(0, count: output.count))
                        continue
                    }
                    failureOffset = inBuffer.count - inLeft
                    return
                }
            }
        }
        if let failureOffset { throw IconvFailure(offset: failureOffset) }
        output.removeSubrange(produced...)
        return output
    }
}

/// How CSV files meant for people are written. Excel on Chinese Windows reads a CSV without a byte-order mark as
/// GBK, so UTF-8 files carry a BOM; `TextDecoder` reads either back.
public enum CSVEncoding: String, Sendable, CaseIterable {
    /// UTF-8 with a byte-order mark, which Excel and WPS need to open UTF-8 CSV correctly.
    case utf8
    /// GB18030, what Chinese Excel saves and older platforms import.
    case gb18030

    /// `text` as the bytes of a file in this encoding.
    public func bytes(_ text: String) -> Data {
        Data(bytes(utf8: Array(text.utf8)))
    }

    /// UTF-8 `utf8` as the bytes of a file in this encoding.
    public func bytes(utf8: [UInt8]) -> [UInt8] {
        switch self {
        case .utf8: return [0xEF, 0xBB, 0xBF] + utf8
        case .gb18030: return (try? TextDecoder.iconv(utf8, from: "UTF-8", to: "GB18030")) ?? []
        }
    }
}
