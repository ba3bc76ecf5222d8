/// A small integer linear program: minimise `cost · x` over integers `x` with `lower ≤ x ≤ upper` and
/// `rows[i].lower ≤ rows[i] · x ≤ rows[i].upper`.
///
/// Made for the selection problems of paper assembly: a few hundred variables (cell counts), a hundred rows,
/// coefficients 0/1 and difficulty levels 1–5, every bound finite. Solved exactly by branch and bound on the
/// linear relaxation (`LinearRelaxation`, a bounded-variable simplex); an integer answer is checked in integer
/// arithmetic before it is returned, so rounding in the simplex can never produce a paper that breaks a bound.
struct IntegerProgram {
    struct Row {
        /// (variable, coefficient) pairs.
        var terms: [(Int, Int)]
        var lower: Int
        var upper: Int
    }

    var lower: [Int] = []
    var upper: [Int] = []
    var cost: [Int64] = []
    var rows: [Row] = []

    var variableCount: Int { lower.count }

    /// Adds a variable and returns its index.
    mutating func addVariable(lower: Int, upper: Int, cost: Int64 = 0) -> Int {
        self.lower.append(lower)
        self.upper.append(upper)
        self.cost.append(cost)
        return self.lower.count - 1
    }

    mutating func addRow(_ terms: [(Int, Int)], lower: Int, upper: Int) {
        rows.append(Row(terms: terms, lower: lower, upper: upper))
    }

    enum Outcome: Equatable {
        case solved([Int])
        /// No integer point meets every bound.
        case infeasible
        /// The search stopped at its node limit without an answer (never observed; reported, not guessed).
        case undecided
    }

    /// Whether `x` meets every bound, in exact integer arithmetic.
    func admits(_ x: [Int]) -> Bool {
        for j in x.indices where x[j] < lower[j] || x[j] > upper[j] { return false }
        for row in rows {
            let value = row.terms.reduce(0) { $0 + $1.1 * x[$1.0] }
            if value < row.lower || value > row.upper { return false }
        }
        return true
    }

    /// An integer point of least cost, up to `gap` (answers within `gap` of the optimum are accepted, which
    /// stops the search early; 0 means exactly optimal). Depth-first branch and bound on the most fractional
    /// variable, the branch nearer the relaxation's value first.
    func solve(gap: Int64 = 0, nodeLimit: Int = 20_000) -> Outcome {
        for j in 0..<variableCount where lower[j] > upper[j] { return .infeasible }
        for row in rows where row.lower > row.upper { return .infeasible }
        var best: [Int]?
        var bestCost = Int64.max
        var stack: [([Int], [Int])] = [(lower, upper)]
        var nodes = 0
        while let (low, high) = stack.popLast() {
            nodes += 1
            if nodes > nodeLimit { return best.map { .solved($0) } ?? .undecided }
            var relaxation = LinearRelaxation(program: self, lower: low, upper: high)
            guard let (x, objective) = relaxation.solve() else { continue }
            // Costs are integers: no integer point below ⌈objective⌉.
            let bound = Int64((objective - 1e-6).rounded(.up))
            if best != nil, bound >= bestCost - gap { continue }
            var branch = -1
            var fractionality = 1e-6
            for j in x.indices {
                let distance = abs(x[j] - x[j].rounded())
                if distance > fractionality {
                    fractionality = distance
                    branch = j
                }
            }
            if branch < 0 {
                let integral = x.map { Int($0.rounded()) }
                // The exact check; a point rounding let through would be refused here.
                guard admits(integral) else { continue }
                let value = zip(integral, cost).reduce(Int64(0)) { $0 + Int64($1.0) * $1.1 }
                if value < bestCost {
                    best = integral
                    bestCost = value
                }
                continue
            }
            let value = x[branch]
            let floor = Int(value.rounded(.down))
            var down = (low, high)
            down.1[branch] = floor
            var up = (low, high)
            up.0[branch] = floor + 1
            // Explore the nearer side first (pushed last).
            if value - Double(floor) < 0.5 {
                stack.append(up)
                stack.append(down)
            } else {
                stack.append(down)
                stack.append(up)
            }
        }
        return best.map { .solved($0) } ?? .infeasible
    }
}

/// The linear relaxation of an `IntegerProgram` under given variable bounds, solved by a dense two-phase
/// bounded-variable primal simplex (Dantzig's rule, Bland's rule after a run of degenerate pivots, so it cannot
/// cycle).
///
/// Each row `a·x` gets a slack `s = a·x` bounded by the row's range, so every constraint reads `a·x − s = 0`.
/// Phase I starts from artificial variables carrying the residuals and minimises their sum.
struct LinearRelaxation {
    private let n: Int  // structural variables
    private let m: Int  // rows
    private let width: Int  // structural + slack + artificial columns
    private var tableau: [Double]  // m × width, B⁻¹A
    private var reduced: [Double]  // reduced costs of the current phase
    private var low: [Double]
    private var high: [Double]
    private var value: [Double]  // every variable's current value
    private var basis: [Int]
    private var isBasic: [Bool]
    private let realCost: [Double]

