import Testing

@testable import BankFormats

@Suite("CSV fields a spreadsheet opens as text")
struct CSVFieldTests {
    @Test(arguments: [
        ("=HYPERLINK(\"http://x\",\"点我\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"点我\"\")\""),
        ("+1+2", "'+1+2"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
        ("-3", "-3"), ("+0.5", "+0.5"), ("-", "'-"), ("王明", "王明"), ("a,b", "\"a,b\""), ("", ""),
    ])
    func formulasAreWrittenAsText(text: String, written: String) {
        #expect(csvField(text) == written)
    }

    @Test func everyCellOfARowIsGuarded() {
        #expect(csvText([["id", "name"], ["P1", "=1+1"]]) == "id,name\nP1,'=1+1\n")
    }
}
