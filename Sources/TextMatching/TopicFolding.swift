/// Topics (知识点 paths such as `干部工作/选拔任用`) compared as people mean them wherever one is typed — practice
/// `--topic`, a blueprint's topic rows: Traditional and Simplified ideographs (character by character, see
/// `ScriptFolding`), full and half width, letter case and white space are the same; `/` separates the levels.
public enum TopicFolding {
    /// `topic` with those differences erased.
    public static func folded(_ topic: String) -> String {
        TextFolding.fold(ScriptFolding.simplify(topic), options: .standard)
    }

    /// Whether the folded topic `folded` is the folded `within` or lies under it.
    public static func isFolded(_ folded: String, within: String) -> Bool {
        folded == within || (folded.hasPrefix(within) && folded.dropFirst(within.count).first == "/")
    }

    /// Whether `topic` is `typed` or lies under it, both folded.
    public static func topic(_ topic: String, isWithin typed: String) -> Bool {
        isFolded(folded(topic), within: folded(typed))
    }
}
