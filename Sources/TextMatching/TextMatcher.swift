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
        let converted = scriptConverter?.convert(text) ?? text
        return TextFolding.fold(converted, options: folding)
    }

    /// Whether `a` and `b` are the same text after folding.
    public func matches(_ a: String, _ b: String) -> Bool { key(a) == key(b) }
}
