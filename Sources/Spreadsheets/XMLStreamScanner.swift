import BankFormats
import Foundation

/// What `XMLStreamScanner` reports, as it finds it. Names are local names (a `x:` prefix dropped) as bytes;
/// attributes are the raw bytes between the name and the tag's end, read with `XMLStreamScanner.attribute`.
protocol XMLTokenSink {
    mutating func start(_ name: UnsafeBufferPointer<UInt8>, attributes: UnsafeBufferPointer<UInt8>, empty: Bool)
    mutating func end(_ name: UnsafeBufferPointer<UInt8>)
    /// Character data between tags, entities still written (`XMLStreamScanner.appendText` decodes them), or the
    /// content of a CDATA section (`raw`: no entities in it).
    mutating func text(_ bytes: UnsafeBufferPointer<UInt8>, raw: Bool)
    /// Whether the sink wants `text` now (text between tags it does not read is skipped unseen).
    var wantsText: Bool { get }
}

/// A streaming reader of the XML of an Office part, fed in chunks as the part inflates, so that a worksheet of
/// 600 MB is read in a few seconds and a few megabytes of memory rather than as a tree. Foundation's XMLParser
/// makes a String and a dictionary for every element (a 120,000-row workbook took 76 s and 2 GB that way).
///
/// Not a validating parser, but it refuses what is not well-formed in ways that matter: tags that do not nest,
/// a part cut short, bytes that are not UTF-8, unknown entities, a DOCTYPE (no entity expansion, ever), and a tag
/// or nesting beyond sane sizes. Comments, processing instructions and CDATA sections are understood.
struct XMLStreamScanner<Sink: XMLTokenSink> {
    var sink: Sink
    /// Unprocessed bytes: the tail of the last chunk that did not end a token.
    private var pending: [UInt8] = []
    /// Open elements' local names, one after another, and where each ends.
    private var openNames: [UInt8] = []
    private var openEnds: [Int] = []
    private var sawRoot = false
    /// Bytes consumed before `pending`, for locating problems.
    private(set) var offset = 0
    /// The longest tag or text run kept whole (a cell's text is at most 32,767 characters in Excel).
    static var longestToken: Int { 4 << 20 }
    static var deepest: Int { 256 }

    init(sink: Sink) { self.sink = sink }

    struct Failure: Error {
        var reason: String
    }

    /// Reads `chunk`; tokens cut by its end wait for the next one.
    mutating func feed(_ chunk: UnsafeRawBufferPointer) throws(Failure) {
        if pending.isEmpty {
            let used = try scan(chunk.bindMemory(to: UInt8.self), final: false)
            offset += used
            pending.append(contentsOf: chunk[used...])
        } else {
            // Scanned out of `pending` moved aside (no copy), the unused tail kept.
            var buffer: [UInt8] = []
            swap(&buffer, &pending)
            buffer.append(contentsOf: chunk)
            let used = try buffer.withUnsafeBufferPointer { bytes throws(Failure) in try scan(bytes, final: false) }
            offset += used
            pending = Array(buffer[used...])
        }
        if pending.count > Self.longestToken { throw Failure(reason: "a tag or text of more than \(Self.longestToken >> 20) MB at byte \(offset)") }
    }

