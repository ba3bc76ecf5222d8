import BankFormats
import Foundation
import QuizModel
import StudySession

/// How a batch is scored and graded.
public struct ScoringOptions: Sendable {
    /// Percent of the version's maximum needed to pass (合格).
    public var passPercent = 60.0
    /// Percent bands of 优秀 and 良好.
    public var excellentPercent = 90.0
    public var goodPercent = 80.0
    /// Hand marks (`--marks`): candidate id → item number → score, overriding the automatic mark.
    public var marks: [String: [Int: Double]] = [:]
    /// Threads scoring at once (each takes a slice of the file).
    public var threads = 2

    public init() {}
}

/// One candidate's sheet, scored: the small record kept per candidate.
public struct ScoredCandidate: Sendable {
    public var id: String
    public var name: String
    public var unit: String
    /// Index into `ScoringKey.versions`.
    public var version: Int
    public var total: Double
    /// 1-based line of the sheet in the file.
    public var row: Int
    /// Byte offset of the row (to read it again for the upper/lower groups).
    var offset: Int
}

/// A problem with one sheet (a row) or one answer (a cell), located by row and column, with the candidate's id.
public struct SheetProblem: Hashable, Sendable {
    public var problem: TableProblem
    public var candidate: String
    /// Whether the whole row was left out (unknown version, wrong number of columns, duplicate id) rather than
    /// one cell scoring 0.
    public var rowExcluded: Bool
}

/// Why sheets cannot be read at all (no header, an unknown column layout).
public struct SheetFileError: Error, Sendable {
    public var problem: TableProblem
}

/// Sums over candidates, per thread, merged at the end. Item and total scores are shifted by half their maximum
/// before summing, so that variances do not lose precision to cancellation. Arrays are flat (offsets in
/// `TallyLayout`) so that the per-answer work touches no nested arrays.
struct Tally: Sendable {
    var n: [Int]
    var sx: [Double], sxx: [Double], sT: [Double], sTT: [Double], sxT: [Double]
    /// Per question, counts of scores and of rest scores in hundredths of a point (for Moodle's covariance max).
    var xHist: [Int32]
    var restHist: [Int32]
    /// Per question, choices per bank option; the last slot counts blanks.
    var options: [Int]
    /// Per version: candidates and shifted total sums; per version and position: shifted item sums.
    var versionN: [Int], versionT: [Double], versionTT: [Double]
    var positionX: [Double], positionXX: [Double]

    init(_ layout: TallyLayout) {
        let q = layout.questions
        n = Array(repeating: 0, count: q)
        sx = Array(repeating: 0, count: q)
        sxx = sx
        sT = sx
        sTT = sx
        sxT = sx
        xHist = Array(repeating: 0, count: layout.xOffset.last ?? 0)
        restHist = Array(repeating: 0, count: q * layout.restBuckets)
        options = Array(repeating: 0, count: layout.optionOffset.last ?? 0)
        versionN = Array(repeating: 0, count: layout.versions)
        versionT = Array(repeating: 0, count: layout.versions)
        versionTT = versionT
        positionX = Array(repeating: 0, count: layout.positionOffset.last ?? 0)
        positionXX = positionX
    }

    mutating func merge(_ other: Tally) {
        func add<T: AdditiveArithmetic>(_ a: inout [T], _ b: [T]) { for i in a.indices { a[i] += b[i] } }
        add(&n, other.n)
        add(&sx, other.sx)
        add(&sxx, other.sxx)
        add(&sT, other.sT)
        add(&sTT, other.sTT)
        add(&sxT, other.sxT)
        add(&xHist, other.xHist)
        add(&restHist, other.restHist)
        add(&options, other.options)
        add(&versionN, other.versionN)
        add(&versionT, other.versionT)
        add(&versionTT, other.versionTT)
        add(&positionX, other.positionX)
        add(&positionXX, other.positionXX)
    }
}

