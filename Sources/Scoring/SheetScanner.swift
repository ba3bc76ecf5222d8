import QuizModel

/// Splits CSV bytes into rows of field ranges without making strings (RFC 4180: quoted fields, doubled quotes,
/// CRLF or LF): the header, and the rows `RowReader` finds a quote in. Only the fields that are needed become text.
struct SheetScanner {
    /// One field: bytes `start..<end` of the buffer; `quoted` when it was in quotes (its `""` need undoubling).
    struct Field {
        var start: Int
        var end: Int
        var quoted: Bool
    }

    let base: UnsafePointer<UInt8>
    let end: Int
    private(set) var position: Int
    /// The 1-based line the next row starts on (relative to where scanning started).
    private(set) var line: Int
    var fields: [Field] = []

    init(base: UnsafePointer<UInt8>, start: Int, end: Int, firstLine: Int) {
        self.base = base
        self.position = start
        self.end = end
        self.line = firstLine
    }

    /// Reads the next non-empty row into `fields`; its first line and its start offset, or nil at the end. A quote
    /// that is never closed ends the row at the end of the data (`unclosedQuote` is then set).
    mutating func nextRow(unclosedQuote: inout Bool) -> (line: Int, offset: Int)? {
        while position < end {
            let rowLine = line
            let rowStart = position
            fields.removeAll(keepingCapacity: true)
            var fieldStart = position
            var index = position
            var rowEnded = false
            while !rowEnded {
                if index < end, base[index] == UInt8(ascii: "\"") {
                    // Quoted field: up to the closing quote that is not doubled.
                    var scan = index + 1
                    var closed = false
                    while scan < end {
                        let byte = base[scan]
                        if byte == UInt8(ascii: "\"") {
                            if scan + 1 < end, base[scan + 1] == UInt8(ascii: "\"") {
                                scan += 2
                                continue
                            }
                            closed = true
                            break
                        }
                        if byte == UInt8(ascii: "\n") { line += 1 }
                        scan += 1
                    }
                    if !closed { unclosedQuote = true }
                    fields.append(Field(start: index + 1, end: min(scan, end), quoted: true))
                    index = scan + 1
                    // Skip to the separator.
                    while index < end, base[index] != UInt8(ascii: ","), base[index] != UInt8(ascii: "\n") { index += 1 }
                } else {
                    while index < end, base[index] != UInt8(ascii: ","), base[index] != UInt8(ascii: "\n") { index += 1 }
                    var fieldEnd = index
                    if fieldEnd > fieldStart, base[fieldEnd - 1] == UInt8(ascii: "\r") { fieldEnd -= 1 }
                    fields.append(Field(start: fieldStart, end: fieldEnd, quoted: false))
                }
                if index >= end || base[index] == UInt8(ascii: "\n") {
                    rowEnded = true
                    line += 1
                }
                index += 1
                fieldStart = index
            }
            position = min(index, end)
            // Skip empty lines.
            if fields.count == 1, fields[0].end <= fields[0].start, !fields[0].quoted { continue }
            return (rowLine, rowStart)
        }
        return nil
    }

    /// The text of `field` (quotes undoubled, white space trimmed).
    func text(_ field: Field) -> String { Self.text(base: base, field) }

    /// The text of `field` of the bytes at `base` (quotes undoubled, white space trimmed).
    static func text(base: UnsafePointer<UInt8>, _ field: Field) -> String {
        let bytes = UnsafeBufferPointer(start: base + field.start, count: max(0, field.end - field.start))
        guard field.quoted, bytes.contains(UInt8(ascii: "\"")) else { return String(decoding: bytes, as: UTF8.self).trimmingWhitespace() }
        // Doubled quotes undoubled on the bytes (Foundation's replacingOccurrences costs more than the marking).
        var undoubled: [UInt8] = []
        undoubled.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            undoubled.append(bytes[index])
            index += bytes[index] == UInt8(ascii: "\"") && index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "\"") ? 2 : 1
        }
        return String(decoding: undoubled, as: UTF8.self).trimmingWhitespace()
    }
}
