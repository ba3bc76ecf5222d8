import BankFormats
import Foundation
import QuizModel
import ZIPFoundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Reads the first worksheet of an Excel (or WPS) `.xlsx` workbook into the same table a CSV file gives, so that
/// every table import takes either. Rows and columns keep the sheet's numbers (row 7, column C = 3), so problems
/// point at the cell a person sees. Shared and inline strings, numbers, booleans; numbers either as values (dates
/// as `YYYY-MM-DD`, for registers and answer sheets) or as displayed (`25%`, `2019年3月17日`, `12,345`, for banks
/// whose option texts are what the organizer sees).
public enum XLSXReader {
    /// How a number cell becomes text.
    public enum CellText: Sendable {
        /// The value: integers without a decimal point, dates (by their number format) as `YYYY-MM-DD`, other
        /// numbers as stored.
        case values
        /// What Excel shows under the cell's number format (see `ExcelNumberFormat`).
        case displayed
    }

    /// Why the bytes are not a readable workbook.
    public struct Failure: Error, Equatable, Sendable {
        public var reason: String
    }

    /// Whether `bytes` start like a ZIP archive (as every `.xlsx` does).
    public static func looksLikeWorkbook(_ bytes: some Collection<UInt8>) -> Bool {
        bytes.starts(with: [0x50, 0x4B, 0x03, 0x04])
    }

    public static func table(_ data: Data, cells: CellText = .values) throws(Failure) -> CSVTable {
        if let problem = PackageSafety.zipProblem(in: data) { throw Failure(reason: problem) }
        let archive: Archive
        do {
            archive = try Archive(data: data, accessMode: .read)
        } catch {
            throw Failure(reason: "not a ZIP archive (\(error))")
        }
        func part(_ path: String) throws(Failure) -> Data? {
            guard let entry = archive[path] else { return nil }
            var bytes = Data()
            do {
                _ = try archive.extract(entry, skipCRC32: false) { bytes.append($0) }
            } catch {
                throw Failure(reason: "\(path): \(error)")
            }
            return bytes
        }
        let sheetPath = try firstSheetPath(workbook: part("xl/workbook.xml"), relationships: part("xl/_rels/workbook.xml.rels"))
        guard let sheet = try part(sheetPath) else { throw Failure(reason: "no worksheet (\(sheetPath))") }
        let shared = try part("xl/sharedStrings.xml").map(sharedStrings) ?? []
        let formats = try part("xl/styles.xml").map(styleFormatCodes) ?? []
        let parser = SheetParser(shared: shared, formats: formats, cells: cells)
        try parser.parse(sheet)
        return parser.table()
    }

    /// The first sheet's part, through the workbook's relationships; `xl/worksheets/sheet1.xml` when they say nothing.
    static func firstSheetPath(workbook: Data?, relationships: Data?) throws(Failure) -> String {
        let fallback = "xl/worksheets/sheet1.xml"
        guard let workbook, let relationships else { return fallback }
        let sheets = try elements(named: "sheet", in: workbook)
        guard let id = sheets.first?["r:id"] ?? sheets.first?.first(where: { $0.key.hasSuffix(":id") })?.value else { return fallback }
        guard let target = try elements(named: "Relationship", in: relationships).first(where: { $0["Id"] == id })?["Target"] else {
            return fallback
        }
        return target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
    }

    /// The attributes of every element called `name`.
    static func elements(named name: String, in data: Data) throws(Failure) -> [[String: String]] {
        final class Collector: NSObject, XMLParserDelegate {
            let name: String
            var found: [[String: String]] = []
            init(_ name: String) { self.name = name }
            func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
                if element == name { found.append(attributes) }
            }
        }
        let collector = Collector(name)
        try run(XLSXReader.parser(data), collector, data: data)
        return collector.found
    }

    /// A parser for `data`; a large part is fed through a stream, in chunks: given a whole part over 10 MB at once,
    /// libxml2's push parser stops with an internal error (its lookup limit without XML_PARSE_HUGE).
    public static func parser(_ data: Data) -> XMLParser {
        data.count < 8 << 20 ? XMLParser(data: data) : XMLParser(stream: InputStream(data: data))
    }

    static func run(_ parser: XMLParser, _ delegate: XMLParserDelegate, data: Data) throws(Failure) {
        if let place = PackageSafety.invalidUTF8(inXML: data) {
            throw Failure(reason: "damaged XML at line \(place.line), column \(place.column): bytes that are not UTF-8")
        }
        parser.delegate = delegate
        // swift-corelibs-foundation's parse() can return true after an error: parserError is what tells.
        guard parser.parse(), parser.parserError == nil else {
            throw Failure(reason: "damaged XML at line \(parser.lineNumber): \(parser.parserError.map { "\($0)" } ?? "unknown error")")
        }
    }

    /// The shared strings (`<si>`), rich-text runs joined, phonetic runs (`<rPh>`) left out.
    static func sharedStrings(_ data: Data) throws(Failure) -> [String] {
        final class Collector: NSObject, XMLParserDelegate {
            var strings: [String] = []
            var current = ""
            var inText = false
            var phonetic = 0
            func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
                switch element {
                case "si": current = ""
                case "t": inText = phonetic == 0
                case "rPh": phonetic += 1
                default: break
                }
            }
            func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {
                switch element {
                case "si": strings.append(current)
                case "t": inText = false
                case "rPh": phonetic -= 1
                default: break
                }
            }
            func parser(_ parser: XMLParser, foundCharacters string: String) { if inText { current += string } }
        }
        let collector = Collector()
        try run(XLSXReader.parser(data), collector, data: data)
        return collector.strings
    }

    /// The number format code of each cell style (`cellXfs` index): a custom `numFmt`, else the built-in one.
    static func styleFormatCodes(_ data: Data) throws(Failure) -> [String] {
        final class Collector: NSObject, XMLParserDelegate {
            var customFormats: [Int: String] = [:]
            var cellFormats: [Int] = []
            var inCellXfs = false
            func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
                switch element {
                case "numFmt":
                    if let id = attributes["numFmtId"].flatMap(Int.init), let code = attributes["formatCode"] { customFormats[id] = code }
                case "cellXfs": inCellXfs = true
                case "xf" where inCellXfs: cellFormats.append(attributes["numFmtId"].flatMap(Int.init) ?? 0)
                default: break
                }
            }
            func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {
                if element == "cellXfs" { inCellXfs = false }
            }
        }
        let collector = Collector()
        try run(XLSXReader.parser(data), collector, data: data)
        return collector.cellFormats.map { collector.customFormats[$0] ?? ExcelNumberFormat.builtInCode($0) ?? "General" }
    }

    /// `YYYY-MM-DD` of an Excel serial day (the 1900 date system, with its phantom 29 February 1900).
    public static func date(serial: Double) -> String? {
        guard serial.isFinite, serial >= 1, serial < 2_958_466 else { return nil }
        return ExcelNumberFormat.calendarDate(serialDay: Int(serial.rounded(.down)))?.description
    }
}

