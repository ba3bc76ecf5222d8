import QuizModel

extension Paper {
    /// One way a `paper.json` contradicts itself: a field path (`versions[0].items[3].section`) and what is wrong.
    public struct Inconsistency: Hashable, Sendable {
        /// Where, as JSON field names and indices.
        public var field: String
        public var zh: String
        public var en: String
    }

    /// Most options a printed question may carry (A … Z).
    public static let optionLimit = 26
    /// Most blanks a fill-in question may carry.
    public static let blankLimit = 100
    /// Longest time limit a paper may set, in minutes (a week).
    public static let timeLimitRange = 1...10_080
    /// Most points one question or the whole paper may be worth.
    public static let pointsLimit = 100_000.0

    /// Everything in the paper that its readers (the scorer, the exam runner, the printers) index or multiply
    /// by and that the file could have wrong: section indices, option orders, numbers, blanks, points and the
    /// time limit. A paper kaoxue wrote has none; an edited or forged one must be refused before any of them is
    /// used — the scorer indexes its tables by section.
    public func inconsistencies() -> [Inconsistency] {
        var found: [Inconsistency] = []
        func add(_ field: String, _ zh: String, _ en: String) { found.append(Inconsistency(field: field, zh: zh, en: en)) }
        func checkPoints(_ value: Double, _ field: String) {
            if !value.isFinite || value < 0 || value > Self.pointsLimit {
                add(field, "分值 \(value) 不在 0…\(Int(Self.pointsLimit)) 之内", "points \(value) are not within 0…\(Int(Self.pointsLimit))")
            }
        }
        if let minutes = timeLimitMinutes, !Self.timeLimitRange.contains(minutes) {
            add("timeLimitMinutes", "限时 \(minutes) 分钟不在 \(Self.timeLimitRange.lowerBound)…\(Self.timeLimitRange.upperBound) 之内",
                "a time limit of \(minutes) minutes is not within \(Self.timeLimitRange.lowerBound)…\(Self.timeLimitRange.upperBound)")
        }
        checkPoints(totalScore, "totalScore")
        for (s, section) in sections.enumerated() {
            checkPoints(section.points, "sections[\(s)].points")
            if section.count < 0 { add("sections[\(s)].count", "题数 \(section.count) 为负", "the count \(section.count) is negative") }
        }
        var names = Set<String>()
        for (v, version) in versions.enumerated() {
            if version.name.isEmpty || !names.insert(version.name).inserted {
                add("versions[\(v)].name", "卷别“\(version.name)”为空或重复", "version name “\(version.name)” is empty or repeated")
            }
            var numbers = Set<Int>()
            for (k, item) in version.items.enumerated() {
                let at = "versions[\(v)].items[\(k)]"
                if !sections.indices.contains(item.section) {
                    add("\(at).section", "大题序号 \(item.section) 不存在（本卷有 \(sections.count) 个大题，从 0 数起）",
                        "section \(item.section) does not exist (the paper has \(sections.count) sections, counted from 0)")
                }
                if item.number < 1 || !numbers.insert(item.number).inserted {
                    add("\(at).number", "题号 \(item.number) 小于 1 或重复", "number \(item.number) is below 1 or repeated")
                }
                checkPoints(item.points, "\(at).points")
                if item.options.count > Self.optionLimit {
                    add("\(at).options", "有 \(item.options.count) 个选项，最多 \(Self.optionLimit) 个", "has \(item.options.count) options, at most \(Self.optionLimit)")
                }
                if !(0...Self.blankLimit).contains(item.blanks) {
                    add("\(at).blanks", "空数 \(item.blanks) 不在 0…\(Self.blankLimit) 之内", "\(item.blanks) blanks are not within 0…\(Self.blankLimit)")
                }
                if let order = item.optionOrder, order.sorted() != Array(0..<item.options.count) {
                    add("\(at).optionOrder", "选项顺序不是 0…\(max(0, item.options.count - 1)) 的一个排列", "the option order is not a permutation of 0…\(max(0, item.options.count - 1))")
                }
            }
            for (c, cell) in (version.table?.cells ?? []).enumerated() where !sections.indices.contains(cell.section) || cell.count < 0 {
                add("versions[\(v)].table.cells[\(c)]", "大题序号 \(cell.section) 或题数 \(cell.count) 无效", "section \(cell.section) or count \(cell.count) is not valid")
            }
        }
        return found
    }
}
