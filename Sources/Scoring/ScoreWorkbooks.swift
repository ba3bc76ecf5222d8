import BankFormats
import Foundation
import Spreadsheets

/// `scores.xlsx` and `items.xlsx`: the CSV files as workbooks a department opens in Excel or WPS, with number
/// cells, a frozen bold header, filters and widths.
extension ScoreReport {
    /// Candidates past this many get `scores.csv` only: a workbook of a million rows is past what Excel opens well
    /// (its limit is 1,048,576 rows) and would cost more than the scoring itself.
    public static let workbookCandidateLimit = 100_000

    /// `scores.xlsx` from `scores.csv` as written (UTF-8 with or without a BOM, or GB18030): the scores, then the
    /// units. The percent column becomes a real percentage.
    public func scoresWorkbook(scoresCSV: [UInt8]) throws -> Data {
        var rows = Self.csvRows(try TextDecoder.decode(scoresCSV).utf8)
        let header = rows.first ?? []
        let textColumns: Set<String> = ["id", "name", "unit", "version", "grade"]
        var formats = header.map { name -> XLSXWriter.ColumnFormat in
            switch name {
            case _ where textColumns.contains(name): return .text
            case "rank": return .decimals(0)
            case "percent": return .percent(1)
            default: return .general
            }
        }
        if let percent = header.firstIndex(of: "percent") {
            for index in rows.indices.dropFirst() where percent < rows[index].count {
                rows[index][percent] = Self.hundredth(rows[index][percent])
            }
        }
        formats = formats.map { $0 == .general ? .decimals(2) : $0 }
        let units = try CSVTable.parse(unitsCSV()).rows.map { $0.map(\.text) }
        let unitFormats: [XLSXWriter.ColumnFormat] = [.text, .decimals(0), .decimals(2), .decimals(2), .percent(1), .percent(1), .decimals(0)]
        return try XLSXWriter.workbook([
            XLSXWriter.Sheet(name: "成绩", rows: rows, formats: formats), XLSXWriter.Sheet(name: "单位汇总", rows: units, formats: unitFormats),
        ])
    }

    /// A plain decimal divided by 100 by moving its point (`83.5` → `0.835`, `5` → `0.05`), exactly and without
    /// formatting a Double; anything else is returned as it is.
    static func hundredth(_ text: String) -> String {
        guard !text.isEmpty, text.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: ".") }), text.utf8.filter({ $0 == UInt8(ascii: ".") }).count <= 1 else { return text }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        var whole = String(parts[0])
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        if whole.count < 3 { whole = String(repeating: "0", count: 3 - whole.count) + whole }
        let head = whole.dropLast(2).drop { $0 == "0" }
        return (head.isEmpty ? "0" : String(head)) + "." + whole.suffix(2) + fraction
    }

    /// The rows of CSV text (RFC 4180: quoted fields with `""`, CRLF or LF), without locations: a fast path for
    /// files kaoxue wrote itself, whose size can be a hundred thousand rows.
    static func csvRows(_ bytes: [UInt8]) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field: [UInt8] = []
        var quoted = false
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            index += 1
            if quoted {
                if byte == UInt8(ascii: "\"") {
                    if index < count, bytes[index] == UInt8(ascii: "\"") {
                        field.append(byte)
                        index += 1
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): quoted = true
            case UInt8(ascii: ","):
                row.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
            case 0x0A:
                if field.last == 0x0D { field.removeLast() }
                row.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
                rows.append(row)
                row.removeAll(keepingCapacity: true)
            default: field.append(byte)
            }
        }
        if !field.isEmpty || !row.isEmpty {
            row.append(String(decoding: field, as: UTF8.self))
            rows.append(row)
        }
        return rows
    }

    /// `items.xlsx`: `items.csv` as a workbook.
    public func itemsWorkbook() throws -> Data {
        let rows = try CSVTable.parse(itemsCSV()).rows.map { $0.map(\.text) }
        let formats = (rows.first ?? []).map { name -> XLSXWriter.ColumnFormat in
            switch name {
            case "id", "type", "placements", "ebel", "needsRevision": return .text
            case "facility", "sd", "pointBiserial", "upper", "lower", "D": return .decimals(4)
            case "discrimination", "efficiency", "effectiveWeight": return .decimals(2)
            default: return .general
            }
        }
        return try XLSXWriter.workbook([XLSXWriter.Sheet(name: "试题分析", rows: rows, formats: formats)])
    }
}
