import BankFormats
import CScoring
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
    /// The smallest slice worth a thread of its own (tests make it small to cut small files).
    var sliceBytes = 1 << 20
    /// Whether rows are split 64 bytes at a time where the processor can (`kaoxue_split_row`); tests turn it off
    /// to see the byte-by-byte split give the same outcome.
    var vectorSplit = true

    public init() {}

    /// The grade band of a percentage: 0 优秀, 1 良好, 2 合格, 3 不合格 (a band's mark itself is in the band).
    public func band(_ percent: Double) -> Int {
        percent >= excellentPercent - 1e-9 ? 0 : percent >= goodPercent - 1e-9 ? 1 : percent >= passPercent - 1e-9 ? 2 : 3
    }
}

/// One small record per candidate, in sheet order — where the row is (its id and name are read from it again when
/// needed), its line, version, unit, total and section scores — as columns, about 50 bytes a candidate.
public struct CandidateTable: Sendable {
    /// Byte offset of each candidate's row in the sheets.
    public internal(set) var offsets: [Int] = []
    /// 1-based row of each candidate, as a spreadsheet numbers it (the header is row 1; a quoted line break stays in its row).
    public internal(set) var rows: [Int32] = []
    /// Index into `ScoringKey.versions`.
    public internal(set) var versions: [UInt16] = []
    /// Index into `unitNames`.
    public internal(set) var units: [Int32] = []
    public internal(set) var totals: [Double] = []
    /// `ScoringKey.sections.count` per candidate.
    public internal(set) var sectionScores: [Double] = []
    /// The length of `id,name` at the start of each row when `scores.csv` can copy them as they are (plain text,
    /// nothing to trim); 0 when they are read again and unquoted, trimmed, quoted as needed.
    var prefixLengths: [UInt16] = []
    public internal(set) var unitNames: [String] = []

    public var count: Int { totals.count }

    /// The table without the candidates at `indices`.
    func removing(_ indices: Set<Int>, sections: Int) -> CandidateTable {
        var kept = CandidateTable(unitNames: unitNames)
        for index in 0..<count where !indices.contains(index) {
            kept.offsets.append(offsets[index])
            kept.rows.append(rows[index])
            kept.versions.append(versions[index])
            kept.units.append(units[index])
            kept.totals.append(totals[index])
            kept.prefixLengths.append(prefixLengths[index])
            kept.sectionScores += sectionScores[(index * sections)..<((index + 1) * sections)]
        }
        return kept
    }
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

/// Scores answer sheets against a key in one streaming pass, on as many threads as asked, keeping one small
/// record per candidate (`CandidateTable`) and sums from which every statistic derives (`ScoreTally`).
///
/// Sheet columns: `id,name,unit,version,1,2,…,N` (or 考号,姓名,单位,版本); answers per item number of the candidate's
/// version: letters in any case, order or separator, true/false tokens, blanks joined by `|`; empty = unanswered.
///
/// Rows are read again only where a sum cannot answer: the sheets of a repeated id (to take them back out), the
/// candidates tied at the edge of the upper and lower 27 %, and ids and names for `scores.csv`.
public struct BatchScorer: Sendable {
    public let key: ScoringKey
    public let options: ScoringOptions
    let grader = AnswerGrader.standard()
    let plan: ScoringPlan
    let versionNames: [[UInt8]]
    /// Per position, the short-answer item's byte marker (see `KeywordMarker`).
    let keywordMarkers: KeywordMarkers

    public init(key: ScoringKey, options: ScoringOptions) {
        self.key = key
        self.options = options
        plan = ScoringPlan(key: key, marks: options.marks)
        versionNames = key.versions.map { Array($0.utf8) }
        keywordMarkers = KeywordMarkers(key.items.flatMap { $0 }, matcher: grader.matcher)
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
        public var candidates: CandidateTable
        public var problems: [SheetProblem]
        /// Candidates by total, highest first; in sheet order among equal totals.
        public var order: [Int32]
        let tally: ScoreTally
        /// Per question: candidates, score sums in the upper and lower 27 % by total.
        var upper: [(n: Int, sum: Double)]
        var lower: [(n: Int, sum: Double)]
        let sheet: SheetBytes
        let scorer: BatchScorer
        let layout: Layout

        /// Every candidate's id, in sheet order, read from their rows.
        public func ids() -> [String] {
            let reader = RowReader(sheet: sheet, scorer: scorer, layout: layout)
            defer { sheet.release(0..<sheet.count) }
            var behind = SheetBytes.ReleaseBehind(sheet, from: 0)
            return candidates.offsets.map { offset in
                behind.passed(offset)
                reader.readPrefix(at: offset, limit: layout.id + 1)
                return reader.text(layout.id)
            }
        }
    }

