import ArgumentParser

/// `kaoxue paper`: papers from blueprints.
struct PaperCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "paper",
        abstract: "组卷：按细目表生成试卷、答案与答题卡模板 (papers from blueprints).",
        subcommands: [PaperGenerateCommand.self, PaperCheckCommand.self]
    )
}

/// Options shared by `paper generate` and `paper check`.
struct PaperInputOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("题库文件或文件夹，可重复 (bank files or folders).", valueName: "PATH"))
    var bank: [String] = []

    @Option(name: .long, help: ArgumentHelp("组卷细目表 YAML (blueprint file).", valueName: "FILE"))
    var blueprint: String

    @Option(
        name: .customLong("exclude-used"), parsing: .upToNextOption,
        help: ArgumentHelp("排除这些已生成试卷用过的题 (folders of earlier papers).", valueName: "PAPER_DIR"))
    var excludeUsed: [String] = []

    func validate() throws {
        if bank.isEmpty { throw ValidationError("请用 --bank 给出题库 (give the bank with --bank PATH).") }
    }
}
