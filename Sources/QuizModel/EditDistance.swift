/// Optimal string alignment distance (Levenshtein with adjacent transpositions), ASCII letters compared
/// without case: how far a misspelt name is from a known one.
public func editDistance(_ a: String, _ b: String) -> Int {
    editDistance(Array(a.lowercased()), Array(b.lowercased()))
}

/// Optimal string alignment distance (Levenshtein with adjacent transpositions).
public func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous2 = [Int](repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                current[j] = min(current[j], previous2[j - 2] + 1)
            }
        }
        (previous2, previous, current) = (previous, current, previous2)
    }
    return previous[b.count]
}

/// The name in `known` nearest to `name`, when it is near enough to be a misspelling of it (at most a third of
/// its letters, and at most 3, differ).
public func closestName(to name: String, in known: some Sequence<String>) -> String? {
    let allowed = min(3, max(1, name.count / 3))
    var best: (name: String, distance: Int)?
    for candidate in known {
        let distance = editDistance(name, candidate)
        if distance <= allowed, distance < (best?.distance ?? .max) || (distance == best?.distance && candidate < best!.name) {
            best = (candidate, distance)
        }
    }
    return best?.name
}