/// Where each question's and each version's slots are in the flat arrays of `Tally`.
struct TallyLayout: Sendable {
    var questions: Int
    var versions: Int
    /// `xOffset[q]..<xOffset[q + 1]`: question q's score histogram (one slot per 0.01 point).
    var xOffset: [Int]
    var restBuckets: Int
    /// `optionOffset[q]..<optionOffset[q + 1]`: question q's option counts, blanks last.
    var optionOffset: [Int]
    /// `positionOffset[v] + k`: item k of version v.
    var positionOffset: [Int]

    init(key: ScoringKey) {
        questions = key.questions.count
        versions = key.versions.count
        xOffset = [0]
        optionOffset = [0]
        for question in key.questions {
            xOffset.append(xOffset.last! + Int(question.points * 100) + 1)
            optionOffset.append(optionOffset.last! + question.optionCount + 1)
        }
        restBuckets = Int((key.maxScore.max() ?? 0) * 100) + 1
        positionOffset = [0]
        for items in key.items { positionOffset.append(positionOffset.last! + items.count) }
    }
}

/// One version's items as plain arrays, read in the scoring loop.
struct VersionPlan: Sendable {
    /// 0 single, 1 multiple, 2 anything else (marked through `AnswerGrader`).
    var kind: [UInt8]
    var mask: [UInt32]
    var points: [Double]
    var optionCount: [Int]
    var question: [Int]
    var section: [Int]
    var rule: [MultipleChoiceRule]
    /// Bank option of printed position p of item k: `optionOrder[k * 32 + p]`.
    var optionOrder: [Int]

    init(_ items: [ScoringKey.Item]) {
        kind = items.map { $0.type == .single ? 0 : $0.type == .multiple ? 1 : 2 }
        mask = items.map(\.correctMask)
        points = items.map(\.points)
        optionCount = items.map(\.optionCount)
        question = items.map(\.question)
        section = items.map(\.section)
        rule = items.map(\.rule)
        optionOrder = items.flatMap { item in (0..<32).map { $0 < item.optionOrder.count ? item.optionOrder[$0] : $0 } }
    }
}

/// Scores answer sheets against a key in one streaming pass (plus a second pass over the upper and lower 27 %),
/// on as many threads as asked, keeping one small record per candidate.
///
/// Sheet columns: `id,name,unit,version,1,2,…,N` (or 考号,姓名,单位,版本); answers per item number of the candidate's
/// version: letters in any case, order or separator, true/false tokens, blanks joined by `|`; empty = unanswered.
public struct BatchScorer: Sendable {
    public let key: ScoringKey
    public let options: ScoringOptions
    let grader = AnswerGrader.standard()
    /// Half the largest version maximum: the shift of totals (see `Tally`).
    let totalShift: Double
    let layout: TallyLayout
    let plans: [VersionPlan]

    public init(key: ScoringKey, options: ScoringOptions) {
        self.key = key
        self.options = options
        totalShift = (key.maxScore.max() ?? 0) / 2
        layout = TallyLayout(key: key)
        plans = key.items.map(VersionPlan.init)
    }

    /// Column layout found in the header.
    struct Layout: Sendable {
        var id: Int, name: Int?, unit: Int?, version: Int?
        /// Column of item number k + 1, or nil.
        var items: [Int?]
        var columns: Int
    }

    /// Everything a scoring run found.
    public struct Outcome: Sendable {
        public var candidates: [ScoredCandidate]
        /// `sections.count` per candidate, in candidate order.
        public var sectionScores: [Double]
        public var problems: [SheetProblem]
        var tally: Tally
        /// Per question: candidates, score sums in the upper and lower 27 % by total.
        var upper: [(n: Int, sum: Double)]
        var lower: [(n: Int, sum: Double)]
    }

