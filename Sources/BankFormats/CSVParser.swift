/// A CSV file's rows (RFC 4180: quoted fields, doubled quotes, CRLF or LF), each field with its position so
/// that problems can be reported as row and column.
public struct CSVTable: Sendable {
    public struct Field: Sendable, Equatable {
        public var text: String
        /// 1-based row in the file (the header is row 1) and 1-based column number.
        public var row: Int
        public var column: Int
    }

    public var rows: [[Field]]

    /// Why the text is not CSV: an unterminated quote, or text after a closing quote.
    public struct SyntaxError: Error, Equatable, Sendable {
        public var row: Int
        public var column: Int
        public var message: String
    }

    /// Parses `text`. Empty lines are skipped.
    public static func parse(_ text: String) throws(SyntaxError) -> CSVTable {
        var rows: [[Field]] = []
        var row: [Field] = []
        var field = ""
        var quoted = false
        var fieldStarted = false
        var line = 1
        var rowLine = 1
        var column = 1
        var afterQuote = false
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil

        func endField() {
            row.append(Field(text: field, row: rowLine, column: column))
            field = ""
            column += 1
            fieldStarted = false
            afterQuote = false
        }
        func endRow() {
            if !(row.count == 1 && row[0].text.isEmpty) { rows.append(row) }
            row = []
            column = 1
        }

        while let scalar = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if scalar == "\"" {
                    let next = iterator.next()
                    if next == "\"" {
                        field.unicodeScalars.append("\"")
                    } else {
                        quoted = false
                        afterQuote = true
                        pending = next
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case ",":
                endField()
            case "\r":
                continue
            case "\n":
                endField()
                endRow()
                line += 1
                rowLine = line
            case "\"" where !fieldStarted:
                quoted = true
                fieldStarted = true
            default:
                if afterQuote {
                    throw SyntaxError(row: rowLine, column: column, message: "text after a closing quote")
                }
                fieldStarted = true
                field.unicodeScalars.append(scalar)
            }
        }
        if quoted { throw SyntaxError(row: rowLine, column: column, message: "a quoted field is not closed") }
        if fieldStarted || !row.isEmpty || !field.isEmpty {
            endField()
            endRow()
        }
        return CSVTable(rows: rows)
    }
}

/// A field quoted for CSV (RFC 4180): quoted when it holds a comma, a quote or a line break.
public func csvField(_ text: String) -> String {
    guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}
