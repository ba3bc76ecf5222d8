import QuizModel

/// The flow network of one version's selection (see `PaperSolver` for the method).
///
/// Orientation: topics are the major dimension (paper-wide topic bounds at the source side) unless the blueprint
/// has paper-wide difficulty counts, in which case difficulty is major. The other dimension is bounded per section.
struct SelectionNetwork {
    /// Flow per cell: `cells[section][row][column]`.
    struct Counts {
        var cells: [[[Int]]]
    }

    /// Pull per difficulty step, large enough to outweigh every other cost.
    static let maximumPull: Int64 = 100_000_000
    /// Cost of reusing a question an earlier version used: outweighs the random costs, not the pull.
    static let reusePenalty: Int64 = 1_000_000

    let solver: PaperSolver
    let layout: PaperSolver.Layout
    let state: PaperSolver.SelectionState
    /// Random cost per cell, drawn once per version.
    let noise: [Int64]
    var descriptions: [BoundDescription] = []
    var lastBlocking: [Int] = []
    var directConflict: [BoundDescription]?

    init(solver: PaperSolver, layout: PaperSolver.Layout, state: PaperSolver.SelectionState, noise: [Int64]) {
        self.solver = solver
        self.layout = layout
        self.state = state
        self.noise = noise
    }

    var blueprint: Blueprint { solver.blueprint }
    var rowCount: Int { layout.rows.count + 1 }
    var difficultyMajor: Bool {
        if case .counts = blueprint.difficulty { return true }
        return false
    }

    func topicName(_ row: Int) -> String? { row < layout.rows.count ? layout.rows[row] : nil }
    func level(_ column: Int) -> Difficulty? { column < 5 ? Difficulty(rawValue: column + 1) : nil }

    mutating func describe(_ group: QuestionGroup, _ range: CountRange, available: Int? = nil) -> Int {
        descriptions.append(BoundDescription(group: group, range: range, available: available))
        return descriptions.count - 1
    }