    /// Scores the UTF-8 CSV `bytes` (a BOM is skipped).
    public func score(_ bytes: UnsafeRawBufferPointer) throws(SheetFileError) -> Outcome {
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count > 0 else {
            throw SheetFileError(problem: TableProblem(row: 1, column: 1, chinese: "答题卡文件是空的", english: "the sheet file is empty"))
        }
        var start = 0
        if bytes.count >= 3, base[0] == 0xEF, base[1] == 0xBB, base[2] == 0xBF { start = 3 }
        var scanner = SheetScanner(base: base, start: start, end: bytes.count, firstLine: 1)
        var unclosed = false
        guard scanner.nextRow(unclosedQuote: &unclosed) != nil else {
            throw SheetFileError(problem: TableProblem(row: 1, column: 1, chinese: "答题卡文件是空的", english: "the sheet file is empty"))
        }
        let columns = try readHeader(scanner.fields.map(scanner.text))
        let bodyStart = scanner.position
        // Slices end at line breaks; with quotes anywhere, one slice (a quoted line break could be cut).
        let hasQuotes = memchr(base + bodyStart, Int32(UInt8(ascii: "\"")), bytes.count - bodyStart) != nil
        let sliceCount = hasQuotes ? 1 : max(1, min(options.threads, (bytes.count - bodyStart) / (1 << 20) + 1))
        var bounds = [bodyStart]
        for slice in 1..<sliceCount {
            var cut = bodyStart + (bytes.count - bodyStart) * slice / sliceCount
            while cut < bytes.count, base[cut - 1] != UInt8(ascii: "\n") { cut += 1 }
            bounds.append(max(cut, bounds.last!))
        }
        bounds.append(bytes.count)
        let address = UInt(bitPattern: base)
        let sliceBounds = bounds
        let parts = concurrentMap(sliceCount) { slice in
            self.scoreSlice(
                base: UnsafePointer(bitPattern: address)!, start: sliceBounds[slice], end: sliceBounds[slice + 1], firstLine: 2, columns: columns)
        }
        // Line numbers of later slices start after the lines of the earlier ones.
        var lineOffset = 0
        var candidates: [ScoredCandidate] = []
        var sectionScores: [Double] = []
        var problems: [SheetProblem] = []
        var tally = Tally(layout)
        for (index, part) in parts.enumerated() {
            if index > 0 { lineOffset += parts[index - 1].lines }
            candidates += part.candidates.map { var c = $0; c.row += lineOffset; return c }
            sectionScores += part.sectionScores
            problems += part.problems.map { var p = $0; p.problem.row += lineOffset; return p }
            tally.merge(part.tally)
        }
        // Duplicate ids: the first sheet counts; later ones are taken back out and listed.
        var seen = Set<String>(minimumCapacity: candidates.count)
        var duplicates: [Int] = []
        for (index, candidate) in candidates.enumerated() where !seen.insert(candidate.id).inserted { duplicates.append(index) }
        if !duplicates.isEmpty {
            let sections = key.sections.count
            for index in duplicates {
                let candidate = candidates[index]
                var scanner = SheetScanner(base: base, start: candidate.offset, end: bytes.count, firstLine: candidate.row)
                _ = scanner.nextRow(unclosedQuote: &unclosed)
                var ignored: [SheetProblem] = []
                var scores = [Double](repeating: 0, count: key.items[candidate.version].count)
                var chosen = [UInt32](repeating: 0, count: scores.count)
                itemScores(scanner, version: candidate.version, columns: columns, row: candidate.row, id: candidate.id, scores: &scores, chosen: &chosen, problems: &ignored)
                accumulate(&tally, version: candidate.version, xs: scores, chosen: chosen, sign: -1)
                problems.removeAll { $0.problem.row == candidate.row }
                problems.append(SheetProblem(
                    problem: TableProblem(row: candidate.row, column: columns.id + 1, chinese: "考号 \(candidate.id) 重复：只计第一张答题卡", english: "duplicate id \(candidate.id): only the first sheet counts"),
                    candidate: candidate.id, rowExcluded: true))
            }
            let drop = Set(duplicates)
            var keptScores: [Double] = []
            keptScores.reserveCapacity(sectionScores.count)
            for index in candidates.indices where !drop.contains(index) {
                keptScores += sectionScores[(index * sections)..<((index + 1) * sections)]
            }
            candidates = candidates.enumerated().filter { !drop.contains($0.offset) }.map(\.element)
            sectionScores = keptScores
        }
        problems.sort { ($0.problem.row, $0.problem.column) < ($1.problem.row, $1.problem.column) }
        let groups = upperAndLower(candidates, base: base, end: bytes.count, columns: columns)
        return Outcome(candidates: candidates, sectionScores: sectionScores, problems: problems, tally: tally, upper: groups.upper, lower: groups.lower)
    }

