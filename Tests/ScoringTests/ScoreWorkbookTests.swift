import Foundation
import Testing

@testable import Scoring

@Suite("scores.xlsx from scores.csv")
struct ScoreWorkbookTests {
    @Test func percentagesBecomeFractionsByMovingThePoint() {
        #expect(ScoreReport.hundredth("83.5") == "0.835")
        #expect(ScoreReport.hundredth("100") == "1.00")
        #expect(ScoreReport.hundredth("5") == "0.05")
        #expect(ScoreReport.hundredth("0") == "0.00")
        #expect(ScoreReport.hundredth("49.33") == "0.4933")
        #expect(ScoreReport.hundredth("1234.5") == "12.345")
        for text in ["", "—", "1.2.3", "-5"] { #expect(ScoreReport.hundredth(text) == text) }
    }

    @Test func csvRowsAreSplitAsRFC4180SaysWithEitherLineEnd() {
        let text = "id,name,score\r\nK1,\"王, 明\",83.5\nK2,\"说\"\"对\"\"\n了\",\r\nK3,,"
        #expect(ScoreReport.csvRows(Array(text.utf8)) == [["id", "name", "score"], ["K1", "王, 明", "83.5"], ["K2", "说\"对\"\n了", ""], ["K3", "", ""]])
        #expect(ScoreReport.csvRows([]) == [])
    }
}
