import CScoring
import Foundation

/// FNV-1a, 64 bits, of `count` bytes at `start`: the key of candidate ids and unit names.
@inline(__always)
func fnv1a(_ start: UnsafePointer<UInt8>, _ count: Int) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for index in 0..<count {
        hash = (hash ^ UInt64(start[index])) &* 0x0000_0100_0000_01B3
    }
    return hash
}

/// A set of 64-bit hashes (open addressing, linear probing): which candidate ids were seen, at 8 bytes each
/// rather than a string each, kept at most three quarters full. Two ids with one hash are told apart later, by their text.
struct HashSet64 {
    private var slots: [UInt64]
    private var mask: Int
    private(set) var count = 0

    init(capacity: Int = 1 << 12) {
        var size = 16
        while size * 3 < capacity * 4 { size <<= 1 }
        slots = Array(repeating: 0, count: size)
        mask = size - 1
    }

    /// The key stored for `hash` (0 marks an empty slot), and the slot its probe starts at.
    @inline(__always)
    private func probe(_ hash: UInt64) -> (key: UInt64, start: Int) {
        let key = hash == 0 ? 1 : hash
        return (key, Int(truncatingIfNeeded: key ^ (key >> 29)) & mask)
    }

    /// Adds `hash`; false when it was already there.
    @inline(__always)
    mutating func insert(_ hash: UInt64) -> Bool {
        if count * 4 >= slots.count * 3 { grow() }
        var (key, index) = probe(hash)
        while true {
            let slot = slots[index]
            if slot == key { return false }
            if slot == 0 {
                slots[index] = key
                count += 1
                return true
            }
            index = (index + 1) & mask
        }
    }

    /// Adds `hashes`, their slots asked for first so that the cache misses of a large set overlap rather than
    /// come one at a time; the hashes already there are appended to `repeated`.
    mutating func insert(_ hashes: UnsafeBufferPointer<UInt64>, repeated: inout [UInt64]) {
        while (count + hashes.count) * 4 >= slots.count * 3 { grow() }
        slots.withUnsafeBufferPointer { slots in
            for hash in hashes { kaoxue_prefetch(slots.baseAddress! + probe(hash).start) }
        }
        for hash in hashes where !insert(hash) { repeated.append(hash) }
    }

    func contains(_ hash: UInt64) -> Bool {
        var (key, index) = probe(hash)
        while true {
            let slot = slots[index]
            if slot == key { return true }
            if slot == 0 { return false }
            index = (index + 1) & mask
        }
    }

    /// The hashes of this set that `other` holds too, looked up a batch at a time, their slots in `other` asked
    /// for first.
    func common(with other: HashSet64) -> [UInt64] {
        var found: [UInt64] = []
        var batch: [UInt64] = []
        batch.reserveCapacity(64)
        func check() {
            other.slots.withUnsafeBufferPointer { slots in
                for key in batch { kaoxue_prefetch(slots.baseAddress! + other.probe(key).start) }
            }
            found += batch.filter(other.contains)
            batch.removeAll(keepingCapacity: true)
        }
        for key in slots where key != 0 {
            batch.append(key)
            if batch.count == 64 { check() }
        }
        check()
        return found
    }

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: 0, count: old.count * 2)
        mask = slots.count - 1
        count = 0
        for key in old where key != 0 { _ = insert(key) }
    }
}

/// Names seen in a column (units), each given a number on first sight, looked up by their bytes.
struct ByteInterner {
    private(set) var names: [[UInt8]] = []
    private var slots = [Int32](repeating: -1, count: 64)
    private var hashes: [UInt64] = []

    /// The number of the name in `bytes`, given one if it is new.
    mutating func index(of bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        let hash = fnv1a(bytes.baseAddress ?? UnsafePointer(bitPattern: 1)!, bytes.count)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let found = slots[slot]
            if found < 0 { break }
            if hashes[Int(found)] == hash, names[Int(found)].count == bytes.count,
                bytes.isEmpty || names[Int(found)].withUnsafeBufferPointer({ memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 })
            {
                return found
            }
            slot = (slot + 1) & mask
        }
        let index = Int32(names.count)
        names.append(Array(bytes))
        hashes.append(hash)
        slots[slot] = index
        if names.count * 2 > slots.count {
            slots = [Int32](repeating: -1, count: slots.count * 2)
            for (number, hash) in hashes.enumerated() {
                var slot = Int(truncatingIfNeeded: hash) & (slots.count - 1)
                while slots[slot] >= 0 { slot = (slot + 1) & (slots.count - 1) }
                slots[slot] = Int32(number)
            }
        }
        return index
    }
}
