import Foundation
import QuizModel

/// Item analysis of one bank question across the versions it appears in.
///
/// Definitions follow Moodle's quiz statistics (question/classes/statistics/questions/calculator.php; docs
/// "Quiz statistics calculations"), with x the item score and r = T − x the rest of the candidate's total T:
/// - facility = mean(x) / max mark; SD = sd(x) / max mark (n − 1 in variances throughout);
/// - discrimination index = 100 · cov(x, r) / √(var x · var r)  (the item–rest correlation);
/// - discriminative efficiency = 100 · cov(x, r) / covmax, covmax pairing x and r each sorted ascending;
/// - effective weight = 100 · √cov(x, T) / Σ √cov(xⱼ, T) over the items of the version whose covariance is not
///   negative (none, and a flag, for an item whose covariance is); a question in several versions has the
///   candidate-weighted mean of its items' weights, so that each version's weights sum to 100;
/// - point-biserial = corr(x, T).
/// The classical upper/lower index: D = P(upper 27 %) − P(lower 27 %) with Ebel's bands (≥ 0.40 very good,
/// 0.30–0.39 reasonably good, 0.20–0.29 marginal, < 0.20 poor).
public struct QuestionStatistics: Sendable, Codable {
    public var id: String
    public var type: String
    public var placements: [String]
    public var candidates: Int
    public var points: Double
    public var facility: Double?
    public var sd: Double?
    public var discrimination: Double?
    public var efficiency: Double?
    public var effectiveWeight: Double?
    public var pointBiserial: Double?
    public var upper: Double?
    public var lower: Double?
    public var d: Double?
    public var ebel: String?
    /// Choices per bank option (A = the bank's first option); for a true/false question the 对 and the 错 answers.
    public var optionCounts: [Int]
    public var blanks: Int
    /// Why the question needs revision; empty when it does not.
    public var flags: [String]
    /// The score, as a percentage of the points, of a candidate who answers at random (Moodle's random guess
    /// score): single choice 1 / options, true/false 50, multiple choice the mean over every non-empty choice of
    /// options under the item's rule, fill-in and short answer 0. Nil when the options are not known (no
    /// `paper.json`, or more than 10).
    public var randomGuessScore: Double? = nil
}

extension ScoringKey.Item {
    /// See `QuestionStatistics.randomGuessScore`.
    var randomGuessScore: Double? {
        guard points > 0 else { return nil }
        switch type {
        // 26 options: only key.csv was given, and the options are not known.
        case .single: return optionCount > 0 && optionCount < 26 ? 100 / Double(optionCount) : nil
        case .trueFalse: return 50
        case .multiple:
            guard optionCount > 0, optionCount <= 10 else { return nil }
            let choices = (UInt32(1) << UInt32(optionCount)) - 1
            var sum = 0.0
            for mask in 1...choices { sum += rule.score(chosenMask: mask, correctMask: correctMask, points: points) }
            return 100 * sum / Double(choices) / points
        case .fill, .short: return 0
        }
    }
}

/// The test as a whole.
public struct TestSummary: Sendable, Codable {
    public var candidates: Int
    public var maxScore: Double
    public var mean: Double
    public var median: Double
    public var sd: Double
    public var min: Double
    public var max: Double
    public var skewness: Double?
    public var kurtosis: Double?
    /// Cronbach's alpha (KR-20 when every item scores 0 or full): per version, and their mean weighted by candidates.
    public var alpha: Double?
    public var alphaByVersion: [String: Double]
    /// 100 · √(1 − α).
    public var errorRatio: Double?
    /// SD · √(1 − α).
    public var sem: Double?
    public var passRate: Double
    public var excellentRate: Double
    /// Candidates per 10 % band of the percentage score: 0–10, …, 90–100.
    public var histogram: [Int]
    public var sheetsWithProblems: Int
    public var rowsLeftOut: Int
    /// What the figures were computed under, so that two runs on the same sheets can be told apart.
    public var basis: ScoringBasis
    /// The percentage a candidate answering every item at random would score (the first version's items; every
    /// version holds the same questions' kinds); nil when an item's options are not known.
    public var randomGuessPercent: Double? = nil
}

