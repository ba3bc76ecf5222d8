import BankFormats
import QuizModel
import TerminalIO

/// Prints diagnostics compiler style: `file:line:col: error: message`, the source line, a caret under the column.
struct DiagnosticRenderer {
    var language: DisplayLanguage
    var colour: Bool

    func render(_ diagnostic: Diagnostic) -> String {
        let severityWord: String
        let style: TerminalStyle.Style
        switch diagnostic.severity {
        case .error:
            severityWord = language.pick("错误", "error")
            style = .error
        case .warning:
            severityWord = language.pick("警告", "warning")
            style = .warning
        }
        var text = TerminalStyle.paint("\(diagnostic.location):", .emphasis, enabled: colour) + " "
        text += TerminalStyle.paint("\(severityWord):", style, enabled: colour) + " "
        text += TerminalStyle.paint(diagnostic.message(in: language), .emphasis, enabled: colour)
        if let line = diagnostic.sourceLine {
            let shown = line.replacingTabs()
            let before = String(line.unicodeScalars.prefix(max(0, diagnostic.location.column - 1)))
            let indent = DisplayWidth.width(of: before.replacingTabs())
            text += "\n" + shown
            text += "\n" + String(repeating: " ", count: indent) + TerminalStyle.paint("^", .caret, enabled: colour)
        }
        return text
    }
}

extension String {
    /// Tabs shown as four spaces, so the caret lines up whatever the terminal's tab stops.
    func replacingTabs() -> String {
        var result = ""
        for character in self { result += character == "\t" ? "    " : String(character) }
        return result
    }
}
