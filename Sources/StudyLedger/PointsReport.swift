import QuizModel
/// Points (积分) over a month, a quarter or a year: monthly totals, the ranked list per unit for publication
/// (公示), and the bottom share of each unit flagged.
public struct PointsReport: Sendable {
    public struct PersonPoints: Sendable, Codable, Hashable {
        public var id: String
        public var name: String
        public var unit: String
        /// The period's total, daily caps applied.
        public var points: Double
        /// Totals by month number (only the period's months).
        public var months: [Int: Double]
        public var categories: [String: Double]
        /// Competition rank within the unit (1, 2, 2, 4), highest points first.
        public var rank: Int
        public var unitSize: Int
        /// Among the unit's lowest `bottomShare` (ties at the cut-off included, but nobody level with the top).
        public var flagged: Bool
    }

    public var period: Period
    public var rulesName: String
    public var bottomShare: Double
    /// By unit, then rank, then id.
    public var people: [PersonPoints]
    /// Points cut by daily caps, with the rule.
    public var capped: [RuleReference]

    public init(period: Period, people: [PersonRecord], entries: [PointEntry], rules: LedgerRules) {
        self.period = period
        rulesName = rules.name
        bottomShare = rules.pointsBottomShare
        // Daily caps: the sum of one item for one person on one day, cut at the item's cap.
        struct DayItem: Hashable {
            var person: String
            var date: CalendarDate
            var category: String
            var item: String
        }
        // Summed in exact hundredths (points have at most two decimals), so 0.1 + 0.2 ties with 0.3 in the ranking.
        func hundredths(_ points: Double) -> Int64 { Int64((points * 100).rounded()) }
        var days: [DayItem: Int64] = [:]
        for entry in entries where period.contains(entry.date) {
            days[DayItem(person: entry.person, date: entry.date, category: entry.category, item: entry.item), default: 0] += hundredths(entry.points)
        }
        var totals: [String: (points: Int64, months: [Int: Int64], categories: [String: Int64])] = [:]
        var cappedRules: Set<RuleReference> = []
        for (day, sum) in days {
            var value = sum
            if let cap = rules.pointsItem(category: day.category, item: day.item)?.dailyCap, value > hundredths(cap) {
                value = hundredths(cap)
                cappedRules.insert(
                    RuleReference(
                        rule: "points.\(day.category).\(day.item).dailyCap", chinese: "\(day.item)每天最多计 \(ledgerNumber(cap)) 分",
                        english: "\(day.item) counts at most \(ledgerNumber(cap)) points a day"))
            }
            var total = totals[day.person] ?? (0, [:], [:])
            total.points += value
            total.months[day.date.month, default: 0] += value
            total.categories[day.category, default: 0] += value
            totals[day.person] = total
        }
        capped = cappedRules.sorted { $0.rule < $1.rule }

        var byUnit: [String: [PersonRecord]] = [:]
        // Ranked within the unit each person was in at the period's end.
        for person in people.map({ $0.asOf(period.lastDay) }) { byUnit[person.unit, default: []].append(person) }
        var rows: [PersonPoints] = []
        for unit in byUnit.keys.sorted() {
            let members = byUnit[unit]!.map { person -> PersonPoints in
                let total = totals[person.id] ?? (0, [:], [:])
                func points(_ hundredths: Int64) -> Double { Double(hundredths) / 100 }
                return PersonPoints(
                    id: person.id, name: person.name, unit: unit, points: points(total.points), months: total.months.mapValues(points),
                    categories: total.categories.mapValues(points), rank: 0, unitSize: 0, flagged: false)
            }.sorted { ($1.points, $0.id) < ($0.points, $1.id) }
            let flaggedCount = Int((Double(members.count) * rules.pointsBottomShare).rounded(.up))
            let threshold = flaggedCount > 0 ? members[members.count - flaggedCount].points : -Double.infinity
            for (index, var member) in members.enumerated() {
                member.rank = index > 0 && members[index - 1].points == member.points ? rows.last!.rank : index + 1
                member.unitSize = members.count
                // Ties at the cut-off are flagged together; people level with the top never are.
                member.flagged = member.points <= threshold && member.points < members[0].points
                rows.append(member)
            }
        }
        self.people = rows
    }
}