/// Streams a worksheet's `<sheetData>` into rows of cells.
private final class SheetParser: NSObject, XMLParserDelegate {
    let shared: [String]
    /// Number format code by style index.
    let formats: [String]
    let dateStyles: Set<Int>
    let cellText: XLSXReader.CellText
    /// Sheet row number → cells by 0-based column.
    var rows: [(number: Int, cells: [Int: String])] = []
    var failure: XLSXReader.Failure?

    var rowNumber = 0
    var cells: [Int: String] = [:]
    var column = 0
    var type = ""
    var style = 0
    var text = ""
    var collecting = false
    var nextColumn = 0

    init(shared: [String], formats: [String], cells: XLSXReader.CellText) {
        self.shared = shared
        self.formats = formats
        self.dateStyles = Set(formats.indices.filter { ExcelNumberFormat.isDate(formats[$0]) })
        self.cellText = cells
    }

    func parse(_ data: Data) throws(XLSXReader.Failure) {
        try XLSXReader.run(XLSXReader.parser(data), self, data: data)
        if let failure { throw failure }
    }

    /// `B12` → 1 (0-based column).
    static func column(of reference: String) -> Int? {
        var value = 0
        var letters = 0
        for byte in reference.utf8 {
            guard byte >= UInt8(ascii: "A"), byte <= UInt8(ascii: "Z") else { break }
            value = value * 26 + Int(byte - UInt8(ascii: "A") + 1)
            letters += 1
        }
        return letters == 0 ? nil : value - 1
    }

    func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
        switch element {
        case "row":
            rowNumber = attributes["r"].flatMap(Int.init) ?? rowNumber + 1
            cells = [:]
            nextColumn = 0
        case "c":
            column = attributes["r"].flatMap(Self.column(of:)) ?? nextColumn
            nextColumn = column + 1
            type = attributes["t"] ?? "n"
            style = attributes["s"].flatMap(Int.init) ?? 0
            text = ""
        case "v", "t":
            collecting = true
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if collecting { text += string }
    }

    func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {
        switch element {
        case "v", "t":
            collecting = false
        case "c":
            cells[column] = value()
        case "row":
            if cells.values.contains(where: { !$0.isEmpty }) { rows.append((rowNumber, cells)) }
        default: break
        }
    }

    func value() -> String {
        switch type {
        case "s":
            guard let index = Int(text), shared.indices.contains(index) else {
                failure = XLSXReader.Failure(reason: "row \(rowNumber): shared string \(text) does not exist")
                return ""
            }
            return shared[index]
        case "b": return text == "1" ? "TRUE" : "FALSE"
        case "inlineStr", "str", "e": return text
        default:
            guard let number = Double(text) else { return text }
            if cellText == .displayed {
                return ExcelNumberFormat.format(number, code: formats.indices.contains(style) ? formats[style] : "General")
            }
            if dateStyles.contains(style), let date = XLSXReader.date(serial: number) { return date }
            if number == number.rounded(), abs(number) < 1e15 { return String(Int64(number)) }
            return text
        }
    }

    /// The rows as a table: each row padded with empty cells up to the header's width (and its own last cell).
    func table() -> CSVTable {
        let width = (rows.first?.cells.keys.max() ?? -1) + 1
        return CSVTable(
            rows: rows.map { row in
                let last = max(width, (row.cells.keys.max() ?? -1) + 1)
                return (0..<last).map { CSVTable.Field(text: row.cells[$0] ?? "", row: row.number, column: $0 + 1) }
            })
    }
}
