import BankFormats
import CScoring
import Foundation
import QuizModel
import TextMatching

/// What each byte is to the plain row splitter: an option letter's bit (A or a = bit 0), 0 for a separator
/// between letters (space, tab, `;`, `/`, `+`, `.`, CR), or one of the flags.
enum SheetByte {
    static let comma: UInt32 = 1 << 26
    static let quote: UInt32 = 1 << 28
    static let newline: UInt32 = 1 << 29
    /// Anything else (digits, other text, bytes of multi-byte characters): the field is read as text.
    static let other: UInt32 = 1 << 31

    nonisolated(unsafe) static let classes: UnsafeMutablePointer<UInt32> = {
        var table = [UInt32](repeating: other, count: 256)
        for byte in 0x41...0x5A { table[byte] = 1 << UInt32(byte - 0x41) }
        for byte in 0x61...0x7A { table[byte] = 1 << UInt32(byte - 0x61) }
        for byte in [0x20, 0x09, 0x3B, 0x2F, 0x2B, 0x2E, 0x0D] { table[byte] = 0 }
        table[0x22] = quote
        table[0x0A] = newline
        table[0x2C] = comma
        return copied(table)
    }()
}

/// Reads one sheet row at a time and marks its answers, into buffers it owns (one reader per thread).
///
/// Rows are split 64 bytes at a time where the processor can (`kaoxue_split_row`, AVX-512), into each field's
/// *quick bits*: its letters A–G as bits, or 0x80 for anything else. Otherwise, and for the fields whose quick
/// bits are not enough, a plain loop over the bytes gathers each field's option letters as bits (`split`). A row
/// with a quote in it is read again by `SheetScanner`, which knows quoted fields (commas and line breaks inside
/// quotes, doubled quotes). Only the fields that are needed become strings: ids with problems, free answers
/// (blanks, keywords), letters written with full-width forms or Chinese separators.
final class RowReader {
    /// Free answers this reader has marked (see `FreeAnswerMarks`).
    var freeAnswers: FreeAnswerMarks
    let sheet: SheetBytes
    let base: UnsafePointer<UInt8>
    let end: Int
    let scorer: BatchScorer
    let plan: ScoringPlan
    let layout: BatchScorer.Layout
    /// Fields kept per row: one more than the header has, so that a row with too many is seen.
    let capacity: Int
    let fieldEnd: UnsafeMutablePointer<Int>
    /// Each field's option letters as bits (`SheetByte`), when `bitsKnown`; see `bitsOfField(_:)`.
    let fieldBits: UnsafeMutablePointer<UInt32>
    /// Each field's quick bits when the row was split 64 bytes at a time (`kaoxue_split_row`); 0xFF for the
    /// missing column (`capacity`).
    let quickBits: UnsafeMutablePointer<UInt8>
    /// Whether rows are split 64 bytes at a time.
    let vectorSplit: Bool
    /// Starts and quotes of the fields of a row read by `SheetScanner`.
    let quotedStart: UnsafeMutablePointer<Int>
    let fieldQuoted: UnsafeMutablePointer<Bool>
    /// Where the last row read starts, and whether it had no quotes.
    private(set) var rowStart = 0
    private(set) var plainRow = true
    /// Fields of the last row read (counted past `capacity`).
    private(set) var fieldCount = 0
    /// Fields whose ends a row's split keeps: those of the id, name, unit and version columns, and any before.
    let keptEnds: Int
    /// Fields of the last row read whose ends are known.
    private var endsKnown = 0
    /// Whether `fieldBits` holds the last row's fields (else `quickBits` does).
    private var bitsKnown = true
    /// Whether the last row ended inside a quoted field (at the end of the data).
    private(set) var unclosedQuote = false
    /// Sheet column of item k + 1, or -1.
    let itemColumn: UnsafeMutablePointer<Int32>
    /// The same, with `capacity` for a missing column: `fieldBits[capacity]` holds bits no table covers.
    let itemField: UnsafeMutablePointer<Int32>
    let width: Int
    let xs: UnsafeMutablePointer<Double>
    let steps: UnsafeMutablePointer<Int32>
    let chosen: UnsafeMutablePointer<UInt32>
    /// Per item marked from the tables, its response (`ScoringPlan.tableResponse`); -1 for an item marked from its text.
    let responses: UnsafeMutablePointer<Int32>
    let sectionScores: UnsafeMutablePointer<Double>
    let versionNames: [[UInt8]]
    let foldedVersionNames: [String]
    let hasHandMarks: Bool
    /// Whether the last row marked had all its answers in the tables, on the grid; its total in grid steps.
    private(set) var onGrid = false
    private(set) var totalStep = 0

