import PaperAssembly
import TextMatching

/// A short-answer item marked on the bytes of its cells: its keywords' keys made once, each answer folded into
/// a reused buffer and searched by bytes, with no `String`, no `Question` and no allocation per answer.
///
/// Short answers are a candidate's own sentences and never repeat, so `FreeAnswerMarks` cannot help them; this is
/// `AnswerGrader.marks` for keywords, computed the same way (keyword weights summed in key order, over their
/// total, times the points), where `TextMatcher.appendDecidableKey` can decide — nearly every Chinese answer. A
/// cell it cannot decide (a combining mark, a letter with a diacritic, a character beyond the BMP) is marked
/// from its text as before.
///
/// A marker is plain values and pointers into its `KeywordMarkers` owner, so that reading one copies no reference.
struct KeywordMarker {
    /// The keys' bytes one after another; key k is `keys[starts[k]..<starts[k + 1]]`.
    let keys: UnsafePointer<UInt8>
    let starts: UnsafePointer<Int>
    let weights: UnsafePointer<Double>
    let count: Int
    let total: Double
    let points: Double

    /// The marks of the answer `cell` (its bytes as the sheet holds them, quotes still doubled), or nil when the
    /// bytes cannot decide; `buffer` is scratch space kept by the caller.
    func score(of cell: UnsafeBufferPointer<UInt8>, simplify: Bool, folding: FoldingOptions, buffer: inout [UInt8]) -> Double? {
        buffer.removeAll(keepingCapacity: true)
        guard TextMatcher.appendDecidableKey(ofUTF8: cell, simplify: simplify, folding: folding, to: &buffer) else { return nil }
        var found = 0.0
        buffer.withUnsafeBufferPointer { answer in
            for index in 0..<count {
                let key = UnsafeBufferPointer(start: keys + starts[index], count: starts[index + 1] - starts[index])
                if TextMatcher.key(utf8: answer, contains: key) { found += weights[index] }
            }
        }
        return (total == 0 ? 0 : found / total) * points
    }
}

/// The keyword markers of a key's positions (nil where an item is not a keyword item, or a keyword's key is not
/// byte-decidable), and the memory they point into.
final class KeywordMarkers: @unchecked Sendable {
    /// Position p's marker at `markers[p]`, when `present[p]`.
    let markers: UnsafeMutablePointer<KeywordMarker>
    let present: UnsafeMutablePointer<Bool>
    /// How the folded answers are made: by table into Simplified or not, and the folding; nil when keys cannot be
    /// made from bytes (then no position has a marker).
    let simplify: Bool
    let folding: FoldingOptions
    private var owned: [UnsafeMutableRawPointer] = []
    private let positions: Int

    /// The markers of `items` (every version's, flattened by position), keys made as `matcher` makes them. The
    /// folded answer must lose white space and punctuation (the cell's surrounding spaces and doubled quotes).
    init(_ items: [ScoringKey.Item], matcher: TextMatcher) {
        positions = max(items.count, 1)
        markers = .allocate(capacity: positions)
        present = .allocate(capacity: positions)
        present.initialize(repeating: false, count: positions)
        simplify = matcher.simplifiesByTable ?? false
        folding = matcher.folding
        guard matcher.simplifiesByTable != nil, folding.contains(.whitespace), folding.contains(.punctuation) else { return }
        for (position, item) in items.enumerated() {
            guard case .keywords(let keywords) = item.entry.answer, !keywords.isEmpty else { continue }
            var bytes: [UInt8] = []
            var starts = [0]
            var decided = true
            for keyword in keywords {
                var text = keyword.text
                decided = decided && text.withUTF8 { TextMatcher.appendDecidableKey(ofUTF8: $0, simplify: simplify, folding: folding, to: &bytes) }
                starts.append(bytes.count)
            }
            guard decided else { continue }
            let keys = UnsafeMutablePointer<UInt8>.allocate(capacity: max(bytes.count, 1))
            keys.initialize(from: bytes, count: bytes.count)
            let startsPointer = UnsafeMutablePointer<Int>.allocate(capacity: starts.count)
            startsPointer.initialize(from: starts, count: starts.count)
            let weights = UnsafeMutablePointer<Double>.allocate(capacity: keywords.count)
            weights.initialize(from: keywords.map(\.weight), count: keywords.count)
            owned += [UnsafeMutableRawPointer(keys), UnsafeMutableRawPointer(startsPointer), UnsafeMutableRawPointer(weights)]
            (markers + position).initialize(
                to: KeywordMarker(
                    keys: keys, starts: startsPointer, weights: weights, count: keywords.count, total: keywords.reduce(0) { $0 + $1.weight },
                    points: item.points))
            present[position] = true
        }
    }

    deinit {
        for pointer in owned { pointer.deallocate() }
        markers.deallocate()
        present.deallocate()
    }
}
