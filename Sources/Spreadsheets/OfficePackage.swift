import Foundation
import ZIPFoundation

/// Office Open XML packages (`.docx`, `.xlsx`): ZIP archives of XML parts, written the same way for both.
public enum OfficePackage {
    public struct Failure: Error, Sendable {
        public var reason: String
    }

    /// The parts zipped (deflate) with a fixed date, so that the same parts give the same bytes.
    public static func zip(_ parts: [(path: String, text: String)]) throws(Failure) -> Data {
        do {
            let archive = try Archive(data: Data(), accessMode: .create)
            let date = Date(timeIntervalSince1970: 315_532_800)  // 1980-01-01, the ZIP epoch
            for (path, text) in parts {
                let data = Data(text.utf8)
                try archive.addEntry(
                    with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: date, compressionMethod: .deflate
                ) { position, size in data.subdata(in: Int(position)..<Int(position) + size) }
            }
            guard let bytes = archive.data else { throw Failure(reason: "the ZIP archive has no data") }
            return bytes
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure(reason: "\(error)")
        }
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
