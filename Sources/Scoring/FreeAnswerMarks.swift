import Foundation

/// Free answers (true/false, blanks, keywords) already marked by one reader, by item position and answer bytes.
///
/// On real sheets the same few answers recur (`对`, `一流|第一`): parsing and matching each of them again — trimming,
/// splitting blanks, folding Traditional characters, comparing keywords — is most of the time a fill-in or short
/// answer costs. An answer is looked up by a 64-bit hash of its bytes and confirmed byte for byte, so a hit makes
/// no string and allocates nothing. Each position keeps at most `limit` answers (short answers that never repeat
/// do not grow it without bound).
///
/// The table is open addressing over flat memory — one 32-byte slot per answer (hash, score, mask), the answers'
/// bytes in one arena per position — made when a position keeps its first answer: a lookup is a hash, a probe or
/// two and a byte comparison, with no dictionary, no array of arrays, no reference counting and no exclusivity
/// check.
final class FreeAnswerMarks {
    /// What marking an answer gave: its score, its options (`ScoreTally` mask) and, when it could not be read,
    /// the problem in both languages.
    struct Mark {
        var score: Double
        var mask: UInt32
        var problem: (chinese: String, english: String)?
    }

    static let limit = 4096
    /// The longest answer kept (a longer one is marked each time: it is not going to recur).
    static let longest = 4096
    /// Slots per position: a power of two, at least twice `limit`, so probes stay short.
    private static let slots = 8192

    /// One slot: 32 bytes, so that a probe reads one cache line.
    private struct Slot {
        /// The hash of the slot's answer (0: empty; a hash of 0 is stored as 1).
        var hash: UInt64
        var score: Double
        /// Where the answer's bytes are in the arena, and how many.
        var offset: Int32
        var length: Int32
        var mask: UInt32
        /// An index into `problems`, or -1.
        var problem: Int32
    }

    /// One position's table: pointers and counts only.
    private struct Table {
        /// nil until the first answer.
        var slots: UnsafeMutablePointer<Slot>?
        var arena: UnsafeMutablePointer<UInt8>!
        var arenaCapacity = 0
        var arenaCount = 0
        var count = 0

        mutating func make() {
            let slots = UnsafeMutablePointer<Slot>.allocate(capacity: FreeAnswerMarks.slots)
            slots.initialize(repeating: Slot(hash: 0, score: 0, offset: 0, length: 0, mask: 0, problem: -1), count: FreeAnswerMarks.slots)
            self.slots = slots
            arenaCapacity = 1 << 16
            arena = .allocate(capacity: arenaCapacity)
        }

        /// Room for `more` bytes in the arena (doubling it as needed).
        mutating func reserve(_ more: Int) {
            guard arenaCount + more > arenaCapacity else { return }
            var capacity = arenaCapacity * 2
            while arenaCount + more > capacity { capacity *= 2 }
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
            grown.update(from: arena, count: arenaCount)
            arena.deallocate()
            arena = grown
            arenaCapacity = capacity
        }

        func free() {
            guard let slots else { return }
            slots.deallocate()
            arena.deallocate()
        }

        /// The slot of `bytes` (with `hash`): where they are, or the empty slot where they would go.
        func slot(of bytes: UnsafeBufferPointer<UInt8>, hash: UInt64, in slots: UnsafeMutablePointer<Slot>) -> Int {
            var index = Int(truncatingIfNeeded: hash) & (FreeAnswerMarks.slots - 1)
            while true {
                let slot = slots[index]
                if slot.hash == 0 { return index }
                if slot.hash == hash, Int(slot.length) == bytes.count, FreeAnswerMarks.same(arena + Int(slot.offset), bytes) { return index }
                index = (index + 1) & (FreeAnswerMarks.slots - 1)
            }
        }
    }

    private let tables: UnsafeMutablePointer<Table>
    private let positions: Int
    /// The problems of answers that could not be read (few).
    private var problems: [(chinese: String, english: String)] = []

    init(positions: Int) {
        self.positions = positions
        tables = .allocate(capacity: max(positions, 1))
        tables.initialize(repeating: Table(), count: max(positions, 1))
    }

    deinit {
        for position in 0..<max(positions, 1) { tables[position].free() }
        tables.deinitialize(count: max(positions, 1))
        tables.deallocate()
    }

    /// FNV-1a over the bytes, never 0 (0 marks an empty slot).
    @inline(__always)
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var value: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes {
            value ^= UInt64(byte)
            value &*= 0x100_0000_01B3
        }
        return value == 0 ? 1 : value
    }

    /// Whether the `bytes.count` bytes at `kept` are `bytes`.
    @inline(__always)
    private static func same(_ kept: UnsafePointer<UInt8>, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let start = bytes.baseAddress else { return true }
        let count = bytes.count
        var index = 0
        // Eight bytes at a time, then the rest.
        while index + 8 <= count {
            if UnsafeRawPointer(kept + index).loadUnaligned(as: UInt64.self) != UnsafeRawPointer(start + index).loadUnaligned(as: UInt64.self) {
                return false
            }
            index += 8
        }
        while index < count {
            if kept[index] != start[index] { return false }
            index += 1
        }
        return true
    }

    /// The mark of `bytes` at `position`, when they were marked before.
    func mark(at position: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Mark? {
        let table = tables[position]
        guard let slots = table.slots else { return nil }
        let slot = slots[table.slot(of: bytes, hash: Self.hash(bytes), in: slots)]
        guard slot.hash != 0 else { return nil }
        return Mark(score: slot.score, mask: slot.mask, problem: slot.problem < 0 ? nil : problems[Int(slot.problem)])
    }

    /// Keeps the mark of `bytes` at `position` (unless the position is full).
    func keep(_ mark: Mark, at position: Int, _ bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count <= Self.longest else { return }
        if tables[position].slots == nil { tables[position].make() }
        var table = tables[position]
        guard table.count < Self.limit, let slots = table.slots else { return }
        let hash = Self.hash(bytes)
        let index = table.slot(of: bytes, hash: hash, in: slots)
        guard slots[index].hash == 0 else { return }
        table.reserve(bytes.count)
        if let start = bytes.baseAddress { (table.arena + table.arenaCount).update(from: start, count: bytes.count) }
        var problem: Int32 = -1
        if let found = mark.problem {
            problem = Int32(problems.count)
            problems.append(found)
        }
        slots[index] = Slot(hash: hash, score: mark.score, offset: Int32(table.arenaCount), length: Int32(bytes.count), mask: mark.mask, problem: problem)
        table.arenaCount += bytes.count
        table.count += 1
        tables[position] = table
    }
}
