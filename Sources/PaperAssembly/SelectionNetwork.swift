import QuizModel

/// The selection as a flow network, used to explain why a blueprint cannot be met: when no flow exists, the
/// arcs of a minimum cut name the bounds that conflict and the shortfall says by how much.
///
/// One unit of flow per chosen question: source → major class (paper-wide bounds) → major class × section
/// (the section's bounds) → cell (cell bounds, supplied by the bank) → section × minor class (the section's
/// bounds) → section (its count) → sink. Topics are major unless `difficultyMajor`; the paper-wide bounds of the
/// minor dimension are not in the network (the integer program has them).
struct SelectionNetwork {
    let solver: PaperSolver
    let layout: PaperSolver.Layout
    /// What each cell offers one version.
    let supply: [[[SelectionProgram.Supply]]]
    /// When versions share the bank's questions out, their number (for wording the per-version limit).
    let versionsSharing: Int?
    let difficultyMajor: Bool
    var descriptions: [BoundDescription] = []
    var lastBlocking: [(tag: Int, upper: Bool)] = []
    var shortfall = 0
    var directConflict: [BoundDescription]?

    init(solver: PaperSolver, layout: PaperSolver.Layout, supply: [[[SelectionProgram.Supply]]], versionsSharing: Int?, difficultyMajor: Bool) {
        self.solver = solver
        self.layout = layout
        self.supply = supply
        self.versionsSharing = versionsSharing
        self.difficultyMajor = difficultyMajor
    }

    var blueprint: Blueprint { solver.blueprint }
    var rowCount: Int { layout.rows.count + 1 }

    func topicName(_ row: Int) -> String? { row < layout.rows.count ? layout.rows[row] : nil }
    func level(_ column: Int) -> Difficulty? { column < 5 ? Difficulty(rawValue: column + 1) : nil }

    mutating func describe(_ group: QuestionGroup, _ range: CountRange, available: Int? = nil, perVersion: Int? = nil) -> Int {
        descriptions.append(BoundDescription(group: group, range: range, available: available, perVersion: perVersion))
        return descriptions.count - 1
    }

    /// Whether a selection meets the bounds in the network; when not, `explainFailure` says why.
    mutating func isFeasible() -> Bool {
        descriptions = []
        directConflict = nil
        shortfall = 0
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
                    if supply[s][row][column].total > 0 || !layout.all(s, row, column).isEmpty {
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
                    let cellSupply = supply[s][row][column]
                    let bank = layout.all(s, row, column).count
                    var lower = cellSupply.required
                    var upper = cellSupply.total
                    let group = QuestionGroup(type: section.type, topic: topicName(row), difficulty: level(column))
                    var cellRange = CountRange(min: 0, max: upper)
                    if let bound = section.cells.first(where: {
                        PaperSolver.row(of: $0.topic, in: layout.rows) == row && $0.level.rawValue - 1 == column
                    }) {
                        cellRange = bound.range
                        lower = max(lower, bound.range.min)
                        upper = min(upper, bound.range.max)
                    }
                    let perVersion = upper < bank && versionsSharing != nil ? cellSupply.total : nil
                    if lower > upper {
                        shortfall = lower - upper
                        directConflict = [
                            BoundDescription(group: group, range: cellRange),
                            BoundDescription(group: group, range: CountRange(min: lower, max: lower), available: bank, perVersion: perVersion),
                        ]
                        return false
                    }
                    // A cell the bank fills but this version may not use stays, empty, to be named by a cut.
                    guard upper > 0 || bank > 0 else { continue }
                    let cell = cellBase + (s * nx + x) * ny + y
                    let availability = describe(group, cellRange, available: bank, perVersion: perVersion)
                    network.addArc(from: xsBase + x * ns + s, to: cell, lower: lower, upper: upper, tag: availability)
                    network.addArc(from: cell, to: syBase + s * ny + y, upper: upper, tag: availability)
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
        case .infeasible(let blocking, let shortfall):
            lastBlocking = blocking.map { (network.bounds[$0.bound].tag, $0.upper) }
            self.shortfall = shortfall
            return false
        case .feasible:
            return true
        }
    }

    /// The bounds that conflict in the last failed check, most specific first, each once, and the shortfall.
    func explainFailure() -> Infeasibility {
        if let directConflict { return .conflict(bounds: directConflict, shortfall: shortfall) }
        var seen = Set<BoundDescription>()
        var bounds: [BoundDescription] = []
        for (tag, upper) in lastBlocking where tag >= 0 {
            var description = descriptions[tag]
            description.limit = upper ? .upper : .lower
            if seen.insert(description).inserted { bounds.append(description) }
        }
        return .conflict(bounds: bounds, shortfall: shortfall)
    }
}