    /// Reads what is left after the last chunk; the document must be complete.
    mutating func finish() throws(Failure) {
        let buffer = pending
        let used = try buffer.withUnsafeBufferPointer { bytes throws(Failure) in try scan(bytes, final: true) }
        let rest = buffer[used...]
        if !rest.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) || !openEnds.isEmpty {
            throw Failure(reason: "the XML is cut short" + (lastOpen.map { " inside <\($0)>" } ?? ""))
        }
        if !sawRoot { throw Failure(reason: "no XML element") }
        pending = []
    }

    /// Scans whole tokens of `bytes`, returning how many bytes were used.
    private mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>, final: Bool) throws(Failure) -> Int {
        let count = bytes.count
        guard let base = bytes.baseAddress, count > 0 else { return 0 }
        var at = 0
        while at < count {
            // Text up to the next tag.
            let lt = Self.find(0x3C, in: base, from: at, to: count)
            guard lt < count || final else {
                // The text may go on in the next chunk: hand over what is whole, keep the rest.
                return at
            }
            if lt > at {
                let run = UnsafeBufferPointer(start: base + at, count: lt - at)
                if sink.wantsText {
                    try Self.checkUTF8(run, offset: offset + at)
                    sink.text(run, raw: false)
                } else if openEnds.isEmpty, !run.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 || $0 == 0xEF || $0 == 0xBB || $0 == 0xBF }) {
                    throw Failure(reason: "text outside the root element at byte \(offset + at)")
                }
            }
            guard lt < count else { return count }
            at = lt
            guard at + 1 < count else { return final ? try fail("a tag cut short", at) : at }
            switch base[at + 1] {
            case 0x21:  // <!
                if Self.startsWith(base, at, count, "<!--") {
                    guard let end = Self.find("-->", in: base, from: at + 4, to: count) else { return final ? try fail("a comment cut short", at) : at }
                    at = end + 3
                } else if Self.startsWith(base, at, count, "<![CDATA[") {
                    guard let end = Self.find("]]>", in: base, from: at + 9, to: count) else { return final ? try fail("a CDATA section cut short", at) : at }
                    if sink.wantsText {
                        let run = UnsafeBufferPointer(start: base + at + 9, count: end - at - 9)
                        try Self.checkUTF8(run, offset: offset + at + 9)
                        sink.text(run, raw: true)
                    }
                    at = end + 3
                } else if count - at < 9 && !final {
                    return at
                } else {
                    return try fail("a DOCTYPE or declaration (not read in Office parts)", at)
                }
            case 0x3F:  // <?
                guard let end = Self.find("?>", in: base, from: at + 2, to: count) else { return final ? try fail("a processing instruction cut short", at) : at }
                at = end + 2
            case 0x2F:  // </
                let gt = Self.find(0x3E, in: base, from: at + 2, to: count)
                guard gt < count else { return final ? try fail("a tag cut short", at) : at }
                var nameEnd = at + 2
                while nameEnd < gt, !Self.isSpace(base[nameEnd]) { nameEnd += 1 }
                let name = Self.localName(UnsafeBufferPointer(start: base + at + 2, count: nameEnd - at - 2))
                let lastStart = openEnds.count > 1 ? openEnds[openEnds.count - 2] : 0
                guard let lastEnd = openEnds.last, lastEnd - lastStart == name.count,
                    openNames.withUnsafeBufferPointer({ memcmp($0.baseAddress! + lastStart, name.baseAddress!, name.count) == 0 })
                else {
                    return try fail("</\(String(decoding: name, as: UTF8.self))> does not close " + (lastOpen.map { "<\($0)>" } ?? "anything"), at)
                }
                openEnds.removeLast()
                openNames.removeLast(name.count)
                sink.end(name)
                at = gt + 1
            default:
                // A start tag: its end is the first '>' outside quotes — the first '>' at all when the quotes before
                // it pair up (as they do in every Office part), else found quote by quote.
                var index = Self.find(0x3E, in: base, from: at + 1, to: count)
                var doubles = 0, singles = 0
                var ascii = true
                for byte in UnsafeBufferPointer(start: base + at + 1, count: index - at - 1) {
                    if byte == 0x22 { doubles += 1 } else if byte == 0x27 { singles += 1 } else if byte == 0x3C { return try fail("'<' inside a tag", at) }
                    if byte >= 0x80 { ascii = false }
                }
                if singles > 0 || doubles & 1 == 1 {
                    index = at + 1
                    var quote: UInt8 = 0
                    while index < count {
                        let byte = base[index]
                        if quote != 0 {
                            if byte == quote { quote = 0 }
                        } else if byte == 0x22 || byte == 0x27 {
                            quote = byte
                        } else if byte == 0x3E {
                            break
                        } else if byte == 0x3C {
                            return try fail("'<' inside a tag", index)
                        }
                        index += 1
                    }
                    ascii = false
                }
                guard index < count else { return final ? try fail("a tag cut short", at) : at }
                let tag = UnsafeBufferPointer(start: base + at + 1, count: index - at - 1)
                if !ascii { try Self.checkUTF8(tag, offset: offset + at + 1) }
                let empty = tag.last == 0x2F
                let inner = UnsafeBufferPointer(rebasing: tag[0..<(empty ? tag.count - 1 : tag.count)])
                var nameEnd = 0
                while nameEnd < inner.count, !Self.isSpace(inner[nameEnd]) { nameEnd += 1 }
                guard nameEnd > 0 else { return try fail("a tag without a name", at) }
                let name = Self.localName(UnsafeBufferPointer(rebasing: inner[0..<nameEnd]))
                if openEnds.isEmpty, sawRoot { return try fail("a second root element", at) }
                sawRoot = true
                sink.start(name, attributes: UnsafeBufferPointer(rebasing: inner[nameEnd...]), empty: empty)
                if empty {
                    sink.end(name)
                } else {
                    openNames.append(contentsOf: name)
                    openEnds.append(openNames.count)
                    if openEnds.count > Self.deepest { return try fail("elements nested more than \(Self.deepest) deep", at) }
                }
                at = index + 1
            }
        }
        return at
    }

    /// The innermost open element's name.
    private var lastOpen: String? {
        guard let end = openEnds.last else { return nil }
        return String(decoding: openNames[(openEnds.count > 1 ? openEnds[openEnds.count - 2] : 0)..<end], as: UTF8.self)
    }

    private func fail(_ reason: String, _ at: Int) throws(Failure) -> Int {
        throw Failure(reason: "damaged XML at byte \(offset + at): \(reason)")
    }

    @inline(__always) static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 }

    static func find(_ byte: UInt8, in base: UnsafePointer<UInt8>, from: Int, to: Int) -> Int {
        guard from < to else { return to }
        guard let found = memchr(base + from, Int32(byte), to - from) else { return to }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    static func find(_ text: StaticString, in base: UnsafePointer<UInt8>, from: Int, to: Int) -> Int? {
        let needle = UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)
        var at = from
        while at + needle.count <= to {
            let next = find(needle[0], in: base, from: at, to: to - needle.count + 1)
            guard next <= to - needle.count else { return nil }
            if memcmp(base + next, needle.baseAddress!, needle.count) == 0 { return next }
            at = next + 1
        }
        return nil
    }

    static func startsWith(_ base: UnsafePointer<UInt8>, _ at: Int, _ count: Int, _ text: StaticString) -> Bool {
        text.utf8CodeUnitCount <= count - at && memcmp(base + at, text.utf8Start, text.utf8CodeUnitCount) == 0
    }

    /// `x:row` → `row`.
    static func localName(_ name: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        guard let colon = name.lastIndex(of: 0x3A) else { return name }
        return UnsafeBufferPointer(rebasing: name[(colon + 1)...])
    }

    static func checkUTF8(_ bytes: UnsafeBufferPointer<UInt8>, offset: Int) throws(Failure) {
        // ASCII runs (most of a worksheet) need no decoding.
        var ascii = true
        for byte in bytes where byte >= 0x80 {
            ascii = false
            break
        }
        if !ascii, let bad = TextDecoder.firstInvalidUTF8(in: bytes) {
            throw Failure(reason: "damaged XML at byte \(offset + bad): bytes that are not UTF-8")
        }
    }
}

