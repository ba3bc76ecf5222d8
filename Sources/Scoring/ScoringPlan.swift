import PaperAssembly
import QuizModel

/// `count` zeros, to be freed by the owner.
func zeroed<T: Numeric>(_ count: Int) -> UnsafeMutablePointer<T> {
    let pointer = UnsafeMutablePointer<T>.allocate(capacity: max(1, count))
    pointer.initialize(repeating: .zero, count: max(1, count))
    return pointer
}

/// A copy of `values`, to be freed by the owner.
func copied<T>(_ values: [T]) -> UnsafeMutablePointer<T> {
    let pointer = UnsafeMutablePointer<T>.allocate(capacity: max(1, values.count))
    _ = UnsafeMutableBufferPointer(start: pointer, count: values.count).initialize(from: values)
    return pointer
}

/// The answer key laid out for the scoring loop: every item of every version as a *position* (version v's item k
/// is position `positionBase[v] + k`), with flat tables read without bounds checks or reference counting.
///
/// Scores are also counted on a grid of `step` points: the largest step that every possible item score is a whole
/// multiple of — 0.5 for a paper of 1-point questions with half marks, 1/3 for a 10-point short answer of three
/// keywords (steps are 1/(100·d) points for d up to 12, so rest scores pair exactly) — or 0.01 when a score needs a
/// finer grid or the grid would be too large. Totals then fall in `totalSteps` steps; the rest scores of the
/// discriminative efficiency are counted on that grid, and candidates are grouped by it (`groupBuckets`, at most
/// 4,096 groups) to find the upper and lower 27 % without reading every sheet twice.
final class ScoringPlan: @unchecked Sendable {
    enum Kind: UInt8 {
        case single = 0, multiple = 1, other = 2
    }

    let versions: Int
    let positions: Int
    let sections: Int
    /// `positionBase[v]..<positionBase[v + 1]`: version v's items.
    let positionBase: UnsafeMutablePointer<Int>
    let kind: UnsafeMutablePointer<UInt8>
    let correctMask: UnsafeMutablePointer<UInt32>
    let points: UnsafeMutablePointer<Double>
    let halfPoints: UnsafeMutablePointer<Double>
    let optionCount: UnsafeMutablePointer<Int32>
    /// Choice items: the score of every bit mask of printed options at `scoreTable[tableBase[p] + mask]` (-1 for
    /// more than one letter to a single-choice item), its grid step at `stepTable[…]`, for masks below
    /// `tableLimit[p]` — 2^options for up to 10 options, else 2^8 (masks of A–H). A higher mask names an option
    /// beyond the table, or is not plain letters, and is marked from its text. `tableBase[p]` is -1 for other
    /// items. The tally counts answers per mask in the same layout (`ScoreTally.masks`).
    let tableBase: UnsafeMutablePointer<Int32>
    let tableLimit: UnsafeMutablePointer<UInt32>
    let scoreTable: UnsafeMutablePointer<Double>
    let stepTable: UnsafeMutablePointer<Int32>
    let tableTotal: Int
    /// Whether rows whose answers are all in the tables are counted in `ScoreTally.joint`: every score is on the
    /// grid (so that totals are exact multiples of `step`), there are no hand marks, and the joint table is at
    /// most 4 M counts.
    let onGrid: Bool
    /// Whether every score that can occur (items' possible scores, hand marks) lies on the grid, so that the
    /// counts per grid step pair scores exactly; when not (a hand mark of 0.3333333), `ScoreTally` also counts the
    /// exact item and rest scores, and discriminative efficiency pairs those.
    let gridIsExact: Bool
    /// On the grid, what a table slot counts in `ScoreTally.joint`: its *response* (as Moodle's response analysis
    /// has it: one item answered with one mask that can be marked) in the low 32 bits, the mask's grid step above;
    /// -1 where `stepTable` is -1.
    let tableResponse: UnsafeMutablePointer<Int64>
    /// Each response's table slot and position.
    let responseSlot: UnsafeMutablePointer<Int32>
    let responsePosition: UnsafeMutablePointer<Int32>
    let responseCount: Int
    /// Per version, its items as runs of one section: `(section, items)`.
    let sectionRuns: [[(section: Int, range: Range<Int>)]]
    let section: UnsafeMutablePointer<Int32>
    let question: UnsafeMutablePointer<Int32>
    let versionOf: UnsafeMutablePointer<Int32>
    /// Position p's score counts on the grid: `xBase[p]..<xBase[p] + xSlots[p]`.
    let xBase: UnsafeMutablePointer<Int32>
    let xSlots: UnsafeMutablePointer<Int32>
    let xTotal: Int
    /// Position p's option counts (printed options, then blanks): `optionBase[p]..<optionBase[p] + optionSlots[p]`.
    let optionBase: UnsafeMutablePointer<Int32>
    let optionSlots: UnsafeMutablePointer<Int32>
    let optionTotal: Int
    let rules: [MultipleChoiceRule]

