/// SplitMix64 (Steele, Lea and Flood 2014): a tiny seeded generator whose sequence is the same on every
/// machine and in every Swift version, so papers and synthetic banks can be re-derived from their seed.
///
/// Use `uniform(below:)` rather than the standard library's `random(in:using:)`, whose way of drawing from
/// a generator is not promised to stay the same between Swift versions.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in `0..<bound` (Lemire's multiply-shift with rejection: no modulo bias).
    public mutating func uniform(below bound: Int) -> Int {
        precondition(bound > 0, "uniform(below:) needs a positive bound")
        let range = UInt64(bound)
        var product = next().multipliedFullWidth(by: range)
        if product.low < range {
            let threshold = (0 &- range) % range
            while product.low < threshold { product = next().multipliedFullWidth(by: range) }
        }
        return Int(product.high)
    }

    /// The elements of `array` in a uniformly random order (Fisher–Yates with `uniform(below:)`).
    public mutating func shuffled<T>(_ array: [T]) -> [T] {
        var result = array
        var index = result.count
        while index > 1 {
            let other = uniform(below: index)
            index -= 1
            result.swapAt(index, other)
        }
        return result
    }
}

