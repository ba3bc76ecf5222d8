import Foundation
import QuizModel
import Testing

@testable import PaperAssembly
@testable import PaperRendering

@Suite("Selection: constraints, infeasibility, versions, determinism")
struct PaperSolverTests {
    static let bank = makeBank([
        (.single, "干部工作", .easy, 6), (.single, "干部工作", .hard, 3), (.single, "人才工作", .medium, 8),
        (.single, "自身建设", .fairlyEasy, 10), (.multiple, "干部工作", .hard, 1), (.multiple, "干部工作", .medium, 4),
        (.multiple, "人才工作", .medium, 6), (.trueFalse, "自身建设", .easy, 12), (.fill, "人才工作", .fairlyHard, 4),
    ])

    func generate(_ blueprint: Blueprint, seed: UInt64 = 7, bank: [Question] = Self.bank, used: Set<String> = []) -> Result<Paper, PaperFailure> {
        PaperSolver(questions: bank, blueprint: blueprint, seed: seed, excludedUsed: used)
            .generate(bankHash: "bank", blueprintHash: "blueprint", kaoxueVersion: "test")
    }

    func questions(_ paper: Paper, version: Int = 0) -> [Question] {
        let byID = Dictionary(uniqueKeysWithValues: Self.bank.map { ($0.id, $0) })
        return paper.versions[version].items.map { byID[$0.id]! }
    }