extension XMLStreamScanner {
    /// Calls `visit` with each attribute's name and value (raw bytes, entities as written), in order; stops at
    /// the first that is not `name="value"` or `name='value'`.
    @inline(__always)
    static func forEachAttribute(
        in attributes: UnsafeBufferPointer<UInt8>, _ visit: (_ name: UnsafeBufferPointer<UInt8>, _ value: UnsafeBufferPointer<UInt8>) -> Void
    ) {
        let count = attributes.count
        guard let base = attributes.baseAddress else { return }
        var at = 0
        while at < count {
            while at < count, isSpace(base[at]) { at += 1 }
            let nameStart = at
            while at < count, base[at] != 0x3D, !isSpace(base[at]) { at += 1 }
            let nameEnd = at
            while at < count, isSpace(base[at]) { at += 1 }
            guard at < count, base[at] == 0x3D else { return }
            at += 1
            while at < count, isSpace(base[at]) { at += 1 }
            guard at < count, base[at] == 0x22 || base[at] == 0x27 else { return }
            let quote = base[at]
            let valueStart = at + 1
            at = valueStart
            while at < count, base[at] != quote { at += 1 }
            visit(UnsafeBufferPointer(start: base + nameStart, count: nameEnd - nameStart), UnsafeBufferPointer(start: base + valueStart, count: at - valueStart))
            at += 1
        }
    }

    /// The value of attribute `name` (unprefixed) in a tag's attribute bytes, entities left as written (the
    /// attributes read here are numbers and letters); nil when absent.
    static func attribute(_ name: StaticString, in attributes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        let wanted = UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)
        var found: UnsafeBufferPointer<UInt8>? = nil
        forEachAttribute(in: attributes) { key, value in
            if found == nil, key.elementsEqual(wanted) { found = value }
        }
        return found
    }

    /// Appends `text` to `out` with its entities decoded (`&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;`, `&#…;`);
    /// false for an entity XML does not define.
    static func appendText(_ text: UnsafeBufferPointer<UInt8>, raw: Bool = false, to out: inout [UInt8]) -> Bool {
        guard !raw, let amp = text.firstIndex(of: 0x26) else {
            out.append(contentsOf: text)
            return true
        }
        out.append(contentsOf: text[..<amp])
        var at = amp
        while at < text.count {
            let byte = text[at]
            guard byte == 0x26 else {
                out.append(byte)
                at += 1
                continue
            }
            guard let semicolon = text[at...].prefix(12).firstIndex(of: 0x3B) else { return false }
            let entity = text[(at + 1)..<semicolon]
            switch Array(entity) {
            case Array("amp".utf8): out.append(0x26)
            case Array("lt".utf8): out.append(0x3C)
            case Array("gt".utf8): out.append(0x3E)
            case Array("quot".utf8): out.append(0x22)
            case Array("apos".utf8): out.append(0x27)
            default:
                guard entity.first == 0x23 else { return false }
                let digits = String(decoding: entity.dropFirst(), as: UTF8.self)
                let value = digits.first == "x" || digits.first == "X" ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
                guard let value, let scalar = Unicode.Scalar(value), value != 0 else { return false }
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
            }
            at = semicolon + 1
        }
        return true
    }
}