    let step: Double
    let inverseStep: Double
    let totalSteps: Int
    let groupBuckets: Int
    /// Half the largest version maximum: totals are summed shifted by it (see `ScoreTally`).
    let totalShift: Double

    init(key: ScoringKey, marks: [String: [Int: Double]]) {
        versions = key.versions.count
        sections = key.sections.count
        let items = key.items.flatMap { $0 }
        positions = items.count
        var bases = [0]
        for version in key.items { bases.append(bases.last! + version.count) }
        positionBase = copied(bases)
        kind = copied(items.map { $0.type == .single ? Kind.single.rawValue : $0.type == .multiple ? Kind.multiple.rawValue : Kind.other.rawValue })
        correctMask = copied(items.map(\.correctMask))
        points = copied(items.map(\.points))
        halfPoints = copied(items.map { $0.points / 2 })
        optionCount = copied(items.map { Int32(min($0.optionCount, 26)) })
        section = copied(items.map { Int32($0.section) })
        question = copied(items.map { Int32($0.question) })
        versionOf = copied(key.items.enumerated().flatMap { v, items in items.map { _ in Int32(v) } })
        rules = items.map(\.rule)

        sectionRuns = key.items.map { items in
            var runs: [(section: Int, range: Range<Int>)] = []
            for (k, item) in items.enumerated() {
                if let last = runs.last, last.section == item.section, last.range.upperBound == k {
                    runs[runs.count - 1].range = last.range.lowerBound..<(k + 1)
                } else {
                    runs.append((item.section, k..<(k + 1)))
                }
            }
            return runs
        }

        // The grid: the greatest common step of every possible score, as a whole number of units of
        // 1/(100·denominator) of a point — hundredths, or finer for thirds (a 10-point short answer of three
        // keywords scores 10/3) and other small denominators, so that rest scores pair exactly.
        var exact = true
        var values: [Double] = []
        for item in items {
            values.append(item.points)
            if let scores = Self.possibleScores(item) { values += scores } else { exact = false }
        }
        let numbers = Set(items.map(\.number))
        for candidate in marks.values {
            for (number, mark) in candidate where numbers.contains(number) {
                for item in items where item.number == number { values.append(min(max(mark, 0), item.points)) }
            }
        }
        var denominator = 1
        var units = 0
        if exact, let found = Self.commonDenominator(values) {
            denominator = found
            for value in values { units = Self.gcd(units, Int((value * 100 * Double(denominator)).rounded())) }
        }
        // A finer grid than hundredths costs a rest-score count per step and position: kept within 16 M counts.
        let gridSteps = units > 0 ? (key.maxScore.max() ?? 0) * 100 * Double(denominator) / Double(units) : 0
        if gridSteps > (key.maxScore.max() ?? 0) * 100, gridSteps * Double(max(positions, 1)) > Double(Self.largestGrid) { units = 0 }
        exact = exact && units > 0
        step = exact ? Double(units) / (100 * Double(denominator)) : 0.01
        inverseStep = 1 / step
        let maxScore = key.maxScore.max() ?? 0
        totalShift = maxScore / 2
        totalSteps = Int((maxScore * inverseStep).rounded(.up)) + 1
        groupBuckets = min(totalSteps, 4096)

        var xBases: [Int32] = []
        var xCounts: [Int32] = []
        var optionBases: [Int32] = []
        var optionCounts: [Int32] = []
        var x = 0
        var options = 0
        for item in items {
            let slots = Int((item.points * (1 / step)).rounded()) + 1
            xBases.append(Int32(x))
            xCounts.append(Int32(slots))
            x += slots
            // Choice items count each printed option, true/false items 对 and 错 (a miskey shows as most 错), then blanks.
            let optionSlots = (item.type == .single || item.type == .multiple ? min(item.optionCount, 26) : item.type == .trueFalse ? 2 : 0) + 1
            optionBases.append(Int32(options))
            optionCounts.append(Int32(optionSlots))
            options += optionSlots
        }
        var tableBases: [Int32] = []
        var limits: [UInt32] = []
        var scores: [Double] = []
        var steps: [Int32] = []
        for item in items {
            guard item.type == .single || item.type == .multiple else {
                tableBases.append(-1)
                limits.append(0)
                continue
            }
            // Up to 10 options: all of them. More (26 when only key.csv is known): masks of A–E, or up to the last
            // right option; answers beyond are marked by the rule.
            let lastRight = 32 - item.correctMask.leadingZeroBitCount
            let tableOptions = item.optionCount <= 10 ? item.optionCount : min(10, max(5, lastRight))
            tableBases.append(Int32(scores.count))
            limits.append(1 << UInt32(tableOptions))
            for mask in 0..<(UInt32(1) << UInt32(tableOptions)) {
                let score: Double
                if item.type == .single {
                    score = mask & (mask &- 1) != 0 ? -1 : mask == item.correctMask ? item.points : 0
                } else {
                    score = item.rule.score(chosenMask: mask, correctMask: item.correctMask, points: item.points)
                }
                scores.append(score)
                steps.append(score < 0 ? -1 : Int32(score * (1 / step) + 0.5))
            }
        }
        // Responses: every slot of every table that can be marked.
        var responses = [Int64](repeating: -1, count: scores.count)
        var slotOfResponse: [Int32] = []
        var positionOfResponse: [Int32] = []
        for p in items.indices where tableBases[p] >= 0 {
            for slot in Int(tableBases[p])..<(Int(tableBases[p]) + Int(limits[p])) where steps[slot] >= 0 {
                responses[slot] = Int64(steps[slot]) << 32 | Int64(slotOfResponse.count)
                slotOfResponse.append(Int32(slot))
                positionOfResponse.append(Int32(p))
            }
        }
        tableBase = copied(tableBases)
        tableLimit = copied(limits)
        scoreTable = copied(scores)
        stepTable = copied(steps)
        tableTotal = scores.count
        tableResponse = copied(responses)
        responseSlot = copied(slotOfResponse)
        responsePosition = copied(positionOfResponse)
        responseCount = slotOfResponse.count
        onGrid = exact && marks.isEmpty && totalSteps * responseCount <= 1 << 22
        gridIsExact = exact
        xBase = copied(xBases)
        xSlots = copied(xCounts)
        xTotal = x
        optionBase = copied(optionBases)
        optionSlots = copied(optionCounts)
        optionTotal = options
    }

