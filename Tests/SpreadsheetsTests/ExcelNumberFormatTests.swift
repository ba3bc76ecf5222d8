import Testing

@testable import Spreadsheets

/// Each value under each code, as Excel shows it. The figures were checked against LibreOffice's "as shown" CSV
/// export of the same cells (a workbook written by openpyxl); where the two differ (General beyond 11 integer
/// digits, serials before 1 March 1900) the expectation is Excel's.
@Suite("Excel number formats as displayed")
struct ExcelNumberFormatTests {
    static let cases: [(Double, String, String)] = [
        (0.25, "0%", "25%"),
        (1.0 / 3, "0.0%", "33.3%"),
        (0.075, "0.0%", "7.5%"),
        (0.3333333333333333, "General", "0.333333333333333"),
        (0.1 + 0.2, "General", "0.3"),
        (1e20, "General", "1E+20"),
        (42, "General", "42"),
        (12345, "#,##0", "12,345"),
        (1234567.891, "#,##0.00", "1,234,567.89"),
        (999, "#,##0", "999"),
        (2.5, "0.00", "2.50"),
        (2, "0\"分\"", "2分"),
        (2, "0\\分", "2分"),
        (-1234.5, "#,##0.0;[Red]-#,##0.0", "-1,234.5"),
        (-3, "0;(0)", "(3)"),
        (-3, "0", "-3"),
        (0, "0;-0;\"零\"", "零"),
        (7, "000", "007"),
        (1234.5, "¥#,##0.00", "¥1,234.50"),
        (1234.5, "[$¥-804]#,##0.00", "1,234.50"),
        (123456789, "0.00E+00", "1.23E+08"),
        (3.14159, "#.##", "3.14"),
        (0.5, "#.##", ".5"),
        (2.675, "0.00", "2.68"),
        (1.005, "0.00", "1.01"),
        (25, "@", "25"),
        (0.5, "0.0_);(0.0)", "0.5 "),
        (43541, "yyyy\"年\"m\"月\"d\"日\"", "2019年3月17日"),
        (43541, "[$-804]yyyy\"年\"m\"月\"d\"日\";@", "2019年3月17日"),
        (43541, "yyyy/m/d", "2019/3/17"),
        (43541, "m\"月\"d\"日\"", "3月17日"),
        (43541, "yyyy-mm-dd", "2019-03-17"),
        (43541, "yyyy\"年\"m\"月\"", "2019年3月"),
        (43541, "d-mmm-yy", "17-Mar-19"),
        (43541, "dddd", "星期日"),
        (14, "yyyy-mm-dd", "1900-01-14"),
        (0.5, "h:mm", "12:00"),
        (0.75, "h:mm AM/PM", "6:00 PM"),
        (0.75, "上午/下午h\"时\"mm\"分\"", "下午6时00分"),
        (43541.75, "yyyy-mm-dd hh:mm:ss", "2019-03-17 18:00:00"),
        (1.5, "[h]:mm", "36:00"),
    ]

    @Test(arguments: cases.indices)
    func shownAsExcelShowsIt(_ index: Int) {
        let (value, code, shown) = Self.cases[index]
        #expect(ExcelNumberFormat.format(value, code: code) == shown, "\(value) under \(code)")
    }

    @Test func builtInFormatsAreTheChineseLocales() {
        #expect(ExcelNumberFormat.builtInCode(9) == "0%")
        #expect(ExcelNumberFormat.format(43541, code: ExcelNumberFormat.builtInCode(14)!) == "2019/3/17")
        #expect(ExcelNumberFormat.format(43541, code: ExcelNumberFormat.builtInCode(31)!) == "2019年3月17日")
        #expect(ExcelNumberFormat.format(43541, code: ExcelNumberFormat.builtInCode(58)!) == "3月17日")
        #expect(ExcelNumberFormat.builtInCode(200) == nil)
    }

    @Test func datesAreToldFromNumbers() {
        #expect(ExcelNumberFormat.isDate("yyyy\"年\"m\"月\"d\"日\""))
        #expect(ExcelNumberFormat.isDate("h:mm"))
        #expect(!ExcelNumberFormat.isDate("0.00\"m\""))  // a quoted m is text
        #expect(!ExcelNumberFormat.isDate("[Red]#,##0"))
        #expect(!ExcelNumberFormat.isDate("General"))
    }
}
