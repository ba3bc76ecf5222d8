import Foundation

/// Writes workbooks of plain tables that Excel, WPS and LibreOffice open: a bold header row that stays in view
/// while scrolling, a filter on it, columns as wide as their contents, and numbers as number cells with the format
/// each column asks for. For reports people sort and filter. The same sheets give the same bytes.
public enum XLSXWriter {
    /// How a column's cells are written. Cells that do not read as numbers are always text.
    public enum ColumnFormat: Hashable, Sendable {
        /// Numbers as numbers (ids with leading zeros, signs and exponents stay text), shown as Excel's General.
        case general
        /// Always text (ids such as 考号 `20260001`, which must not become numbers).
        case text
        /// Numbers shown with this many decimals (`0.00`).
        case decimals(Int)
        /// A fraction shown as a percentage with this many decimals (0.6154 → `61.54%`).
        case percent(Int)

        /// Excel's number format code, or nil for General.
        var code: String? {
            switch self {
            case .general, .text: return nil
            case .decimals(let digits): return digits <= 0 ? "0" : "0." + String(repeating: "0", count: digits)
            case .percent(let digits): return (digits <= 0 ? "0" : "0." + String(repeating: "0", count: digits)) + "%"
            }
        }
    }

    public struct Sheet: Sendable {
        public var name: String
        /// The header row first.
        public var rows: [[String]]
        /// Each column's format, by position; columns past the end are `.general`.
        public var formats: [ColumnFormat]

        public init(name: String, rows: [[String]], formats: [ColumnFormat] = []) {
            self.name = name
            self.rows = rows
            self.formats = formats
        }

        func format(_ column: Int) -> ColumnFormat { column < formats.count ? formats[column] : .general }
    }

    public struct Failure: Error, Sendable {
        public var reason: String
    }

