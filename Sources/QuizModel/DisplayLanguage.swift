/// The language of user-facing text. Simplified Chinese is the default; English on request (`--lang en`).
public enum DisplayLanguage: String, Sendable, Codable, CaseIterable {
    case zhHans = "zh-Hans"
    case en

    /// Picks the string for this language.
    @inlinable
    public func pick(_ zhHans: String, _ en: String) -> String {
        self == .zhHans ? zhHans : en
    }
}