    init(sheet: SheetBytes, scorer: BatchScorer, layout: BatchScorer.Layout) {
        self.sheet = sheet
        base = sheet.base
        end = sheet.count
        self.scorer = scorer
        plan = scorer.plan
        self.layout = layout
        capacity = layout.columns + 1
        keptEnds = min(capacity, [layout.id, layout.name ?? 0, layout.unit ?? 0, layout.version ?? 0].max()! + 1)
        quotedStart = zeroed(capacity)
        fieldEnd = zeroed(capacity)
        fieldBits = zeroed(capacity + 1)
        fieldBits[capacity] = .max
        quickBits = zeroed(capacity + 65)
        vectorSplit = scorer.options.vectorSplit && kaoxue_split_row_available() != 0
        fieldQuoted = .allocate(capacity: capacity)
        fieldQuoted.initialize(repeating: false, count: capacity)
        width = scorer.key.items.map(\.count).max() ?? 0
        itemColumn = copied((0..<width).map { $0 < layout.items.count ? Int32(layout.items[$0] ?? -1) : -1 })
        let missing = Int32(capacity)
        itemField = copied((0..<width).map { $0 < layout.items.count ? layout.items[$0].map(Int32.init) ?? missing : missing })
        xs = zeroed(width)
        steps = zeroed(width)
        chosen = zeroed(width)
        responses = zeroed(width)
        sectionScores = zeroed(scorer.key.sections.count)
        versionNames = scorer.versionNames
        foldedVersionNames = scorer.key.versions.map(VersionName.folded)
        hasHandMarks = !scorer.options.marks.isEmpty
        freeAnswers = FreeAnswerMarks(positions: scorer.plan.positions)
        keywordMarkers = scorer.keywordMarkers.markers
        keywordPresent = scorer.keywordMarkers.present
        keywordSimplify = scorer.keywordMarkers.simplify
        keywordFolding = scorer.keywordMarkers.folding
    }

    /// Scratch space for the folded answer of `KeywordMarker`.
    var keyBuffer: [UInt8] = []
    /// The scorer's keyword markers (kept alive by `scorer`), and how their answers are folded, held here so that
    /// marking a cell copies no reference.
    private let keywordMarkers: UnsafeMutablePointer<KeywordMarker>
    private let keywordPresent: UnsafeMutablePointer<Bool>
    private let keywordSimplify: Bool
    private let keywordFolding: FoldingOptions

    deinit {
        quotedStart.deallocate()
        fieldEnd.deallocate()
        fieldBits.deallocate()
        quickBits.deallocate()
        fieldQuoted.deallocate()
        itemColumn.deallocate()
        itemField.deallocate()
        xs.deallocate()
        steps.deallocate()
        chosen.deallocate()
        responses.deallocate()
        sectionScores.deallocate()
    }

    /// Reads the row that starts at `offset`; returns where the next row starts. A plain row keeps each field's
    /// quick bits or letter bits, and the ends of its first `keptEnds` fields (a field starts after the previous
    /// one's end); the other ends are found again when asked for (`endOfField(_:)`). A row with a quote in it is
    /// read by `SheetScanner`.
    @inline(__always)
    func read(at offset: Int) -> Int {
        rowStart = offset
        unclosedQuote = false
        if vectorSplit {
            var fields = 0
            var endsFound = 0
            let lineFeed = kaoxue_split_row(base, offset, end, quickBits, capacity, fieldEnd, keptEnds, &fields, &endsFound)
            if lineFeed >= 0 {
                quickBits[capacity] = 0xFF
                fieldCount = fields
                plainRow = true
                bitsKnown = false
                if endsFound >= fields {
                    // The last field ends at the line feed: without its CR.
                    if lineFeed > offset, base[lineFeed - 1] == 0x0D { fieldEnd[fields - 1] = lineFeed - 1 }
                    endsKnown = capacity
                } else {
                    endsKnown = endsFound
                }
                return lineFeed + 1
            }
            if lineFeed == -1 { return readQuoted(at: offset) }
        }
        return split(from: offset, keepingEnds: keptEnds) ?? readQuoted(at: offset)
    }