    deinit {
        positionBase.deallocate()
        kind.deallocate()
        correctMask.deallocate()
        points.deallocate()
        halfPoints.deallocate()
        optionCount.deallocate()
        tableBase.deallocate()
        tableLimit.deallocate()
        scoreTable.deallocate()
        stepTable.deallocate()
        tableResponse.deallocate()
        responseSlot.deallocate()
        responsePosition.deallocate()
        section.deallocate()
        question.deallocate()
        versionOf.deallocate()
        xBase.deallocate()
        xSlots.deallocate()
        optionBase.deallocate()
        optionSlots.deallocate()
    }

    /// Every score an item can be given by marking, or nil when that cannot be listed (blanks, keywords).
    static func possibleScores(_ item: ScoringKey.Item) -> [Double]? {
        switch item.type {
        case .single:
            return [0, item.points]
        case .multiple:
            // Every rule depends only on how many right and wrong options were chosen.
            let correct = item.correctMask.nonzeroBitCount
            let wrong = max(0, min(item.optionCount, 26) - correct)
            return (0...correct).flatMap { right in
                (0...wrong).map { item.rule.score(right: right, wrong: $0, correctCount: correct, points: item.points) }
            }
        case .trueFalse:
            return [0, item.points]
        default:
            // Marked as `AnswerGrader.grade` marks them: the share of right blanks, or of keyword weight found.
            switch item.entry.answer {
            case .reference:
                return [0]
            case .blanks(let blanks, _):
                guard !blanks.isEmpty, blanks.count <= 64 else { return blanks.isEmpty ? [0] : nil }
                return (0...blanks.count).map { Double($0) / Double(blanks.count) * item.points }
            case .keywords(let keywords):
                let total = keywords.reduce(0) { $0 + $1.weight }
                guard total > 0 else { return [0] }
                guard keywords.count <= 12 else { return nil }
                return (0..<(1 << keywords.count)).map { subset in
                    let found = keywords.indices.filter { subset & (1 << $0) != 0 }.reduce(0) { $0 + keywords[$1].weight }
                    return found / total * item.points
                }
            default:
                return nil
            }
        }
    }

