import QuizModel

/// How many questions each cell (section × topic row × difficulty column) gives to a paper, as an integer program
/// over the cell counts: every bound of the blueprint is a row, so a count table exists exactly when the blueprint
/// can be met (`IntegerProgram` is exact).
///
/// A cell's non-required questions come in two parts: a cheap one (questions no earlier version used, or the
/// cell's share when all versions are chosen at once) and a dear one (reuse, costing `reusePenalty` per question).
/// Random costs per cell, drawn from the seed, pick among the count tables that reuse least.
struct SelectionProgram {
    /// Cost of reusing a question: outweighs every sum of random costs (below 100 per question).
    static let reusePenalty: Int64 = 1_000_000
    /// Answers within this much of the least cost are accepted: the random costs only break ties.
    static let acceptableGap: Int64 = 99

    /// What a cell offers one version.
    struct Supply {
        /// Required questions: always taken.
        var required: Int
        /// Questions taken at the cell's random cost.
        var cheap: Int
        /// Further questions, each costing `reusePenalty` more.
        var dear: Int
        var total: Int { required + cheap + dear }
    }

    /// Which rows to include: the mean bands can be left out to find what the other bounds allow.
    struct Options {
        /// Mean bands to include: all, none, or only that of one section (or, nil, the paper's).
        enum Means { case all, none, only(Int?) }
        var means = Means.all
        /// Replaces the random costs by ± the difficulty level (to find the lowest or highest mean).
        var levelObjective: Int64 = 0
        /// The section whose levels `levelObjective` counts; nil: every section.
        var levelScope: Int?
        /// Extra bounds on a section's (nil: the paper's) sum of levels.
        var levelSum: (section: Int?, range: (low: Int, high: Int))?

        func includesMean(_ section: Int?) -> Bool {
            switch means {
            case .all: true
            case .none: false
            case .only(let chosen): chosen == section
            }
        }
    }

    let blueprint: Blueprint
    let rowCount: Int
    /// `supply[s][r][c]`
    let supply: [[[Supply]]]
    /// Random cost per cell, `noise[(s * rowCount + r) * 6 + c]`, each below 100.
    let noise: [Int64]
    let rowOf: (String) -> Int

    /// The integer band of a sum of `count` levels whose mean is `target ± tolerance`; empty (`low > high`) when
    /// no whole sum falls in it.
    static func levelBand(target: Double, tolerance: Double, count: Int) -> (low: Int, high: Int) {
        let low = Int(((target - tolerance) * Double(count) - 1e-9).rounded(.up))
        let high = Int(((target + tolerance) * Double(count) + 1e-9).rounded(.down))
        return (low, high)
    }

    enum Outcome {
        case counts([[[Int]]])
        case infeasible
        case undecided
    }

