import Testing

@testable import TerminalIO

@Suite("Lines wrapped by display width and the Chinese line-breaking rules")
struct LineWrappingTests {
    func widths(_ lines: [String]) -> [Int] { lines.map { DisplayWidth.width(of: $0) } }

    @Test func closingPunctuationNeverStartsALineNorOpeningEndsOne() {
        // Width 20: ten CJK characters a line; the comma would start the second line, so 门 goes down with it.
        let lines = DisplayWidth.wrap("一二三四五六七八九门，然后继续写下去直到结束。", width: 20)
        #expect(lines == ["一二三四五六七八九", "门，然后继续写下去直", "到结束。"], "\(lines)")
        #expect(widths(lines).allSatisfy { $0 <= 20 })
        let opening = DisplayWidth.wrap("一二三四五六七八九《条例》规定", width: 20)
        #expect(opening.allSatisfy { !$0.hasSuffix("《") } && opening.allSatisfy { !$0.hasPrefix("》") }, "\(opening)")
        #expect(opening.joined() == "一二三四五六七八九《条例》规定")
    }

    @Test func aBlankIsNeverSplit() {
        let stem = "“二推一选”中的“一选”是指（    ）。"
        for width in 10...40 {
            let lines = DisplayWidth.wrap(stem, width: width)
            #expect(lines.contains { $0.contains("（    ）") }, "width \(width): \(lines)")
            #expect(widths(lines).allSatisfy { $0 <= max(width, 10) }, "width \(width): \(lines)")
            #expect(lines.joined() == stem)
        }
    }

    @Test func wordsBreakAtSpacesAndAnUnbreakableRunIsCut() {
        #expect(DisplayWidth.wrap("the exam is submitted when time is up", width: 12) == ["the exam is", "submitted", "when time is", "up"])
        // Thirty letters with no space: cut at the width.
        let run = DisplayWidth.wrap(String(repeating: "x", count: 30), width: 12)
        #expect(run == [String(repeating: "x", count: 12), String(repeating: "x", count: 12), String(repeating: "x", count: 6)])
        // A word longer than the look-back (a CSV header in help text) goes to the next line whole when it fits.
        let header = "Output: card,state,step,stability,difficulty,due,lastReview."
        #expect(DisplayWidth.wrap("matches py-fsrs 6.3.2. " + header, width: 80) == ["matches py-fsrs 6.3.2. Output:", "card,state,step,stability,difficulty,due,lastReview."])
        // Existing line breaks are kept; the indent counts against the width.
        #expect(DisplayWidth.wrap("甲\n乙", width: 20, indent: "  ") == ["  甲", "  乙"])
    }

    @Test func namesInAListStayWholeWhenASpaceIsNear() {
        let banner = "考学知识竞赛 · 知识竞赛常用赛制 · 第一代表队 / 第二代表队 / 三队 / 四队"
        for width in 24...60 {
            let lines = DisplayWidth.wrap(banner, width: width)
            for name in ["第一代表队", "第二代表队", "知识竞赛常用赛制"] {
                #expect(lines.contains { $0.contains(name) }, "width \(width): \(name) split in \(lines)")
            }
            #expect(widths(lines).allSatisfy { $0 <= width })
        }
    }
}
