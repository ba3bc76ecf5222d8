/// Folds texts into keys that compare equal when a reader would call them the same text:
/// width, spaces, case, optionally punctuation, and optionally the script (Traditional → Simplified).
public struct TextMatcher: Sendable {
    public var folding: FoldingOptions
    /// When set, text is converted to Simplified characters before folding.
    public var scriptConverter: ScriptConverter?

    public init(folding: FoldingOptions = .standard, scriptConverter: ScriptConverter? = nil) {
        self.folding = folding
        self.scriptConverter = scriptConverter
    }

    /// A matcher that folds width, spaces, case, punctuation and Traditional/Simplified differences.
    /// - Throws: `ScriptConversionError` when OpenCC cannot be opened.
    public static func ignoringScriptAndPunctuation() throws -> TextMatcher {
        TextMatcher(folding: .all, scriptConverter: try SharedScriptConverters.converter(to: .simplified))
    }

    /// The comparison key of `text`.
    public func key(_ text: String) -> String {
        // Into Simplified, keys map character by character through OpenCC's own character table
        // (`ScriptFolding`): both sides of a comparison are folded alike, and no OpenCC call — which costs more than
        // the rest of a short answer's marking and is serialized across threads — is made per answer.
        if scriptConverter?.target == .simplified {
            return TextFolding.fold(ScriptFolding.hasTraditional(text) ? ScriptFolding.simplify(text) : text, options: folding)
        }
        let converted = scriptConverter?.convert(text) ?? text
        return TextFolding.fold(converted, options: folding)
    }

    /// The comparison keys of many texts, in order.
    ///
    /// Script conversion goes through OpenCC in batches (texts joined by U+001E, which OpenCC passes through),
    /// since one call per short text costs more than the conversion itself.
    /// - Complexity: O(n) in the total length of the texts.
    public func keys(_ texts: [String]) -> [String] {
        guard let scriptConverter else { return texts.map { TextFolding.fold($0, options: folding) } }
        // Keys into Simplified are made character by character (see `key`), the same one at a time or many.
        if scriptConverter.target == .simplified { return texts.map(key) }
        let separator: Character = "\u{1E}"
        var keys: [String] = []
        keys.reserveCapacity(texts.count)
        var start = 0
        while start < texts.count {
            let chunk = texts[start..<min(start + 2048, texts.count)]
            let converted = scriptConverter.convert(chunk.joined(separator: String(separator)))
            let parts = converted.split(separator: separator, omittingEmptySubsequences: false)
            if parts.count == chunk.count {
                keys += parts.map { TextFolding.fold(String($0), options: folding) }
            } else {
                // A text held the separator itself: convert this chunk one text at a time.
                keys += chunk.map(key)
            }
            start += chunk.count
        }
        return keys
    }

    /// Whether `a` and `b` are the same text after folding.
    public func matches(_ a: String, _ b: String) -> Bool { key(a) == key(b) }
}
