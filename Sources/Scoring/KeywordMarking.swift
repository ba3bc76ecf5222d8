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
struct KeywordMarker: Sendable {
    let keys: [[UInt8]]
    let weights: [Double]
    let total: Double
    let points: Double

    /// The marker of `item`, or nil when it is not a keyword item or a keyword's key is not byte-decidable. The
    /// folded answer must lose white space and punctuation (the cell's surrounding spaces and doubled quotes).
    init?(_ item: ScoringKey.Item, matcher: TextMatcher) {
        guard case .keywords(let keywords) = item.entry.answer, !keywords.isEmpty,
            matcher.folding.contains(.whitespace), matcher.folding.contains(.punctuation)
        else { return nil }
        var keys: [[UInt8]] = []
        for keyword in keywords {
            var text = keyword.text
            var key: [UInt8] = []
            guard text.withUTF8({ matcher.appendDecidableKey(ofUTF8: $0, to: &key) }) else { return nil }
            keys.append(key)
        }
        self.keys = keys
        weights = keywords.map(\.weight)
        total = keywords.reduce(0) { $0 + $1.weight }
        points = item.points
    }

    /// The marks of the answer `cell` (its bytes as the sheet holds them, quotes still doubled), or nil when the
    /// bytes cannot decide; `buffer` is scratch space kept by the caller.
    func score(of cell: UnsafeBufferPointer<UInt8>, matcher: TextMatcher, buffer: inout [UInt8]) -> Double? {
        buffer.removeAll(keepingCapacity: true)
        guard matcher.appendDecidableKey(ofUTF8: cell, to: &buffer) else { return nil }
        var found = 0.0
        buffer.withUnsafeBufferPointer { answer in
            for (index, key) in keys.enumerated() where key.withUnsafeBufferPointer({ TextMatcher.key(utf8: answer, contains: $0) }) {
                found += weights[index]
            }
        }
        return (total == 0 ? 0 : found / total) * points
    }
}
