import ArgumentParser
import BankFormats
import Foundation
import PaperAssembly
import PaperRendering
import QuizModel
import TerminalIO

/// `kaoxue paper check`: whether a blueprint can be met, how many questions each cell offers, and the 双向细目表
/// `paper generate` would realize with the same seed (it runs the same selection).
struct PaperCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "检查细目表能否满足，列出各题型 × 知识点 × 难度的可用题数和将组出的双向细目表 (check a blueprint against a bank).",
        discussion: "退出码 / exit codes: 0 可以组卷 feasible, 1 不能 infeasible or invalid input, 2 用法或读写错误."
    )

    @OptionGroup var input: PaperInputOptions

    @Option(help: "随机种子，与 paper generate 相同 (seed, as for paper generate).")
    var seed: UInt64?

    @Option(help: "版本数，覆盖细目表 (number of versions, overrides the blueprint).")
    var versions: Int?

    @Flag(help: "输出 JSON (print JSON).")
    var json = false

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if let versions, !(1...1000).contains(versions) { throw ValidationError("--versions 1…1000") }
    }

    func run() throws {
        let language = global.lang
        let loaded = try CommandInputs.bank(input.bank, language: language)
        var blueprint = try CommandInputs.blueprint(input.blueprint, language: language)
        if let versions { blueprint.versions = versions }
        let used = try CommandInputs.usedIDs(input.excludeUsed, bank: loaded.bank.questions, language: language)
        let seed = seed ?? PaperHashes.defaultSeed(for: PaperHashes.blueprint(blueprint))
        let solver = PaperSolver(
            questions: loaded.bank.questions, blueprint: blueprint, seed: seed,
            excludedUsed: used, duplicateGroups: BankChecks.duplicateGroups(loaded.bank.questions))
        let report = solver.check()
        let names = report.tables.indices.map(PaperSolver.versionName)
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
                "seed": seed,
                "versions": zip(names, report.tables).map { name, table -> [String: Any] in
                    [
                        "name": name, "meanDifficulty": table.meanDifficulty ?? NSNull(), "points": table.points,
                        "cells": table.cells.map { cell -> [String: Any] in
                            [
                                "section": cell.section, "topic": cell.topic ?? NSNull(),
                                "difficulty": cell.difficulty?.chineseName ?? NSNull(), "count": cell.count,
                            ]
                        },
                    ]
                },
            ]
            let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            Console.out(String(decoding: data, as: UTF8.self))
        } else {
            Console.out(table(report, blueprint: blueprint, language: language))
            if !report.tables.isEmpty {
                Console.out(language.pick("将组出的双向细目表（种子 \(seed)）：", "The tables paper generate would realize (seed \(seed)):"))
                Console.out(realized(report.tables, names: names, blueprint: blueprint, language: language))
            }
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

    /// The realized 双向细目表, columns padded by display width; parallel versions share one table.
    func realized(_ tables: [Paper.Table], names: [String], blueprint: Blueprint, language: DisplayLanguage) -> String {
        var lines: [String] = []
        let headings = blueprint.sections.map(\.heading)
        let points = blueprint.sections.map(\.points)
        for group in BlueprintReport.groups(names: names, tables: tables) {
            let mean = BlueprintReport.meanLine(group.table, language: language).map { language.pick("：", ": ") + $0 } ?? ""
            lines.append(BlueprintReport.title(group.names, of: names.count, language: language) + mean)
            let rows = BlueprintReport.grid(group.table, headings: headings, points: points, language: language)
            let widths = rows[0].indices.map { c in rows.map { DisplayWidth.width(of: $0[c]) }.max() ?? 0 }
            for row in rows {
                var line = ""
                for (c, cell) in row.enumerated() {
                    line += c == 0 ? pad(cell, widths[c] + 2) : String(repeating: " ", count: widths[c] - DisplayWidth.width(of: cell)) + cell + "  "
                }
                while line.last == " " { line.removeLast() }
                lines.append(line)
            }
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }

    func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(1, width - DisplayWidth.width(of: text)))
    }
}
