import BankFormats
import Foundation
import Testing

@testable import Spreadsheets

/// The worksheet reader streams a sheet's XML as it inflates: what it reads, and what it refuses.
@Suite("Worksheets read as they inflate")
struct StreamedWorksheetTests {
    /// A workbook of one sheet whose `<sheetData>` is `rows`, zipped as kaoxue zips.
    static func workbook(sheetData rows: String, sheetXML: String? = nil, shared: String? = nil) throws -> Data {
        var parts: [(path: String, text: String)] = [
            ("xl/worksheets/sheet1.xml", sheetXML ?? #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>\(rows)</sheetData></worksheet>")
        ]
        if let shared { parts.append(("xl/sharedStrings.xml", shared)) }
        return try OfficePackage.zip(parts)
    }

    static func texts(_ data: Data) throws -> [[String]] { try XLSXReader.table(data).rows.map { $0.map(\.text) } }

    static func refusal(_ data: Data) -> String? {
        do {
            _ = try XLSXReader.table(data)
            return nil
        } catch {
            return error.reason
        }
    }

    @Test func everyWayASheetWritesItsCells() throws {
        // Entities (named and numeric), rich-text inline strings with a phonetic run, a comment, a CDATA section,
        // a prefixed namespace, self-closing cells and rows, cells without references, a '>' inside an attribute.
        let rows = """
            <row r="1"><c r="A1" t="inlineStr"><is><t>a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos; &#20013;&#x6587;</t></is></c>\
            <c r="B1" t="inlineStr"><is><r><t>学</t></r><r><t xml:space="preserve"> 时</t></r><rPh><t>がく</t></rPh></is></c></row>
            <!-- a comment with <tags> inside -->
            <row r="2"><c t="str"><v><![CDATA[x<y & z]]></v></c><c/><c t="n"><v>3</v></c></row>
            <row r="3"/>
            <row r="4" spans="1:3" x14ac:dyDescent="0.25" note='a>b'><c r="C4" s="0"><v>12.5</v></c></row>
            """
        #expect(try Self.texts(Self.workbook(sheetData: rows)) == [["a & b <c> \"d\" 'e' 中文", "学 时"], ["x<y & z", "", "3"], ["", "", "12.5"]])
        let prefixed = #"<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData><x:row r="1"><x:c r="B1" t="s"><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>"#
        let shared = #"<sst><si><t>零</t></si><si><t>一 &amp; 二</t></si></sst>"#
        #expect(try Self.texts(Self.workbook(sheetData: "", sheetXML: prefixed, shared: shared)) == [["", "一 & 二"]])
    }

    @Test func aLargeSheetCutAtEveryChunkReadsAsAWhole() throws {
        // 40,000 rows: megabytes of XML, inflated in 1 MB chunks that cut tags, entities and UTF-8 sequences.
        var rows = ""
        for row in 1...40_000 {
            rows += "<row r=\"\(row)\"><c r=\"A\(row)\" t=\"inlineStr\"><is><t>考生\(row) &amp; 组织部</t></is></c><c r=\"C\(row)\"><v>\(row)</v></c></row>"
        }
        let table = try XLSXReader.table(try Self.workbook(sheetData: rows))
        #expect(table.rows.count == 40_000)
        #expect(table.rows.indices.allSatisfy { table.rows[$0].map(\.text) == ["考生\($0 + 1) & 组织部", "", "\($0 + 1)"] })
        #expect(table.rows[39_999][2].row == 40_000 && table.rows[39_999][2].column == 3)
    }

    @Test func malformedSheetsAreRefusedWithAReason() throws {
        let cases: [(String, String)] = [
            (#"<row r="1"><c r="A1"><v>1</v></row>"#, "does not close <c>"),
            (#"<row r="1"><c r="A1"><v>1</v></c>"#, "does not close <row>"),
            (#"<row r="1"><c r="A1" t="inlineStr"><is><t>&nbsp;</t></is></c></row>"#, "an entity XML does not define"),
            (#"<row r="1"><c r="A1" t="inlineStr"><is><t>&#0;</t></is></c></row>"#, "an entity XML does not define"),
            (#"<row r="1"><c r="A1" t="s"><v>7</v></c></row>"#, "shared string 7 does not exist"),
            (#"<row r="1"><c r="A1" <v>1</v></c></row>"#, "'<' inside a tag"),
        ]
        for (rows, reason) in cases {
            let refused = Self.refusal(try Self.workbook(sheetData: rows))
            #expect(refused?.contains(reason) == true, "\(rows): \(refused ?? "read")")
        }
        let whole = #"<worksheet><sheetData><row r="1"><c><v>1</v></c></row></sheetData></worksheet>"#
        let sheets: [(String, String)] = [
            (String(whole.dropLast(20)), "cut short"),
            (#"<!DOCTYPE worksheet [<!ENTITY a "aaaa">]>"# + whole, "DOCTYPE"),
            (whole + "<worksheet/>", "a second root element"),
            ("", "no XML element"),
            (String(repeating: "<a>", count: 300) + String(repeating: "</a>", count: 300), "nested more than 256 deep"),
        ]
        for (xml, reason) in sheets {
            let refused = Self.refusal(try Self.workbook(sheetData: "", sheetXML: xml))
            #expect(refused?.contains(reason) == true, "\(xml.prefix(60)): \(refused ?? "read")")
        }
        // Bytes that are not UTF-8 inside a cell's text, and a damaged compressed stream.
        var bad = Data(#"<worksheet><sheetData><row r="1"><c t="inlineStr"><is><t>"#.utf8)
        bad.append(contentsOf: [0xE4, 0xB8, 0x41])
        bad.append(Data("</t></is></c></row></sheetData></worksheet>".utf8))
        let badWorkbook = try OfficePackage.zip(data: [("xl/worksheets/sheet1.xml", bad)])
        #expect(Self.refusal(badWorkbook)?.contains("not UTF-8") == true)
        var damaged = try Self.workbook(sheetData: String(repeating: #"<row><c><v>1</v></c></row>"#, count: 2_000))
        damaged[60] ^= 0xFF
        damaged[61] ^= 0xFF
        let reason = Self.refusal(damaged)
        #expect(reason?.contains("damaged") == true || reason?.contains("CRC") == true, "\(reason ?? "read")")
    }
}