    @Test func aDuplicateGroupIsOneQuestionAndItsUseExcludesAll() throws {
        // Twelve single-choice questions of which four are one question (indices 0, 3, 5, 9).
        let bank = makeBank([(.single, "干部工作", .easy, 12)])
        let group = [0, 3, 5, 9]
        let members = Set(group.map { bank[$0].id })
        let blueprint = Blueprint(title: "t", sections: [.init(type: .single, count: 9, points: 1)])
        for seed in 0..<30 as Range<UInt64> {
            let paper = try PaperSolver(questions: bank, blueprint: blueprint, seed: seed, duplicateGroups: [group])
                .generate(bankHash: "b", blueprintHash: "p", kaoxueVersion: "t").get()
            #expect(paper.versions[0].items.filter { members.contains($0.id) }.count == 1, "seed \(seed)")
        }
        // Nine distinct questions are there, ten are not.
        var ten = blueprint
        ten.sections[0].count = 10
        #expect(throws: PaperFailure.self) {
            try PaperSolver(questions: bank, blueprint: ten, seed: 1, duplicateGroups: [group]).generate(bankHash: "b", blueprintHash: "p", kaoxueVersion: "t").get()
        }
        // An earlier paper used one member: none of the group is taken again.
        var eight = blueprint
        eight.sections[0].count = 8
        let later = try PaperSolver(questions: bank, blueprint: eight, seed: 2, excludedUsed: [bank[5].id], duplicateGroups: [group])
            .generate(bankHash: "b", blueprintHash: "p", kaoxueVersion: "t").get()
        #expect(later.versions[0].items.allSatisfy { !members.contains($0.id) })
        // A required member is the one kept.
        var required = blueprint
        required.requiredIDs = [bank[9].id]
        let chosen = try PaperSolver(questions: bank, blueprint: required, seed: 3, duplicateGroups: [group])
            .generate(bankHash: "b", blueprintHash: "p", kaoxueVersion: "t").get()
        #expect(chosen.versions[0].items.filter { members.contains($0.id) }.map(\.id) == [bank[9].id])
    }

    @Test func aBlueprintTopicCoversTheSameTopicFiledInTraditionalScript() throws {
        // Five filed under 干部工作, four under 幹部工作/選拔任用, six elsewhere.
        let bank = makeBank([(.single, "干部工作", .easy, 5), (.single, "幹部工作/選拔任用", .easy, 4), (.single, "人才工作", .easy, 6)])
        let blueprint = Blueprint(
            title: "t", sections: [.init(type: .single, count: 12, points: 1, topics: [.init(topic: "干部工作", range: .exactly(9))])])
        let paper = try PaperSolver(questions: bank, blueprint: blueprint, seed: 4).generate(bankHash: "b", blueprintHash: "p", kaoxueVersion: "t").get()
        let chosen = Set(paper.versions[0].items.map(\.id))
        #expect(bank.filter { $0.topic != "人才工作" }.allSatisfy { chosen.contains($0.id) })
        // Unnamed topics get one row per topic whatever its script: 干部工作 and 幹部工作 are one row.
        let mixed = makeBank([(.single, "干部工作", .easy, 3), (.single, "幹部工作/選拔任用", .easy, 3), (.single, "人才工作", .easy, 3)])
        let solver = PaperSolver(questions: mixed, blueprint: Blueprint(title: "t", sections: [.init(type: .single, count: 4, points: 1)]), seed: 1)
        #expect(solver.extraRows(besides: []) == ["人才工作", "干部工作"])
        #expect(PaperSolver.row(of: "幹部工作/選拔任用", in: ["人才工作", "干部工作"]) == 1)
        #expect(PaperSolver.row(of: "幹部工作人員", in: ["干部工作"]) == 1, "a longer name is not a sub-topic (1: no row)")
    }

    @Test func meetsSectionTopicDifficultyAndCellBounds() throws {
        let blueprint = Blueprint(
            title: "t",
            sections: [
                .init(
                    type: .single, count: 8, points: 2,
                    topics: [.init(topic: "干部工作", range: .exactly(4))],
                    difficulty: [.init(level: .hard, range: CountRange(min: 2, max: 2))]),
                .init(
                    type: .multiple, count: 3, points: 3, rule: .halfForSubset,
                    cells: [.init(topic: "干部工作", level: .hard, range: .exactly(1))]),
            ],
            topics: [.init(topic: "人才工作", range: CountRange(min: 0, max: 3))])
        for seed in 0..<20 as Range<UInt64> {
            let paper = try generate(blueprint, seed: seed).get()
            let chosen = questions(paper)
            let singles = chosen.filter { $0.type == .single }
            let multiples = chosen.filter { $0.type == .multiple }
            #expect(singles.count == 8)
            #expect(multiples.count == 3)
            #expect(singles.count { $0.topic == "干部工作" } == 4)
            #expect(singles.count { $0.difficulty == .hard } == 2)
            #expect(multiples.count { $0.topic == "干部工作" && $0.difficulty == .hard } == 1)
            #expect(chosen.count { $0.topic == "人才工作" } <= 3)
            #expect(Set(chosen.map(\.id)).count == chosen.count)
            #expect(paper.versions[0].items.map(\.number) == Array(1...11))
            #expect(paper.totalScore == 25)
            #expect(paper.sections[1].rule == .halfForSubset)
        }
    }

    @Test func aQuestionsOwnRuleWinsOverTheSections() throws {
        var bank = Self.bank
        let ownRule = try #require(bank.firstIndex { $0.type == .multiple })
        bank[ownRule].scoringRule = .net
        let blueprint = Blueprint(title: "t", sections: [.init(type: .multiple, count: 11, points: 2, rule: .halfForSubset)])
        let paper = try generate(blueprint, bank: bank).get()
        let rules = Dictionary(uniqueKeysWithValues: paper.versions[0].items.map { ($0.id, $0.rule) })
        #expect(rules[bank[ownRule].id] == .net)
        #expect(rules.values.count { $0 == .halfForSubset } == 10)
    }

    @Test func shortageNamesTheCellAndItsQuestions() throws {
        let blueprint = Blueprint(
            title: "t",
            sections: [.init(type: .multiple, count: 5, points: 2, cells: [.init(topic: "干部工作", level: .hard, range: .exactly(3))])])
        guard case .failure(let failure) = generate(blueprint) else {
            Issue.record("an impossible blueprint was met")
            return
        }
        #expect(failure.problems == [
            .shortage(group: QuestionGroup(type: .multiple, topic: "干部工作", difficulty: .hard), need: 3, have: 1, ids: ["mu-干部工作-5-0"])
        ])
        #expect(failure.problems[0].message(in: .zhHans) == "多选题 × 干部工作 × 难：需要 3 道，题库只有 1 道（mu-干部工作-5-0）")
        #expect(failure.problems[0].message(in: .en) == "multiple choice × 干部工作 × hard: need 3, the bank has 1 (ids mu-干部工作-5-0)")
    }

    @Test func conflictingBoundsAreNamedByTheCut() throws {
        // Each bound alone can be met; together they cannot: the singles need 9 from 干部工作, the paper allows 5.
        let blueprint = Blueprint(
            title: "t",
            sections: [.init(type: .single, count: 9, points: 1, topics: [.init(topic: "干部工作", range: .exactly(9))])],
            topics: [.init(topic: "干部工作", range: CountRange(min: 0, max: 5))])
        guard case .failure(let failure) = generate(blueprint) else {
            Issue.record("conflicting bounds were met")
            return
        }
        guard case .conflict(let bounds, let shortfall) = failure.problems.first else {
            Issue.record("expected a conflict, got \(failure.problems)")
            return
        }
        #expect(bounds.contains { $0.group == QuestionGroup(topic: "干部工作") && $0.range == CountRange(min: 0, max: 5) && $0.limit == .upper })
        #expect(shortfall == 4)
        let message = failure.problems[0].message(in: .zhHans)
        #expect(message.hasPrefix("以下约束无法同时满足（差 4 道）"), "\(message)")
        // The arithmetic is done: raise the paper's cap by the shortfall, or lower the section's demand.
        #expect(message.contains("把 干部工作 的上限 5 改为 9"), "\(message)")
    }

    @Test func tightCellsTakeEverything() throws {
        let blueprint = Blueprint(title: "t", sections: [.init(type: .fill, count: 4, points: 1)])
        let paper = try generate(blueprint).get()
        #expect(Set(paper.versions[0].items.map(\.id)) == Set(Self.bank.filter { $0.type == .fill }.map(\.id)))
    }

    @Test func requiredAndExcludedQuestions() throws {
        var blueprint = Blueprint(title: "t", sections: [.init(type: .single, count: 5, points: 1)])
        blueprint.requiredIDs = ["si-干部工作-5-2"]
        blueprint.excludedIDs = Self.bank.filter { $0.topic == "自身建设" }.map(\.id)
        let used: Set<String> = ["si-人才工作-3-0", "si-人才工作-3-1"]
        for seed in 0..<10 as Range<UInt64> {
            let chosen = questions(try generate(blueprint, seed: seed, used: used).get())
            #expect(chosen.contains { $0.id == "si-干部工作-5-2" })
            #expect(!chosen.contains { $0.topic == "自身建设" })
            #expect(!chosen.contains { used.contains($0.id) })
        }
        blueprint.requiredIDs = ["no-such-id"]
        guard case .failure(let failure) = generate(blueprint) else {
            Issue.record("a missing required id was accepted")
            return
        }
        #expect(failure.problems == [.requiredMissing(id: "no-such-id")])
    }

    @Test func tagsFilterTheBank() throws {
        let tagged = makeBank([(.trueFalse, "甲", .easy, 3)], tags: ["必考"]) + makeBank([(.trueFalse, "乙", .easy, 10)])
        var blueprint = Blueprint(title: "t", sections: [.init(type: .trueFalse, count: 3, points: 1)])
        blueprint.includeTags = ["必考"]
        let paper = try generate(blueprint, bank: tagged).get()
        #expect(Set(paper.versions[0].items.map(\.id)) == Set(tagged.prefix(3).map(\.id)))
        blueprint.includeTags = []
        blueprint.excludeTags = ["必考"]
        let other = try generate(blueprint, bank: tagged).get()
        #expect(other.versions[0].items.allSatisfy { !$0.id.contains("甲") })
    }

    @Test func versionsRespectTheOverlapLimit() throws {
        var blueprint = Blueprint(title: "t", sections: [.init(type: .trueFalse, count: 6, points: 1)])
        blueprint.versions = 2
        blueprint.maxOverlap = 0
        let paper = try generate(blueprint).get()
        #expect(paper.versions.map(\.name) == ["A", "B"])
        #expect(Set(paper.versions[0].items.map(\.id)).isDisjoint(with: paper.versions[1].items.map(\.id)))
        // Twelve true/false questions cannot make three disjoint versions of six: each version's share is 4.
        blueprint.versions = 3
        for parallel in [true, false] {
            blueprint.parallel = parallel
            guard case .failure(let failure) = generate(blueprint) else {
                Issue.record("overlap limit ignored")
                return
            }
            guard case .conflict(let bounds, _) = failure.problems.first else {
                Issue.record("expected a conflict: \(failure.problems)")
                return
            }
            #expect(bounds.contains { $0.available == 12 }, "\(bounds)")
            if parallel {
                #expect(failure.problems[0].message(in: .zhHans).contains("各卷互不重复时每卷最多 4 道"), "\(failure.problems[0].message(in: .zhHans))")
            }
        }
        blueprint.parallel = true
        // With half allowed in common, three versions fit: the later ones reuse as little as possible.
        blueprint.maxOverlap = 0.5
        let three = try generate(blueprint).get()
        let sets = three.versions.map { Set($0.items.map(\.id)) }
        for i in 0..<3 {
            for j in (i + 1)..<3 { #expect(sets[i].intersection(sets[j]).count <= 3) }
        }
    }

    @Test func meanDifficultyIsPulledIntoItsBand() throws {
        var blueprint = Blueprint(title: "t", sections: [.init(type: .single, count: 10, points: 1)])
        for target in [1.4, 2.0, 3.0, 3.5] {
            blueprint.difficulty = .mean(target: target, tolerance: 0.15)
            let chosen = questions(try generate(blueprint).get())
            let mean = Double(chosen.reduce(0) { $0 + $1.difficulty!.rawValue }) / 10
            #expect(abs(mean - target) <= 0.15 + 1e-9, "target \(target), mean \(mean)")
        }
        blueprint.difficulty = .mean(target: 4.9, tolerance: 0.05)
        guard case .failure(let failure) = generate(blueprint), case .difficultyMean(_, _, _, _, let highest) = failure.problems.first else {
            Issue.record("an unreachable mean was accepted")
            return
        }
        // At most 3 hard (5) singles: the hardest ten are 3×5 + 8×3 would exceed; the ceiling is (3×5+7×3)/10 = 3.6.
        #expect(abs(highest - 3.6) < 1e-9)
    }

    @Test func paperWideDifficultyCounts() throws {
        var blueprint = Blueprint(title: "t", sections: [.init(type: .single, count: 6, points: 1), .init(type: .multiple, count: 3, points: 1)])
        blueprint.difficulty = .counts([.init(level: .hard, range: .exactly(3)), .init(level: .easy, range: .exactly(2))])
        let chosen = questions(try generate(blueprint).get())
        #expect(chosen.count { $0.difficulty == .hard } == 3)
        #expect(chosen.count { $0.difficulty == .easy } == 2)
    }

    @Test func sameInputsSameBytesAndFileOrderDoesNotMatter() throws {
        var blueprint = Blueprint(title: "t", sections: [.init(type: .single, count: 6, points: 1), .init(type: .multiple, count: 4, points: 2)])
        blueprint.versions = 3
        blueprint.maxOverlap = 0.8
        let first = try generate(blueprint, seed: 99).get()
        let again = try generate(blueprint, seed: 99, bank: Self.bank.reversed()).get()
        #expect(first == again)
        let other = try generate(blueprint, seed: 100).get()
        #expect(first.versions != other.versions)
    }

    @Test func shuffledOptionsKeepTheKeyRight() throws {
        var bank = Self.bank
        // Pin the options of one question: its order must not change.
        let pinnedIndex = bank.firstIndex { $0.type == .single }!
        bank[pinnedIndex].fixedOptionOrder = true
        let blueprint = Blueprint(title: "t", sections: [.init(type: .single, count: 27, points: 1), .init(type: .multiple, count: 11, points: 1)])
        let paper = try generate(blueprint, seed: 3, bank: bank).get()
        let byID = Dictionary(uniqueKeysWithValues: bank.map { ($0.id, $0) })
        var moved = 0
        for item in paper.versions[0].items {
            let question = byID[item.id]!
            let order = try #require(item.optionOrder)
            #expect(item.options == order.map { question.content.options[$0] })
            let key = ItemKey(item: item, question: question)
            let printedCorrect = key.correctPositions.map { item.options[$0] }
            let original: [Int]
            switch question.content {
            case .single(_, let answer): original = [answer]
            case .multiple(_, let answers): original = answers
            default: original = []
            }
            #expect(Set(printedCorrect) == Set(original.map { question.content.options[$0] }))
            if item.id == bank[pinnedIndex].id { #expect(item.optionOrder == [0, 1, 2, 3]) }
            if order != Array(order.indices) { moved += 1 }
        }
        #expect(moved > 20)
    }

    @Test func optionsInAMeaningfulOrderAreNotShuffled() throws {
        #expect(OptionOrder.mustKeep(["66期", "106期", "166期", "216期"]))
        #expect(OptionOrder.mustKeep(["2022年", "2021年", "2020年"]))
        #expect(OptionOrder.mustKeep(["１０%", "２０%", "３０%"]))
        #expect(OptionOrder.mustKeep(["选干部", "抓基层", "以上都对"]))
        #expect(OptionOrder.mustKeep(["甲", "乙", "以上均不正确"]))
        #expect(!OptionOrder.mustKeep(["每年3月底前", "每年9月底前"]))
        #expect(!OptionOrder.mustKeep(["12月", "3月", "9月"]))
        #expect(!OptionOrder.mustKeep(["1小时", "半天", "一整天"]))
        var bank = makeBank([(.single, "甲", .easy, 8)])
        for index in bank.indices { bank[index].content = .single(options: ["1年", "2年", "3年", "以上都不对"], answer: index % 4) }
        var blueprint = Blueprint(title: "t", sections: [.init(type: .single, count: 8, points: 1)])
        let kept = try generate(blueprint, bank: bank).get()
        #expect(kept.versions[0].items.allSatisfy { $0.optionOrder == [0, 1, 2, 3] })
        blueprint.keepOrderedOptions = false
        let shuffled = try generate(blueprint, bank: bank).get()
        #expect(shuffled.versions[0].items.contains { $0.optionOrder != [0, 1, 2, 3] })
    }

    @Test func versionNamesGoOnPastZ() {
        #expect((0..<3).map(PaperSolver.versionName) == ["A", "B", "C"])
        #expect(PaperSolver.versionName(25) == "Z")
        #expect(PaperSolver.versionName(26) == "AA")
        #expect(PaperSolver.versionName(27) == "AB")
        #expect(PaperSolver.versionName(701) == "ZZ")
        #expect(PaperSolver.versionName(702) == "AAA")
    }

    @Test func checkReportsAvailability() {
        let blueprint = Blueprint(title: "t", sections: [.init(type: .multiple, count: 20, points: 1)])
        let report = PaperSolver(questions: Self.bank, blueprint: blueprint, seed: 1).check()
        #expect(!report.feasible)
        #expect(report.eligible[.multiple] == 11)
        #expect(report.cells.filter { $0.type == .multiple }.reduce(0) { $0 + $1.count } == 11)
    }
}