    func readHeader(_ names: [String]) throws(SheetFileError) -> Layout {
        func column(_ accepted: Set<String>) -> Int? { names.firstIndex { accepted.contains($0.lowercased()) } }
        guard let id = column(["id", "考号", "准考证号", "编号", "学号"]) else {
            throw SheetFileError(problem: TableProblem(
                row: 1, column: 1, chinese: "表头缺少考号列（id 或 考号），应为 id,name,unit,version,1,2,…", english: "the header has no id column; expected id,name,unit,version,1,2,…"))
        }
        let itemCount = key.items.map(\.count).max() ?? 0
        var items = [Int?](repeating: nil, count: itemCount)
        for (index, name) in names.enumerated() {
            let digits = name.hasPrefix("第") && name.hasSuffix("题") ? String(name.dropFirst().dropLast()) : name
            guard let number = Int(digits) else { continue }
            guard (1...max(itemCount, 1)).contains(number), itemCount > 0 else {
                throw SheetFileError(problem: TableProblem(
                    row: 1, column: index + 1, chinese: "第 \(number) 题不在答案中（共 \(itemCount) 题）", english: "item \(number) is not in the key (\(itemCount) items)"))
            }
            items[number - 1] = index
        }
        return Layout(
            id: id, name: column(["name", "姓名"]), unit: column(["unit", "单位", "部门"]), version: column(["version", "版本", "试卷版本", "卷别"]),
            items: items, columns: names.count)
    }

    struct SliceResult: Sendable {
        var candidates: [ScoredCandidate] = []
        var sectionScores: [Double] = []
        var problems: [SheetProblem] = []
        var tally: Tally
        var lines = 0
    }

    func scoreSlice(base: UnsafePointer<UInt8>, start: Int, end: Int, firstLine: Int, columns: Layout) -> SliceResult {
        var result = SliceResult(tally: Tally(layout))
        var scanner = SheetScanner(base: base, start: start, end: end, firstLine: firstLine)
        var unclosed = false
        let sections = key.sections.count
        var sectionBuffer = [Double](repeating: 0, count: sections)
        let width = key.items.map(\.count).max() ?? 0
        var scores = [Double](repeating: 0, count: width)
        var chosen = [UInt32](repeating: 0, count: width)
        while let (row, offset) = scanner.nextRow(unclosedQuote: &unclosed) {
            let fields = scanner.fields
            let id = fields.count > columns.id ? scanner.text(fields[columns.id]) : ""
            func exclude(_ column: Int, _ chinese: String, _ english: String) {
                result.problems.append(SheetProblem(problem: TableProblem(row: row, column: column, chinese: chinese, english: english), candidate: id, rowExcluded: true))
            }
            if unclosed {
                exclude(fields.count, "引号没有闭合", "a quoted field is not closed")
                break
            }
            guard fields.count == columns.columns else {
                result.problems.append(SheetProblem(problem: .fieldCount(row: row, found: fields.count, expected: columns.columns), candidate: id, rowExcluded: true))
                continue
            }
            guard !id.isEmpty else {
                exclude(columns.id + 1, "考号为空", "empty id")
                continue
            }
            var version = 0
            if let column = columns.version {
                let name = scanner.text(fields[column])
                guard let found = key.version(named: name.isEmpty && key.versions.count == 1 ? key.versions[0] : name) else {
                    exclude(column + 1, "没有“\(name)”卷（有 \(key.versions.joined(separator: "、"))）", "unknown version \"\(name)\" (the key has \(key.versions.joined(separator: ", ")))")
                    continue
                }
                version = found
            } else if key.versions.count > 1 {
                exclude(1, "多个版本的答案需要 version 列", "the key has several versions: the sheets need a version column")
                continue
            }
            let count = key.items[version].count
            itemScores(scanner, version: version, columns: columns, row: row, id: id, scores: &scores, chosen: &chosen, problems: &result.problems)
            accumulate(&result.tally, version: version, xs: scores, chosen: chosen, sign: 1)
            for s in sectionBuffer.indices { sectionBuffer[s] = 0 }
            var total = 0.0
            let plan = plans[version]
            for k in 0..<count {
                sectionBuffer[plan.section[k]] += scores[k]
                total += scores[k]
            }
            result.sectionScores.append(contentsOf: sectionBuffer)
            result.candidates.append(ScoredCandidate(
                id: id, name: columns.name.map { scanner.text(fields[$0]) } ?? "", unit: columns.unit.map { scanner.text(fields[$0]) } ?? "",
                version: version, total: total, row: row, offset: offset))
        }
        result.lines = scanner.line - firstLine
        return result
    }