    /// Scores the UTF-8 CSV `sheet` (a BOM is skipped). `progress` is told of the bytes read, a few megabytes
    /// at a time, from the scanning threads.
    public func score(_ sheet: SheetBytes, progress: (@Sendable (Int) -> Void)? = nil) throws(SheetFileError) -> Outcome {
        let base = sheet.base
        let empty = SheetFileError(problem: TableProblem(row: 1, column: 1, chinese: "答题卡文件是空的", english: "the sheet file is empty"))
        guard sheet.count > 0 else { throw empty }
        var start = 0
        if sheet.count >= 3, base[0] == 0xEF, base[1] == 0xBB, base[2] == 0xBF { start = 3 }
        var scanner = SheetScanner(base: base, start: start, end: sheet.count, firstLine: 1)
        var unclosed = false
        guard scanner.nextRow(unclosedQuote: &unclosed) != nil else { throw empty }
        let layout = try readHeader(scanner.fields.map(scanner.text))
        let bodyStart = scanner.position
        let bodyLine = scanner.line
        // Slices end at line breaks; a slice that ends inside a quoted field is found out below and read again.
        let sliceCount = max(1, min(options.threads, (sheet.count - bodyStart) / max(1, options.sliceBytes) + 1))
        var bounds = [bodyStart]
        for slice in 1..<sliceCount {
            var cut = bodyStart + (sheet.count - bodyStart) * slice / sliceCount
            while cut < sheet.count, base[cut - 1] != UInt8(ascii: "\n") { cut += 1 }
            bounds.append(max(cut, bounds.last!))
        }
        bounds.append(sheet.count)
        let sliceBounds = bounds
        var workers = concurrentMap(sliceCount) { slice in
            let worker = SliceWorker(sheet: sheet, scorer: self, layout: layout)
            // The first slice's columns become the merged table's: room for every row of the file, in address
            // space only until used, so that the merge appends the other slices' rows without moving its own.
            let rows = (slice == 0 ? sheet.count - bodyStart : sliceBounds[slice + 1] - sliceBounds[slice]) / 256
            worker.run(from: sliceBounds[slice], to: sliceBounds[slice + 1], reserving: rows, progress: progress)
            return worker
        }
        // A slice that read past its end (a quoted line break at the cut) means the next ones started mid-row.
        if let overrun = workers.indices.dropLast().first(where: { workers[$0].stoppedAt != sliceBounds[$0 + 1] }) {
            let worker = SliceWorker(sheet: sheet, scorer: self, layout: layout)
            worker.run(from: workers[overrun].stoppedAt, to: sheet.count, reserving: (sheet.count - workers[overrun].stoppedAt) / 256, progress: nil)
            workers = Array(workers.prefix(overrun + 1)) + [worker]
        }
        // On one thread, ids seen by two slices; on the other, the sums and the candidates merged.
        let slices = workers
        let parts = concurrentMap(2) { part -> (Set<UInt64>?, (CandidateTable, [SheetProblem])?) in
            guard part == 1 else {
                var repeated = Set(slices.flatMap(\.repeatedIds))
                for later in slices.indices.dropFirst() {
                    for earlier in slices[..<later] { repeated.formUnion(slices[later].ids.common(with: earlier.ids)) }
                }
                return (repeated, nil)
            }
            for worker in slices.dropFirst() { slices[0].tally.merge(worker.tally) }
            slices[0].tally.foldJoint()
            return (nil, self.merge(slices, firstLine: bodyLine))
        }
        let repeated = parts[0].0!
        var (candidates, problems) = parts[1].1!
        let tally = workers[0].tally
        workers = []
        if !repeated.isEmpty {
            removeDuplicates(of: repeated, from: &candidates, problems: &problems, tally: tally, sheet: sheet, layout: layout)
        }
        problems.sort { ($0.problem.row, $0.problem.column) < ($1.problem.row, $1.problem.column) }
        let order = ranking(candidates.totals)
        let groups = upperAndLower(candidates, order: order, tally: tally, sheet: sheet, layout: layout)
        sheet.release(0..<sheet.count)
        return Outcome(
            candidates: candidates, problems: problems, order: order, tally: tally, upper: groups.upper, lower: groups.lower, sheet: sheet,
            scorer: self, layout: layout)
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

    /// The workers' candidates and problems in sheet order, with lines counted from `firstLine` and units
    /// numbered once.
    func merge(_ workers: [SliceWorker], firstLine: Int) -> (CandidateTable, [SheetProblem]) {
        var units = ByteInterner()
        var candidates = CandidateTable()
        var problems: [SheetProblem] = []
        var line = firstLine
        var firstLines: [Int32] = []
        for worker in workers {
            firstLines.append(Int32(line))
            problems += worker.problems.map { problem in
                var problem = problem
                problem.problem.row += line
                return problem
            }
            line += worker.lines
        }
        let unitMaps = workers.map { worker in worker.unitNames.names.map { name in name.withUnsafeBufferPointer { units.index(of: $0) } } }
        candidates.unitNames = units.names.map { String(decoding: $0, as: UTF8.self) }
        // Column by column: the first worker's column, renumbered in place, takes the others' rows (each freed once
        // copied).
        func gather<T>(_ column: WritableKeyPath<CandidateTable, [T]>, _ transform: ((Int, T) -> T)? = nil) {
            var merged: [T] = []
            swap(&merged, &workers[0].candidates[keyPath: column])
            if let transform {
                merged.withUnsafeMutableBufferPointer { values in
                    for index in values.indices { values[index] = transform(0, values[index]) }
                }
            }
            merged.reserveCapacity(workers.reduce(0) { $0 + $1.candidates[keyPath: column].count })
            for (index, worker) in workers.enumerated().dropFirst() {
                if let transform {
                    merged += worker.candidates[keyPath: column].lazy.map { transform(index, $0) }
                } else {
                    merged += worker.candidates[keyPath: column]
                }
                worker.candidates[keyPath: column] = []
            }
            candidates[keyPath: column] = merged
        }
        gather(\.offsets)
        gather(\.rows) { $1 + firstLines[$0] }
        gather(\.versions)
        gather(\.units) { unitMaps[$0][Int($1)] }
        gather(\.totals)
        gather(\.sectionScores)
        gather(\.prefixLengths)
        return (candidates, problems)
    }

    /// Sheets whose id was seen before (their hash in `hashes`, checked by text): the first sheet counts, later
    /// ones are taken back out of the sums and listed.
    func removeDuplicates(
        of hashes: Set<UInt64>, from candidates: inout CandidateTable, problems: inout [SheetProblem], tally: ScoreTally, sheet: SheetBytes, layout: Layout
    ) {
        let reader = RowReader(sheet: sheet, scorer: self, layout: layout)
        var first: [String: Int] = [:]
        var duplicates: [(index: Int, id: String)] = []
        var behind = SheetBytes.ReleaseBehind(sheet, from: 0)
        for index in 0..<candidates.count {
            behind.passed(candidates.offsets[index])
            reader.readPrefix(at: candidates.offsets[index], limit: layout.id + 1)
            guard hashes.contains(reader.withTextBytes(layout.id, idHash)) else { continue }
            let id = reader.text(layout.id)
            if first[id] == nil { first[id] = index } else { duplicates.append((index, id)) }
        }
        guard !duplicates.isEmpty else { return }
        let rows = Set(duplicates.map { Int(candidates.rows[$0.index]) })
        problems.removeAll { rows.contains($0.problem.row) }
        for (index, id) in duplicates {
            _ = reader.read(at: candidates.offsets[index])
            let version = Int(candidates.versions[index])
            let total = reader.mark(version: version, row: 0, problems: nil)
            reader.fillScores(version: version)
            tally.add(version: version, total: total, xs: reader.xs, steps: reader.steps, chosen: reader.chosen, sign: -1)
            problems.append(SheetProblem(
                problem: TableProblem(row: Int(candidates.rows[index]), column: layout.id + 1, chinese: "考号 \(id) 重复：只计第一张答题卡", english: "duplicate id \(id): only the first sheet counts"),
                candidate: id, rowExcluded: true))
        }
        candidates = candidates.removing(Set(duplicates.map(\.index)), sections: key.sections.count)
    }

    /// A total to a millionth of a point: what ranks compare. Totals summed in a different order (a version's items
    /// in another order) may differ in their last bits where the scores are the same — thirds, say.
    @inline(__always)
    static func rankKey(_ total: Double) -> Int64 { Int64(max(total, 0) * 1e6 + 0.5) }

    /// Candidates by total (`rankKey`), highest first, in sheet order among equal totals: a counting sort on the
    /// plan's grid, then a sort inside any grid step whose totals differ (scores off the grid).
    func ranking(_ totals: [Double]) -> [Int32] {
        let steps = plan.totalSteps
        var starts = [Int](repeating: 0, count: steps + 1)
        for total in totals { starts[steps - plan.totalStep(total)] += 1 }
        for index in 1...steps { starts[index] += starts[index - 1] }
        var order = [Int32](repeating: 0, count: totals.count)
        var next = starts
        for (index, total) in totals.enumerated() {
            let bucket = steps - 1 - plan.totalStep(total)
            order[next[bucket]] = Int32(index)
            next[bucket] += 1
        }
        for bucket in 0..<steps where starts[bucket + 1] - starts[bucket] > 1 {
            let range = starts[bucket]..<starts[bucket + 1]
            let first = Self.rankKey(totals[Int(order[range.lowerBound])])
            guard order[range].contains(where: { Self.rankKey(totals[Int($0)]) != first }) else { continue }
            order[range].sort { a, b in
                let (x, y) = (Self.rankKey(totals[Int(a)]), Self.rankKey(totals[Int(b)]))
                return x != y ? x > y : a < b
            }
        }
        return order
    }

    /// Per question, the candidates and score sums of the upper and lower 27 % by total (ties broken by sheet
    /// order): whole groups of totals from the sums; of the group at each edge, whichever part is smaller read again.
    func upperAndLower(_ candidates: CandidateTable, order: [Int32], tally: ScoreTally, sheet: SheetBytes, layout: Layout)
        -> (upper: [(n: Int, sum: Double)], lower: [(n: Int, sum: Double)])
    {
        let empty = [(n: Int, sum: Double)](repeating: (0, 0), count: key.questions.count)
        let count = candidates.count
        let size = Int((Double(count) * 0.27).rounded())
        guard size > 0 else { return (empty, empty) }
        let plan = self.plan
        func group(_ position: Int) -> Int { plan.group(ofStep: plan.totalStep(candidates.totals[Int(order[position])])) }
        // The groups at each edge: positions `first...last` of the order, of which `inside` belong to the side.
        var edges: [(group: Int, first: Int, last: Int, inside: Range<Int>)] = []
        for (side, position) in [(0, size - 1), (1, count - size)] {
            let edge = group(position)
            var first = position, last = position
            while first > 0, group(first - 1) == edge { first -= 1 }
            while last < count - 1, group(last + 1) == edge { last += 1 }
            edges.append((edge, first, last, side == 0 ? first..<size : (count - size)..<(last + 1)))
        }
        // Per position and per version, of the upper (0) and lower (1) group: the groups of totals beyond each edge.
        var sums = [[Double]](repeating: [Double](repeating: 0, count: plan.positions), count: 2)
        var counts = [[Int]](repeating: [Int](repeating: 0, count: plan.versions), count: 2)
        func addGroup(_ g: Int, to side: Int) {
            for p in 0..<plan.positions { sums[side][p] += tally.groupX[g * plan.positions + p] }
            for v in 0..<plan.versions { counts[side][v] += tally.groupN[g * plan.versions + v] }
        }
        for g in 0..<plan.groupBuckets where g > edges[0].group || g < edges[1].group { addGroup(g, to: g > edges[0].group ? 0 : 1) }
        // Each edge group's members on the side are read again — or, when fewer, the whole group is added and its
        // members off the side are read again and taken away. In sheet order, so that each thread moves forward
        // through the file and gives back what it has read.
        var members: [(index: Int, side: Int, sign: Double)] = []
        for (side, edge) in edges.enumerated() {
            let all = edge.first...edge.last
            if edge.inside.count <= all.count - edge.inside.count {
                members += order[edge.inside].map { (Int($0), side, 1) }
            } else {
                addGroup(edge.group, to: side)
                members += all.filter { !edge.inside.contains($0) }.map { (Int(order[$0]), side, -1) }
            }
        }
        members.sort { $0.index < $1.index }
        let readAgain = members
        let slices = max(1, min(options.threads, readAgain.count / 10_000 + 1))
        let parts = concurrentMap(slices) { slice in
            let reader = RowReader(sheet: sheet, scorer: self, layout: layout)
            var sums = [[Double]](repeating: [Double](repeating: 0, count: plan.positions), count: 2)
            var counts = [[Int]](repeating: [Int](repeating: 0, count: plan.versions), count: 2)
            let part = readAgain[(readAgain.count * slice / slices)..<(readAgain.count * (slice + 1) / slices)]
            var behind = SheetBytes.ReleaseBehind(sheet, from: part.first.map { candidates.offsets[$0.index] } ?? 0)
            for (position, (index, side, sign)) in zip(part.indices, part) {
                if position + 8 < part.endIndex { kaoxue_prefetch(sheet.base + candidates.offsets[readAgain[position + 8].index]) }
                behind.passed(candidates.offsets[index])
                _ = reader.read(at: candidates.offsets[index])
                let version = Int(candidates.versions[index])
                _ = reader.mark(version: version, row: 0, problems: nil)
                reader.fillScores(version: version)
                let base = plan.positionBase[version]
                for k in 0..<(plan.positionBase[version + 1] - base) { sums[side][base + k] += sign * reader.xs[k] }
                counts[side][version] += Int(sign)
            }
            return (sums, counts)
        }
        for part in parts {
            for side in 0..<2 {
                for p in 0..<plan.positions { sums[side][p] += part.0[side][p] }
                for v in 0..<plan.versions { counts[side][v] += part.1[side][v] }
            }
        }
        var groups = [empty, empty]
        for side in 0..<2 {
            for p in 0..<plan.positions {
                let q = Int(plan.question[p])
                groups[side][q].n += counts[side][Int(plan.versionOf[p])]
                groups[side][q].sum += sums[side][p]
            }
        }
        return (groups[0], groups[1])
    }

    static func blankCount(_ item: ScoringKey.Item) -> Int {
        if case .blanks(let blanks, _) = item.entry.answer { return blanks.count }
        return 0
    }

    enum Letters { case mask(UInt32), notLetters(String) }

    /// Option letters of an answer the plain reader could not read as ASCII letters (full-width forms, 、，；,
    /// quotes): a mask (0 when blank), or the text when it is not letters.
    static func letters(_ text: String) -> Letters {
        let (letters, invalid) = BankValueSyntax.answerLetters(AnswerGrader.withoutEnclosingBrackets(text.trimmingWhitespace()))
        if invalid != nil { return .notLetters(text.trimmingWhitespace()) }
        var mask: UInt32 = 0
        for letter in letters where letter < 26 { mask |= 1 << UInt32(letter) }
        return .mask(mask)
    }
}

/// The hash an id is known by in the duplicate check (never 0).
func idHash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    let hash = fnv1a(bytes.baseAddress ?? UnsafePointer(bitPattern: 1)!, bytes.count)
    return hash == 0 ? 1 : hash
}

/// Scores one slice of the sheets on one thread: its own reader, sums, candidates, problems and ids.
final class SliceWorker: @unchecked Sendable {
    let reader: RowReader
    let tally: ScoreTally
    let sheet: SheetBytes
    let scorer: BatchScorer
    let layout: BatchScorer.Layout
    var candidates = CandidateTable()
    /// Rows counted from 0 at the slice's start (the merge adds where the slice starts).
    var problems: [SheetProblem] = []
    var ids = HashSet64()
    /// Hashes of ids this slice saw more than once.
    var repeatedIds: [UInt64] = []
    /// Ids not yet in `ids`: added a batch at a time (see `HashSet64.insert(_:repeated:)`).
    static let idBatch = 64
    private let pendingIds = UnsafeMutablePointer<UInt64>.allocate(capacity: idBatch)
    private var pendingCount = 0
    var unitNames = ByteInterner()
    /// Whether the sheets begin `id,name`, which `scores.csv` begins with too.
    let copiesIdAndName: Bool
    /// Lines read, and where the row after the slice's last one starts.
    var lines = 0
    var stoppedAt = 0
    let sections: Int

