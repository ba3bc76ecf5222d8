import TerminalIO

/// The contest scoreboard drawn large for a projector: scores in block digits, right-aligned, team names aligned
/// by display width (CJK counts two columns), in rank order, the whole board centred in the window. The digits
/// grow with the window (five lines high, ten on a large screen); when they would not all fit in its height, the
/// board is one line per team, so that the leader never scrolls off the top.
enum ScoreboardView {
    /// 3×5 glyphs; each `#` is drawn as full blocks.
    static let glyphs: [Character: [String]] = [
        "0": ["###", "# #", "# #", "# #", "###"], "1": ["  #", "  #", "  #", "  #", "  #"],
        "2": ["###", "  #", "###", "#  ", "###"], "3": ["###", "  #", "###", "  #", "###"],
        "4": ["# #", "# #", "###", "  #", "  #"], "5": ["###", "#  ", "###", "  #", "###"],
        "6": ["###", "#  ", "###", "# #", "###"], "7": ["###", "  #", "  #", "  #", "  #"],
        "8": ["###", "# #", "###", "# #", "###"], "9": ["###", "# #", "###", "  #", "###"],
        "-": ["   ", "   ", "###", "   ", "   "],
    ]

    /// `number` in block digits at `scale` (1: each `#` two columns by one line; 2: four by two): lines of equal width.
    static func bigNumber(_ number: Int, scale: Int = 1) -> [String] {
        let block = String(repeating: "█", count: 2 * scale), space = String(repeating: " ", count: 2 * scale)
        let gap = String(repeating: " ", count: 2 * scale)
        let rows = (0..<5).map { row in
            String(number).compactMap { glyphs[$0]?[row] }.map { pattern in pattern.map { $0 == "#" ? block : space }.joined() }.joined(separator: gap)
        }
        return rows.flatMap { Array(repeating: $0, count: scale) }
    }

    /// The board for a window of `width` × `height`; `style(line, isLeader)` paints a line (the leader in colour).
    static func lines(
        teams: [(rank: Int, name: String, score: Int)], width: Int, height: Int, style: (String, Bool) -> String
    ) -> [String] {
        let nameWidth = teams.map { DisplayWidth.width(of: $0.name) }.max() ?? 0
        let rankWidth = String(teams.map(\.rank).max() ?? 1).count
        func pad(_ text: String, to columns: Int, right: Bool = false) -> String {
            let fill = String(repeating: " ", count: max(0, columns - DisplayWidth.width(of: text)))
            return right ? fill + text : text + fill
        }
        func label(_ team: (rank: Int, name: String, score: Int)) -> String {
            pad(String(team.rank), to: rankWidth, right: true) + "  " + pad(team.name, to: nameWidth) + "   "
        }
        let labelWidth = rankWidth + 2 + nameWidth + 3
        // The largest scale whose board fits the window: its width, and its height with a line for the prompt
        // (the blank line between teams goes first: four teams at 80×24 still get big digits).
        for (scale, gap) in [(2, 1), (1, 1), (1, 0)] {
            let numbers = teams.map { bigNumber($0.score, scale: scale) }
            let numberWidth = numbers.map { DisplayWidth.width(of: $0[0]) }.max() ?? 0
            let boardWidth = labelWidth + numberWidth
            let glyphHeight = 5 * scale
            let boardHeight = teams.count * (glyphHeight + gap)
            guard boardWidth <= width, boardHeight + 2 <= height else { continue }
            let margin = String(repeating: " ", count: (width - boardWidth) / 2)
            var lines: [String] = []
            for (team, digits) in zip(teams, numbers) {
                let blank = String(repeating: " ", count: labelWidth)
                for (row, text) in digits.enumerated() {
                    let line = margin + (row == glyphHeight / 2 ? label(team) : blank) + pad(text, to: numberWidth, right: true)
                    lines.append(style(line, team.rank == 1))
                }
                if gap > 0 { lines.append("") }
            }
            return lines
        }
        // One line per team, scores right-aligned, centred.
        let scoreWidth = teams.map { String($0.score).count }.max() ?? 1
        let lineWidth = labelWidth + scoreWidth
        let margin = String(repeating: " ", count: max(0, (width - lineWidth) / 2))
        return teams.map { style(margin + label($0) + pad(String($0.score), to: scoreWidth, right: true), $0.rank == 1) }
    }
}
