/// Shares one copy of strings that repeat across a bank (topics, source documents, tags): a 100,000-question
/// bank has a few dozen distinct topics, and keeping one string each instead of 100,000 saves memory and
/// allocations.
///
/// Strings are keyed by a 64-bit FNV-1a hash of their UTF-8 bytes and confirmed byte for byte, so Unicode
/// normalization (which makes `String` hashing slow) is never involved.
struct StringInterner {
    private var table: [UInt64: String] = [:]

    mutating func intern(_ text: String) -> String {
        // Strings of up to 15 UTF-8 bytes are stored inline by Swift: nothing to share.
        if text.utf8.count <= 15 { return text }
        var hasher = FNV1a()
        for byte in text.utf8 { hasher.add(byte: byte) }
        if let existing = table[hasher.value], existing.utf8.elementsEqual(text.utf8) { return existing }
        if table[hasher.value] == nil { table[hasher.value] = text }
        return text
    }

    mutating func intern(_ text: String?) -> String? { text.map { intern($0) } }
}