    static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }

    /// The most rest-score counts (grid steps × positions) a grid finer than hundredths may take; beyond it scores
    /// are counted at 0.01 points.
    static let largestGrid = 1 << 24

    /// The least d (a multiple of the smallest denominators up to 12 each value needs) such that every value is
    /// a whole number of 1/(100·d) points; nil when a value needs a larger denominator.
    static func commonDenominator(_ values: [Double]) -> Int? {
        var common = 1
        for value in values {
            let scaled = value * 100
            guard let d = (1...12).first(where: { abs(scaled * Double($0) - (scaled * Double($0)).rounded()) < 1e-6 }) else {
                return nil
            }
            common = common / gcd(common, d) * d
            if common > 27720 { return nil }
        }
        return common
    }

    /// The grid step a total falls on, within the grid (scores are never negative; + 0.5 rounds without libm).
    @inline(__always)
    func totalStep(_ total: Double) -> Int { min(Int(max(total, 0) * inverseStep + 0.5), totalSteps - 1) }

    /// The grid step of `total` when it lies exactly on the grid; nil otherwise.
    @inline(__always)
    func exactStep(_ total: Double) -> Int? {
        let step = totalStep(total)
        return Double(step) * self.step == total ? step : nil
    }

    /// The grid step of item score `x` at position `p`.
    @inline(__always)
    func scoreStep(_ x: Double, at p: Int) -> Int32 { min(Int32(max(x, 0) * inverseStep + 0.5), xSlots[p] - 1) }

    /// The group of a grid step: the same order (a higher step never has a lower group).
    @inline(__always)
    func group(ofStep step: Int) -> Int { groupBuckets == totalSteps ? step : step * (groupBuckets - 1) / (totalSteps - 1) }

    func positions(of version: Int) -> Range<Int> { positionBase[version]..<positionBase[version + 1] }
}

/// Sums over candidates, per thread, merged at the end — every statistic of `kaoxue score` derives from them
/// (see `Statistics.swift`). Item and total scores are summed shifted by half their maximum, so that variances
/// do not lose precision to cancellation.
///
/// Per position (item of a version): Σx, Σx², Σx·T; the count of each rest score T − x on the plan's grid
/// (`restSteps[r · positions + p]`, so that one row's updates fall close together); per group of totals, Σx
/// (`groupX[g · positions + p]`); and what was answered — for items with a mask table, answers per mask (`masks`,
/// laid out as the plan's tables; the scores follow from the masks, `xSteps` only corrects for hand marks), for
/// the others the count of each score (`xSteps`) and of each option chosen (`options`). Per version: candidates,
/// ΣT, ΣT², and candidates per group of totals.
final class ScoreTally: @unchecked Sendable {
    let plan: ScoringPlan
    let sx: UnsafeMutablePointer<Double>
    let sxx: UnsafeMutablePointer<Double>
    let sxT: UnsafeMutablePointer<Double>
    let xSteps: UnsafeMutablePointer<Int32>
    let masks: UnsafeMutablePointer<Int32>
    let restSteps: UnsafeMutablePointer<Int32>
    /// On the grid (`ScoringPlan.onGrid`): answers per total step and response (item and mask),
    /// `joint[t · responseCount + response]` — one count per answer for a row whose answers are all in the tables;
    /// `foldJoint` turns them into the sums.
    let joint: UnsafeMutablePointer<Int32>
    let options: UnsafeMutablePointer<Int>
    let groupX: UnsafeMutablePointer<Double>
    let groupN: UnsafeMutablePointer<Int>
    let versionN: UnsafeMutablePointer<Int>
    let versionT: UnsafeMutablePointer<Double>
    let versionTT: UnsafeMutablePointer<Double>
    /// Off the grid (`ScoringPlan.gridIsExact` false) only: per position, the count of each exact item score and
    /// rest score, for the pairing of discriminative efficiency.
    var exactScores: [[Double: Int]]
    var exactRests: [[Double: Int]]

    /// `chosen` of a blank answer (or one that could not be read).
    static let blank = UInt32.max

