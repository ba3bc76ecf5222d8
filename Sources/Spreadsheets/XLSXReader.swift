import BankFormats
import Foundation
import QuizModel

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

    /// The first worksheet as a table: each row padded with empty cells up to the header's width.
    public static func table(_ data: Data, cells: CellText = .values) throws(Failure) -> CSVTable {
        var rows: [[CSVTable.Field]] = []
        try forEachTableRow(data, cells: cells) { rows.append($0) }
        return CSVTable(rows: rows)
    }

    /// Streams the first worksheet as `table` reads it, a row at a time (see `forEachRow`).
    public static func forEachTableRow(_ data: Data, cells: CellText = .values, _ body: ([CSVTable.Field]) -> Void) throws(Failure) {
        var width = -1
        try forEachRow(data, cells: cells) { number, row in
            // Each row padded with empty cells up to the header's width (and its own last cell).
            if width < 0 { width = row.last.map { $0.column + 1 } ?? 0 }
            var fields: [CSVTable.Field] = []
            fields.reserveCapacity(max(width, (row.last?.column ?? -1) + 1))
            for (column, text) in row {
                while fields.count < column { fields.append(CSVTable.Field(text: "", row: number, column: fields.count + 1)) }
                fields.append(CSVTable.Field(text: text, row: number, column: column + 1))
            }
            while fields.count < width { fields.append(CSVTable.Field(text: "", row: number, column: fields.count + 1)) }
            body(fields)
        }
    }

    /// Streams the first worksheet: `body` gets each row that has a non-empty cell, with the sheet's row number and
    /// its cells (0-based column, text) in column order. The worksheet is read as it inflates, never whole: memory
    /// holds the workbook, the shared strings and one row, not the sheet's XML (630 MB for 120,000 rows of answers).
    /// Rows already handed to `body` when a problem is found later are the caller's to discard.
    public static func forEachRow(
        _ data: Data, cells: CellText = .values, _ body: (_ row: Int, _ cells: [(column: Int, text: String)]) -> Void
    ) throws(Failure) {
        if let problem = PackageSafety.zipProblem(in: data) { throw Failure(reason: problem) }
        // Read in place, each part through zlib as it inflates.
        let result: Result<Void, Failure> = data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            let directory = ZipEntry.directory(of: bytes)
            func part(_ path: String) throws(Failure) -> Data? {
                guard let entry = directory[path] else { return nil }
                var whole = Data()
                do {
                    try entry.inflate(from: bytes) { chunk in whole.append(contentsOf: chunk) }
                } catch {
                    throw Failure(reason: "\(path): \(error.reason)")
                }
                return whole
            }
            /// Streams a part through a scanner, chunk by chunk as it inflates.
            func stream<Sink: XMLTokenSink>(_ path: String, into sink: Sink) throws(Failure) -> Sink? {
                guard let entry = directory[path] else { return nil }
                var scanner = XMLStreamScanner(sink: sink)
                do {
                    try entry.inflate(from: bytes) { chunk throws(ZipEntry.Failure) in
                        do throws(XMLStreamScanner<Sink>.Failure) {
                            try scanner.feed(chunk)
                        } catch {
                            throw ZipEntry.Failure(reason: error.reason)
                        }
                    }
                    try scanner.finish()
                } catch let error as ZipEntry.Failure {
                    throw Failure(reason: "\(path): \(error.reason)")
                } catch let error as XMLStreamScanner<Sink>.Failure {
                    throw Failure(reason: "\(path): \(error.reason)")
                } catch {
                    throw Failure(reason: "\(path): \(error)")
                }
                return scanner.sink
            }
            do throws(Failure) {
                let sheetPath = try firstSheetPath(workbook: part("xl/workbook.xml"), relationships: part("xl/_rels/workbook.xml.rels"))
                guard directory[sheetPath] != nil else { throw Failure(reason: "no worksheet (\(sheetPath))") }
                let sharedStrings = try stream("xl/sharedStrings.xml", into: SharedStringsSink())
                if let problem = sharedStrings?.problem { throw Failure(reason: "xl/sharedStrings.xml: \(problem)") }
                let formats = try part("xl/styles.xml").map(styleFormatCodes) ?? []
                let values = CellValues(shared: sharedStrings?.strings ?? [], formats: formats, cells: cells)
                // The sink holds `body` only while the sheet streams: what comes back is its problem, not the sink.
                let problem = try withoutActuallyEscaping(body) { body throws(Failure) -> String? in
                    try stream(sheetPath, into: WorksheetSink(values: values, body: body))?.problem
                }
                if let problem { throw Failure(reason: "\(sheetPath): \(problem)") }
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        try result.get()
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

/// How a cell's stored text becomes the text a table gives: shared strings looked up, booleans, dates by their
/// number format, numbers as values or as displayed.
struct CellValues {
    let shared: [String]
    /// Number format code by style index.
    let formats: [String]
    let dateStyles: Set<Int>
    let cellText: XLSXReader.CellText

    init(shared: [String], formats: [String], cells: XLSXReader.CellText) {
        self.shared = shared
        self.formats = formats
        self.dateStyles = Set(formats.indices.filter { ExcelNumberFormat.isDate(formats[$0]) })
        self.cellText = cells
    }

    /// The cell's text, or a problem (a shared string that does not exist).
    func value(type: CellType, style: Int, text: String) -> (text: String, problem: String?) {
        switch type {
        case .shared:
            guard let index = Int(text), shared.indices.contains(index) else { return ("", "shared string \(text) does not exist") }
            return (shared[index], nil)
        case .boolean: return (text == "1" ? "TRUE" : "FALSE", nil)
        case .text: return (text, nil)
        case .number:
            guard let number = Double(text) else { return (text, nil) }
            if cellText == .displayed {
                return (ExcelNumberFormat.format(number, code: formats.indices.contains(style) ? formats[style] : "General"), nil)
            }
            if dateStyles.contains(style), let date = XLSXReader.date(serial: number) { return (date, nil) }
            if number == number.rounded(), abs(number) < 1e15 { return (String(Int64(number)), nil) }
            return (text, nil)
        }
    }

    enum CellType {
        case shared, boolean, text, number

        /// The `t` attribute: `s` shared, `b` boolean, `inlineStr`/`str`/`e` text, else a number.
        init(_ attribute: UnsafeBufferPointer<UInt8>?) {
            guard let attribute, let first = attribute.first else {
                self = .number
                return
            }
            switch first {
            case UInt8(ascii: "s") where attribute.count == 1: self = .shared
            case UInt8(ascii: "b"): self = .boolean
            case UInt8(ascii: "i"), UInt8(ascii: "s"), UInt8(ascii: "e"): self = .text
            default: self = .number
            }
        }
    }
}

/// The shared strings (`<si>`), rich-text runs joined, phonetic runs (`<rPh>`) left out.
struct SharedStringsSink: XMLTokenSink {
    var strings: [String] = []
    var problem: String?
    private var current: [UInt8] = []
    private var inText = false
    private var phonetic = 0

    var wantsText: Bool { inText }

    mutating func start(_ name: UnsafeBufferPointer<UInt8>, attributes: UnsafeBufferPointer<UInt8>, empty: Bool) {
        if name.elementsEqual("si".utf8) {
            current.removeAll(keepingCapacity: true)
        } else if name.elementsEqual("t".utf8) {
            inText = phonetic == 0
        } else if name.elementsEqual("rPh".utf8) {
            phonetic += 1
        }
    }

    mutating func end(_ name: UnsafeBufferPointer<UInt8>) {
        if name.elementsEqual("si".utf8) {
            strings.append(String(decoding: current, as: UTF8.self))
        } else if name.elementsEqual("t".utf8) {
            inText = false
        } else if name.elementsEqual("rPh".utf8) {
            phonetic -= 1
        }
    }

    mutating func text(_ bytes: UnsafeBufferPointer<UInt8>, raw: Bool) {
        if !XMLStreamScanner<Self>.appendText(bytes, raw: raw, to: &current), problem == nil { problem = "an entity XML does not define in a shared string" }
    }
}

/// A worksheet's `<sheetData>`, a row at a time: each cell's column (from its reference, or the next one), type,
/// style and text (`<v>`, or the `<t>` runs of an inline string, phonetic runs left out).
struct WorksheetSink: XMLTokenSink {
    let values: CellValues
    let body: (Int, [(column: Int, text: String)]) -> Void
    var problem: String?

    private var rowNumber = 0
    private var cells: [(column: Int, text: String)] = []
    private var column = 0
    private var nextColumn = 0
    private var type = CellValues.CellType.number
    private var style = 0
    private var text: [UInt8] = []
    private var collecting = false
    private var phonetic = 0

    init(values: CellValues, body: @escaping (Int, [(column: Int, text: String)]) -> Void) {
        self.values = values
        self.body = body
    }

    var wantsText: Bool { collecting }

    /// `B12` → 1 (0-based column).
    static func column(of reference: UnsafeBufferPointer<UInt8>) -> Int? {
        var value = 0
        var letters = 0
        for byte in reference {
            guard byte >= UInt8(ascii: "A"), byte <= UInt8(ascii: "Z"), letters < 4 else { break }
            value = value * 26 + Int(byte - UInt8(ascii: "A") + 1)
            letters += 1
        }
        return letters == 0 ? nil : value - 1
    }

    static func integer(_ bytes: UnsafeBufferPointer<UInt8>?) -> Int? {
        guard let bytes, !bytes.isEmpty, bytes.count <= 9 else { return nil }
        var value = 0
        for byte in bytes {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    mutating func start(_ name: UnsafeBufferPointer<UInt8>, attributes: UnsafeBufferPointer<UInt8>, empty: Bool) {
        switch name.count {
        case 1 where name[0] == UInt8(ascii: "c"):
            // r, s and t read in one pass over the attributes.
            var reference: Int? = nil
            var cellType = CellValues.CellType.number
            var cellStyle = 0
            XMLStreamScanner<Self>.forEachAttribute(in: attributes) { key, value in
                guard key.count == 1 else { return }
                switch key[0] {
                case UInt8(ascii: "r"): reference = Self.column(of: value)
                case UInt8(ascii: "t"): cellType = CellValues.CellType(value)
                case UInt8(ascii: "s"): cellStyle = Self.integer(value) ?? 0
                default: break
                }
            }
            column = reference ?? nextColumn
            nextColumn = column + 1
            type = cellType
            style = cellStyle
            text.removeAll(keepingCapacity: true)
        case 1 where name[0] == UInt8(ascii: "v"), 1 where name[0] == UInt8(ascii: "t"):
            collecting = phonetic == 0
        case 3 where name.elementsEqual("row".utf8):
            rowNumber = Self.integer(XMLStreamScanner<Self>.attribute("r", in: attributes)) ?? rowNumber + 1
            cells.removeAll(keepingCapacity: true)
            nextColumn = 0
        case 3 where name.elementsEqual("rPh".utf8):
            phonetic += 1
        default: break
        }
    }

    mutating func end(_ name: UnsafeBufferPointer<UInt8>) {
        switch name.count {
        case 1 where name[0] == UInt8(ascii: "v"), 1 where name[0] == UInt8(ascii: "t"):
            collecting = false
        case 1 where name[0] == UInt8(ascii: "c"):
            let made = values.value(type: type, style: style, text: String(decoding: text, as: UTF8.self))
            if let problem = made.problem, self.problem == nil { self.problem = "row \(rowNumber): \(problem)" }
            // Cells come in column order; a writer that repeats one has its last value.
            if let last = cells.last, last.column >= column {
                cells.removeAll { $0.column == column }
                cells.append((column, made.text))
                cells.sort { $0.column < $1.column }
            } else {
                cells.append((column, made.text))
            }
        case 3 where name.elementsEqual("row".utf8):
            if cells.contains(where: { !$0.text.isEmpty }) { body(rowNumber, cells) }
        case 3 where name.elementsEqual("rPh".utf8):
            phonetic -= 1
        default: break
        }
    }

    mutating func text(_ bytes: UnsafeBufferPointer<UInt8>, raw: Bool) {
        if !XMLStreamScanner<Self>.appendText(bytes, raw: raw, to: &text), problem == nil { problem = "row \(rowNumber): an entity XML does not define" }
    }
}