    /// Each item's score in the row `scanner` holds (into `scores`), and the printed options chosen (bits into
    /// `chosen`; `UInt32.max` for a blank). Only the first `key.items[version].count` slots are written.
    func itemScores(
        _ scanner: SheetScanner, version: Int, columns: Layout, row: Int, id: String, scores: inout [Double], chosen: inout [UInt32],
        problems: inout [SheetProblem]
    ) {
        let plan = plans[version]
        let count = plan.kind.count
        let hand = options.marks.isEmpty ? nil : options.marks[id]
        let base = scanner.base
        for k in 0..<count {
            scores[k] = 0
            chosen[k] = UInt32.max
            guard k < columns.items.count, let column = columns.items[k] else { continue }
            let field = scanner.fields[column]
            let kind = plan.kind[k]
            if kind < 2 {
                switch Self.letters(base, field) {
                case .blank:
                    break
                case .mask(let mask):
                    let optionCount = plan.optionCount[k]
                    if mask >> UInt32(optionCount) != 0 {
                        let bad = (optionCount..<26).first { mask & (1 << UInt32($0)) != 0 } ?? optionCount
                        problems.append(cellProblem(row, column, id, "第 \(k + 1) 题没有选项 \(optionLabel(bad))（选项 A–\(optionLabel(optionCount - 1))）", "item \(k + 1) has no option \(optionLabel(bad)) (A–\(optionLabel(optionCount - 1)))"))
                    } else if kind == 0, mask & (mask - 1) != 0 {
                        problems.append(cellProblem(row, column, id, "第 \(k + 1) 题是单选题，只能选一个", "item \(k + 1) is single choice: one letter"))
                    } else {
                        chosen[k] = mask
                        scores[k] = kind == 0
                            ? (mask == plan.mask[k] ? plan.points[k] : 0)
                            : plan.rule[k].score(chosenMask: mask, correctMask: plan.mask[k], points: plan.points[k])
                    }
                case .notLetters(let text):
                    problems.append(cellProblem(row, column, id, "第 \(k + 1) 题的答案“\(text)”不是选项字母", "item \(k + 1): \"\(text)\" is not option letters"))
                }
            } else {
                let item = key.items[version][k]
                let text = scanner.text(field)
                if !text.isEmpty {
                    chosen[k] = 0
                    switch grader.parse(text, for: item.type, optionCount: 0, blankCount: Self.blankCount(item)) {
                    case .failure(let reason):
                        problems.append(cellProblem(row, column, id, "第 \(k + 1) 题：" + reason.message(in: .zhHans), "item \(k + 1): " + reason.message(in: .en)))
                    case .success(let typed):
                        scores[k] = grader.marks(typed, entry: item.entry, points: item.points, rule: item.rule, optionCount: 0)
                    }
                }
            }
        }
        if let hand {
            for (k, item) in key.items[version].enumerated() {
                if let mark = hand[item.number] { scores[k] = min(max(mark, 0), item.points) }
            }
        }
    }

