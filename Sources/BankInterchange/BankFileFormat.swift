import Foundation

/// The bank formats `kaoxue bank convert` reads and writes.
public enum BankFileFormat: String, Sendable, CaseIterable {
    /// The native text template (DOMAIN.md).
    case kaoxue
    /// Moodle's GIFT.
    case gift
    /// Moodle's Aiken (single choice only).
    case aiken
    /// Moodle's XML question format.
    case moodleXML = "moodle-xml"
    /// An IMS QTI 2.1 content package (a ZIP with `imsmanifest.xml`).
    case qti
    /// One question per row of the first sheet of an Excel workbook.
    case xlsx
    /// One question per row, UTF-8 (written with a BOM) or GB18030.
    case csv
    /// A Word/WPS document holding the text template (read only).
    case docx
    /// The canonical machine format (docs/bank-json.md).
    case json

    /// The name used in messages.
    public var displayName: String {
        switch self {
        case .kaoxue: "kaoxue"
        case .gift: "GIFT"
        case .aiken: "Aiken"
        case .moodleXML: "Moodle XML"
        case .qti: "QTI 2.1"
        case .xlsx: "Excel"
        case .csv: "CSV"
        case .docx: "Word"
        case .json: "JSON"
        }
    }

    public var canWrite: Bool { self != .docx }

    /// Whether the output is binary (a ZIP package): never written to standard output.
    public var isBinary: Bool { self == .xlsx || self == .qti || self == .docx }

    /// The extension written by default.
    public var fileExtension: String {
        switch self {
        case .kaoxue: "txt"
        case .gift: "gift"
        case .aiken: "txt"
        case .moodleXML: "xml"
        case .qti: "zip"
        case .xlsx: "xlsx"
        case .csv: "csv"
        case .docx: "docx"
        case .json: "json"
        }
    }

    /// The format of a file, from its extension and, where the extension is shared (`.txt`, `.zip`, `.xml`), its
    /// content; nil when neither tells.
    public static func detect(path: String, bytes: [UInt8]) -> BankFileFormat? {
        let ext = (path as NSString).pathExtension.lowercased()
        switch ext {
        case "gift": return .gift
        case "aiken": return .aiken
        case "xlsx": return .xlsx
        case "csv": return .csv
        case "docx": return .docx
        case "json": return .json
        case "xml": return .moodleXML
        case "zip": return .qti
        default: break
        }
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            // Office packages and QTI packages are all ZIPs: the part names tell them apart.
            let names = String(decoding: bytes.prefix(1 << 16), as: UTF8.self)
            if names.contains("word/document.xml") { return .docx }
            if names.contains("xl/workbook.xml") || names.contains("xl/worksheets") { return .xlsx }
            if names.contains("imsmanifest.xml") { return .qti }
            return nil
        }
        let head = String(decoding: bytes.prefix(1 << 16), as: UTF8.self)
        let trimmed = head.drop { $0.isWhitespace || $0 == "\u{FEFF}" }
        if trimmed.hasPrefix("<?xml") || trimmed.hasPrefix("<quiz") { return .moodleXML }
        if trimmed.hasPrefix("{") { return .json }
        if AikenFormat.looksLikeAiken(head) { return .aiken }
        if GIFTFormat.looksLikeGIFT(head) { return .gift }
        return ext == "txt" || ext == "md" || ext.isEmpty ? .kaoxue : nil
    }

    /// The format named on the command line (`moodle-xml`, `moodlexml`, `xml`, `qti21` also accepted).
    public init?(name: String) {
        let lowered = name.lowercased()
        if let format = BankFileFormat(rawValue: lowered) {
            self = format
            return
        }
        switch lowered {
        case "native", "text", "txt": self = .kaoxue
        case "moodlexml", "moodle", "xml": self = .moodleXML
        case "qti21", "qti2", "ims-qti": self = .qti
        case "excel", "xls": self = .xlsx
        case "word": self = .docx
        default: return nil
        }
    }
}
