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
        let text = String(decoding: try TextDecoder.decode(scoresCSV).utf8, as: UTF8.self)
        var rows = try CSVTable.parse(text).rows.map { $0.map(\.text) }
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
                rows[index][percent] = Double(rows[index][percent]).map { Self.number($0 / 100, digits: 4) } ?? rows[index][percent]
            }
        }
        formats = formats.map { $0 == .general ? .decimals(2) : $0 }
        let units = try CSVTable.parse(unitsCSV()).rows.map { $0.map(\.text) }
        let unitFormats: [XLSXWriter.ColumnFormat] = [.text, .decimals(0), .decimals(2), .decimals(2), .percent(1), .percent(1), .decimals(0)]
        return try XLSXWriter.workbook([
            XLSXWriter.Sheet(name: "成绩", rows: rows, formats: formats), XLSXWriter.Sheet(name: "单位汇总", rows: units, formats: unitFormats),
        ])
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
