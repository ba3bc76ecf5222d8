import Foundation
/// Folds texts into keys that compare equal when a reader would call them the same text:
/// width, spaces, case, optionally punctuation, and optionally the script (Traditional → Simplified).
public struct TextMatcher: Sendable {
    public var folding: FoldingOptions
    /// When set, text is converted to Simplified characters before folding.
    public var scriptConverter: ScriptConverter?

    public init(folding: FoldingOptions = .standard, scriptConverter: ScriptConverter? = nil) {
        self.folding = folding
        self.scriptConverter = scriptConverter
    }

    /// A matcher that folds width, spaces, case, punctuation and Traditional/Simplified differences.
    /// - Throws: `ScriptConversionError` when OpenCC cannot be opened.
    public static func ignoringScriptAndPunctuation() throws -> TextMatcher {
        TextMatcher(folding: .all, scriptConverter: try SharedScriptConverters.converter(to: .simplified))
    }

    /// The comparison key of `text`.
    public func key(_ text: String) -> String {
        // Into Simplified, keys map character by character through OpenCC's own character table
        // (`ScriptFolding`): both sides of a comparison are folded alike, and no OpenCC call — which costs more than
        // the rest of a short answer's marking and is serialized across threads — is made per answer.
        if scriptConverter?.target == .simplified {
            return TextFolding.fold(ScriptFolding.hasTraditional(text) ? ScriptFolding.simplify(text) : text, options: folding)
        }
        let converted = scriptConverter?.convert(text) ?? text
        return TextFolding.fold(converted, options: folding)
    }

    /// The comparison keys of many texts, in order.
    ///
    /// Script conversion goes through OpenCC in batches (texts joined by U+001E, which OpenCC passes through),
    /// since one call per short text costs more than the conversion itself.
    /// - Complexity: O(n) in the total length of the texts.
    public func keys(_ texts: [String]) -> [String] {
        guard let scriptConverter else { return texts.map { TextFolding.fold($0, options: folding) } }
        // Keys into Simplified are made character by character (see `key`), the same one at a time or many.
        if scriptConverter.target == .simplified { return texts.map(key) }
        let separator: Character = "\u{1E}"
        var keys: [String] = []
        keys.reserveCapacity(texts.count)
        var start = 0
        while start < texts.count {
            let chunk = texts[start..<min(start + 2048, texts.count)]
            let converted = scriptConverter.convert(chunk.joined(separator: String(separator)))
            let parts = converted.split(separator: separator, omittingEmptySubsequences: false)
            if parts.count == chunk.count {
                keys += parts.map { TextFolding.fold(String($0), options: folding) }
            } else {
                // A text held the separator itself: convert this chunk one text at a time.
                keys += chunk.map(key)
            }
            start += chunk.count
        }
        return keys
    }

    /// Whether `a` and `b` are the same text after folding.
    public func matches(_ a: String, _ b: String) -> Bool { key(a) == key(b) }

    /// Whether the key `text` contains the key `part`, as Foundation's `contains` answers it (canonical
    /// equivalence, an empty part never found) — by a byte search when both are made of characters for which the
    /// two agree (no combining marks, nothing with a canonical decomposition: ASCII, Latin-1's symbols, CJK
    /// punctuation and ideographs, full-width forms), which is nearly every answer and many times faster than
    /// Foundation's UTF-16 search; by Foundation otherwise.
    public static func key(_ text: String, contains part: String) -> Bool {
        guard !part.isEmpty else { return false }
        guard bytesDecide(text), bytesDecide(part) else { return text.contains(part) }
        var text = text
        var part = part
        return text.withUTF8 { haystack in part.withUTF8 { needle in key(utf8: haystack, contains: needle) } }
    }

    /// Whether every scalar of `text` is one for which a byte search and Foundation's search agree.
    private static func bytesDecide(_ text: String) -> Bool { text.unicodeScalars.allSatisfy { bytesDecide($0.value) } }

    @inline(__always)
    static func bytesDecide(_ value: UInt32) -> Bool {
        switch value {
        // Not U+302A…U+302F (combining tone marks) nor Latin letters with diacritics (canonically decomposable).
        case 0x20...0x7E, 0xA0...0xBF, 0x3000...0x3029, 0x3030...0x303F, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xFF00...0xFFEF: true
        default: false
        }
    }

    /// The key of the UTF-8 text `bytes`, appended to `out` as UTF-8 without making a `String` — the bytes of
    /// `key(String(decoding: bytes, as: UTF8.self))` — when every scalar of the key is one `key(_:contains:)`
    /// searches by bytes; false (and `out` unspecified) when the bytes are not valid UTF-8, a key scalar is not,
    /// or the script is converted other than into Simplified (then the caller makes the key from a `String`).
    /// For a scorer marking a million short answers that never repeat.
    public func appendDecidableKey(ofUTF8 bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) -> Bool {
        guard let simplify = simplifiesByTable else { return false }
        return Self.appendDecidableKey(ofUTF8: bytes, simplify: simplify, folding: folding, to: &out)
    }

