import ArgumentParser

/// `kaoxue bank`: commands on question banks.
struct BankCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bank",
        abstract: "题库：检查、转换题库文件 (question banks: check and convert bank files).",
        subcommands: [BankCheckCommand.self, BankConvertCommand.self]
    )
}
