import BankFormats
import BankInterchange
import QuizModel
import TerminalIO

/// Prints diagnostics compiler style: `file:line:col: error: message`, the source line, a caret under the column.
struct DiagnosticRenderer {
    var language: DisplayLanguage
    var colour: Bool

    func render(_ diagnostic: Diagnostic) -> String {
        render(
            place: "\(diagnostic.location)", severity: diagnostic.severity, message: diagnostic.message(in: language),
            sourceLine: diagnostic.sourceLine, column: diagnostic.location.column)
    }

    /// A diagnostic of another bank format: its place as that format tells it (cell, paragraph, element), the
    /// paragraph or line with a caret when there is one.
    func render(_ diagnostic: ConversionDiagnostic) -> String {
        let place = diagnostic.location.rendered(in: language)
        let column: Int
        switch diagnostic.location {
        case .text(_, let c), .paragraph(_, let c): column = c
        default: column = 1
        }
        return render(
            place: place.isEmpty ? diagnostic.file : "\(diagnostic.file):\(place)", severity: diagnostic.severity,
            message: diagnostic.message(in: language), sourceLine: diagnostic.sourceLine, column: column)
    }

    private func render(place: String, severity: Severity, message: String, sourceLine: String?, column: Int) -> String {
        let severityWord: String
        let style: TerminalStyle.Style
        switch severity {
        case .error:
            severityWord = language.pick("错误", "error")
            style = .error
        case .warning:
            severityWord = language.pick("警告", "warning")
            style = .warning
        }
        var text = TerminalStyle.paint("\(place):", .emphasis, enabled: colour) + " "
        text += TerminalStyle.paint("\(severityWord):", style, enabled: colour) + " "
        text += TerminalStyle.paint(message, .emphasis, enabled: colour)
        if let line = sourceLine {
            let shown = line.replacingTabs()
            let before = String(line.unicodeScalars.prefix(max(0, column - 1)))
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
