/// How a multiple-choice answer is marked (DOMAIN.md: platforms differ, so it is a setting per paper, section or
/// question). `points` is the question's full mark.
public enum MultipleChoiceRule: Hashable, Sendable, Codable {
    /// 少选、多选、错选均不得分: full marks only for exactly the right set.
    case allOrNothing
    /// 少选得一半分: half marks for a correct proper subset, zero if any wrong option is chosen.
    case halfForSubset
    /// A fixed value per correct option chosen (capped at full marks), zero if any wrong option is chosen.
    case perOption(Double)
    /// Each right option earns full/right-count, each wrong option costs the same, floored at zero.
    case net

    /// The name used in blueprints, paper.json and on the command line: `all`, `half`, `per-option`, `net`.
    public var name: String {
        switch self {
        case .allOrNothing: "all"
        case .halfForSubset: "half"
        case .perOption: "per-option"
        case .net: "net"
        }
    }

    /// The Chinese description organizers know: 少选、多选、错选均不得分, …
    public var chineseDescription: String {
        switch self {
        case .allOrNothing: "少选、多选、错选均不得分"
        case .halfForSubset: "少选得一半分，错选不得分"
        case .perOption(let value): "每选对一项得\(formatPoints(value))分，错选不得分"
        case .net: "选对一项得分、选错一项扣分，最低0分"
        }
    }

    /// The same in English.
    public var englishDescription: String {
        switch self {
        case .allOrNothing: "all or nothing: missing, extra or wrong options score 0"
        case .halfForSubset: "half the points for some right options and none wrong"
        case .perOption(let value): "\(formatPoints(value)) per right option, 0 with a wrong one"
        case .net: "right options add, wrong ones subtract, at least 0"
        }
    }

    /// The marks for choosing `chosen` when `correct` is right, out of `points`.
    public func score(chosen: Set<Int>, correct: Set<Int>, points: Double) -> Double {
        score(right: chosen.intersection(correct).count, wrong: chosen.subtracting(correct).count, correctCount: correct.count, points: points)
    }

    /// The same with options as bits (A = bit 0), for scoring many sheets.
    @inlinable
    public func score(chosenMask: UInt32, correctMask: UInt32, points: Double) -> Double {
        score(
            right: (chosenMask & correctMask).nonzeroBitCount, wrong: (chosenMask & ~correctMask).nonzeroBitCount,
            correctCount: correctMask.nonzeroBitCount, points: points)
    }

    /// The marks for `right` correct and `wrong` incorrect options chosen, of `correctCount` correct ones.
    @inlinable
    public func score(right: Int, wrong: Int, correctCount: Int, points: Double) -> Double {
        guard correctCount > 0 else { return 0 }
        switch self {
        case .allOrNothing:
            return wrong == 0 && right == correctCount ? points : 0
        case .halfForSubset:
            if wrong > 0 || right == 0 { return 0 }
            return right == correctCount ? points : points / 2
        case .perOption(let value):
            if wrong > 0 { return 0 }
            return min(points, Double(right) * value)
        case .net:
            let each = points / Double(correctCount)
            return max(0, Double(right - wrong) * each)
        }
    }
}

extension MultipleChoiceRule {
    /// The rule as one word for `key.csv` and the command line: `all`, `half`, `net`, `per-option:0.5`.
    public var text: String {
        if case .perOption(let value) = self { return "per-option:" + formatPoints(value) }
        return name
    }

    /// Reads `text`'s form (`per-option:0.5`; `per-option=0.5` also); nil for anything else.
    public init?(text: String) {
        let parts = text.trimmingWhitespace().split(whereSeparator: { $0 == ":" || $0 == "=" }).map(String.init)
        switch (parts.first, parts.count) {
        case ("all", 1): self = .allOrNothing
        case ("half", 1): self = .halfForSubset
        case ("net", 1): self = .net
        case ("per-option", 2):
            guard let value = Double(parts[1]), value > 0, value.isFinite else { return nil }
            self = .perOption(value)
        default: return nil
        }
    }

    enum CodingKeys: String, CodingKey { case rule, value }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let name = try container.decode(String.self, forKey: .rule)
        switch name {
        case "all": self = .allOrNothing
        case "half": self = .halfForSubset
        case "net": self = .net
        case "per-option": self = .perOption(try container.decode(Double.self, forKey: .value))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .rule, in: container, debugDescription: "unknown multiple-choice rule \(name)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .rule)
        if case .perOption(let value) = self { try container.encode(value, forKey: .value) }
    }
}

/// Points without a needless `.0`: 2 → "2", 1.5 → "1.5".
public func formatPoints(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
}
