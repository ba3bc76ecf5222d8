import ArgumentParser

/// `kaoxue credits`: the credit-hour (学时) ledger.
struct CreditsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "credits",
        abstract: "学时台账：导入学习记录与人员名册，按规则计算学时，输出达标报告 (the credit-hour ledger).",
        discussion: """
            规则见 docs/ledger.md；默认使用内置预设（干部教育培训工作条例），可用 `kaoxue credits rules --install FILE` 替换。
            Rules: docs/ledger.md. The built-in preset applies until `kaoxue credits rules --install FILE`.
            """,
        subcommands: [CreditsImportCommand.self, CreditsPeopleCommand.self, CreditsReportCommand.self, CreditsRulesCommand.self]
    )
}
