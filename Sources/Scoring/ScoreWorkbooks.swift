import BankFormats
import Foundation
import QuizModel
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
        let formats = header.map { name -> XLSXWriter.ColumnFormat in
            switch name {
            case "id", "name", "unit", "version", "grade": return .text
            case "rank": return .decimals(0)
            case "percent": return .percent(1)
            default: return .decimals(2)  // the score and each section's
            }
        }
        if let percent = header.firstIndex(of: "percent") {
            for index in rows.indices.dropFirst() where percent < rows[index].count {
                rows[index][percent] = Self.hundredth(rows[index][percent])
            }
        }
        if !rows.isEmpty { rows[0] = header.map { Self.scoreColumnTitles[$0] ?? $0 } }
        var units = Self.csvRows(Array(unitsCSV().utf8))
        if !units.isEmpty { units[0] = units[0].map { Self.unitColumnTitles[$0] ?? $0 } }
        let unitFormats: [XLSXWriter.ColumnFormat] = [.text, .decimals(0), .decimals(2), .decimals(2), .percent(1), .percent(1), .decimals(0)]
        return try XLSXWriter.workbook([
            XLSXWriter.Sheet(name: "成绩", rows: rows, formats: formats), XLSXWriter.Sheet(name: "单位汇总", rows: units, formats: unitFormats),
        ])
    }

    /// Column titles of the workbooks for people (the CSV files keep the English names scripts read).
    static let scoreColumnTitles = [
        "id": "考号", "name": "姓名", "unit": "单位", "version": "卷别", "score": "得分", "percent": "得分率", "grade": "等级", "rank": "名次",
    ]
    static let unitColumnTitles = [
        "unit": "单位", "candidates": "人数", "mean": "平均分", "median": "中位数", "passRate": "合格率", "excellentRate": "优秀率", "rank": "名次",
    ]
    static let itemColumnTitles = [
        "id": "题目编号", "type": "题型", "placements": "题号", "candidates": "作答人数", "points": "分值", "facility": "难度（得分率）", "sd": "标准差",
        "discrimination": "题–余相关（%）", "efficiency": "区分效率（%）", "effectiveWeight": "有效权重（%）", "pointBiserial": "点二列相关",
        "upper": "高分组得分率", "lower": "低分组得分率", "D": "区分度 D", "ebel": "Ebel", "blank": "未答", "needsRevision": "需修改", "answeredTrue": "答“对”人数", "answeredFalse": "答“错”人数", "randomGuessScore": "随机猜测得分率",
    ]

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

    /// `items.xlsx`: `items.csv` as a workbook for people: each question by its place and stem first, the bank id
    /// last.
    public func itemsWorkbook() throws -> Data {
        let rows = Self.csvRows(Array(itemsCSV().utf8))
        guard let header = rows.first, let idColumn = header.firstIndex(of: "id"), let placementsColumn = header.firstIndex(of: "placements") else {
            return try XLSXWriter.workbook([XLSXWriter.Sheet(name: "试题分析", rows: rows)])
        }
        let stems = questionStems()
        // The type column, by its place in the workbook (after the place and the stem).
        let typeColumn = header.firstIndex(of: "type").map { type in 2 + header.indices.filter { $0 != idColumn && $0 != placementsColumn }.firstIndex(of: type)! }
        let order = [placementsColumn] + header.indices.filter { $0 != idColumn && $0 != placementsColumn } + [idColumn]
        let table = rows.enumerated().map { index, row -> [String] in
            let cells = order.map { $0 < row.count ? row[$0] : "" }
            guard index > 0 else {
                let titles = cells.map { name in Self.itemColumnTitles[name] ?? (name.hasPrefix("option") ? "选 \(name.dropFirst(6)) 人数" : name) }
                return [titles[0], "题干"] + titles.dropFirst()
            }
            var values = [cells[0], stems[row[idColumn]] ?? ""] + cells.dropFirst()
            if let typeColumn, let type = QuestionType(rawValue: values[typeColumn] == "truefalse" ? "trueFalse" : values[typeColumn]) {
                values[typeColumn] = type.chineseName
            }
            return values
        }
        let formats = ([header[placementsColumn], "stem"] + order.dropFirst().map { header[$0] }).map { name -> XLSXWriter.ColumnFormat in
            switch name {
            case "id", "type", "placements", "stem", "ebel", "needsRevision": return .text
            case "facility", "sd", "pointBiserial", "upper", "lower", "D": return .decimals(4)
            case "discrimination", "efficiency", "effectiveWeight": return .decimals(2)
            default: return .general
            }
        }
        return try XLSXWriter.workbook([XLSXWriter.Sheet(name: "试题分析", rows: table, formats: formats)])
    }
}