    /// Splits the plain row at `offset` into fields: bits for every one, ends for the first `keepingEnds`; returns
    /// where the next row starts, or nil when the row has a quote (it is not plain).
    ///
    /// Letters, separators and commas — nearly every byte of a sheet — take no branch: a field's bits (and end)
    /// are stored at every byte, a comma moving on to the next slot, because a branch on "is this a comma" would
    /// be mispredicted at most fields; past the kept ends, one store a byte rather than two. Fields past
    /// `capacity` all land in the last slot.
    @inline(__always)
    private func split(from offset: Int, keepingEnds: Int) -> Int? {
        let classes = SheetByte.classes, base = self.base, end = self.end
        let fieldEnd = self.fieldEnd, fieldBits = self.fieldBits
        let lastSlot = capacity - 1
        var index = offset
        var count = 0
        var bits: UInt32 = 0
        var atNewline = false
        while index < end, count < keepingEnds {
            let kind = classes[Int(base[index])]
            if kind >= SheetByte.quote {
                if kind == SheetByte.newline {
                    atNewline = true
                    break
                }
                if kind == SheetByte.quote { return nil }
                bits |= SheetByte.other
                index &+= 1
                continue
            }
            let isComma = Int(truncatingIfNeeded: kind >> 26)
            let slot = min(count, lastSlot)
            fieldEnd[slot] = index
            fieldBits[slot] = bits
            bits = (bits | kind) & (UInt32(truncatingIfNeeded: isComma) &- 1)
            count &+= isComma
            index &+= 1
        }
        while !atNewline, index < end {
            let kind = classes[Int(base[index])]
            if kind >= SheetByte.quote {
                if kind == SheetByte.newline { break }
                if kind == SheetByte.quote { return nil }
                bits |= SheetByte.other
                index &+= 1
                continue
            }
            let isComma = Int(truncatingIfNeeded: kind >> 26)
            fieldBits[min(count, lastSlot)] = bits
            bits = (bits | kind) & (UInt32(truncatingIfNeeded: isComma) &- 1)
            count &+= isComma
            index &+= 1
        }
        let slot = min(count, lastSlot)
        if count < keepingEnds { fieldEnd[slot] = index > offset && base[index - 1] == 0x0D ? index - 1 : index }
        fieldBits[slot] = bits
        fieldCount = count + 1
        plainRow = true
        bitsKnown = true
        endsKnown = count < keepingEnds ? capacity : keepingEnds
        return index < end ? index + 1 : end
    }

    /// The option letters of field `column` of the last row read as bits (`SheetByte`), the row split again byte
    /// by byte when it was split 64 bytes at a time; all bits for the missing column (`capacity`).
    func bitsOfField(_ column: Int) -> UInt32 {
        if !bitsKnown { _ = split(from: rowStart, keepingEnds: capacity) }
        return fieldBits[column]
    }

    /// Where field `column` of the last row read ends (found again when the split kept only bits).
    @inline(__always)
    func endOfField(_ column: Int) -> Int {
        if column >= endsKnown { _ = split(from: rowStart, keepingEnds: capacity) }
        return fieldEnd[column]
    }

    /// Reads the first `limit` fields of the row at `offset` (ids and names, read again).
    func readPrefix(at offset: Int, limit: Int) {
        let classes = SheetByte.classes
        var index = offset
        var count = 0
        var bits: UInt32 = 0
        rowStart = offset
        plainRow = true
        bitsKnown = true
        while index < end, count < min(limit, capacity) {
            let kind = classes[Int(base[index])]
            if kind == SheetByte.quote {
                _ = readQuoted(at: offset)
                return
            }
            if kind == SheetByte.comma || kind == SheetByte.newline {
                fieldEnd[count] = index > offset && kind == SheetByte.newline && base[index - 1] == 0x0D ? index - 1 : index
                fieldBits[count] = bits
                count += 1
                bits = 0
                if kind == SheetByte.newline { break }
            } else {
                bits |= kind < SheetByte.quote ? kind : SheetByte.other
            }
            index += 1
        }
        if index >= end, count < min(limit, capacity) {
            fieldEnd[count] = index
            fieldBits[count] = bits
            count += 1
        }
        fieldCount = count
        endsKnown = count
    }