    init(_ plan: ScoringPlan) {
        self.plan = plan
        let p = plan.positions
        sx = zeroed(p)
        sxx = zeroed(p)
        sxT = zeroed(p)
        xSteps = zeroed(plan.xTotal)
        masks = zeroed(plan.tableTotal)
        joint = zeroed(plan.onGrid ? plan.totalSteps * plan.responseCount : 0)
        restSteps = zeroed(plan.totalSteps * p)
        options = zeroed(plan.optionTotal)
        groupX = zeroed(plan.groupBuckets * p)
        groupN = zeroed(plan.groupBuckets * plan.versions)
        versionN = zeroed(plan.versions)
        versionT = zeroed(plan.versions)
        versionTT = zeroed(plan.versions)
        exactScores = plan.gridIsExact ? [] : Array(repeating: [:], count: p)
        exactRests = exactScores
    }

    deinit {
        for pointer in [sx, sxx, sxT, groupX, versionT, versionTT] { pointer.deallocate() }
        xSteps.deallocate()
        masks.deallocate()
        joint.deallocate()
        restSteps.deallocate()
        options.deallocate()
        groupN.deallocate()
        versionN.deallocate()
    }

    /// Adds (`sign` 1) or takes back (-1) one candidate of `version`: item scores `xs`, their grid steps `steps`,
    /// the printed options chosen (`chosen`, bits: for items with a mask table 0 when blank or unreadable,
    /// otherwise `blank`, or 0 for an answer without options), total `total`.
    @inline(__always)
    func add(
        version: Int, total: Double, xs: UnsafePointer<Double>, steps: UnsafePointer<Int32>, chosen: UnsafePointer<UInt32>, sign: Int
    ) {
        let plan = self.plan
        let positions = plan.positions
        let base = plan.positionBase[version]
        let count = plan.positionBase[version + 1] - base
        let s = Double(sign)
        let t = total - plan.totalShift
        let step = plan.totalStep(total)
        let group = plan.group(ofStep: step)
        versionN[version] += sign
        versionT[version] += s * t
        versionTT[version] += s * t * t
        groupN[group * plan.versions + version] += sign
        let half = plan.halfPoints + base
        let px = sx + base, pxx = sxx + base, pxT = sxT + base
        let gx = groupX + group * positions + base
        for k in 0..<count {
            let x = xs[k]
            let shifted = x - half[k]
            px[k] += s * shifted
            pxx[k] += s * shifted * shifted
            pxT[k] += s * shifted * t
            gx[k] += s * x
        }
        if !plan.gridIsExact {
            for k in 0..<count {
                Self.count(xs[k], in: &exactScores[base + k], by: sign)
                Self.count(total - xs[k], in: &exactRests[base + k], by: sign)
            }
        }
        let delta = Int32(truncatingIfNeeded: sign)
        let rests = restSteps + base, masks = self.masks
        let lastStep = plan.totalSteps - 1
        let tableBase = plan.tableBase + base, tableLimit = plan.tableLimit + base, stepTable = plan.stepTable
        for k in 0..<count {
            let xStep = Int(steps[k])
            let rest = min(max(step &- xStep, 0), lastStep)
            rests[rest &* positions &+ k] &+= delta
            let mask = chosen[k]
            let table = Int(tableBase[k])
            if table >= 0, mask < tableLimit[k] {
                let slot = table &+ Int(mask)
                masks[slot] &+= delta
                if Int(stepTable[slot]) != xStep { countScore(at: base + k, step: xStep, instead: Int(stepTable[slot]), delta: delta) }
            } else {
                countAnswer(at: base + k, step: xStep, chosen: mask, delta: delta)
            }
        }
    }

    /// Counts `value` once more (`sign` 1) or once less (-1), forgetting values no longer counted.
    private static func count(_ value: Double, in counts: inout [Double: Int], by sign: Int) {
        let count = counts[value, default: 0] + sign
        counts[value] = count == 0 ? nil : count
    }

    /// Adds a candidate of `version` whose answers are all in the tables, on the grid: total `total`, `step`
    /// steps, each item's response (`ScoringPlan.tableResponse`) in `responses`.
    @inline(__always)
    func addOnGrid(version: Int, total: Double, step: Int, responses: UnsafePointer<Int32>) {
        let plan = self.plan
        let count = plan.positionBase[version + 1] - plan.positionBase[version]
        let t = total - plan.totalShift
        versionN[version] &+= 1
        versionT[version] += t
        versionTT[version] += t * t
        groupN[plan.group(ofStep: step) * plan.versions + version] &+= 1
        let row = joint + step * plan.responseCount
        for k in 0..<count { row[Int(responses[k])] &+= 1 }
    }