    init(sheet: SheetBytes, scorer: BatchScorer, layout: BatchScorer.Layout) {
        sections = scorer.key.sections.count
        copiesIdAndName = layout.id == 0 && layout.name == 1
        self.sheet = sheet
        self.scorer = scorer
        self.layout = layout
        reader = RowReader(sheet: sheet, scorer: scorer, layout: layout)
        tally = ScoreTally(scorer.plan)
    }

    deinit { pendingIds.deallocate() }

    private func flushIds() {
        ids.insert(UnsafeBufferPointer(start: pendingIds, count: pendingCount), repeated: &repeatedIds)
        pendingCount = 0
    }

    /// Scores the rows that start in `start..<end`, giving back the pages behind it every few megabytes.
    func run(from start: Int, to end: Int, reserving rows: Int, progress: (@Sendable (Int) -> Void)?) {
        var position = start
        var line = 0
        var behind = SheetBytes.ReleaseBehind(sheet, from: start)
        ids = HashSet64(capacity: max(16, (end - start) / 256))
        // Appended to as a local (no exclusivity checks on a class's property per row), kept at the end.
        var candidates = CandidateTable()
        defer { self.candidates = candidates }
        let reserved = max(16, rows)
        candidates.offsets.reserveCapacity(reserved)
        candidates.rows.reserveCapacity(reserved)
        candidates.versions.reserveCapacity(reserved)
        candidates.units.reserveCapacity(reserved)
        candidates.totals.reserveCapacity(reserved)
        candidates.sectionScores.reserveCapacity(reserved * sections)
        candidates.prefixLengths.reserveCapacity(reserved)
        while position < end {
            let rowStart = position
            position = reader.read(at: rowStart)
            // Rows are numbered as a spreadsheet shows them: a quoted line break (Alt+Enter) stays in its row.
            let row = line
            line += 1
            if reader.isBlankLine { continue }
            if reader.unclosedQuote {
                exclude(row, reader.fieldCount, "引号没有闭合", "a quoted field is not closed")
                break
            }
            score(row: row, offset: rowStart, into: &candidates)
            let given = behind.passed(rowStart)
            if given > 0 { progress?(given) }
        }
        flushIds()
        progress?(min(position, end) - behind.released)
        lines = line
        stoppedAt = position
    }

