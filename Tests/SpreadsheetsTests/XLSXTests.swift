import BankFormats
import Foundation
import Testing
import ZIPFoundation

@testable import Spreadsheets

@Suite("Excel workbooks")
struct XLSXTests {
    @Test func writtenWorkbooksReadBack() throws {
        let rows = [
            ["编号", "姓名", "学时", "备注"],
            ["007", "王明", "12.5", "<a & \"b\">"],
            ["P2", "", "-3", ""],
        ]
        let data = try XLSXWriter.workbook([.init(name: "个人/报表", rows: rows), .init(name: "第二页", rows: [["x"]])])
        #expect(try XLSXWriter.workbook([.init(name: "个人/报表", rows: rows)]) == XLSXWriter.workbook([.init(name: "个人/报表", rows: rows)]))
        let table = try XLSXReader.table(data)
        // The first sheet only; the empty name cell comes back empty; leading-zero ids stay text.
        #expect(table.rows.map { $0.map(\.text) } == [rows[0], rows[1], ["P2", "", "-3", ""]])
        #expect(table.rows[2].map(\.row) == [3, 3, 3, 3])
        let plain = XLSXWriter.Sheet(name: "s", rows: [["h"], ["007"], ["12.5"]])
        #expect(String(decoding: XLSXWriter.worksheet(plain, styles: .init([plain])), as: UTF8.self).contains("<c r=\"A3\"><v>12.5</v></c>"))
        #expect(["12", "0", "0.5", "-3", "12.50", ".5"].allSatisfy(XLSXWriter.isNumber))
        #expect(!["007", "1.2.3", "+1", "1e5", "-", ".", "61.54%", "20*", " 1", ""].contains(where: XLSXWriter.isNumber))
        #expect(XLSXWriter.columnName(0) == "A" && XLSXWriter.columnName(25) == "Z" && XLSXWriter.columnName(27) == "AB")
    }

    @Test func columnsKeepTheirFormatsWidthsAndAFrozenFilteredHeader() throws {
        let sheet = XLSXWriter.Sheet(
            name: "成绩", rows: [["考号", "姓名", "得分", "合格率"], ["20260001", "欧阳修远", "83.5", "0.6154"], ["20260002", "王", "x", "1"]],
            formats: [.text, .text, .decimals(2), .percent(1)])
        let styles = XLSXWriter.Styles([sheet])
        let xml = String(decoding: XLSXWriter.worksheet(sheet, styles: styles), as: UTF8.self)
        // An id of digits stays text; a number gets its column's format; text in a number column stays text.
        #expect(xml.contains("<c r=\"A2\" t=\"inlineStr\"><is><t xml:space=\"preserve\">20260001</t></is></c>"))
        #expect(xml.contains("<c r=\"C2\" s=\"2\"><v>83.5</v></c>") && xml.contains("<c r=\"D2\" s=\"3\"><v>0.6154</v></c>"))
        #expect(xml.contains("<c r=\"C3\" t=\"inlineStr\"><is><t xml:space=\"preserve\">x</t></is></c>"))
        #expect(styles.xml.contains("<numFmt numFmtId=\"164\" formatCode=\"0.00\"/><numFmt numFmtId=\"165\" formatCode=\"0.0%\"/>"))
        #expect(xml.contains("<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"))
        #expect(xml.contains("<autoFilter ref=\"A1:D3\"/>"))
        // 欧阳修远 is eight columns wide on screen: ten with the margin.
        #expect(xml.contains("<col min=\"2\" max=\"2\" width=\"10\" customWidth=\"1\"/>"))
        #expect(XLSXWriter.displayWidth("欧阳a") == 5)
        // Read back: the header is bold (style 1) and the values are what was written.
        let table = try XLSXReader.table(try XLSXWriter.workbook([sheet]))
        #expect(table.rows.map { $0.map(\.text) } == sheet.rows)
    }

    /// A workbook as Excel writes it: shared strings (with a rich-text run and a phonetic run), a date-formatted
    /// serial, a boolean, gaps between cells, an empty row.
    @Test func sharedStringsDatesAndGaps() throws {
        let archive = try Archive(data: Data(), accessMode: .create)
        func add(_ path: String, _ text: String) throws {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count)) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        try add(
            "xl/workbook.xml",
            #"<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="A" sheetId="1" r:id="rId7"/></sheets></workbook>"#)
        try add("xl/_rels/workbook.xml.rels", #"<Relationships><Relationship Id="rId7" Target="worksheets/data.xml"/></Relationships>"#)
        try add("xl/sharedStrings.xml", #"<sst><si><t>日期</t></si><si><r><t>学</t></r><r><t>时</t></r><rPh><t>がくじ</t></rPh></si></sst>"#)
        try add(
            "xl/styles.xml",
            #"<styleSheet><numFmts><numFmt numFmtId="170" formatCode="[$-804]yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/><numFmt numFmtId="171" formatCode="0.00"/></numFmts><cellXfs><xf numFmtId="0"/><xf numFmtId="170"/><xf numFmtId="14"/><xf numFmtId="171"/></cellXfs></styleSheet>"#)
        try add(
            "xl/worksheets/data.xml",
            #"<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="s"><v>1</v></c></row><row r="2"><c r="A2" s="1"><v>46091</v></c><c r="B2" t="b"><v>1</v></c><c r="C2" s="3"><v>2.5</v></c></row><row r="3"></row><row r="5"><c r="A5" s="2"><v>61</v></c><c r="D5"><v>3</v></c></row></sheetData></worksheet>"#)
        let table = try XLSXReader.table(try #require(archive.data))
        #expect(table.rows.map { $0.map(\.text) } == [["日期", "", "学时"], ["2026-03-10", "TRUE", "2.5"], ["1900-03-01", "", "", "3"]])
        #expect(table.rows[2][3].row == 5 && table.rows[2][3].column == 4)
    }

    @Test func excelSerialDays() {
        #expect(XLSXReader.date(serial: 1) == "1900-01-01")
        #expect(XLSXReader.date(serial: 59) == "1900-02-28")
        #expect(XLSXReader.date(serial: 61) == "1900-03-01")
        #expect(XLSXReader.date(serial: 25569) == "1970-01-01")
        #expect(XLSXReader.date(serial: 46091.75) == "2026-03-10")
        #expect(XLSXReader.date(serial: -1) == nil)
    }

    @Test func damagedWorkbooksAreRefused() throws {
        #expect(throws: XLSXReader.Failure.self) { try XLSXReader.table(Data("PK\u{3}\u{4}not a zip".utf8)) }
        let archive = try Archive(data: Data(), accessMode: .create)
        let broken = Data("<worksheet><sheetData><row r=\"1\"><c><v>1</v></row>".utf8)
        try archive.addEntry(with: "xl/worksheets/sheet1.xml", type: .file, uncompressedSize: Int64(broken.count)) { position, size in
            broken.subdata(in: Int(position)..<Int(position) + size)
        }
        do {
            _ = try XLSXReader.table(try #require(archive.data))
            Issue.record("a damaged sheet was read")
        } catch {
            #expect((error as? XLSXReader.Failure)?.reason.contains("damaged XML") == true)
        }
        #expect(XLSXReader.looksLikeWorkbook(Array("PK\u{3}\u{4}".utf8)) && !XLSXReader.looksLikeWorkbook(Array("id,name".utf8)))
    }
}
