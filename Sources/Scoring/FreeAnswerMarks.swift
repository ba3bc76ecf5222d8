import Foundation

/// Free answers (true/false, blanks, keywords) already marked by one reader, by item position and answer bytes.
///
/// On real sheets the same few answers recur (`对`, `一流|第一`): parsing and matching each of them again — trimming,
/// splitting blanks, folding Traditional characters, comparing keywords — is most of the time a fill-in or short
/// answer costs. An answer is looked up by a 64-bit hash of its bytes and confirmed byte for byte, so a hit makes
/// no string and allocates nothing. Each position keeps at most `limit` answers (short answers that never repeat
/// do not grow it without bound).
struct FreeAnswerMarks {
    /// What marking an answer gave: its score, its options (`ScoreTally` mask) and, when it could not be read,
    /// the problem in both languages.
    struct Mark {
        var score: Double
        var mask: UInt32
        var problem: (chinese: String, english: String)?
    }

    private struct Entry {
        var bytes: [UInt8]
        var mark: Mark
    }

    static let limit = 4096
    private var tables: [[UInt64: Entry]]

    init(positions: Int) {
        tables = Array(repeating: [:], count: positions)
    }

    /// FNV-1a over the bytes.
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var value: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes {
            value ^= UInt64(byte)
            value &*= 0x100_0000_01B3
        }
        return value
    }

    /// The mark of `bytes` at `position`, when they were marked before.
    func mark(at position: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Mark? {
        guard let entry = tables[position][Self.hash(bytes)], entry.bytes.count == bytes.count else { return nil }
        let same = entry.bytes.withUnsafeBufferPointer { kept in bytes.isEmpty || memcmp(kept.baseAddress!, bytes.baseAddress!, bytes.count) == 0 }
        return same ? entry.mark : nil
    }

    /// Keeps the mark of `bytes` at `position` (unless the position is full, or another answer has the hash).
    mutating func keep(_ mark: Mark, at position: Int, _ bytes: UnsafeBufferPointer<UInt8>) {
        guard tables[position].count < Self.limit else { return }
        let key = Self.hash(bytes)
        if tables[position][key] == nil { tables[position][key] = Entry(bytes: Array(bytes), mark: mark) }
    }
}
