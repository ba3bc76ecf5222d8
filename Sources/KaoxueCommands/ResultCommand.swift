import ArgumentParser

/// `kaoxue result`: exam results after the fact.
struct ResultCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "result",
        abstract: "考试成绩：校验签名 (exam results: verify signatures).",
        subcommands: [ResultVerifyCommand.self]
    )
}
