import CTerminal
import Glibc

/// Terminal column widths of text, measured with the C library's `wcwidth` (East Asian wide characters
/// take two columns), not `String.count`.
public enum DisplayWidth {
    /// Makes `wcwidth` know UTF-8 and CJK widths: sets a UTF-8 `LC_CTYPE` when the current one is not UTF-8
    /// (under `LANG=C` every CJK character would measure -1). Call once at start-up.
    public static func prepareLocale() {
        let current = setlocale(LC_CTYPE, "").map { String(cString: $0) } ?? "C"
        if !current.uppercased().contains("UTF-8") && !current.uppercased().contains("UTF8") {
            if setlocale(LC_CTYPE, "C.UTF-8") == nil { _ = setlocale(LC_CTYPE, "en_US.UTF-8") }
        }
    }

    /// Columns taken by one scalar: 0 for combining marks and controls, 2 for wide characters.
    public static func width(of scalar: UnicodeScalar) -> Int {
        let value = scalar.value
        if value < 0x20 || value == 0x7F { return 0 }
        if value < 0x7F { return 1 }
        let measured = Int(kaoxue_wcwidth(value))
        if measured >= 0 { return measured }
        // Locale without CJK data: fall back on the East Asian Wide ranges that matter for Chinese text.
        switch value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
            0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }

    /// Columns taken by `text`.
    public static func width(of text: some StringProtocol) -> Int {
        text.unicodeScalars.reduce(0) { $0 + width(of: $1) }
    }
}
