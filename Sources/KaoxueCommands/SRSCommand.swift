import ArgumentParser

/// `kaoxue srs`: the spaced-repetition scheduler on its own.
struct SRSCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "srs",
        abstract: "间隔重复（FSRS-6）：回放复习记录 (spaced repetition: replay review logs).",
        subcommands: [SRSReplayCommand.self]
    )
}