    /// The workbook; cells that read as numbers are written as numbers, the first row of each sheet in bold.
    public static func workbook(_ sheets: [Sheet]) throws(Failure) -> Data {
        var parts: [(String, String)] = [
            ("[Content_Types].xml", contentTypes(sheets.count)),
            ("_rels/.rels", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
                """),
            ("xl/workbook.xml", workbookPart(sheets)),
            ("xl/_rels/workbook.xml.rels", workbookRelationships(sheets.count)),
        ]
        let styles = Styles(sheets)
        parts.append(("xl/styles.xml", styles.xml))
        var data = parts.map { (path: $0.0, data: Data($0.1.utf8)) }
        for (index, sheet) in sheets.enumerated() { data.append((path: "xl/worksheets/sheet\(index + 1).xml", data: Data(worksheet(sheet, styles: styles)))) }
        do {
            return try OfficePackage.zip(data: data)
        } catch {
            throw Failure(reason: error.reason)
        }
    }

    static func escape(_ text: String) -> String { OfficePackage.escapeXML(text) }

    /// `0` → `A`, `27` → `AB`.
    public static func columnName(_ index: Int) -> String {
        var index = index + 1
        var name = ""
        while index > 0 {
            let remainder = (index - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + remainder))) + name
            index = (index - 1) / 26
        }
        return name
    }

    /// The worksheet's XML, built as bytes (a 100,000-row sheet is millions of cells).
    static func worksheet(_ sheet: Sheet, styles: Styles) -> [UInt8] {
        let columns = sheet.rows.map(\.count).max() ?? 0
        var xml: [UInt8] = []
        xml.reserveCapacity(sheet.rows.count * columns * 40 + 1024)
        func put(_ text: StaticString) { xml.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)) }
        func put(number: Int) { xml.append(contentsOf: String(number).utf8) }
        put(#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#)
        put("\n")
        put(#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#)
        if sheet.rows.count > 1 {
            put(#"<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>"#)
        }
        let letters = (0..<columns).map { Array(columnName($0).utf8) }
        if columns > 0 {
            // Wide enough for the widest cell (CJK counts two), the header included; at most 60 characters.
            var widest = Array(repeating: 0, count: columns)
            for row in sheet.rows {
                for (column, cell) in row.enumerated() { widest[column] = max(widest[column], displayWidth(cell)) }
            }
            put("<cols>")
            for column in 0..<columns {
                put("<col min=\"")
                put(number: column + 1)
                put("\" max=\"")
                put(number: column + 1)
                put("\" width=\"")
                put(number: min(60, max(6, widest[column] + 2)))
                put("\" customWidth=\"1\"/>")
            }
            put("</cols>")
        }
        let numberStyles = (0..<columns).map { column -> [UInt8]? in
            let format = sheet.format(column)
            guard format != .text else { return nil }
            let style = styles.index(of: format)
            return style == 0 ? [] : Array(" s=\"\(style)\"".utf8)
        }
        put("<sheetData>")
        for (rowIndex, row) in sheet.rows.enumerated() {
            let rowNumber = Array(String(rowIndex + 1).utf8)
            put("<row r=\"")
            xml.append(contentsOf: rowNumber)
            put("\">")
            for (columnIndex, cell) in row.enumerated() where !cell.isEmpty {
                put("<c r=\"")
                xml.append(contentsOf: letters[columnIndex])
                xml.append(contentsOf: rowNumber)
                put("\"")
                var text = cell
                text.withUTF8 { bytes in
                    if rowIndex > 0, let style = numberStyles[columnIndex], isNumber(bytes) {
                        xml.append(contentsOf: style)
                        put("><v>")
                        xml.append(contentsOf: bytes)
                        put("</v></c>")
                    } else {
                        if rowIndex == 0 { put(" s=\"1\"") }
                        put(" t=\"inlineStr\"><is><t xml:space=\"preserve\">")
                        appendEscaped(bytes, to: &xml)
                        put("</t></is></c>")
                    }
                }
            }
            put("</row>")
        }
        put("</sheetData>")
        if sheet.rows.count > 1, columns > 0 {
            put("<autoFilter ref=\"A1:")
            xml.append(contentsOf: letters[columns - 1])
            put(number: sheet.rows.count)
            put("\"/>")
        }
        put("</worksheet>")
        return xml
    }

    /// UTF-8 text as XML character data: markup characters escaped, the control characters XML 1.0 forbids left out.
    static func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>, to xml: inout [UInt8]) {
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "&"): xml.append(contentsOf: [0x26, 0x61, 0x6D, 0x70, 0x3B])  // &amp;
            case UInt8(ascii: "<"): xml.append(contentsOf: [0x26, 0x6C, 0x74, 0x3B])  // &lt;
            case UInt8(ascii: ">"): xml.append(contentsOf: [0x26, 0x67, 0x74, 0x3B])  // &gt;
            case UInt8(ascii: "\""): xml.append(contentsOf: [0x26, 0x71, 0x75, 0x6F, 0x74, 0x3B])  // &quot;
            case 0x09, 0x0A, 0x0D: xml.append(byte)
            case ..<0x20: continue
            default: xml.append(byte)
            }
        }
    }

    /// Columns a cell takes on screen: two for East Asian wide characters, one otherwise.
    static func displayWidth(_ text: String) -> Int {
        var width = 0
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x1100 {
                width += 1
                continue
            }
            let wide = (0x1100...0x115F).contains(value) || (0x2E80...0xA4CF).contains(value) || (0xAC00...0xD7A3).contains(value)
                || (0xF900...0xFAFF).contains(value) || (0xFE30...0xFE4F).contains(value) || (0xFF00...0xFF60).contains(value)
                || (0xFFE0...0xFFE6).contains(value) || (0x20000...0x3FFFD).contains(value)
            width += wide ? 2 : 1
        }
        return width
    }

    /// Plain decimal numbers become numeric cells; ids with leading zeros (`007`), signs other than a leading minus,
    /// exponents, and anything else stay text.
    static func isNumber(_ cell: String) -> Bool {
        var text = cell
        return text.withUTF8 { isNumber($0) }
    }

    static func isNumber(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var digits = bytes[...]
        if digits.first == UInt8(ascii: "-") { digits = digits.dropFirst() }
        var dots = 0
        var count = 0
        for byte in digits {
            if byte == UInt8(ascii: ".") {
                dots += 1
            } else if byte >= 0x30, byte <= 0x39 {
                count += 1
            } else {
                return false
            }
        }
        guard count > 0, dots <= 1 else { return false }
        // 007 stays text; 0 and 0.5 are numbers.
        return !(digits.count > 1 && digits.first == 0x30 && digits[digits.startIndex + 1] != UInt8(ascii: "."))
    }

    static func contentTypes(_ count: Int) -> String {
        let sheets = (1...max(count, 1)).map {
            #"<Override PartName="/xl/worksheets/sheet\#($0).xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
        }.joined()
        return #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
            + #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#
            + sheets + "</Types>"
    }

    static func workbookPart(_ sheets: [Sheet]) -> String {
        let entries = sheets.enumerated().map { index, sheet in
            // Sheet names: at most 31 characters, none of []:*?/\ .
            let name = String(sheet.name.filter { !"[]:*?/\\".contains($0) }.prefix(31))
            return "<sheet name=\"\(escape(name.isEmpty ? "Sheet\(index + 1)" : name))\" sheetId=\"\(index + 1)\" r:id=\"rId\(index + 1)\"/>"
        }.joined()
        return #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
            + #"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>"#
            + entries + "</sheets></workbook>"
    }

    static func workbookRelationships(_ count: Int) -> String {
        let sheets = (0..<count).map {
            #"<Relationship Id="rId\#($0 + 1)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet\#($0 + 1).xml"/>"#
        }.joined()
        return #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
            + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"# + sheets
            + #"<Relationship Id="rId\#(count + 1)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#
    }

    /// The cell styles of a workbook: 0 plain, 1 the bold header, then one per number format its columns use.
    struct Styles {
        var formats: [ColumnFormat] = []

        init(_ sheets: [Sheet]) {
            for format in sheets.flatMap(\.formats) where format.code != nil && !formats.contains(format) { formats.append(format) }
        }

        /// The style index of a number cell of `format`.
        func index(of format: ColumnFormat) -> Int {
            formats.firstIndex(of: format).map { $0 + 2 } ?? 0
        }

        var xml: String {
            let numberFormats = formats.enumerated().map { index, format in
                "<numFmt numFmtId=\"\(164 + index)\" formatCode=\"\(escape(format.code!))\"/>"
            }.joined()
            let numberStyles = formats.indices.map { index in
                "<xf numFmtId=\"\(164 + index)\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
            }.joined()
            return #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
                + #"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#
                + (formats.isEmpty ? "" : "<numFmts count=\"\(formats.count)\">\(numberFormats)</numFmts>")
                + #"<fonts count="2"><font><sz val="11"/><name val="等线"/></font><font><b/><sz val="11"/><name val="等线"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#
                + "<cellXfs count=\"\(2 + formats.count)\">"
                + #"<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>"#
                + numberStyles + #"</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"#
        }
    }
}