    func cellProblem(_ row: Int, _ column: Int, _ id: String, _ chinese: String, _ english: String) -> SheetProblem {
        SheetProblem(problem: TableProblem(row: row, column: column + 1, chinese: chinese, english: english), candidate: id, rowExcluded: false)
    }

    static func blankCount(_ item: ScoringKey.Item) -> Int {
        if case .blanks(let blanks, _) = item.entry.answer { return blanks.count }
        return 0
    }

    enum Letters { case blank, mask(UInt32), notLetters(String) }

    /// Option letters in any case, order or separator, read from the bytes; full-width forms through the slow path.
    @inline(__always)
    static func letters(_ base: UnsafePointer<UInt8>, _ field: SheetScanner.Field) -> Letters {
        var mask: UInt32 = 0
        var index = field.start
        while index < field.end {
            let byte = base[index]
            switch byte {
            case 0x41...0x5A: mask |= 1 << UInt32(byte - 0x41)
            case 0x61...0x7A: mask |= 1 << UInt32(byte - 0x61)
            case 0x20, 0x09, 0x2C, 0x3B, 0x2F, 0x2B, 0x2E, 0x22, 0x0D: break
            default:
                // Multi-byte text (full-width letters, 、，；): the shared syntax reads it.
                let text = String(decoding: UnsafeBufferPointer(start: base + field.start, count: field.end - field.start), as: UTF8.self)
                let (letters, invalid) = BankValueSyntax.answerLetters(text)
                if invalid != nil { return .notLetters(text.trimmingWhitespace()) }
                var slow: UInt32 = 0
                for letter in letters where letter < 26 { slow |= 1 << UInt32(letter) }
                return slow == 0 ? .blank : .mask(slow)
            }
            index += 1
        }
        return mask == 0 ? .blank : .mask(mask)
    }

    static func positions(_ mask: UInt32) -> Set<Int> {
        var set = Set<Int>()
        var rest = mask
        while rest != 0 {
            set.insert(rest.trailingZeroBitCount)
            rest &= rest - 1
        }
        return set
    }

    /// Adds (sign 1) or takes back (sign -1) one candidate's item scores (the first items of `xs` and `chosen`).
    func accumulate(_ tally: inout Tally, version: Int, xs: [Double], chosen: [UInt32], sign: Int) {
        let plan = plans[version]
        let count = plan.kind.count
        var total = 0.0
        for k in 0..<count { total += xs[k] }
        let t = total - totalShift
        let s = Double(sign)
        let step = Int32(sign)
        tally.versionN[version] += sign
        tally.versionT[version] += s * t
        tally.versionTT[version] += s * t * t
        let position = layout.positionOffset[version]
        let restBuckets = layout.restBuckets
        for k in 0..<count {
            let q = plan.question[k]
            let points = plan.points[k]
            let score = xs[k]
            let x = score - points / 2
            tally.n[q] += sign
            tally.sx[q] += s * x
            tally.sxx[q] += s * x * x
            tally.sT[q] += s * t
            tally.sTT[q] += s * t * t
            tally.sxT[q] += s * x * t
            tally.positionX[position + k] += s * x
            tally.positionXX[position + k] += s * x * x
            let xStart = layout.xOffset[q]
            tally.xHist[xStart + min(Int((score * 100).rounded()), layout.xOffset[q + 1] - xStart - 1)] += step
            tally.restHist[q * restBuckets + min(max(Int(((total - score) * 100).rounded()), 0), restBuckets - 1)] += step
            let mask = chosen[k]
            let optionStart = layout.optionOffset[q]
            let optionSlots = layout.optionOffset[q + 1] - optionStart
            if mask == UInt32.max {
                tally.options[optionStart + optionSlots - 1] += sign
            } else if plan.kind[k] < 2 {
                var rest = mask
                while rest != 0 {
                    let bank = plan.optionOrder[k * 32 + rest.trailingZeroBitCount]
                    if bank < optionSlots - 1 { tally.options[optionStart + bank] += sign }
                    rest &= rest - 1
                }
            }
        }
    }

