import ArgumentParser
import Foundation
import TerminalIO

/// The `kaoxue` command line: subcommands, exit codes, and the error paths shared by every command.
///
/// Exit codes are stable: 0 success, 1 the input has errors (a bank that does not check, …),
/// 2 usage or I/O problems (unknown option, missing file), 130 an interactive session ended by Ctrl-C (what was
/// kept is said first).
public enum KaoxueMain {
    /// Parses `CommandLine.arguments`, runs the command and exits with its code. Never returns.
    public static func run() -> Never {
        DisplayWidth.prepareLocale()
        do {
            var command = try Kaoxue.parseAsRoot()
            try command.run()
            exit(Interrupt.happened ? Interrupt.exitCode : 0)
        } catch let code as ExitCode {
            exit(code.rawValue)
        } catch {
            let code = Kaoxue.exitCode(for: error)
            if code == .success {
                // Help laid out unwrapped, then wrapped by display width (ArgumentParser counts characters, so
                // Chinese lines ran past the window and broke mid-word).
                print(HelpLayout.wrap(Kaoxue.fullMessage(for: error, columns: 10_000), width: Terminal.columns))
                exit(0)
            }
            let message = Kaoxue.fullMessage(for: error)
            FileHandle.standardError.write(Data((message + "\n").utf8))
            exit(ExitStatus.usageOrIO.rawValue)
        }
    }
}

/// The exit codes of every kaoxue command.
public enum ExitStatus: Int32, Sendable {
    case success = 0
    /// The input was read but has errors (diagnostics were printed).
    case inputErrors = 1
    /// Wrong usage, a missing file, a file that cannot be read or written.
    case usageOrIO = 2

    var exitCode: ExitCode { ExitCode(rawValue) }
}

/// `kaoxue`: the root command.
struct Kaoxue: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kaoxue",
        abstract: "考学：以考促学的题库、组卷、练习、阅卷与学时工具 (question banks, papers, practice, scoring).",
        discussion: """
            退出码 / exit codes: 0 成功 success, 1 输入有错误 input has errors, 2 用法或读写错误 usage or I/O.
            """,
        version: KaoxueVersion.current,
        subcommands: [PracticeCommand.self, ExamCommand.self, ContestCommand.self, ChallengeCommand.self, DailyCommand.self, BankCommand.self, PaperCommand.self, ScoreCommand.self, SRSCommand.self, ResultCommand.self, CreditsCommand.self, PointsCommand.self]
    )
}

/// The version written into manifests and printed by `--version`.
public enum KaoxueVersion {
    public static let current = "0.1.0"
}

/// Help text wrapped to a terminal's width by display width (CJK two columns), option descriptions continuing under
/// their own column.
enum HelpLayout {
    static func wrap(_ message: String, width: Int) -> String {
        message.split(separator: "\n", omittingEmptySubsequences: false).flatMap { raw -> [String] in
            let line = String(raw)
            guard DisplayWidth.width(of: line) > width else { return [line] }
            let characters = Array(line)
            let leading = characters.prefix { $0 == " " }.count
            // An option line (`  --paper <PATH>   text`): the text starts after the first run of two or more
            // spaces past the label; any other line continues at its own indent.
            // A label too long for its column is followed by one space: its text then hangs 4 columns in.
            var start = leading
            var hanging = false
            if characters.dropFirst(leading).first == "-" || characters.dropFirst(leading).first == "<" {
                var index = leading
                while index + 1 < characters.count, !(characters[index] == " " && characters[index + 1] == " ") { index += 1 }
                if index + 1 < characters.count {
                    while index < characters.count, characters[index] == " " { index += 1 }
                    start = index
                } else {
                    hanging = true
                }
            }
            let head = String(characters[..<start])
            var indent = DisplayWidth.width(of: head)
            if hanging || indent > width / 2 { indent = min(leading + 4, width / 2) }
            let body = DisplayWidth.wrap(String(characters[start...]), width: width - indent)
            let pad = String(repeating: " ", count: indent)
            return body.enumerated().map { index, text in
                index == 0 ? (DisplayWidth.width(of: head) > indent ? head.trimmingTrailingSpaces() + "\n" + pad + text : head + text) : pad + text
            }
        }.joined(separator: "\n")
    }
}