    func solve(_ options: Options = Options()) -> Outcome {
        var program = IntegerProgram()
        let sections = blueprint.sections
        // Per cell: its variables and their constant part (required questions).
        var parts = Array(repeating: Array(repeating: Array(repeating: [Int](), count: 6), count: rowCount), count: sections.count)
        for s in sections.indices {
            for r in 0..<rowCount {
                for c in 0..<6 {
                    let cell = supply[s][r][c]
                    var cost = noise[(s * rowCount + r) * 6 + c]
                    if options.levelObjective != 0 {
                        let counted = options.levelScope == nil || options.levelScope == s
                        cost = counted && c < 5 ? (options.levelObjective > 0 ? Int64(c) : Int64(4 - c)) : 0
                    }
                    if cell.cheap > 0 { parts[s][r][c].append(program.addVariable(lower: 0, upper: cell.cheap, cost: cost)) }
                    if cell.dear > 0 {
                        parts[s][r][c].append(program.addVariable(lower: 0, upper: cell.dear, cost: cost + (options.levelObjective == 0 ? Self.reusePenalty : 0)))
                    }
                }
            }
        }
        /// A row over cells: Σ weight(c) · count(s, r, c) within `range`, the required questions moved to the bounds.
        func addRow(_ range: CountRange, sections selected: [Int], rows: [Int]? = nil, columns: [Int]? = nil, weight: (Int) -> Int = { _ in 1 }) {
            var terms: [(Int, Int)] = []
            var constant = 0
            for s in selected {
                for r in rows ?? Array(0..<rowCount) {
                    for c in columns ?? Array(0..<6) {
                        let w = weight(c)
                        guard w != 0 else { continue }
                        constant += w * supply[s][r][c].required
                        for variable in parts[s][r][c] { terms.append((variable, w)) }
                    }
                }
            }
            program.addRow(terms, lower: range.min - constant, upper: range.max - constant)
        }
        let all = Array(sections.indices)
        let levels = Array(0..<5)
        for (s, section) in sections.enumerated() {
            addRow(.exactly(section.count), sections: [s])
            for bound in section.topics { addRow(bound.range, sections: [s], rows: [rowOf(bound.topic)]) }
            for bound in section.difficulty { addRow(bound.range, sections: [s], columns: [bound.level.rawValue - 1]) }
            for bound in section.cells {
                addRow(bound.range, sections: [s], rows: [rowOf(bound.topic)], columns: [bound.level.rawValue - 1])
            }
            if options.includesMean(s), let mean = section.meanDifficulty {
                let band = Self.levelBand(target: mean.target, tolerance: mean.tolerance, count: section.count)
                addRow(CountRange(min: band.low, max: band.high), sections: [s], columns: levels) { $0 + 1 }
            }
        }
        for bound in blueprint.topics { addRow(bound.range, sections: all, rows: [rowOf(bound.topic)]) }
        switch blueprint.difficulty {
        case .counts(let bounds):
            for bound in bounds { addRow(bound.range, sections: all, columns: [bound.level.rawValue - 1]) }
        case .mean(let target, let tolerance):
            if options.includesMean(nil) {
                let band = Self.levelBand(target: target, tolerance: tolerance, count: blueprint.questionCount)
                addRow(CountRange(min: band.low, max: band.high), sections: all, columns: levels) { $0 + 1 }
            }
        case nil: break
        }
        if let extra = options.levelSum {
            addRow(CountRange(min: extra.range.low, max: extra.range.high), sections: extra.section.map { [$0] } ?? all, columns: levels) { $0 + 1 }
        }
        let gap = options.levelObjective == 0 ? Self.acceptableGap : 0
        switch program.solve(gap: gap) {
        case .infeasible: return .infeasible
        case .undecided: return .undecided
        case .solved(let x):
            var counts = Array(repeating: Array(repeating: Array(repeating: 0, count: 6), count: rowCount), count: sections.count)
            for s in sections.indices {
                for r in 0..<rowCount {
                    for c in 0..<6 { counts[s][r][c] = supply[s][r][c].required + parts[s][r][c].reduce(0) { $0 + x[$1] } }
                }
            }
            return .counts(counts)
        }
    }

    /// The least and greatest sum of levels the other bounds allow, for a section or (nil) the whole paper.
    func levelSumRange(section: Int?) -> ClosedRange<Int>? {
        var options = Options(means: .none)
        // Lowest and highest of this scope's own sum.
        options.levelScope = section
        options.levelObjective = 1
        guard case .counts(let low) = solve(options) else { return nil }
        options.levelObjective = -1
        guard case .counts(let high) = solve(options) else { return nil }
        return levelSum(low, section: section)...levelSum(high, section: section)
    }

    /// The reachable level sums nearest a band from below and above (the band itself being unreachable).
    func nearestLevelSums(section: Int?, band: (low: Int, high: Int)) -> (below: Int?, above: Int?) {
        var options = Options(means: .none)
        options.levelScope = section
        options.levelObjective = -1  // highest below the band
        options.levelSum = (section, (-1_000_000, band.low - 1))
        var below: Int?
        if case .counts(let counts) = solve(options) { below = levelSum(counts, section: section) }
        options.levelObjective = 1
        options.levelSum = (section, (band.high + 1, 1_000_000))
        var above: Int?
        if case .counts(let counts) = solve(options) { above = levelSum(counts, section: section) }
        return (below, above)
    }

    func levelSum(_ counts: [[[Int]]], section: Int?) -> Int {
        var sum = 0
        for s in counts.indices where section == nil || section == s {
            for row in counts[s] { for c in 0..<5 { sum += row[c] * (c + 1) } }
        }
        return sum
    }
}