/// The rules a scoring ran under: grade marks, the multiple-choice rules (with how many items each marked), hand
/// marks, and the key's SHA-256 (of `paper.json`, else `key.csv`).
public struct ScoringBasis: Sendable, Codable {
    public var passPercent: Double
    public var goodPercent: Double
    public var excellentPercent: Double
    /// Rule name (`all`, `half`, `per-option:0.5`, `net`) → multiple-choice items it marked, over all versions.
    public var multipleChoiceRules: [String: Int]
    public var handMarkedCandidates: Int
    public var keySHA256: String?
}

extension BatchScorer.Outcome {
    /// Candidate `index`'s percentage of their version's maximum.
    public func percent(_ index: Int) -> Double {
        Self.percent(candidates.totals[index], of: scorer.key.maxScore[Int(candidates.versions[index])])
    }

    /// A total's percentage of a version's maximum `maximum` (0 for a version without points).
    @inline(__always)
    static func percent(_ total: Double, of maximum: Double) -> Double { maximum > 0 ? total / maximum * 100 : 0 }

    /// The grade band (`ScoringOptions.band`) and the histogram's tenth (0–9) of a total's percentage, looked up
    /// for totals on the plan's grid — a table per version and total step, made once — and computed otherwise.
    struct PercentBands {
        let plan: ScoringPlan
        let maxima: [Double]
        let options: ScoringOptions
        /// `band | tenth << 2` at `version · totalSteps + step`; empty when the grid is too large to lay out.
        private let table: [UInt8]

        init(_ outcome: BatchScorer.Outcome, options: ScoringOptions) {
            plan = outcome.scorer.plan
            maxima = outcome.scorer.key.maxScore
            self.options = options
            var table: [UInt8] = []
            if plan.totalSteps * plan.versions <= 1 << 20 {
                for maximum in maxima {
                    for k in 0..<plan.totalSteps {
                        let (band, tenth) = Self.compute(Double(k) * plan.step, maximum, options)
                        table.append(UInt8(band | tenth << 2))
                    }
                }
            }
            self.table = table
        }

        private static func compute(_ total: Double, _ maximum: Double, _ options: ScoringOptions) -> (Int, Int) {
            let percent = BatchScorer.Outcome.percent(total, of: maximum)
            return (options.band(percent), min(9, max(0, Int(percent / 10))))
        }

        @inline(__always)
        func bandAndTenth(_ total: Double, version: Int) -> (band: Int, tenth: Int) {
            if !table.isEmpty, let step = plan.exactStep(total) {
                let entry = Int(table[version * plan.totalSteps + step])
                return (entry & 3, entry >> 2)
            }
            return Self.compute(total, maxima[version], options)
        }
    }