    /// Turns the joint counts into the sums `add` keeps (what each row would have added), and clears them.
    func foldJoint() {
        let plan = self.plan
        guard plan.onGrid else { return }
        let positions = plan.positions
        for step in 0..<plan.totalSteps {
            let row = joint + step * plan.responseCount
            let t = Double(step) * plan.step - plan.totalShift
            let group = plan.group(ofStep: step)
            for response in 0..<plan.responseCount where row[response] != 0 {
                let count = row[response]
                let p = Int(plan.responsePosition[response]), slot = Int(plan.responseSlot[response])
                let c = Double(count)
                let x = plan.scoreTable[slot]
                let shifted = x - plan.halfPoints[p]
                sx[p] += c * shifted
                sxx[p] += c * shifted * shifted
                sxT[p] += c * shifted * t
                groupX[group * positions + p] += c * x
                restSteps[max(step - Int(plan.stepTable[slot]), 0) * positions + p] += count
                masks[slot] += count
                row[response] = 0
            }
        }
    }

    /// A hand mark on an item with a mask table: the score counted is not the mask's.
    private func countScore(at p: Int, step: Int, instead implied: Int, delta: Int32) {
        xSteps[Int(plan.xBase[p]) + step] += delta
        xSteps[Int(plan.xBase[p]) + implied] -= delta
    }

    /// An answer outside the mask tables: its score and options counted one by one.
    private func countAnswer(at p: Int, step: Int, chosen mask: UInt32, delta: Int32) {
        xSteps[Int(plan.xBase[p]) + step] += delta
        let optionStart = Int(plan.optionBase[p])
        if mask == Self.blank {
            options[optionStart + Int(plan.optionSlots[p]) - 1] += Int(delta)
        } else {
            var rest = mask
            while rest != 0 {
                options[optionStart + rest.trailingZeroBitCount] += Int(delta)
                rest &= rest - 1
            }
        }
    }

    /// Position p's answers: the count of each score on the plan's grid, and of each printed option chosen
    /// with blanks (and unreadable answers) last.
    func answers(at p: Int) -> (scores: [Int], options: [Int]) {
        let plan = self.plan
        let xStart = Int(plan.xBase[p])
        var scores = (0..<Int(plan.xSlots[p])).map { Int(xSteps[xStart + $0]) }
        let optionStart = Int(plan.optionBase[p])
        var options = (0..<Int(plan.optionSlots[p])).map { self.options[optionStart + $0] }
        let table = Int(plan.tableBase[p])
        if table >= 0 {
            for mask in 0..<Int(plan.tableLimit[p]) {
                let count = Int(masks[table + mask])
                guard count != 0 else { continue }
                scores[Int(plan.stepTable[table + mask])] += count
                if mask == 0 { options[options.count - 1] += count }
                var rest = mask
                while rest != 0 {
                    options[rest.trailingZeroBitCount] += count
                    rest &= rest - 1
                }
            }
        }
        return (scores, options)
    }

    func merge(_ other: ScoreTally) {
        let plan = self.plan
        func add<T: Numeric>(_ a: UnsafeMutablePointer<T>, _ b: UnsafeMutablePointer<T>, _ count: Int) {
            for index in 0..<count { a[index] += b[index] }
        }
        add(sx, other.sx, plan.positions)
        add(sxx, other.sxx, plan.positions)
        add(sxT, other.sxT, plan.positions)
        add(xSteps, other.xSteps, plan.xTotal)
        add(masks, other.masks, plan.tableTotal)
        if plan.onGrid { add(joint, other.joint, plan.totalSteps * plan.responseCount) }
        add(restSteps, other.restSteps, plan.totalSteps * plan.positions)
        add(options, other.options, plan.optionTotal)
        add(groupX, other.groupX, plan.groupBuckets * plan.positions)
        add(groupN, other.groupN, plan.groupBuckets * plan.versions)
        add(versionN, other.versionN, plan.versions)
        add(versionT, other.versionT, plan.versions)
        add(versionTT, other.versionTT, plan.versions)
        for p in exactScores.indices {
            exactScores[p].merge(other.exactScores[p], uniquingKeysWith: +)
            exactRests[p].merge(other.exactRests[p], uniquingKeysWith: +)
        }
    }
}