    /// A minimum-cost selection with difficulty pull `lambda` (negative favours hard questions), or nil.
    mutating func solve(lambda: Int64) -> Counts? {
        descriptions = []
        directConflict = nil
        let sections = blueprint.sections
        let ns = sections.count
        let total = blueprint.questionCount
        let nx = difficultyMajor ? 6 : rowCount
        let ny = difficultyMajor ? rowCount : 6
        // Node numbering.
        let source = 0
        let sink = 1
        let xBase = 2
        let xsBase = xBase + nx
        let cellBase = xsBase + nx * ns
        let syBase = cellBase + ns * nx * ny
        let sBase = syBase + ns * ny
        var network = FlowNetwork(nodes: sBase + ns)
        func rowColumn(x: Int, y: Int) -> (Int, Int) { difficultyMajor ? (y, x) : (x, y) }

        // Source → major classes: paper-wide bounds.
        for x in 0..<nx {
            var range = CountRange(min: 0, max: total)
            var group = QuestionGroup()
            if difficultyMajor {
                group.difficulty = level(x)
                if case .counts(let bounds) = blueprint.difficulty, let bound = bounds.first(where: { $0.level.rawValue - 1 == x }) {
                    range = bound.range
                }
            } else {
                group.topic = topicName(x)
                if let bound = blueprint.topics.first(where: { PaperSolver.row(of: $0.topic, in: layout.rows) == x }) {
                    range = bound.range
                }
            }
            network.addArc(from: source, to: xBase + x, lower: range.min, upper: range.max, tag: describe(group, range))
        }
        for (s, section) in sections.enumerated() {
            // Classes with no question for this section need no arcs unless a bound asks for some (smaller
            // networks, faster shortest paths).
            var majorHas = [Bool](repeating: false, count: nx)
            var minorHas = [Bool](repeating: false, count: ny)
            for x in 0..<nx {
                for y in 0..<ny {
                    let (row, column) = rowColumn(x: x, y: y)
                    if !state.cells[s][row][column].isEmpty || !layout.required[s][row][column].isEmpty {
                        majorHas[x] = true
                        minorHas[y] = true
                    }
                }
            }
            // Major class → major class × section: the section's own bounds on that dimension.
            for x in 0..<nx {
                var range = CountRange(min: 0, max: section.count)
                var group = QuestionGroup(type: section.type)
                if difficultyMajor {
                    group.difficulty = level(x)
                    if let bound = section.difficulty.first(where: { $0.level.rawValue - 1 == x }) { range = bound.range }
                } else {
                    group.topic = topicName(x)
                    if let bound = section.topics.first(where: { PaperSolver.row(of: $0.topic, in: layout.rows) == x }) {
                        range = bound.range
                    }
                }
                if !majorHas[x] && range.min == 0 { continue }
                network.addArc(from: xBase + x, to: xsBase + x * ns + s, lower: range.min, upper: range.max, tag: describe(group, range))
            }
            // Cells: bounded by the blueprint's cell bounds and required questions, supplied by the bank.
            for x in 0..<nx {
                for y in 0..<ny {
                    let (row, column) = rowColumn(x: x, y: y)
                    let items = state.cells[s][row][column]
                    let required = layout.required[s][row][column].count
                    // Required questions cost like unused ones: they are in every version anyway.
                    let fresh = state.freshCount[s][row][column] + required
                    let available = items.count + required
                    var lower = required
                    var upper = available
                    let group = QuestionGroup(type: section.type, topic: topicName(row), difficulty: level(column))
                    var cellRange = CountRange(min: 0, max: available)
                    if let bound = section.cells.first(where: {
                        PaperSolver.row(of: $0.topic, in: layout.rows) == row && $0.level.rawValue - 1 == column
                    }) {
                        cellRange = bound.range
                        lower = max(lower, bound.range.min)
                        upper = min(upper, bound.range.max)
                    }
                    if lower > upper {
                        directConflict = [
                            BoundDescription(group: group, range: cellRange),
                            BoundDescription(group: group, range: CountRange(min: lower, max: lower), available: available),
                        ]
                        return nil
                    }
                    guard upper > 0 else { continue }
                    let cell = cellBase + (s * nx + x) * ny + y
                    let availability = describe(group, cellRange, available: available)
                    network.addArc(from: xsBase + x * ns + s, to: cell, lower: lower, upper: upper, tag: availability)
                    var cost = noise[(s * rowCount + row) * 6 + column]
                    if let level = level(column) {
                        let step = Int64(level.rawValue - 1)
                        cost += lambda >= 0 ? lambda * step : -lambda * (4 - step)
                    }
                    let target = syBase + s * ny + y
                    if fresh > 0 { network.addArc(from: cell, to: target, upper: fresh, cost: cost, tag: availability) }
                    if available > fresh {
                        network.addArc(from: cell, to: target, upper: available - fresh, cost: cost + Self.reusePenalty, tag: availability)
                    }
                }
            }
            // Minor class × section → section: the section's bounds on the other dimension.
            for y in 0..<ny {
                var range = CountRange(min: 0, max: section.count)
                var group = QuestionGroup(type: section.type)
                if difficultyMajor {
                    group.topic = topicName(y)
                    if let bound = section.topics.first(where: { PaperSolver.row(of: $0.topic, in: layout.rows) == y }) {
                        range = bound.range
                    }
                } else {
                    group.difficulty = level(y)
                    if let bound = section.difficulty.first(where: { $0.level.rawValue - 1 == y }) { range = bound.range }
                }
                if !minorHas[y] && range.min == 0 { continue }
                network.addArc(from: syBase + s * ny + y, to: sBase + s, lower: range.min, upper: range.max, tag: describe(group, range))
            }
            network.addArc(
                from: sBase + s, to: sink, lower: section.count, upper: section.count,
                tag: describe(QuestionGroup(type: section.type), .exactly(section.count)))
        }

        switch network.solve(source: source, sink: sink) {
        case .infeasible(let blocking):
            lastBlocking = blocking.map { network.bounds[$0].tag }
            return nil
        case .feasible:
            var cells = Array(repeating: Array(repeating: Array(repeating: 0, count: 6), count: rowCount), count: ns)
            for (index, bound) in network.bounds.enumerated() where bound.from >= xsBase && bound.from < cellBase {
                let cellIndex = bound.to - cellBase
                let s = cellIndex / (nx * ny)
                let x = (cellIndex / ny) % nx
                let y = cellIndex % ny
                let (row, column) = rowColumn(x: x, y: y)
                cells[s][row][column] = network.flow(onBound: index)
            }
            return Counts(cells: cells)
        }
    }

    /// The bounds that conflict in the last failed solve, most specific first, each once.
    func explainFailure() -> Infeasibility {
        if let directConflict { return .conflict(bounds: directConflict) }
        var seen = Set<BoundDescription>()
        var bounds: [BoundDescription] = []
        for tag in lastBlocking where tag >= 0 {
            let description = descriptions[tag]
            if seen.insert(description).inserted { bounds.append(description) }
        }
        return .conflict(bounds: bounds)
    }

    /// Mean level (1 易 … 5 难) of a selection.
    func meanDifficulty(_ cells: [[[Int]]]) -> Double {
        var sum = 0
        var count = 0
        for section in cells {
            for row in section {
                for column in 0..<5 {
                    sum += row[column] * (column + 1)
                    count += row[column]
                }
            }
        }
        return count == 0 ? 0 : Double(sum) / Double(count)
    }
}
