import COpenCC
import Synchronization

/// The two written forms of Chinese.
public enum ChineseScript: String, Sendable, Codable, CaseIterable {
    /// Simplified characters (简体), zh-Hans.
    case simplified = "hans"
    /// Traditional characters (繁體), zh-Hant.
    case traditional = "hant"
}

/// Why a script converter could not be made.
public struct ScriptConversionError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The OpenCC configuration that failed to open (e.g. `t2s.json`).
    public var configuration: String
    /// OpenCC's own message.
    public var reason: String

    public var description: String {
        "OpenCC could not open \(configuration): \(reason) (is Debian's libopencc-dev / libopencc1.1 installed?)"
    }
}

/// Converts text between Traditional and Simplified characters with OpenCC's phrase-aware dictionaries
/// (`t2s.json`, `s2t.json` from the system's OpenCC data).
///
/// One converter wraps one OpenCC handle; conversions are serialized by a lock, so a converter can be
/// shared between tasks.
public final class ScriptConverter: Sendable {
    /// The script this converter writes.
    public let target: ChineseScript
    private let handle: Mutex<opencc_t>

    /// Opens OpenCC for converting into `target`.
    /// - Throws: `ScriptConversionError` when OpenCC or its data files are missing.
    public init(to target: ChineseScript) throws {
        self.target = target
        let configuration = target == .simplified ? "t2s.json" : "s2t.json"
        let handle = opencc_open(configuration)
        // OpenCC reports failure as (opencc_t)-1.
        if handle == nil || UInt(bitPattern: handle) == UInt.max {
            let reason = opencc_error().map { String(cString: $0) } ?? "unknown error"
            throw ScriptConversionError(configuration: configuration, reason: reason)
        }
        self.handle = Mutex(handle!)
    }

    deinit { handle.withLock { _ = opencc_close($0) } }

    /// `text` written in the target script. Characters with no counterpart are kept as they are.
    public func convert(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text }
        return handle.withLock { handle in
            var input = text
            return input.withUTF8 { bytes -> String in
                guard let base = bytes.baseAddress,
                    let output = base.withMemoryRebound(to: CChar.self, capacity: bytes.count, {
                        opencc_convert_utf8(handle, $0, bytes.count)
                    })
                else { return text }
                defer { opencc_convert_utf8_free(output) }
                return String(cString: output)
            }
        }
    }
}

/// Converters shared by a process, opened on first use.
public enum SharedScriptConverters {
    private static let state = SharedConverterState()

    /// The process-wide converter into `script`.
    public static func converter(to script: ChineseScript) throws -> ScriptConverter {
        try state.converter(to: script)
    }
}

private final class SharedConverterState: Sendable {
    private let converters = Mutex<[ChineseScript: ScriptConverter]>([:])

    func converter(to script: ChineseScript) throws -> ScriptConverter {
        try converters.withLock { converters in
            if let existing = converters[script] { return existing }
            let made = try ScriptConverter(to: script)
            converters[script] = made
            return made
        }
    }
}

/// Traditional ideographs folded to Simplified one character at a time, for identities that must not change with
/// the script (derived question ids): `幹` → `干`, `實` → `实`. Built once per process from OpenCC's `t2s`
/// conversion of every ideograph U+3400–U+9FFF taken alone; only one-to-one mappings are kept, and never of a
/// character that is itself the Simplified form of another (such as 著 or 乾), so Simplified text folds to itself.
/// Without OpenCC's data every character folds to itself.
public enum ScriptFolding {
    static let first: UInt32 = 0x3400
    static let last: UInt32 = 0x9FFF

    static let table: [UInt32] = {
        var table = (first...last).map { $0 }
        guard let converter = try? SharedScriptConverters.converter(to: .simplified) else { return table }
        var source = ""
        source.unicodeScalars.reserveCapacity(Int(last - first + 1) * 2)
        for value in first...last {
            source.unicodeScalars.append(Unicode.Scalar(value)!)
            source.unicodeScalars.append("\n")
        }
        let converted = converter.convert(source).split(separator: "\n", omittingEmptySubsequences: false)
        guard converted.count >= Int(last - first + 1) else { return table }
        var mapped: [(UInt32, UInt32)] = []
        var images = Set<UInt32>()
        for (offset, text) in converted.prefix(Int(last - first + 1)).enumerated() {
            let scalars = text.unicodeScalars
            guard scalars.count == 1, let target = scalars.first?.value, first...last ~= target else { continue }
            let value = first + UInt32(offset)
            if target != value {
                mapped.append((value, target))
                images.insert(target)
            }
        }
        for (value, target) in mapped where !images.contains(value) { table[Int(value - first)] = target }
        return table
    }()

    /// `text` with each ideograph in its Simplified form (character by character: no phrases).
    public static func simplify(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            out.append(scalar.value >= 0x3400 ? Unicode.Scalar(simplified(scalar.value)) ?? scalar : scalar)
        }
        return String(out)
    }

    /// Whether `text` has an ideograph with another Simplified form.
    public static func hasTraditional(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0.value >= 0x3400 && simplified($0.value) != $0.value }
    }

    /// The Simplified form of one ideograph (itself when it has none, or is not an ideograph of the table).
    @inline(__always)
    public static func simplified(_ value: UInt32) -> UInt32 {
        value >= first && value <= last ? table[Int(value - first)] : value
    }
}