    private func exclude(_ row: Int, _ column: Int, _ chinese: String, _ english: String) {
        let id = reader.fieldCount > layout.id ? reader.text(layout.id) : ""
        problems.append(SheetProblem(problem: TableProblem(row: row, column: column, chinese: chinese, english: english), candidate: id, rowExcluded: true))
    }

    /// Scores the row just read (line `row` of the slice, at byte `offset`) into `candidates`.
    @inline(__always)
    private func score(row: Int, offset: Int, into candidates: inout CandidateTable) {
        // A row of empty cells (`,,,,` as Excel saves a cleared row) is an empty line; looked for only in rows that
        // are wrong anyway (the wrong width, or no id), off the path of every good row.
        func allEmpty() -> Bool { (0..<reader.fieldCount).allSatisfy { reader.withTextBytes($0) { $0.isEmpty } } }
        guard reader.fieldCount == layout.columns else {
            if allEmpty() { return }
            let problem = TableProblem.fieldCount(row: row, found: reader.fieldCount, expected: layout.columns)
            exclude(row, problem.column, problem.chinese, problem.english)
            return
        }
        let hash = reader.withTextBytes(layout.id) { $0.isEmpty ? nil : idHash($0) }
        guard let hash else {
            if allEmpty() { return }
            exclude(row, layout.id + 1, "考号为空", "empty id")
            return
        }
        guard let version = reader.version() else {
            if let column = layout.version {
                let key = scorer.key
                let name = reader.text(column)
                exclude(
                    row, column + 1, "没有“\(name)”卷（有 \(key.versions.joined(separator: "、"))）",
                    "unknown version \"\(name)\" (the key has \(key.versions.joined(separator: ", ")))")
            } else {
                exclude(row, 1, "多个版本的答案需要 version 列", "the key has several versions: the sheets need a version column")
            }
            return
        }
        pendingIds[pendingCount] = hash
        pendingCount += 1
        if pendingCount == Self.idBatch { flushIds() }
        let total = withUnsafeMutablePointer(to: &problems) { reader.mark(version: version, row: row, problems: $0) }
        if reader.onGrid {
            tally.addOnGrid(version: version, total: total, step: reader.totalStep, responses: reader.responses)
        } else {
            tally.add(version: version, total: total, xs: reader.xs, steps: reader.steps, chosen: reader.chosen, sign: 1)
        }
        let unit = layout.unit.map { column in reader.withTextBytes(column) { unitNames.index(of: $0) } }
            ?? unitNames.index(of: UnsafeBufferPointer(start: nil, count: 0))
        candidates.offsets.append(offset)
        candidates.rows.append(Int32(row))
        candidates.versions.append(UInt16(version))
        candidates.units.append(unit)
        candidates.totals.append(total)
        candidates.sectionScores.append(contentsOf: UnsafeBufferPointer(start: reader.sectionScores, count: sections))
        candidates.prefixLengths.append(copiesIdAndName ? reader.plainPrefixLength(through: 1) : 0)
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
