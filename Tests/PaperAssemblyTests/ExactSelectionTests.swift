import Foundation
import QuizModel
import Testing

@testable import PaperAssembly

/// The solver is exact: a blueprint is refused only when no paper exists. Proven against an independent brute
/// force on small generated instances, and on a large bank where every mean between 1 and 5 is reachable.
@Suite("Exact selection: brute force agreement, means on large banks, parallel versions")
struct ExactSelectionTests {
    // MARK: Large bank

    /// 100,000 questions: single and multiple choice × ten topics × five levels, 1,000 in each cell.
    static let largeBank: [Question] = {
        var spec: [(QuestionType, String, Difficulty, Int)] = []
        for type in [QuestionType.single, .multiple] {
            for topic in 0..<10 { for level in Difficulty.allCases { spec.append((type, "专题\(topic)", level, 1_000)) } }
        }
        return makeBank(spec)
    }()

    static func largeBlueprint(mean: Double, tolerance: Double, versions: Int) -> Blueprint {
        let topics = (0..<10).map { Blueprint.TopicBound(topic: "专题\($0)", range: CountRange(min: 6, max: 12)) }
        var blueprint = Blueprint(
            title: "t",
            sections: [
                .init(type: .single, count: 60, points: 1, topics: (0..<10).map { .init(topic: "专题\($0)", range: CountRange(min: 3, max: 9)) }),
                .init(type: .multiple, count: 30, points: 2, rule: .halfForSubset),
            ],
            topics: topics, difficulty: .mean(target: mean, tolerance: tolerance), versions: versions, maxOverlap: 0)
        blueprint.shuffleOptions = false
        return blueprint
    }

    static let levelOf: [String: Int] = Dictionary(uniqueKeysWithValues: largeBank.map { ($0.id, $0.difficulty!.rawValue) })