    /// Whether keys map ideographs to Simplified by `ScriptFolding`'s table (true), not at all (false), or
    /// through OpenCC into another script (nil: no key is made from bytes).
    public var simplifiesByTable: Bool? {
        switch scriptConverter?.target {
        case nil: false
        case .simplified?: true
        default: nil
        }
    }

    /// `appendDecidableKey` for a matcher with `folding` that simplifies (or not) by table — for callers that
    /// keep these two instead of the matcher, so that a call copies no reference.
    public static func appendDecidableKey(ofUTF8 bytes: UnsafeBufferPointer<UInt8>, simplify: Bool, folding: FoldingOptions, to out: inout [UInt8]) -> Bool {
        var index = 0
        let count = bytes.count
        let table = ScriptFolding.table
        let whitespace = folding.contains(.whitespace), punctuation = folding.contains(.punctuation)
        let lowercase = folding.contains(.caseInsensitive)
        out.reserveCapacity(out.count + count)
        while index < count {
            let lead = bytes[index]
            var value: UInt32
            var length: Int
            if lead < 0x80 {
                // ASCII as `TextFolding.fold` folds it; a control character kept is not byte-decidable.
                index += 1
                switch lead {
                case 0x30...0x39, 0x61...0x7A: out.append(lead)
                case 0x41...0x5A: out.append(lowercase ? lead + 0x20 : lead)
                case 0x20: if !whitespace { out.append(lead) }
                case 0x09...0x0D: if !whitespace { return false }
                case 0x21...0x7E: if !punctuation { out.append(lead) }
                default: return false
                }
                continue
            } else if lead >= 0xC2, lead <= 0xDF, index + 1 < count, bytes[index + 1] & 0xC0 == 0x80 {
                value = UInt32(lead & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F)
                length = 2
            } else if lead >= 0xE0, lead <= 0xEF, index + 2 < count, bytes[index + 1] & 0xC0 == 0x80, bytes[index + 2] & 0xC0 == 0x80 {
                value = UInt32(lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F)
                length = 3
                // Overlong forms and surrogates are not UTF-8.
                guard value >= 0x800, !(0xD800...0xDFFF).contains(value) else { return false }
                // Most of an answer: an ideograph, simplified, folds to itself (`TextFolding.fold`'s first case).
                if value >= 0x4E00, value <= 0x9FFF {
                    let result = simplify ? table[Int(value - ScriptFolding.first)] : value
                    if result >= 0x4E00, result <= 0x9FFF {
                        out.append(UInt8(0xE0 | (result >> 12)))
                        out.append(UInt8(0x80 | ((result >> 6) & 0x3F)))
                        out.append(UInt8(0x80 | (result & 0x3F)))
                        index += 3
                        continue
                    }
                }
            } else {
                // Four-byte scalars (beyond the BMP) are never byte-decidable; anything else is not UTF-8.
                return false
            }
            index += length
            if simplify, value >= ScriptFolding.first, value <= ScriptFolding.last { value = table[Int(value - ScriptFolding.first)] }
            guard let scalar = Unicode.Scalar(value), let folded = TextFolding.fold(scalar, options: folding) else { continue }
            let result = folded.value
            guard Self.bytesDecide(result) else { return false }
            if result < 0x80 {
                out.append(UInt8(result))
            } else if result < 0x800 {
                out.append(UInt8(0xC0 | (result >> 6)))
                out.append(UInt8(0x80 | (result & 0x3F)))
            } else {
                out.append(UInt8(0xE0 | (result >> 12)))
                out.append(UInt8(0x80 | ((result >> 6) & 0x3F)))
                out.append(UInt8(0x80 | (result & 0x3F)))
            }
        }
        return true
    }

    /// Whether the UTF-8 key `key` contains the UTF-8 key `part`, both made by `appendDecidableKey` (so byte
    /// search is `key(_:contains:)`'s answer); an empty part is never found.
    public static func key(utf8 key: UnsafeBufferPointer<UInt8>, contains part: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !part.isEmpty, part.count <= key.count, let haystack = key.baseAddress, let needle = part.baseAddress else { return false }
        // glibc's memmem is not visible to Swift (it needs _GNU_SOURCE): the first byte found by memchr, the rest
        // compared.
        let first = Int32(needle.pointee)
        var start = 0
        let last = key.count - part.count
        while start <= last {
            guard let found = memchr(haystack + start, first, last - start + 1) else { return false }
            let at = haystack.distance(to: found.assumingMemoryBound(to: UInt8.self))
            if memcmp(haystack + at, needle, part.count) == 0 { return true }
            start = at + 1
        }
        return false
    }
}
