import Foundation

/// Writes workbooks of plain tables (a bold header row, text and numbers) that Excel, WPS and LibreOffice open:
/// for reports people sort and filter. The same sheets give the same bytes.
public enum XLSXWriter {
    public struct Sheet: Sendable {
        public var name: String
        public var rows: [[String]]

        public init(name: String, rows: [[String]]) {
            self.name = name
            self.rows = rows
        }
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
            ("xl/styles.xml", styles),
        ]
        for (index, sheet) in sheets.enumerated() { parts.append(("xl/worksheets/sheet\(index + 1).xml", worksheet(sheet))) }
        do {
            return try OfficePackage.zip(parts)
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

    static func worksheet(_ sheet: Sheet) -> String {
        var xml = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
            + #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#
        for (rowIndex, row) in sheet.rows.enumerated() {
            xml += "<row r=\"\(rowIndex + 1)\">"
            for (columnIndex, cell) in row.enumerated() where !cell.isEmpty {
                let reference = "\(columnName(columnIndex))\(rowIndex + 1)"
                let style = rowIndex == 0 ? " s=\"1\"" : ""
                if rowIndex > 0, isNumber(cell) {
                    xml += "<c r=\"\(reference)\"\(style)><v>\(cell)</v></c>"
                } else {
                    xml += "<c r=\"\(reference)\"\(style) t=\"inlineStr\"><is><t xml:space=\"preserve\">\(escape(cell))</t></is></c>"
                }
            }
            xml += "</row>"
        }
        return xml + "</sheetData></worksheet>"
    }

    /// Plain decimal numbers become numeric cells; ids with leading zeros (`007`), signs and exponents stay text.
    static func isNumber(_ cell: String) -> Bool {
        guard let number = Double(cell), number.isFinite else { return false }
        let digits = cell.hasPrefix("-") ? cell.dropFirst() : Substring(cell)
        guard digits.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }), !digits.isEmpty else { return false }
        return !(digits.count > 1 && digits.hasPrefix("0") && !digits.hasPrefix("0."))
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

    static let styles = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        + #"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="2"><font><sz val="11"/><name val="等线"/></font><font><b/><sz val="11"/><name val="等线"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"#
}
