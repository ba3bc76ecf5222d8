/// A CSV file's rows (RFC 4180: quoted fields, doubled quotes, CRLF or LF), each field with its position so
/// that problems can be reported as row and column — the row Excel or WPS shows when it opens the file: a line break
/// inside a quoted cell stays in its row, an empty line is a row of its own.
public struct CSVTable: Sendable {
    public struct Field: Sendable, Equatable {
        public var text: String
        /// 1-based row as a spreadsheet numbers it (the header is row 1) and 1-based column number.
        public var row: Int
        public var column: Int

        public init(text: String, row: Int, column: Int) {
            self.text = text
            self.row = row
            self.column = column
        }
    }

    public var rows: [[Field]]

    /// A table of rows already split (a spreadsheet's cells).
    public init(rows: [[Field]]) { self.rows = rows }

    /// Why the text is not CSV: an unterminated quote, or text after a closing quote.
    public struct SyntaxError: Error, Equatable, Sendable {
        public var row: Int
        public var column: Int
        public var message: String
    }

    /// Parses `text`. Empty lines are skipped.
    public static func parse(_ text: String) throws(SyntaxError) -> CSVTable {
        var rows: [[Field]] = []
        try forEachRow(of: text) { rows.append($0) }
        return CSVTable(rows: rows)
    }

    /// Calls `body` with each non-empty row of `text` in order, without keeping the rows: for files too large to
    /// hold as a table. Works on the UTF-8 bytes; a field becomes a `String` only once it is complete.
    public static func forEachRow(of text: String, _ body: ([Field]) -> Void) throws(SyntaxError) {
        var text = text
        text.makeContiguousUTF8()
        var failure: SyntaxError? = nil
        text.utf8.withContiguousStorageIfAvailable { bytes in
            failure = scan(bytes, body)
        }
        if let failure { throw failure }
    }

    /// The same over UTF-8 bytes (already checked, as `TextDecoder.decode` gives them), without making a `String`
    /// of the whole file first.
    public static func forEachRow(utf8 bytes: [UInt8], _ body: ([Field]) -> Void) throws(SyntaxError) {
        let failure = bytes.withUnsafeBufferPointer { scan($0, body) }
        if let failure { throw failure }
    }

    private static func scan(_ bytes: UnsafeBufferPointer<UInt8>, _ body: ([Field]) -> Void) -> SyntaxError? {
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), newline = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")
        let count = bytes.count
        var index = 0
        var spreadsheetRow = 1
        var row: [Field] = []
        while index < count {
            let rowLine = spreadsheetRow
            row.removeAll(keepingCapacity: true)
            var column = 1
            while true {
                var text: String
                if index < count, bytes[index] == quote {
                    // Quoted: up to the closing quote that is not doubled; line breaks belong to the field.
                    var piece: [UInt8] = []
                    var start = index + 1
                    var scan = start
                    var closed = false
                    while scan < count {
                        let byte = bytes[scan]
                        if byte == quote {
                            if scan + 1 < count, bytes[scan + 1] == quote {
                                piece.append(contentsOf: bytes[start...scan])
                                scan += 2
                                start = scan
                                continue
                            }
                            closed = true
                            break
                        }
                        scan += 1
                    }
                    guard closed else { return SyntaxError(row: rowLine, column: column, message: "a quoted field is not closed") }
                    piece.append(contentsOf: bytes[start..<scan])
                    text = String(decoding: piece, as: UTF8.self)
                    index = scan + 1
                    if index < count, bytes[index] != comma, bytes[index] != newline, bytes[index] != carriageReturn {
                        return SyntaxError(row: rowLine, column: column, message: "text after a closing quote")
                    }
                } else {
                    let start = index
                    while index < count, bytes[index] != comma, bytes[index] != newline, bytes[index] != carriageReturn { index += 1 }
                    text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                }
                row.append(Field(text: text, row: rowLine, column: column))
                column += 1
                if index < count, bytes[index] == comma {
                    index += 1
                    continue
                }
                // A line ends at LF, CRLF, or CR alone (old Mac Excel's "CSV (Macintosh)"); CRs before an LF are one break.
                if index < count {
                    while index < count, bytes[index] == carriageReturn { index += 1 }
                    if index < count, bytes[index] == newline { index += 1 }
                    spreadsheetRow += 1
                }
                break
            }
            if !(row.count == 1 && row[0].text.isEmpty) { body(row) }
        }
        return nil
    }
}

/// A field quoted for CSV (RFC 4180): quoted when it holds a comma, a quote or a line break. Text that Excel or
/// WPS would run as a formula (beginning with `=`, `+`, `-`, `@`, a tab or a carriage return — a name such as
/// `=HYPERLINK(…)`) is written after an apostrophe, which the spreadsheet shows as text; a number such as `-3`
/// is left as it is.
public func csvField(_ text: String) -> String { csvQuoted(csvFormulaSafe(text)) }

/// `text` quoted for CSV (RFC 4180) only, with no formula apostrophe: for CSV that kaoxue reads back itself.
public func csvQuoted(_ text: String) -> String {
    // Bytes, not Characters: no grapheme breaking for Chinese text, and a "\r\n" inside a field is seen.
    guard text.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return text }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}

/// `text`, or `'text` when a spreadsheet would take it for a formula (see `csvField`).
public func csvFormulaSafe(_ text: String) -> String {
    guard let first = text.utf8.first, first == 0x3D || first == 0x2B || first == 0x2D || first == 0x40 || first == 0x09 || first == 0x0D
    else { return text }
    if first == 0x2D || first == 0x2B, text.utf8.count > 1, text.utf8.dropFirst().allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E }) {
        return text
    }
    return "'" + text
}

/// Rows as CSV text (RFC 4180 quoting), each line ended by a newline.
public func csvText(_ rows: [[String]]) -> String {
    var out = ""
    out.reserveCapacity(rows.count * 96)
    for row in rows {
        for (index, cell) in row.enumerated() {
            if index > 0 { out += "," }
            out += csvField(cell)
        }
        out += "\n"
    }
    return out
}

/// A Markdown (GFM) table of text: every cell through `markdownCell`.
public func markdownTable(_ header: [String], _ rows: [[String]]) -> String {
    func line(_ cells: [String]) -> String { "| " + cells.map(markdownCell).joined(separator: " | ") + " |" }
    return ([line(header), line(header.map { _ in "---" })] + rows.map(line)).joined(separator: "\n")
}

/// Text for a Markdown table cell: taken literally (see `markdownEscaped`), a line break as `<br>` — a raw one
/// would end the table row.
public func markdownCell(_ text: String) -> String {
    markdownEscaped(text).split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).joined(separator: "<br>")
}

/// Text for Markdown taken literally: its special characters ``\`*_[]<>#|`` after a backslash, so that a name or a
/// question holding `<script>`, `[link](…)` or `*` shows as written and never becomes HTML, a link or emphasis.
/// Line breaks are kept (a caller inside a line or a cell replaces them).
public func markdownEscaped(_ text: String) -> String {
    guard text.utf8.contains(where: { markdownSpecial.contains($0) }) else { return text }
    var out = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
        if scalar.isASCII, markdownSpecial.contains(UInt8(scalar.value)) { out.append("\\") }
        out.append(scalar)
    }
    return String(out)
}

/// Markdown's special characters, as bytes.
private let markdownSpecial: Set<UInt8> = Set("\\`*_[]<>#|".utf8)

/// Text for one line of Markdown (a heading, a list item): taken literally, line breaks as spaces.
public func markdownLine(_ text: String) -> String {
    markdownEscaped(text).split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).joined(separator: " ")
}
