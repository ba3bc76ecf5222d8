import Foundation

/// Path arithmetic that holds for every path a user may type.
public enum FilePaths {
    /// The folder `path` is in: `""` for a bare name, `/` for a name at the root. Foundation's
    /// `NSString.deletingLastPathComponent` traps on a one-character name without a slash (`--out o`, or the `x`
    /// of `x/scores` as a parent is walked up), so every parent is taken here.
    public static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        var end = slash
        // `a/b/` is `a/b`: trailing slashes do not make a component.
        if path.index(after: slash) == path.endIndex {
            let trimmed = String(path.reversed().drop { $0 == "/" }.reversed())
            return trimmed.isEmpty ? "/" : parent(of: trimmed)
        }
        while end > path.startIndex, path[path.index(before: end)] == "/" { end = path.index(before: end) }
        return end == path.startIndex ? "/" : String(path[..<end])
    }
}