    /// Where field `column` of the last row read starts.
    @inline(__always)
    func fieldStart(_ column: Int) -> Int { plainRow ? (column == 0 ? rowStart : endOfField(column - 1) + 1) : quotedStart[column] }

    /// Whether field `column` of the last row read was quoted.
    @inline(__always)
    func isQuoted(_ column: Int) -> Bool { !plainRow && fieldQuoted[column] }

    /// The row at `offset`, which has quotes, read as `SheetScanner.nextRow` reads it (quoted fields with their
    /// commas, line breaks and doubled quotes; a quote never closed ends the row at the end of the data), each
    /// plain field's letters gathered as bits in the same pass. The offset of the next row.
    private func readQuoted(at offset: Int) -> Int {
        guard offset < end else { return end }
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), newline = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")
        let classes = SheetByte.classes
        var index = offset
        var count = 0
        var unclosed = false
        func store(_ start: Int, _ stop: Int, quoted: Bool, bits: UInt32) {
            if count < capacity {
                quotedStart[count] = start
                fieldEnd[count] = stop
                fieldQuoted[count] = quoted
                fieldBits[count] = bits
            }
            count += 1
        }
        while true {
            if index < end, base[index] == quote {
                // Up to the closing quote that is not doubled.
                var scan = index + 1
                var closed = false
                while scan < end {
                    guard let found = memchr(base + scan, Int32(quote), end - scan) else {
                        scan = end
                        break
                    }
                    scan = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                    if scan + 1 < end, base[scan + 1] == quote {
                        scan += 2
                        continue
                    }
                    closed = true
                    break
                }
                if !closed { unclosed = true }
                store(index + 1, min(scan, end), quoted: true, bits: SheetByte.other)
                index = scan + 1
                while index < end, base[index] != comma, base[index] != newline { index += 1 }
            } else {
                let start = index
                var bits: UInt32 = 0
                while index < end {
                    let byte = base[index]
                    if byte == comma || byte == newline { break }
                    let kind = classes[Int(byte)]
                    bits |= kind < SheetByte.quote ? kind : SheetByte.other
                    index += 1
                }
                // A CR before the line feed is not the field's (its class adds no bits).
                store(start, index > start && base[index - 1] == carriageReturn ? index - 1 : index, quoted: false, bits: bits)
            }
            if index >= end || base[index] == newline { break }
            index += 1
        }
        fieldCount = count
        plainRow = false
        unclosedQuote = unclosed
        bitsKnown = true
        endsKnown = capacity
        return min(index + 1, end)
    }

    /// The length of the last row's first fields up to the end of `column` when they are plain text with nothing
    /// to trim at either end of any of them (so that they can be copied as they are); 0 otherwise.
    func plainPrefixLength(through column: Int) -> UInt16 {
        guard plainRow, column < fieldCount else { return 0 }
        var start = rowStart
        for field in 0...column {
            let end = endOfField(field)
            if end > start, Self.mayBeWhitespace(base[start]) || Self.mayEndWhitespace(base, start, end) { return 0 }
            start = end + 1
        }
        let length = endOfField(column) - rowStart
        return length <= Int(UInt16.max) ? UInt16(length) : 0
    }

    /// Whether the last row read was an empty line.
    var isBlankLine: Bool { fieldCount == 1 && !isQuoted(0) && endOfField(0) <= fieldStart(0) }

    /// The text of field `column` (quotes undoubled, white space trimmed).
    func text(_ column: Int) -> String {
        SheetScanner.text(base: base, SheetScanner.Field(start: fieldStart(column), end: endOfField(column), quoted: isQuoted(column)))
    }

    /// The bytes of field `column`'s text without making a string: white space trimmed; nil when the field was
    /// quoted (its text needs its quotes undoubled).
    func trimmedBytes(_ column: Int) -> UnsafeBufferPointer<UInt8>? {
        guard !isQuoted(column) else { return nil }
        var start = fieldStart(column)
        var end = endOfField(column)
        // Nearly always: no white space at either end (only these lead bytes begin a white space scalar).
        if end > start, !Self.mayBeWhitespace(base[start]), !Self.mayEndWhitespace(base, start, end) {
            return UnsafeBufferPointer(start: base + start, count: end - start)
        }
        while start < end {
            let byte = base[start]
            if byte < 0x80 {
                guard byte == 0x20 || (0x09...0x0D).contains(byte) else { break }
                start += 1
            } else {
                guard let (scalar, length) = Self.scalar(base, at: start, end: end), scalar.isWhitespaceForTrimming else { break }
                start += length
            }
        }
        while end > start {
            let byte = base[end - 1]
            if byte < 0x80 {
                guard byte == 0x20 || (0x09...0x0D).contains(byte) else { break }
                end -= 1
            } else {
                var lead = end - 1
                while lead > start, base[lead] & 0xC0 == 0x80 { lead -= 1 }
                guard let (scalar, length) = Self.scalar(base, at: lead, end: end), lead + length == end, scalar.isWhitespaceForTrimming else { break }
                end = lead
            }
        }
        return UnsafeBufferPointer(start: base + start, count: end - start)
    }

    /// Whether a scalar starting with `byte` may be white space: ASCII space and controls, or the lead bytes of
    /// U+0085, U+00A0 (C2), U+1680 (E1), U+2000–U+205F (E2) and U+3000 (E3).
    @inline(__always)
    static func mayBeWhitespace(_ byte: UInt8) -> Bool { byte <= 0x20 || byte == 0xC2 || (0xE1...0xE3).contains(byte) }

    /// Whether the last scalar of `start..<end` may be white space (see `mayBeWhitespace`).
    @inline(__always)
    static func mayEndWhitespace(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        let last = base[end - 1]
        if last < 0x80 { return last <= 0x20 }
        var lead = end - 1
        while lead > start, base[lead] & 0xC0 == 0x80 { lead -= 1 }
        return mayBeWhitespace(base[lead])
    }

    /// The scalar whose UTF-8 starts at `index`, and its length; nil for bytes that are not UTF-8.
    static func scalar(_ base: UnsafePointer<UInt8>, at index: Int, end: Int) -> (Unicode.Scalar, Int)? {
        let lead = base[index]
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0
        guard length > 0, index + length <= end else { return nil }
        var value = UInt32(lead) & (0xFF >> UInt32(length + 1))
        for offset in 1..<length { value = value << 6 | UInt32(base[index + offset] & 0x3F) }
        return Unicode.Scalar(value).map { ($0, length) }
    }

    /// Field `column`'s text as bytes: `body` gets the trimmed bytes, or the UTF-8 of the text when quoted.
    func withTextBytes<R>(_ column: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let bytes = trimmedBytes(column) { return body(bytes) }
        var text = self.text(column)
        return text.withUTF8(body)
    }

    /// The version of the row in `layout.version`'s column; nil for a name the key does not have.
    @inline(__always)
    func version() -> Int? {
        let names = versionNames
        guard let column = layout.version else { return names.count == 1 ? 0 : nil }
        return withTextBytes(column) { bytes in
            if bytes.isEmpty, names.count == 1 { return 0 }
            for (index, name) in names.enumerated() where name.count == bytes.count && !bytes.isEmpty {
                if name.withUnsafeBufferPointer({ memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 }) { return index }
            }
            // `a`, `Ａ`, `ａ卷` for version A: found by the folded name, when only one version folds so.
            let folded = VersionName.folded(String(decoding: bytes, as: UTF8.self))
            let matches = foldedVersionNames.indices.filter { foldedVersionNames[$0] == folded }
            return matches.count == 1 ? matches[0] : nil
        }
    }

    /// Marks the answers of the row just read as items of `version`; returns the total. A cell that cannot be
    /// marked scores 0 and, when `problems` is given, is listed there.
    ///
    /// Plain letters to a choice item are marked from the plan's tables (`responses`, `steps`); anything else goes
    /// through `markCell`. When every answer was in the tables and the plan is on the grid, `onGrid` is set, the
    /// row's total in grid steps is `totalStep`, and the row is counted by `ScoreTally.addOnGrid`; otherwise (or
    /// after `fillScores`) item scores are in `xs`, their grid steps in `steps`, the printed options chosen in
    /// `chosen` (see `ScoreTally.add`). Section scores are in `sectionScores` either way.
    @inline(__always)
    func mark(version: Int, row: Int, problems: UnsafeMutablePointer<[SheetProblem]>?) -> Double {
        let plan = self.plan
        let positionBase = plan.positionBase[version]
        let count = plan.positionBase[version + 1] - positionBase
        let tableBase = plan.tableBase + positionBase, tableLimit = plan.tableLimit + positionBase
        let tableResponse = plan.tableResponse
        let itemField = self.itemField, responses = self.responses, steps = self.steps
        var plain = true
        var stepSum = 0
        for k in 0..<count {
            // Items without a table have a limit of 0; a missing column's bits are beyond every table, and so are
            // quick bits of 0x80 (sign-extended): then a choice item's letters are found byte by byte.
            let field = Int(itemField[k])
            var bits = bitsKnown ? fieldBits[field] : UInt32(bitPattern: Int32(Int8(bitPattern: quickBits[field])))
            if bits >= tableLimit[k], !bitsKnown, tableLimit[k] > 0, field < capacity { bits = bitsOfField(field) }
            if bits < tableLimit[k] {
                let response = tableResponse[Int(tableBase[k]) &+ Int(bits)]
                if response >= 0 {
                    responses[k] = Int32(truncatingIfNeeded: response)
                    let step = Int32(truncatingIfNeeded: response >> 32)
                    steps[k] = step
                    stepSum &+= Int(step)
                    continue
                }
            }
            responses[k] = -1
            xs[k] = markCell(k, position: positionBase + k, version: version, row: row, problems: problems)
            plain = false
        }
        for s in 0..<plan.sections { sectionScores[s] = 0 }
        if plain, plan.onGrid {
            onGrid = true
            totalStep = stepSum
            for (section, range) in plan.sectionRuns[version] {
                var sum = 0
                for k in range { sum &+= Int(steps[k]) }
                sectionScores[section] += Double(sum) * plan.step
            }
            return Double(stepSum) * plan.step
        }
        onGrid = false
        fillTableScores(version: version)
        if hasHandMarks, let hand = scorer.options.marks[text(layout.id)] {
            for (k, item) in scorer.key.items[version].enumerated() {
                if let mark = hand[item.number] { xs[k] = min(max(mark, 0), item.points) }
            }
        }
        var total = 0.0
        for k in 0..<count {
            total += xs[k]
            steps[k] = plan.scoreStep(xs[k], at: positionBase + k)
        }
        for (section, range) in plan.sectionRuns[version] {
            var sum = 0.0
            for k in range { sum += xs[k] }
            sectionScores[section] += sum
        }
        return total
    }

    /// After `mark` counted a row on the grid: its item scores and options chosen, for `ScoreTally.add` (`steps`
    /// are already there).
    func fillScores(version: Int) {
        guard onGrid else { return }
        fillTableScores(version: version)
    }

    /// `xs` and `chosen` of the items of `version` marked from the tables.
    private func fillTableScores(version: Int) {
        let base = plan.positionBase[version]
        for k in 0..<(plan.positionBase[version + 1] - base) where responses[k] >= 0 {
            let slot = Int(plan.responseSlot[Int(responses[k])])
            xs[k] = plan.scoreTable[slot]
            chosen[k] = UInt32(slot - Int(plan.tableBase[base + k]))
        }
    }

    /// Marks item k (at `position`) from the text of its cell, for what the tables do not cover: letters that are
    /// not plain ASCII, options the item does not have, two letters to a single-choice item, items with more than
    /// 10 options, free answers (true/false, blanks, keywords), a missing column.
    private func markCell(_ k: Int, position p: Int, version: Int, row: Int, problems: UnsafeMutablePointer<[SheetProblem]>?) -> Double {
        func report(_ column: Int, _ chinese: String, _ english: String) {
            guard let problems else { return }
            problems.pointee.append(
                SheetProblem(
                    problem: TableProblem(row: row, column: column + 1, chinese: chinese, english: english), candidate: text(layout.id),
                    rowExcluded: false))
        }
        let tabled = plan.tableBase[p] >= 0
        var x = 0.0
        var mask = tabled ? 0 : ScoreTally.blank
        defer {
            xs[k] = x
            chosen[k] = mask
        }
        let column = Int(itemColumn[k])
        guard column >= 0 else { return x }
        let kind = plan.kind[p]
        guard kind != ScoringPlan.Kind.other.rawValue else {
            // A short answer marked on its bytes when they decide (a cell that may be blank is left to the text).
            if keywordPresent[p] {
                let start = fieldStart(column)
                let end = endOfField(column)
                if end > start, !Self.mayBeWhitespace(base[start]),
                    let score = keywordMarkers[p].score(
                        of: UnsafeBufferPointer(start: base + start, count: end - start), simplify: keywordSimplify, folding: keywordFolding, buffer: &keyBuffer)
                {
                    x = score
                    mask = 0
                    return x
                }
            }
            // An answer marked before at this position is marked the same again (hand marks apply afterwards).
            let bytes = trimmedBytes(column)
            if let bytes, let known = freeAnswers.mark(at: p, bytes) {
                x = known.score
                mask = known.mask
                if let problem = known.problem { report(column, problem.chinese, problem.english) }
                return x
            }
            let answer = text(column)
            guard !answer.isEmpty else { return x }
            let item = scorer.key.items[version][k]
            var problem: (chinese: String, english: String)? = nil
            switch scorer.grader.parse(answer, for: item.type, optionCount: 0, blankCount: BatchScorer.blankCount(item)) {
            case .failure(let reason):
                // Counted with the blanks, as an unreadable choice is: no answer could be read.
                problem = ("第 \(k + 1) 题：" + reason.reportMessage(in: .zhHans), "item \(k + 1): " + reason.reportMessage(in: .en))
                report(column, problem!.chinese, problem!.english)
            case .success(let typed):
                // 对 counts as the first slot, 错 as the second (see `ScoringPlan.optionSlots`).
                if case .trueFalse(let value) = typed { mask = value ? 1 : 2 } else { mask = 0 }
                x = scorer.grader.marks(typed, entry: item.entry, points: item.points, rule: item.rule, optionCount: 0)
            }
            if let bytes { freeAnswers.keep(FreeAnswerMarks.Mark(score: x, mask: mask, problem: problem), at: p, bytes) }
            return x
        }
        var bits = bitsOfField(column)
        if bits & SheetByte.other != 0 {
            // Full-width letters, Chinese separators, quotes: the shared syntax reads them.
            switch BatchScorer.letters(text(column)) {
            case .mask(let found): bits = found
            case .notLetters(let text):
                report(column, "第 \(k + 1) 题的答案“\(text)”不是选项字母", "item \(k + 1): \"\(text)\" is not option letters")
                return x
            }
        }
        guard bits != 0 else { return x }
        let options = UInt32(plan.optionCount[p])
        if bits >> options != 0 {
            let bad = Int(options) + (bits >> options).trailingZeroBitCount
            report(column, "第 \(k + 1) 题没有选项 \(optionLabel(bad))（选项 A–\(optionLabel(Int(options) - 1))）", "item \(k + 1) has no option \(optionLabel(bad)) (A–\(optionLabel(Int(options) - 1)))")
        } else if kind == ScoringPlan.Kind.single.rawValue {
            if bits & (bits - 1) != 0 {
                report(column, "第 \(k + 1) 题是单选题，只能选一个", "item \(k + 1) is single choice: one letter")
            } else {
                mask = bits
                x = bits == plan.correctMask[p] ? plan.points[p] : 0
            }
        } else {
            mask = bits
            x = plan.rules[p].score(chosenMask: bits, correctMask: plan.correctMask[p], points: plan.points[p])
        }
        return x
    }
}