    init(program: IntegerProgram, lower: [Int], upper: [Int]) {
        n = program.variableCount
        m = program.rows.count
        width = n + 2 * m
        tableau = [Double](repeating: 0, count: m * width)
        reduced = [Double](repeating: 0, count: width)
        low = [Double](repeating: 0, count: width)
        high = [Double](repeating: 0, count: width)
        value = [Double](repeating: 0, count: width)
        basis = [Int](repeating: 0, count: m)
        isBasic = [Bool](repeating: false, count: width)
        var costs = [Double](repeating: 0, count: width)
        for j in 0..<n {
            low[j] = Double(lower[j])
            high[j] = Double(upper[j])
            value[j] = low[j]
            costs[j] = Double(program.cost[j])
        }
        realCost = costs
        for (i, row) in program.rows.enumerated() {
            var activity = 0.0
            for (j, a) in row.terms {
                tableau[i * width + j] += Double(a)
                activity += Double(a) * value[j]
            }
            let slack = n + i
            low[slack] = Double(row.lower)
            high[slack] = Double(row.upper)
            value[slack] = abs(activity - low[slack]) <= abs(activity - high[slack]) ? low[slack] : high[slack]
            tableau[i * width + slack] = -1
            // Artificial: sign so that it carries |residual| ≥ 0.
            let residual = value[slack] - activity
            let sign: Double = residual >= 0 ? 1 : -1
            let artificial = n + m + i
            tableau[i * width + artificial] = sign
            low[artificial] = 0
            high[artificial] = .infinity
            value[artificial] = abs(residual)
            basis[i] = artificial
            isBasic[artificial] = true
            // Row i of B⁻¹A with B = diag(sign).
            if sign < 0 { for j in 0..<width { tableau[i * width + j] = -tableau[i * width + j] } }
        }
    }

    /// The relaxation's optimum (values of the structural variables, objective), or nil when it is infeasible.
    mutating func solve() -> ([Double], Double)? {
        // Phase I: minimise the artificials.
        for j in 0..<width { reduced[j] = j >= n + m ? 1 : 0 }
        priceOut()
        iterate()
        var infeasibility = 0.0
        for j in (n + m)..<width { infeasibility += value[j] }
        if infeasibility > 1e-7 { return nil }
        // Artificials stay at zero from here on.
        for j in (n + m)..<width { high[j] = 0 }
        for j in 0..<width { reduced[j] = realCost[j] }
        priceOut()
        iterate()
        let x = Array(value[0..<n])
        let objective = zip(x, realCost).reduce(0) { $0 + $1.0 * $1.1 }
        return (x, objective)
    }

    /// Makes the reduced costs of basic variables zero: d −= c_B(i) · row i.
    private mutating func priceOut() {
        for i in 0..<m {
            let c = reduced[basis[i]]
            if c == 0 { continue }
            let base = i * width
            for j in 0..<width { reduced[j] -= c * tableau[base + j] }
        }
    }

    private mutating func iterate() {
        let epsilon = 1e-9
        var degenerate = 0
        var iterations = 0
        while iterations < 50_000 {
            iterations += 1
            let bland = degenerate > 30
            // Entering variable: improves the objective by moving off its bound.
            var entering = -1
            var bestScore = 0.0
            for j in 0..<width where !isBasic[j] && high[j] > low[j] {
                let d = reduced[j]
                let canRise = d < -epsilon && value[j] < high[j] - epsilon
                let canFall = d > epsilon && value[j] > low[j] + epsilon
                guard canRise || canFall else { continue }
                if bland {
                    entering = j
                    break
                }
                if abs(d) > bestScore {
                    bestScore = abs(d)
                    entering = j
                }
            }
            if entering < 0 { return }
            let direction: Double = reduced[entering] < 0 ? 1 : -1
            // Ratio test: how far the entering variable can move.
            var step = high[entering] - low[entering]
            var leavingRow = -1
            for i in 0..<m {
                let g = tableau[i * width + entering] * direction
                let b = basis[i]
                var limit = Double.infinity
                if g > epsilon {
                    limit = (value[b] - low[b]) / g
                } else if g < -epsilon, high[b].isFinite {
                    limit = (high[b] - value[b]) / -g
                } else {
                    continue
                }
                if limit < step - epsilon || (limit < step + epsilon && leavingRow >= 0 && bland && b < basis[leavingRow]) {
                    step = max(limit, 0)
                    leavingRow = i
                }
            }
            guard step.isFinite else { return }  // unbounded: not possible with finite bounds
            degenerate = step < epsilon ? degenerate + 1 : 0
            // Move the entering variable and the basic ones.
            value[entering] += direction * step
            for i in 0..<m {
                let g = tableau[i * width + entering]
                if g != 0 { value[basis[i]] -= g * direction * step }
            }
            guard leavingRow >= 0 else {
                // Bound flip.
                value[entering] = direction > 0 ? high[entering] : low[entering]
                continue
            }
            let leaving = basis[leavingRow]
            // Snap the leaving variable onto the bound it reached.
            let g = tableau[leavingRow * width + entering] * direction
            value[leaving] = g > 0 ? low[leaving] : high[leaving]
            pivot(row: leavingRow, column: entering)
            isBasic[leaving] = false
            isBasic[entering] = true
            basis[leavingRow] = entering
        }
    }

    private mutating func pivot(row r: Int, column c: Int) {
        let base = r * width
        let pivotValue = tableau[base + c]
        for j in 0..<width { tableau[base + j] /= pivotValue }
        tableau.withUnsafeMutableBufferPointer { t in
            for i in 0..<m where i != r {
                let factor = t[i * width + c]
                if factor == 0 { continue }
                let other = i * width
                for j in 0..<width { t[other + j] -= factor * t[base + j] }
            }
        }
        let factor = reduced[c]
        if factor != 0 { for j in 0..<width { reduced[j] -= factor * tableau[base + j] } }
    }
}
