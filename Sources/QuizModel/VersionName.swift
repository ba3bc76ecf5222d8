/// Paper version names (A, B, …) as people write them.
public enum VersionName {
    /// `name` folded as people vary it: full-width forms narrowed, letters upper-cased, a trailing 卷 dropped
    /// (`a`, `Ａ`, `ａ卷` all fold to `A`).
    public static func folded(_ name: String) -> String {
        var text = String(String.UnicodeScalarView(name.trimmingWhitespace().unicodeScalars.map { scalar in
            (0xFF01...0xFF5E).contains(scalar.value) ? Unicode.Scalar(scalar.value - 0xFEE0)! : scalar
        })).uppercased()
        if text.hasSuffix("卷"), text.count > 1 { text.removeLast() }
        return text
    }

    /// The index in `names` that `typed` names: exactly, else by the folded name when only one name folds so.
    public static func index(of typed: String, in names: [String]) -> Int? {
        if let exact = names.firstIndex(of: typed) { return exact }
        let folded = folded(typed)
        let matches = names.indices.filter { Self.folded(names[$0]) == folded }
        return matches.count == 1 ? matches[0] : nil
    }
}
