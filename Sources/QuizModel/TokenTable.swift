/// A table from written tokens (答案, 易, 对, …) to values, matched on UTF-8 bytes after trimming white space
/// and lower-casing ASCII letters.
///
/// Swift's `String` equality and hashing normalize Unicode, which is correct but slow for the millions of
/// look-ups of a large bank; tokens here are fixed NFC spellings of a few bytes, so comparing bytes is exact,
/// and a look-up allocates nothing.
public struct TokenTable<Value: Sendable>: Sendable {
    @usableFromInline let keys: TokenKeys
    @usableFromInline let values: [Value]

    /// `pairs` in order; for a token spelled twice the first value wins.
    public init(_ pairs: [(String, Value)]) {
        keys = TokenKeys(pairs.map { Array($0.0.utf8).map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 } })
        values = pairs.map(\.1)
    }

    /// The value written as `text`, if any.
    @inlinable
    public func lookup(_ text: String) -> Value? {
        if let found = text.utf8.withContiguousStorageIfAvailable({ lookup(bytes: $0) }) { return found }
        return Array(text.utf8).withUnsafeBufferPointer { lookup(bytes: $0) }
    }


    /// The value written as these UTF-8 bytes, if any.
    @inlinable
    public func lookup(bytes: UnsafeBufferPointer<UInt8>) -> Value? {
        keys.index(of: bytes).map { values[$0] }
    }
}

/// The byte spellings of a `TokenTable`, matched without generics so the loop is compiled once, tight.
@usableFromInline
struct TokenKeys: Sendable {
    let keys: [[UInt8]]

    init(_ keys: [[UInt8]]) { self.keys = keys }

    @usableFromInline
    func index(of bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var start = 0
        var end = bytes.count
        while start < end {
            if bytes[start] == 0x20 || (0x09...0x0D).contains(bytes[start]) {
                start += 1
            } else if bytes[start] == 0xE3, start + 2 < end, bytes[start + 1] == 0x80, bytes[start + 2] == 0x80 {
                start += 3
            } else {
                break
            }
        }
        while end > start {
            if bytes[end - 1] == 0x20 || (0x09...0x0D).contains(bytes[end - 1]) {
                end -= 1
            } else if end - 3 >= start, bytes[end - 3] == 0xE3, bytes[end - 2] == 0x80, bytes[end - 1] == 0x80 {
                end -= 3
            } else {
                break
            }
        }
        let count = end - start
        search: for (index, key) in keys.enumerated() where key.count == count {
            for k in 0..<count {
                let byte = bytes[start + k]
                let folded = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
                if folded != key[k] { continue search }
            }
            return index
        }
        return nil
    }
}