    @Test(arguments: [(1.0, 0.0), (1.6, 0.05), (2.5, 0.3), (2.9, 0.3), (3.0, 0.3), (3.7, 0.1), (4.45, 0.02), (5.0, 0.0)])
    func everyMeanIsReachableOnALargeBank(mean: Double, tolerance: Double) throws {
        for versions in [1, 100] {
            let blueprint = Self.largeBlueprint(mean: mean, tolerance: tolerance, versions: versions)
            let solver = PaperSolver(questions: Self.largeBank, blueprint: blueprint, seed: 5)
            let paper = try solver.generate(bankHash: "b", blueprintHash: "p", kaoxueVersion: "t").get()
            #expect(paper.versions.count == versions)
            var seen = Set<String>()
            for version in paper.versions {
                #expect(version.items.count == 90)
                let levels = version.items.map { Self.levelOf[$0.id]! }
                let actual = Double(levels.reduce(0, +)) / 90
                #expect(abs(actual - mean) <= tolerance + 1e-9, "mean \(mean), versions \(versions), \(version.name): \(actual)")
                // maxOverlap 0: no question in two versions.
                for item in version.items { #expect(seen.insert(item.id).inserted) }
                // Parallel: every version has the first one's table.
                #expect(version.table?.sameCells(as: paper.versions[0].table!) == true)
                #expect(version.table?.meanDifficulty.map { abs($0 - actual) < 1e-3 } == true)
            }
        }
    }

    @Test func unreachableMeansAreRefusedWithTheExactRange() throws {
        // Topic caps of 12 and shares per section bound nothing about levels: every mean 1–5 is reachable, so
        // only a band outside 1–5 or a band the bounds exclude can fail. Exclude 难 and 较难 from the singles.
        var blueprint = Self.largeBlueprint(mean: 4.5, tolerance: 0.1, versions: 1)
        blueprint.sections[0].difficulty = [.init(level: .hard, range: .exactly(0)), .init(level: .fairlyHard, range: .exactly(0))]
        let report = PaperSolver(questions: Self.largeBank, blueprint: blueprint, seed: 1).check()
        // Singles at most 3 (60 × 3), multiples at most 5 (30 × 5): (180 + 150) / 90 = 3.67.
        guard case .difficultyMean(nil, 4.5, 0.1, let lowest, let highest)? = report.problems.first else {
            Issue.record("expected the mean to be refused: \(report.problems)")
            return
        }
        #expect(lowest == 1)
        #expect(abs(highest - 330.0 / 90) < 1e-9)
        #expect(report.problems[0].message(in: .zhHans).contains("只能做到 1–3.67"))
    }

    @Test func aGapBetweenReachableMeansIsNamed() throws {
        // One question, easy or hard: the means 1 and 5 are reachable, 3 is not.
        let bank = makeBank([(.single, "甲", .easy, 2), (.single, "甲", .hard, 2)])
        let blueprint = Blueprint(title: "t", sections: [.init(type: .single, count: 1, points: 1)], difficulty: .mean(target: 3, tolerance: 0.5))
        let report = PaperSolver(questions: bank, blueprint: blueprint, seed: 1).check()
        #expect(report.problems == [.difficultyMeanGap(section: nil, target: 3, tolerance: 0.5, below: 1, above: 5)])
    }

    @Test func aSectionMeanIsMetOrExplained() throws {
        var blueprint = Self.largeBlueprint(mean: 3, tolerance: 0.5, versions: 1)
        blueprint.sections[1].meanDifficulty = .init(target: 4.6, tolerance: 0.05)
        let paper = try PaperSolver(questions: Self.largeBank, blueprint: blueprint, seed: 2).generate(bankHash: "b", blueprintHash: "p", kaoxueVersion: "t").get()
        let multiples = paper.versions[0].items.filter { $0.section == 1 }.map { Self.levelOf[$0.id]! }
        #expect(abs(Double(multiples.reduce(0, +)) / 30 - 4.6) <= 0.05 + 1e-9)
        blueprint.sections[1].difficulty = [.init(level: .hard, range: CountRange(min: 0, max: 10))]
        let report = PaperSolver(questions: Self.largeBank, blueprint: blueprint, seed: 2).check()
        // At most 10 hard, the rest 较难: (50 + 80) / 30 = 4.33.
        guard case .difficultyMean(let section, _, _, _, let highest)? = report.problems.first else {
            Issue.record("expected the section mean to be refused: \(report.problems)")
            return
        }
        #expect(section == "多选题")
        #expect(abs(highest - 130.0 / 30) < 1e-9)
    }

    @Test func paperWideTopicsAndDifficultyCountsTogether() throws {
        // Two sections: the paper's 甲 questions and its hard questions are bounded across them.
        let bank = makeBank([
            (.single, "甲", .easy, 3), (.single, "乙", .hard, 3), (.multiple, "甲", .hard, 3), (.multiple, "乙", .easy, 3),
        ])
        var blueprint = Blueprint(
            title: "t", sections: [.init(type: .single, count: 3, points: 1), .init(type: .multiple, count: 3, points: 1)],
            topics: [.init(topic: "甲", range: .exactly(3))], difficulty: .counts([.init(level: .hard, range: .exactly(6))]))
        // Six hard questions means every single is 乙 and every multiple 甲: 3 of 甲. Feasible.
        let paper = try PaperSolver(questions: bank, blueprint: blueprint, seed: 1).generate(bankHash: "b", blueprintHash: "p", kaoxueVersion: "t").get()
        #expect(paper.versions[0].items.allSatisfy { $0.id.contains("-5-") })
        // Six hard and 甲 exactly 4: each alone holds, together not.
        blueprint.topics = [.init(topic: "甲", range: .exactly(4))]
        let report = PaperSolver(questions: bank, blueprint: blueprint, seed: 1).check()
        #expect(!report.feasible)
        #expect(report.problems == [.topicsAndLevelsTogether])
    }

    @Test func usedQuestionsAreNamedAsTheCause() throws {
        let bank = makeBank([(.single, "甲", .easy, 6)])
        let blueprint = Blueprint(title: "t", sections: [.init(type: .single, count: 5, points: 1)])
        let used: Set<String> = [bank[0].id, bank[1].id]
        let report = PaperSolver(questions: bank, blueprint: blueprint, seed: 1, excludedUsed: used).check()
        guard case .becauseOfUsed(_, let excluded)? = report.problems.first else {
            Issue.record("expected --exclude-used to be named: \(report.problems)")
            return
        }
        #expect(excluded == 2)
        #expect(report.problems[0].message(in: .zhHans).contains("--exclude-used 排除了以前试卷用过的 2 道题"))
    }

    // MARK: Brute force

    /// Whether any count table meets the blueprint, by enumeration: per section every vector of cell counts
    /// (within supply) summing to the section's count, then every combination across sections.
    static func bruteForceFeasible(bank: [Question], blueprint: Blueprint) -> Bool {
        // Parallel versions have equal counts per type × topic × level, for every topic of the bank (here flat).
        func rowName(_ question: Question) -> String { question.topic! }
        let required = Set(blueprint.requiredIDs)
        // Required questions are in every version: with versions, they count against the overlap allowed.
        let requiredCount = bank.count { required.contains($0.id) }
        if blueprint.versions > 1, Double(requiredCount) > blueprint.maxOverlap * Double(blueprint.questionCount) + 1e-9 { return false }
        struct Cell: Hashable { var row: String; var level: Int }
        var perSection: [[(cells: [Cell: Int], levelSum: Int)]] = []
        for section in blueprint.sections {
            var free: [Cell: Int] = [:]
            var forced: [Cell: Int] = [:]
            for question in bank where question.type == section.type {
                let cell = Cell(row: rowName(question), level: question.difficulty!.rawValue)
                if required.contains(question.id) { forced[cell, default: 0] += 1 } else { free[cell, default: 0] += 1 }
            }
            let cells = Array(Set(free.keys).union(forced.keys)).sorted { ($0.row, $0.level) < ($1.row, $1.level) }
            let caps = cells.map { (forced[$0] ?? 0) + (blueprint.maxOverlap == 0 ? (free[$0] ?? 0) / blueprint.versions : (free[$0] ?? 0)) }
            let floors = cells.map { forced[$0] ?? 0 }
            var found: [(cells: [Cell: Int], levelSum: Int)] = []
            var counts = [Int](repeating: 0, count: cells.count)
            func meets(_ table: [Cell: Int]) -> Bool {
                for bound in section.topics {
                    let n = table.filter { $0.key.row == bound.topic }.values.reduce(0, +)
                    if n < bound.range.min || n > bound.range.max { return false }
                }
                for bound in section.difficulty {
                    let n = table.filter { $0.key.level == bound.level.rawValue }.values.reduce(0, +)
                    if n < bound.range.min || n > bound.range.max { return false }
                }
                for bound in section.cells {
                    let n = table[Cell(row: bound.topic, level: bound.level.rawValue)] ?? 0
                    if n < bound.range.min || n > bound.range.max { return false }
                }
                if let mean = section.meanDifficulty {
                    let sum = table.reduce(0) { $0 + $1.key.level * $1.value }
                    let value = Double(sum) / Double(section.count)
                    if value < mean.target - mean.tolerance - 1e-9 || value > mean.target + mean.tolerance + 1e-9 { return false }
                }
                return true
            }
            func walk(_ index: Int, _ left: Int) {
                if index == cells.count {
                    guard left == 0 else { return }
                    var table: [Cell: Int] = [:]
                    for (k, cell) in cells.enumerated() where counts[k] > 0 { table[cell] = counts[k] }
                    if meets(table) { found.append((table, table.reduce(0) { $0 + $1.key.level * $1.value })) }
                    return
                }
                guard floors[index] <= min(caps[index], left) else { return }
                for n in floors[index]...min(caps[index], left) {
                    counts[index] = n
                    walk(index + 1, left - n)
                }
                counts[index] = 0
            }
            walk(0, section.count)
            perSection.append(found)
        }
        func paperMeets(_ tables: [[Cell: Int]]) -> Bool {
            let merged = tables.reduce(into: [Cell: Int]()) { result, table in for (k, v) in table { result[k, default: 0] += v } }
            for bound in blueprint.topics {
                let n = merged.filter { $0.key.row == bound.topic }.values.reduce(0, +)
                if n < bound.range.min || n > bound.range.max { return false }
            }
            switch blueprint.difficulty {
            case .counts(let bounds):
                for bound in bounds {
                    let n = merged.filter { $0.key.level == bound.level.rawValue }.values.reduce(0, +)
                    if n < bound.range.min || n > bound.range.max { return false }
                }
            case .mean(let target, let tolerance):
                let value = Double(merged.reduce(0) { $0 + $1.key.level * $1.value }) / Double(blueprint.questionCount)
                if value < target - tolerance - 1e-9 || value > target + tolerance + 1e-9 { return false }
            case nil: break
            }
            return true
        }
        func combine(_ s: Int, _ chosen: [[Cell: Int]]) -> Bool {
            if s == perSection.count { return paperMeets(chosen) }
            for option in perSection[s] where combine(s + 1, chosen + [option.cells]) { return true }
            return false
        }
        return combine(0, [])
    }

    /// A random small instance: banks of two types × three topics × up to five levels, blueprints with every kind
    /// of bound.
    static func instance(_ seed: UInt64) -> ([Question], Blueprint) {
        var rng = SplitMix64(seed: seed)
        func roll(_ n: Int) -> Int { rng.uniform(below: n) }
        var spec: [(QuestionType, String, Difficulty, Int)] = []
        for type in [QuestionType.single, .multiple] {
            for topic in ["甲", "乙", "丙"] {
                for level in Difficulty.allCases where roll(3) > 0 { spec.append((type, topic, level, roll(5))) }
            }
        }
        let bank = makeBank(spec.filter { $0.3 > 0 })
        func range(upTo n: Int) -> CountRange {
            let low = roll(n + 1)
            return CountRange(min: low, max: low + roll(n + 1 - low))
        }
        var sections: [Blueprint.Section] = []
        for type in [QuestionType.single, .multiple] {
            let count = 1 + roll(3)
            var section = Blueprint.Section(type: type, count: count, points: 1)
            if roll(2) == 0 { section.topics = [.init(topic: ["甲", "乙"][roll(2)], range: range(upTo: count))] }
            if roll(2) == 0 { section.difficulty = [.init(level: Difficulty(rawValue: 1 + roll(5))!, range: range(upTo: count))] }
            if roll(3) == 0 { section.cells = [.init(topic: "甲", level: Difficulty(rawValue: 1 + roll(5))!, range: range(upTo: 2))] }
            if roll(4) == 0 { section.meanDifficulty = .init(target: 1 + Double(roll(9)) / 2, tolerance: Double(roll(4)) / 4) }
            sections.append(section)
        }
        var blueprint = Blueprint(title: "t", sections: sections)
        let total = blueprint.questionCount
        if roll(2) == 0 { blueprint.topics = [.init(topic: "乙", range: range(upTo: total))] }
        switch roll(3) {
        case 0: blueprint.difficulty = .counts([.init(level: Difficulty(rawValue: 1 + roll(5))!, range: range(upTo: total))])
        case 1: blueprint.difficulty = .mean(target: 1 + Double(roll(17)) / 4, tolerance: Double(roll(5)) / 4)
        default: break
        }
        blueprint.versions = 1 + roll(3)
        blueprint.maxOverlap = roll(2) == 0 ? 0 : 1
        if roll(4) == 0, let question = bank.randomElement(using: &rng) { blueprint.requiredIDs = [question.id] }
        return (bank, blueprint)
    }

    /// Whether a generated paper meets its blueprint, counted from the questions it holds.
    static func meets(_ paper: Paper, bank: [Question], blueprint: Blueprint) -> Bool {
        let byID = Dictionary(uniqueKeysWithValues: bank.map { ($0.id, $0) })
        for version in paper.versions {
            let chosen = version.items.map { byID[$0.id]! }
            for section in blueprint.sections {
                let picked = chosen.filter { $0.type == section.type }
                guard picked.count == section.count else { return false }
                for bound in section.topics where !bound.range.contains(picked.count { $0.topic == bound.topic }) { return false }
                for bound in section.difficulty where !bound.range.contains(picked.count { $0.difficulty == bound.level }) { return false }
                for bound in section.cells where !bound.range.contains(picked.count { $0.topic == bound.topic && $0.difficulty == bound.level }) {
                    return false
                }
                if let mean = section.meanDifficulty {
                    let value = Double(picked.reduce(0) { $0 + $1.difficulty!.rawValue }) / Double(section.count)
                    if abs(value - mean.target) > mean.tolerance + 1e-9 { return false }
                }
            }
            for bound in blueprint.topics where !bound.range.contains(chosen.count { $0.topic == bound.topic }) { return false }
            switch blueprint.difficulty {
            case .counts(let bounds):
                for bound in bounds where !bound.range.contains(chosen.count { $0.difficulty == bound.level }) { return false }
            case .mean(let target, let tolerance):
                let value = Double(chosen.reduce(0) { $0 + $1.difficulty!.rawValue }) / Double(chosen.count)
                if abs(value - target) > tolerance + 1e-9 { return false }
            case nil: break
            }
            if !blueprint.requiredIDs.allSatisfy({ id in version.items.contains { $0.id == id } }) { return false }
        }
        return true
    }

    @Test func checkGenerateAndBruteForceAgreeOnGeneratedBlueprints() throws {
        var feasible = 0
        var infeasible = 0
        for seed in 0..<1_000 as Range<UInt64> {
            let (bank, blueprint) = Self.instance(seed)
            let expected = Self.bruteForceFeasible(bank: bank, blueprint: blueprint)
            let solver = PaperSolver(questions: bank, blueprint: blueprint, seed: seed)
            let report = solver.check()
            #expect(report.feasible == expected, "seed \(seed): brute force \(expected), check \(report.problems)")
            #expect(!report.problems.contains(.undecided), "seed \(seed)")
            switch solver.generate(bankHash: "b", blueprintHash: "p", kaoxueVersion: "t") {
            case .success(let paper):
                #expect(report.feasible, "seed \(seed): generate made a paper check refused")
                #expect(Self.meets(paper, bank: bank, blueprint: blueprint), "seed \(seed): the paper breaks its blueprint")
                #expect(paper.versions.map(\.table) == report.tables, "seed \(seed): check showed other tables")
                if blueprint.maxOverlap == 0 {
                    let ids = paper.versions.flatMap { $0.items.map(\.id) }.filter { !blueprint.requiredIDs.contains($0) }
                    #expect(Set(ids).count == ids.count, "seed \(seed): versions repeat a question")
                }
                feasible += 1
            case .failure(let failure):
                #expect(!report.feasible, "seed \(seed): check said yes, generate \(failure.problems)")
                #expect(failure.problems == report.problems, "seed \(seed)")
                infeasible += 1
            }
        }
        // The generator makes both kinds in numbers.
        #expect(feasible > 150 && infeasible > 150, "\(feasible) feasible, \(infeasible) not")
    }
}

extension CountRange {
    func contains(_ n: Int) -> Bool { n >= min && n <= max }
}