    /// Every question's item analysis, from the sums: a question's positions (its item in each version) add up.
    public func questionStatistics() -> [QuestionStatistics] {
        let key = scorer.key
        let plan = scorer.plan
        let tally = self.tally
        var positions = [[Int]](repeating: [], count: key.questions.count)
        for p in 0..<plan.positions { positions[Int(plan.question[p])].append(p) }
        let step = plan.step
        var stats: [QuestionStatistics] = key.questions.indices.map { q in
            let question = key.questions[q]
            // Options by the bank's order (each version prints them in its own), blanks last.
            // True/false: 对 then 错.
            var optionCounts = [Int](
                repeating: 0, count: question.type == .single || question.type == .multiple ? question.optionCount : question.type == .trueFalse ? 2 : 0)
            var blanks = 0
            var n = 0
            var sx = 0.0, sxx = 0.0, sxT = 0.0, sT = 0.0, sTT = 0.0
            var xCounts = [Int](repeating: 0, count: Int(plan.xSlots[positions[q][0]]))
            for p in positions[q] {
                let v = Int(plan.versionOf[p])
                n += tally.versionN[v]
                sx += tally.sx[p]
                sxx += tally.sxx[p]
                sxT += tally.sxT[p]
                sT += tally.versionT[v]
                sTT += tally.versionTT[v]
                let answers = tally.answers(at: p)
                for slot in xCounts.indices { xCounts[slot] += answers.scores[slot] }
                let order = key.items[v][p - plan.positionBase[v]].optionOrder
                for printed in 0..<(answers.options.count - 1) {
                    let bank = printed < order.count ? order[printed] : printed
                    if bank < optionCounts.count { optionCounts[bank] += answers.options[printed] }
                }
                blanks += answers.options.last!
            }
            var result = QuestionStatistics(
                id: question.id, type: question.type == .trueFalse ? "truefalse" : question.type.rawValue, placements: question.placements,
                candidates: n, points: question.points, optionCounts: optionCounts, blanks: blanks, flags: [])
            if let first = positions[q].first {
                let v = Int(plan.versionOf[first])
                result.randomGuessScore = key.items[v][first - plan.positionBase[v]].randomGuessScore
            }
            let count = Double(n)
            guard n >= 2 else {
                return result
            }
            // Shifted sums: x' = x − points/2, T' = T − shift, r' = T' − x'.
            let sr = sT - sx, srr = sTT - 2 * sxT + sxx, sxr = sxT - sxx
            let varX = (sxx - sx * sx / count) / (count - 1)
            let varT = (sTT - sT * sT / count) / (count - 1)
            let varR = (srr - sr * sr / count) / (count - 1)
            let covXR = (sxr - sx * sr / count) / (count - 1)
            let covXT = (sxT - sx * sT / count) / (count - 1)
            let meanX = question.points / 2 + sx / count
            let meanR = (plan.totalShift - question.points / 2) + sr / count
            if question.points > 0 {
                result.facility = meanX / question.points
                result.sd = max(varX, 0).squareRoot() / question.points
            }
            if varX > 1e-12, varR > 1e-12 { result.discrimination = 100 * covXR / (varX * varR).squareRoot() }
            if varX > 1e-12, varT > 1e-12 { result.pointBiserial = covXT / (varX * varT).squareRoot() }
            // covmax: the k-th smallest score paired with the k-th smallest rest score — counted per step of the
            // plan's grid when every score lies on it, and per exact value when one does not.
            let xRuns: [(value: Double, count: Int)]
            let rRuns: [(value: Double, count: Int)]
            if plan.gridIsExact {
                var rCounts = [Int](repeating: 0, count: plan.totalSteps)
                for p in positions[q] {
                    for r in rCounts.indices { rCounts[r] += Int(tally.restSteps[r * plan.positions + p]) }
                }
                xRuns = xCounts.enumerated().compactMap { $0.element > 0 ? (Double($0.offset) * step, $0.element) : nil }
                rRuns = rCounts.enumerated().compactMap { $0.element > 0 ? (Double($0.offset) * step, $0.element) : nil }
            } else {
                var xs: [Double: Int] = [:], rs: [Double: Int] = [:]
                for p in positions[q] {
                    xs.merge(tally.exactScores[p], uniquingKeysWith: +)
                    rs.merge(tally.exactRests[p], uniquingKeysWith: +)
                }
                xRuns = xs.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
                rRuns = rs.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
            }
            var pairSum = 0.0
            var xIndex = 0, xLeft = xRuns.first?.count ?? 0
            var rIndex = 0, rLeft = rRuns.first?.count ?? 0
            // Runs of equal values pair in blocks.
            while xIndex < xRuns.count, rIndex < rRuns.count {
                let run = min(xLeft, rLeft)
                pairSum += Double(run) * xRuns[xIndex].value * rRuns[rIndex].value
                xLeft -= run
                rLeft -= run
                if xLeft == 0 {
                    xIndex += 1
                    xLeft = xIndex < xRuns.count ? xRuns[xIndex].count : 0
                }
                if rLeft == 0 {
                    rIndex += 1
                    rLeft = rIndex < rRuns.count ? rRuns[rIndex].count : 0
                }
            }
            let covMax = (pairSum - count * meanX * meanR) / (count - 1)
            if abs(covMax) > 1e-12 { result.efficiency = 100 * covXR / covMax }
            let up = upper[q], low = lower[q]
            if up.n > 0, low.n > 0, question.points > 0 {
                result.upper = up.sum / (Double(up.n) * question.points)
                result.lower = low.sum / (Double(low.n) * question.points)
                let d = result.upper! - result.lower!
                result.d = d
                result.ebel = d >= 0.40 ? "very good" : d >= 0.30 ? "reasonably good" : d >= 0.20 ? "marginal" : "poor"
            }
            if let d = result.d, d < 0.20 { result.flags.append(d < 0 ? "negative D" : "D < 0.20") }
            if let r = result.discrimination, r < 0 { result.flags.append("negative item-rest r") }
            if let f = result.facility, f > 0.95 { result.flags.append("too easy") }
            if let f = result.facility, f < 0.20 { result.flags.append("too hard") }
            // A wrong option nobody chose distracts nobody (counted once there are 20 candidates to choose it).
            if n >= 20, question.type == .single || question.type == .multiple, let first = positions[q].first {
                let item = key.items[Int(plan.versionOf[first])][first - plan.positionBase[Int(plan.versionOf[first])]]
                let right = item.rightBankOptions
                for option in optionCounts.indices where optionCounts[option] == 0 && !right.contains(option) {
                    result.flags.append("unused option \(optionLabel(option))")
                }
            }
            return result
        }
        // Effective weights, as Moodle's calculator has them, per version (each version a quiz of its own): a
        // position's weight is 100 · √cov(x, T) over the sum of √cov of the version's positions whose covariance
        // with the total is not negative; a position with a negative covariance has none. A question's weight is
        // the mean of its positions' weights, weighted by candidates; none when one of them has none.
        var weightSum = [Double](repeating: 0, count: key.questions.count)
        var weightCount = [Int](repeating: 0, count: key.questions.count)
        var negative = [Bool](repeating: false, count: key.questions.count)
        for v in 0..<plan.versions {
            let n = tally.versionN[v]
            guard n >= 2 else { continue }
            let count = Double(n)
            let range = plan.positions(of: v)
            let covariances = range.map { p in (tally.sxT[p] - tally.sx[p] * tally.versionT[v] / count) / (count - 1) }
            let sum = covariances.reduce(0) { $0 + ($1 >= 0 ? $1.squareRoot() : 0) }
            for (p, covariance) in zip(range, covariances) {
                let q = Int(plan.question[p])
                if covariance < 0 {
                    negative[q] = true
                } else if sum > 0 {
                    weightSum[q] += count * 100 * covariance.squareRoot() / sum
                    weightCount[q] += n
                }
            }
        }
        for q in stats.indices {
            if negative[q] {
                stats[q].flags.append("negative covariance")
            } else if weightCount[q] > 0 {
                stats[q].effectiveWeight = weightSum[q] / Double(weightCount[q])
            }
        }
        return stats
    }

