import ArgumentParser
import Foundation
import QuizModel
import TerminalIO

/// Options every subcommand takes.
struct GlobalOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp("界面语言 zh-Hans 或 en (language of messages).", valueName: "zh-Hans|en"))
    var lang: DisplayLanguage = .zhHans
}

extension DisplayLanguage: ExpressibleByArgument {
    public init?(argument: String) {
        switch argument.lowercased() {
        case "zh-hans", "zh", "zh-cn", "cn", "chinese": self = .zhHans
        case "en", "en-us", "english": self = .en
        default: return nil
        }
    }
}

/// Writing to the standard streams: every line through `TerminalText.inert`, so that text from a bank, a paper,
/// a sheet or a file name never sends the terminal a control sequence.
enum Console {
    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data((TerminalText.inert(text) + "\n").utf8))
    }

    static func err(_ text: String) {
        FileHandle.standardError.write(Data((TerminalText.inert(text) + "\n").utf8))
    }

    /// `text` on standard output wrapped to `width` columns by display width and the Chinese line-breaking rules,
    /// each line painted in `style` after wrapping (escape codes never count as columns).
    static func wrapped(_ text: String, width: Int, style: TerminalStyle.Style?, colour: Bool) {
        for line in DisplayWidth.wrap(text, width: width) { out(style.map { TerminalStyle.paint(line, $0, enabled: colour) } ?? line) }
    }

    /// `kaoxue: error: …` on standard error, in the user's language.
    static func fail(_ message: String, language: DisplayLanguage) {
        err("kaoxue: \(language.pick("错误", "error")): \(message)")
    }
}
