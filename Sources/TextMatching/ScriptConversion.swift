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