    /// The summary statistics of the totals (Moodle's quiz statistics for skewness, kurtosis, CIC, ER and SE).
    public func summary(options: ScoringOptions) -> TestSummary {
        let key = scorer.key
        let plan = scorer.plan
        let totals = candidates.totals
        let count = totals.count
        let n = Double(count)
        let mean = n > 0 ? totals.reduce(0, +) / n : 0
        // `order` is highest first.
        func ascending(_ position: Int) -> Double { totals[Int(order[count - 1 - position])] }
        let median = count == 0 ? 0 : count % 2 == 1 ? ascending(count / 2) : (ascending(count / 2 - 1) + ascending(count / 2)) / 2
        var m2 = 0.0, m3 = 0.0, m4 = 0.0
        for t in totals {
            let d = t - mean
            let d2 = d * d
            m2 += d2
            m3 += d2 * d
            m4 += d2 * d2
        }
        let sd = n > 1 ? (m2 / (n - 1)).squareRoot() : 0
        var skewness: Double? = nil
        var kurtosis: Double? = nil
        if n > 3, m2 > 0 {
            // k-statistics: k2 = s·m2/(s−1), k3 = s²·m3/((s−1)(s−2)), k4 = s²((s+1)m4 − 3(s−1)m2²)/((s−1)(s−2)(s−3)).
            let (s, a2, a3, a4) = (n, m2 / n, m3 / n, m4 / n)
            let k2 = s * a2 / (s - 1)
            let k3 = s * s * a3 / ((s - 1) * (s - 2))
            let k4 = s * s * ((s + 1) * a4 - 3 * (s - 1) * a2 * a2) / ((s - 1) * (s - 2) * (s - 3))
            skewness = k3 / pow(k2, 1.5)
            kurtosis = k4 / (k2 * k2)
        }
        var alphaByVersion: [String: Double] = [:]
        var weighted = 0.0
        var weight = 0.0
        for (v, name) in key.versions.enumerated() {
            let versionCount = Double(tally.versionN[v])
            let items = Double(key.items[v].count)
            guard versionCount > 1, items > 1 else { continue }
            let varT = (tally.versionTT[v] - tally.versionT[v] * tally.versionT[v] / versionCount) / (versionCount - 1)
            guard varT > 0 else { continue }
            var itemVariances = 0.0
            for p in plan.positions(of: v) {
                let sx = tally.sx[p]
                itemVariances += (tally.sxx[p] - sx * sx / versionCount) / (versionCount - 1)
            }
            let alpha = items / (items - 1) * (1 - itemVariances / varT)
            alphaByVersion[name] = alpha
            weighted += alpha * versionCount
            weight += versionCount
        }
        let alpha = weight > 0 ? weighted / weight : nil
        let bands = PercentBands(self, options: options)
        // Counted inside the closure (captured variables would be checked for exclusive access at every count).
        let (histogram, passed, excellent) = totals.withUnsafeBufferPointer { totals in
            candidates.versions.withUnsafeBufferPointer { versions in
                var histogram = Array(repeating: 0, count: 10)
                var passed = 0
                var excellent = 0
                for index in totals.indices {
                    let (band, tenth) = bands.bandAndTenth(totals[index], version: Int(versions[index]))
                    histogram[tenth] += 1
                    if band <= 2 { passed += 1 }
                    if band == 0 { excellent += 1 }
                }
                return (histogram, passed, excellent)
            }
        }
        let sheetsWithProblems = Set(problems.map(\.problem.row)).count
        return TestSummary(
            candidates: count, maxScore: key.maxScore.max() ?? 0, mean: mean, median: median, sd: sd, min: count > 0 ? ascending(0) : 0,
            max: count > 0 ? ascending(count - 1) : 0, skewness: skewness, kurtosis: kurtosis, alpha: alpha, alphaByVersion: alphaByVersion,
            errorRatio: alpha.map { 100 * max(0, 1 - $0).squareRoot() }, sem: alpha.map { sd * max(0, 1 - $0).squareRoot() },
            passRate: n > 0 ? Double(passed) / n : 0, excellentRate: n > 0 ? Double(excellent) / n : 0,
            histogram: histogram, sheetsWithProblems: sheetsWithProblems, rowsLeftOut: problems.count { $0.rowExcluded },
            basis: ScoringBasis(
                passPercent: options.passPercent, goodPercent: options.goodPercent, excellentPercent: options.excellentPercent,
                multipleChoiceRules: key.items.joined().filter { $0.type == .multiple }.reduce(into: [:]) { $0[$1.rule.text, default: 0] += 1 },
                handMarkedCandidates: options.marks.count, keySHA256: nil),
            randomGuessPercent: Self.randomGuessPercent(key))
    }

    /// See `TestSummary.randomGuessPercent`.
    static func randomGuessPercent(_ key: ScoringKey) -> Double? {
        guard let items = key.items.first, let maximum = key.maxScore.first, maximum > 0 else { return nil }
        var points = 0.0
        for item in items where item.points > 0 {
            guard let guess = item.randomGuessScore else { return nil }
            points += item.points * guess / 100
        }
        return 100 * points / maximum
    }
}