    /// Per question, the score sums of the upper and lower 27 % of candidates by total (ties broken by row order),
    /// from a second reading of their rows.
    func upperAndLower(_ candidates: [ScoredCandidate], base: UnsafePointer<UInt8>, end: Int, columns: Layout)
        -> (upper: [(n: Int, sum: Double)], lower: [(n: Int, sum: Double)])
    {
        let empty = [(n: Int, sum: Double)](repeating: (0, 0), count: key.questions.count)
        let groupSize = Int((Double(candidates.count) * 0.27).rounded())
        guard groupSize > 0 else { return (empty, empty) }
        let order = candidates.indices.sorted { candidates[$0].total != candidates[$1].total ? candidates[$0].total > candidates[$1].total : $0 < $1 }
        let members = Array(order.prefix(groupSize).map { ($0, true) } + order.suffix(groupSize).map { ($0, false) })
        let address = UInt(bitPattern: base)
        let slices = max(1, min(options.threads, members.count / 10_000 + 1))
        let parts = concurrentMap(slices) { slice -> (upper: [(n: Int, sum: Double)], lower: [(n: Int, sum: Double)]) in
            var upper = empty
            var lower = empty
            let base = UnsafePointer<UInt8>(bitPattern: address)!
            var unclosed = false
            var ignored: [SheetProblem] = []
            let width = self.key.items.map(\.count).max() ?? 0
            var scores = [Double](repeating: 0, count: width)
            var chosen = [UInt32](repeating: 0, count: width)
            for (index, isUpper) in members[(members.count * slice / slices)..<(members.count * (slice + 1) / slices)] {
                let candidate = candidates[index]
                var scanner = SheetScanner(base: base, start: candidate.offset, end: end, firstLine: candidate.row)
                _ = scanner.nextRow(unclosedQuote: &unclosed)
                self.itemScores(scanner, version: candidate.version, columns: columns, row: candidate.row, id: candidate.id, scores: &scores, chosen: &chosen, problems: &ignored)
                ignored.removeAll(keepingCapacity: true)
                let questions = self.plans[candidate.version].question
                for k in questions.indices {
                    if isUpper {
                        upper[questions[k]].n += 1
                        upper[questions[k]].sum += scores[k]
                    } else {
                        lower[questions[k]].n += 1
                        lower[questions[k]].sum += scores[k]
                    }
                }
            }
            return (upper, lower)
        }
        var upper = empty
        var lower = empty
        for part in parts {
            for q in upper.indices {
                upper[q].n += part.upper[q].n
                upper[q].sum += part.upper[q].sum
                lower[q].n += part.lower[q].n
                lower[q].sum += part.lower[q].sum
            }
        }
        return (upper, lower)
    }
}

/// `transform(0..<count)` with each index on its own thread; results in index order.
func concurrentMap<Result: Sendable>(_ count: Int, _ transform: @escaping @Sendable (Int) -> Result) -> [Result] {
    guard count > 1 else { return (0..<count).map(transform) }
    let results = ResultBox<Result>(count: count)
    DispatchQueue.concurrentPerform(iterations: count) { index in
        let value = transform(index)
        results.set(index, value)
    }
    return results.values.map { $0! }
}

/// Results written by concurrent workers at distinct indices.
private final class ResultBox<Value>: @unchecked Sendable {
    private let lock = NSLock()
    var values: [Value?]

    init(count: Int) { values = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: Value) {
        lock.lock()
        values[index] = value
        lock.unlock()
    }
}
