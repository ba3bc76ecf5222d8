import BankFormats
import FileIO
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The bytes of an answer-sheet file, read without holding them all in memory: a read-only mapping of the file
/// whose pages are given back to the system once scored (`release`), or — for sheets converted from GB18030 or
/// an Excel workbook — bytes in memory.
///
/// Mapped pages of a file count towards a process's resident memory while they are mapped in; giving them back
/// behind the scanners keeps a 300 MB file's footprint to a few megabytes. Reading them again (a row read a
/// second time) maps them in again from the page cache.
public final class SheetBytes: @unchecked Sendable {
    public let base: UnsafePointer<UInt8>
    public let count: Int
    private let mapped: Bool

    /// Why a file could not be mapped.
    public typealias ReadFailure = FileBytes.ReadError

    /// Maps the file at `path` read-only.
    public init(mapping path: String) throws(ReadFailure) {
        let opened: (descriptor: Int32, size: Int)
        do {
            opened = try InputFile.open(path, maximumBytes: InputFile.maximumTableBytes)
        } catch {
            throw ReadFailure(system: error)
        }
        let (descriptor, size) = opened
        defer { close(descriptor) }
        guard size > 0 else {
            base = UnsafePointer(UnsafeMutablePointer<UInt8>.allocate(capacity: 1))
            count = 0
            mapped = false
            return
        }
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), address != MAP_FAILED else {
            throw ReadFailure(system: .last)
        }
        _ = madvise(address, size, MADV_SEQUENTIAL)
        base = UnsafePointer(address.assumingMemoryBound(to: UInt8.self))
        count = size
        mapped = true
    }

    /// A copy of `bytes` in memory.
    public init<Bytes: Collection>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        let storage = UnsafeMutablePointer<UInt8>.allocate(capacity: max(1, bytes.count))
        _ = UnsafeMutableBufferPointer(start: storage, count: bytes.count).initialize(from: bytes)
        base = UnsafePointer(storage)
        count = bytes.count
        mapped = false
    }

    /// The first `length` bytes (fewer when the file is shorter).
    public func prefix(_ length: Int) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: min(length, count)) }

    /// Gives the whole pages inside `range` back to the system (a mapping only; bytes in memory stay).
    func release(_ range: Range<Int>) {
        guard mapped else { return }
        let page = Self.pageSize
        let start = (range.lowerBound + page - 1) / page * page
        let end = min(range.upperBound, count) / page * page
        guard end > start else { return }
        _ = madvise(UnsafeMutableRawPointer(mutating: base + start), end - start, MADV_DONTNEED)
    }

    static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    /// Gives back the pages behind a reader that moves forward through the bytes, every 8 MB.
    struct ReleaseBehind {
        let sheet: SheetBytes
        /// Where the pages not yet given back start.
        private(set) var released: Int

        init(_ sheet: SheetBytes, from start: Int) {
            self.sheet = sheet
            released = start
        }

        /// The reader is at `offset` (never before an earlier one); returns the bytes given back now (0 until
        /// 8 MB have been passed).
        @discardableResult
        mutating func passed(_ offset: Int) -> Int {
            let passed = offset - released
            guard passed >= 8 << 20 else { return 0 }
            sheet.release(released..<offset)
            released = offset
            return passed
        }
    }

    deinit {
        if mapped {
            munmap(UnsafeMutableRawPointer(mutating: base), count)
        } else {
            UnsafeMutablePointer(mutating: base).deallocate()
        }
    }
}
