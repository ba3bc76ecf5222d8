import ArgumentParser
import BankFormats
import Foundation
import PaperAssembly
import QuizModel
import TerminalIO

/// `kaoxue paper check`: whether a blueprint can be met, and how many questions each cell offers.
struct PaperCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "检查细目表能否满足，并列出各题型 × 知识点 × 难度的可用题数 (check a blueprint against a bank).",
        discussion: "退出码 / exit codes: 0 可以组卷 feasible, 1 不能 infeasible or invalid input, 2 用法或读写错误."
    )

    @OptionGroup var input: PaperInputOptions

    @Flag(help: "输出 JSON (print JSON).")
    var json = false

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let language = global.lang
        let loaded = try CommandInputs.bank(input.bank, language: language)
        let blueprint = try CommandInputs.blueprint(input.blueprint, language: language)
        let used = try CommandInputs.usedIDs(input.excludeUsed, language: language)
        let solver = PaperSolver(
            questions: loaded.bank.questions, blueprint: blueprint, seed: PaperHashes.defaultSeed(for: PaperHashes.blueprint(blueprint)),
            excludedUsed: used, duplicateGroups: BankChecks.duplicateGroups(loaded.bank.questions))
        let report = solver.check()
        if json {
            let cells: [[String: Any]] = report.cells.map { cell in
                var entry: [String: Any] = ["type": cell.type.rawValue, "count": cell.count]
                entry["topic"] = cell.topic ?? NSNull()
                entry["difficulty"] = cell.difficulty.map { $0.chineseName } ?? NSNull()
                return entry
            }
            let object: [String: Any] = [
                "feasible": report.feasible, "cells": cells,
                "eligible": Dictionary(uniqueKeysWithValues: report.eligible.map { ($0.key.rawValue, $0.value) }),
                "problems": report.problems.map { $0.message(in: language) },
            ]
            let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            Console.out(String(decoding: data, as: UTF8.self))
        } else {
            Console.out(table(report, blueprint: blueprint, language: language))
            if report.feasible {
                Console.out(language.pick("可以组卷。", "The blueprint can be met."))
            } else {
                CommandInputs.report(report.problems, language: language)
            }
        }
        if !report.feasible { throw ExitStatus.inputErrors.exitCode }
    }

    /// Per section: rows of topics, columns of difficulty levels, the available count in each cell.
    func table(_ report: FeasibilityReport, blueprint: Blueprint, language: DisplayLanguage) -> String {
        var lines: [String] = []
        // The "no difficulty" column only when some question lacks one.
        let columns: [Difficulty?] = Difficulty.allCases.map { $0 } + (report.cells.contains { $0.difficulty == nil } ? [nil] : [])
        let columnNames = columns.map { $0?.name(in: language) ?? language.pick("未标", "none") }
        for section in blueprint.sections {
            let cells = report.cells.filter { $0.type == section.type }
            let need = language.pick("需要 \(section.count) 道，可用 \(report.eligible[section.type] ?? 0) 道", "need \(section.count), available \(report.eligible[section.type] ?? 0)")
            lines.append("\(section.heading)（\(need)）")
            let topics = Array(Set(cells.map(\.topic))).sorted { ($0 ?? "\u{10FFFF}") < ($1 ?? "\u{10FFFF}") }
            let names = topics.map { $0 ?? language.pick("（其他）", "(other)") }
            let width = max(8, names.map { DisplayWidth.width(of: $0) }.max() ?? 0) + 2
            lines.append(pad("", width) + columnNames.map { pad($0, 8) }.joined())
            for (topic, name) in zip(topics, names) {
                let counts = columns.map { level in
                    cells.first { $0.topic == topic && $0.difficulty == level }.map { String($0.count) } ?? "·"
                }
                lines.append(pad(name, width) + counts.map { pad($0, 8) }.joined())
            }
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }

    func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(1, width - DisplayWidth.width(of: text)))
    }
}
