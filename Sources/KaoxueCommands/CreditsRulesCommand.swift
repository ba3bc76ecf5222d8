import ArgumentParser
import Foundation
import QuizModel
import PaperAssembly
import StudyLedger
import StudyRecords

/// `kaoxue credits rules [--install FILE]`: print the rules in force, or check and install new ones.
struct CreditsRulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "显示当前学时与积分规则，或检查并安装新规则 (print the rules in force, or install new ones).",
        discussion: """
            不带参数时输出当前规则的 YAML（可另存后修改）。--install 先检查文件，有错则逐条列出（行:列），
            然后按新规则重新计算所有已存学习记录的学时。--check 只检查。
            Without options prints the rules in force as YAML. --install checks the file (every problem located),
            then recomputes every stored activity's credit under it. --check only checks.
            """
    )

    @Option(help: ArgumentHelp("检查并安装此规则文件 (check and install this rules file).", valueName: "FILE.yaml"))
    var install: String?

    @Option(help: ArgumentHelp("只检查此规则文件 (only check this rules file).", valueName: "FILE.yaml"))
    var check: String?

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let language = global.lang
        guard let path = install ?? check else {
            let store = try storeOptions.openExisting(language: language)
            let installed = try LedgerInputs.rules(store, language: language)
            let origin =
                installed.installedAt.map { language.pick("# 安装于 \(ReadableText.localTime($0, language: language))", "# installed \(ReadableText.localTime($0, language: language))") }
                ?? language.pick("# 内置预设", "# built-in preset")
            Console.out("\(origin), sha256 \(installed.sha256)")
            Console.out(installed.yaml.hasSuffix("\n") ? String(installed.yaml.dropLast()) : installed.yaml)
            return
        }
        let bytes = try CommandInputs.readFile(path, language: language)
        let yaml = String(decoding: bytes, as: UTF8.self)
        let rules: LedgerRules
        do {
            rules = try LedgerRules.read(yaml: yaml)
        } catch {
            for diagnostic in error.diagnostics { Console.err(diagnostic.rendered(file: path, language: language)) }
            throw ExitStatus.inputErrors.exitCode
        }
        if install == nil {
            Console.out(language.pick("\(path)：规则无误（\(rules.name)）", "\(path): the rules check (\(rules.name))"))
            return
        }
        let store = try storeOptions.open(language: language)
        let inUse = try LedgerInputs.storeCall(language) { () throws(StoreError) in try store.namesInUse() }
        let missingKinds = inUse.kinds.filter { rules.kind(named: $0)?.name != $0 }.sorted()
        let missingTiers = inUse.tiers.filter { rules.requirement(tier: $0)?.tier != $0 }.sorted()
        if !missingKinds.isEmpty || !missingTiers.isEmpty {
            let names = (missingKinds + missingTiers).joined(separator: "、")
            Console.fail(
                language.pick("新规则缺少已在使用的学习形式或层级：\(names)；未安装", "the new rules lack kinds or tiers in use: \(names); not installed"),
                language: language)
            throw ExitStatus.inputErrors.exitCode
        }
        let recomputed = try LedgerInputs.storeCall(language) { () throws(StoreError) in
            try store.installRules(rules, yaml: yaml, sha256: PaperHashes.file(bytes), time: LedgerInputs.now())
        }
        Console.out(
            language.pick(
                "已安装规则“\(rules.name)”，重新计算 \(recomputed) 条学习记录", "installed the rules \"\(rules.name)\"; \(recomputed) activities recomputed"))
    }
}
