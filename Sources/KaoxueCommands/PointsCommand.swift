import ArgumentParser

/// `kaoxue points`: the points (积分) ledger: monthly totals, quarterly publication, yearly sums.
struct PointsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "points",
        abstract: "积分台账：登记、导入，按月统计、按季公示、按年累加 (the points ledger).",
        discussion: "类别与项目来自规则文件（kaoxue credits rules）。Categories and items come from the rules file.",
        subcommands: [PointsAddCommand.self, PointsImportCommand.self, PointsReportCommand.self]
    )
}
