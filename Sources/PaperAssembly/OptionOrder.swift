/// Options whose order means something, kept as the bank has them when a paper shuffles options: a sequence of
/// numbers, years or amounts in order (1 小时 / 半天 is not one, 66 期 / 106 期 / 166 期 is), or an option that
/// refers to the others (以上都对, 以上均不正确, 全部正确 …). Turned off with `keepOrderedOptions: false`.
public enum OptionOrder {
    /// Whether shuffling `options` would put them out of a meaningful order.
    public static func mustKeep(_ options: [String]) -> Bool {
        guard options.count > 1 else { return false }
        if options.contains(where: refersToOthers) { return true }
        let numbers = options.map(leadingNumber)
        guard numbers.allSatisfy({ $0 != nil }) else { return false }
        let values = numbers.map { $0! }
        let rising = zip(values, values.dropFirst()).allSatisfy { $0 < $1 }
        let falling = zip(values, values.dropFirst()).allSatisfy { $0 > $1 }
        return rising || falling
    }

    static let references = ["以上都", "以上均", "以上皆", "以上全", "以上各项", "以上说法都", "以上选项都", "全部正确", "都不正确", "都不对", "均不正确", "都正确"]

    /// The first characters of `references`: an option with none of them refers to nothing (the common case, and a
    /// scalar scan is far cheaper than substring search).
    static let referenceStarts: Set<Unicode.Scalar> = Set(references.compactMap(\.unicodeScalars.first) + ["不"])

    static func refersToOthers(_ option: String) -> Bool {
        guard option.unicodeScalars.contains(where: referenceStarts.contains) else { return false }
        return references.contains { option.contains($0) }
    }

    /// The number an option starts with (`106期` → 106, `30%` → 30, `2.5 万元` → 2.5), nil when it starts
    /// otherwise. Full-width digits count.
    static func leadingNumber(_ option: String) -> Double? {
        var digits = ""
        for scalar in option.unicodeScalars.drop(while: { $0 == " " || $0 == "\u{3000}" }) {
            switch scalar.value {
            case 0x30...0x39, 0x2E: digits.unicodeScalars.append(scalar)
            case 0xFF10...0xFF19: digits.unicodeScalars.append(Unicode.Scalar(scalar.value - 0xFF10 + 0x30)!)
            case 0xFF0E: digits.append(".")
            default:
                return digits.isEmpty ? nil : Double(digits)
            }
        }
        return digits.isEmpty ? nil : Double(digits)
    }
}
