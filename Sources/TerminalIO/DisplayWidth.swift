import CTerminal
import QuizModel
import Glibc

/// Terminal column widths of text, measured with the C library's `wcwidth` (East Asian wide characters
/// take two columns), not `String.count`.
public enum DisplayWidth {
    /// Makes `wcwidth` and readline know UTF-8 and CJK widths: when the locale's `LC_CTYPE` is not UTF-8 (under
    /// `LANG=C` every CJK character would measure -1 and readline would reject Chinese input), switches it to
    /// `C.UTF-8`. readline reads `LC_ALL`/`LC_CTYPE`/`LANG` from the environment when it starts, so those are set
    /// too. Call once at start-up, before the first line is read.
    public static func prepareLocale() {
        let current = setlocale(LC_CTYPE, "").map { String(cString: $0) } ?? "C"
        if isUTF8(current) { return }
        for name in ["C.UTF-8", "C.utf8", "en_US.UTF-8"] where setlocale(LC_CTYPE, name) != nil {
            setenv("LC_CTYPE", name, 1)
            if let all = getenv("LC_ALL").map({ String(cString: $0) }), !all.isEmpty, !isUTF8(all) { setenv("LC_ALL", name, 1) }
            return
        }
    }

    static func isUTF8(_ locale: String) -> Bool {
        let upper = locale.uppercased()
        return upper.contains("UTF-8") || upper.contains("UTF8")
    }

    /// Columns taken by one scalar: 0 for combining marks and controls, 2 for wide characters.
    public static func width(of scalar: UnicodeScalar) -> Int {
        let value = scalar.value
        if value < 0x20 || value == 0x7F { return 0 }
        if value < 0x7F { return 1 }
        let measured = Int(kaoxue_wcwidth(value))
        if measured >= 0 { return measured }
        // Locale without CJK data: fall back on the East Asian Wide ranges that matter for Chinese text.
        return EastAsianWidth.isWide(value) ? 2 : 1
    }

    /// Columns taken by `text`.
    public static func width(of text: some StringProtocol) -> Int {
        text.unicodeScalars.reduce(0) { $0 + width(of: $1) }
    }
}
