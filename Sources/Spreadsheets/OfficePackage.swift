import CDeflate
import Foundation
import ZIPFoundation

/// Office Open XML packages (`.docx`, `.xlsx`): ZIP archives of XML parts, written the same way for both.
public enum OfficePackage {
    public struct Failure: Error, Sendable {
        public var reason: String
    }

    /// The parts zipped (deflate, UTF-8 names) with a fixed date, so that the same parts give the same bytes.
    ///
    /// Written here rather than through ZIPFoundation's `Archive`, which rewrites its central directory after every
    /// entry: a QTI package of 100,000 items took 44 s in memory and 102 s through a file that way. ZIPFoundation
    /// still does the deflating and the CRC-32. More than 65,535 parts get a ZIP64 end record.
    public static func zip(_ parts: [(path: String, text: String)]) throws(Failure) -> Data {
        try zip(data: parts.map { ($0.path, Data($0.text.utf8)) })
    }

    /// The parts, given as bytes, zipped the same way.
    public static func zip(data parts: [(path: String, data: Data)]) throws(Failure) -> Data {
        var writer = ZipWriter()
        for (path, data) in parts {
            do {
                try writer.add(path: path, data: data)
            } catch {
                throw Failure(reason: "\(path): \(error)")
            }
        }
        return try writer.finish()
    }

    /// Text for an XML element or attribute: markup characters escaped, the control characters XML 1.0 forbids
    /// left out.
    public static func escapeXML(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case _ where scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r": continue
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

/// A ZIP archive written front to back in one pass: local headers and deflated data, then the central directory.
struct ZipWriter {
    private var out = Data()
    private var central = Data()
    private var count = 0
    /// 1980-01-01 00:00 in MS-DOS form, the ZIP epoch.
    private let dosDate: UInt16 = (1 << 5) | 1
    private let dosTime: UInt16 = 0

    mutating func add(path: String, data: Data) throws {
        // Parts of a few megabytes (a large worksheet) are deflated at zlib's fastest level, the rest at its default.
        let level: Int32 = data.count > 4 << 20 ? 1 : 6
        let (compressed, crc) = try data.withUnsafeBytes { input -> (Data, UInt32) in
            let source = input.bindMemory(to: UInt8.self)
            let bound = Int(kaoxue_deflate_bound(UInt(source.count)))
            var output = Data(count: bound)
            let written = output.withUnsafeMutableBytes { buffer in
                kaoxue_deflate(source.baseAddress ?? UnsafePointer(bitPattern: 1)!, UInt(source.count), buffer.bindMemory(to: UInt8.self).baseAddress!, UInt(bound), level)
            }
            guard written >= 0 else { throw OfficePackage.Failure(reason: "deflate failed") }
            output.count = written
            return (output, UInt32(truncatingIfNeeded: kaoxue_crc32(source.baseAddress ?? UnsafePointer(bitPattern: 1)!, UInt(source.count))))
        }
        let name = Data(path.utf8)
        guard out.count + compressed.count < Int(UInt32.max) else { throw OfficePackage.Failure(reason: "the archive would exceed 4 GiB") }
        let offset = UInt32(out.count)
        // Local file header.
        append32(&out, 0x0403_4B50)
        append16(&out, 20)  // version needed: deflate
        append16(&out, 0x0800)  // names in UTF-8
        append16(&out, 8)  // deflate
        append16(&out, dosTime)
        append16(&out, dosDate)
        append32(&out, crc)
        append32(&out, UInt32(compressed.count))
        append32(&out, UInt32(data.count))
        append16(&out, UInt16(name.count))
        append16(&out, 0)
        out += name
        out += compressed
        // Central directory entry.
        append32(&central, 0x0201_4B50)
        append16(&central, 20)  // made by: MS-DOS, 2.0
        append16(&central, 20)
        append16(&central, 0x0800)
        append16(&central, 8)
        append16(&central, dosTime)
        append16(&central, dosDate)
        append32(&central, crc)
        append32(&central, UInt32(compressed.count))
        append32(&central, UInt32(data.count))
        append16(&central, UInt16(name.count))
        append16(&central, 0)  // extra
        append16(&central, 0)  // comment
        append16(&central, 0)  // disk
        append16(&central, 0)  // internal attributes
        append32(&central, 0)  // external attributes
        append32(&central, offset)
        central += name
        count += 1
    }

    consuming func finish() throws(OfficePackage.Failure) -> Data {
        let centralOffset = out.count
        guard centralOffset + central.count < Int(UInt32.max) else { throw OfficePackage.Failure(reason: "the archive would exceed 4 GiB") }
        out += central
        if count > 0xFFFF {
            // ZIP64 end of central directory record and its locator: the entry count does not fit in 16 bits.
            let recordOffset = out.count
            append32(&out, 0x0606_4B50)
            append64(&out, 44)
            append16(&out, 45)
            append16(&out, 45)
            append32(&out, 0)
            append32(&out, 0)
            append64(&out, UInt64(count))
            append64(&out, UInt64(count))
            append64(&out, UInt64(central.count))
            append64(&out, UInt64(centralOffset))
            append32(&out, 0x0706_4B50)
            append32(&out, 0)
            append64(&out, UInt64(recordOffset))
            append32(&out, 1)
        }
        append32(&out, 0x0605_4B50)
        append16(&out, 0)
        append16(&out, 0)
        append16(&out, UInt16(min(count, 0xFFFF)))
        append16(&out, UInt16(min(count, 0xFFFF)))
        append32(&out, UInt32(central.count))
        append32(&out, UInt32(centralOffset))
        append16(&out, 0)
        return out
    }

}

/// Little-endian integers appended to ZIP records.
private func append16(_ data: inout Data, _ value: UInt16) { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
private func append32(_ data: inout Data, _ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
private func append64(_ data: inout Data, _ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
