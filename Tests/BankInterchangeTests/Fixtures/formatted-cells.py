# Writes formatted-cells.xlsx: an organizer's Excel bank whose option cells are numbers under number formats
# (percent, dates in Chinese formats, thousands), with a title and an instruction row above the header, a 判断题
# typed as options 正确/错误, and one question without its answer (row 7). Run: python3 formatted-cells.py
import datetime
import openpyxl

wb = openpyxl.Workbook()
ws = wb.active
ws.title = "题库"
ws.append(["2024年度干部教育培训题库（导入模板）"])
ws.append(["说明：每行一题；答案写选项字母"])
ws.append(["序号", "题型", "题干", "选项A", "选项B", "选项C", "选项D", "解析", "答案"])
rows = [
    (1, "单选", "党员的比例不低于（  ）", [(0.25, "0%"), (1 / 3, "0.0%"), (0.5, "0%"), (0.75, "0%")], "", "A"),
    (2, "单选", "条例施行的日期是（  ）", [(datetime.date(2018, 10, 1), 'yyyy"年"m"月"d"日"'), (datetime.date(2019, 3, 17), 'yyyy"年"m"月"d"日"'),
                                 (datetime.date(2020, 1, 1), "yyyy/m/d"), (datetime.date(2021, 7, 1), 'm"月"d"日"')], "", "B"),
    (3, "单选", "经费的数额是（  ）元", [(12345, "#,##0"), (1234.5, "#,##0.00"), (0.5, "0.00"), (100, "General")], "", "C"),
    (4, "单选", "这道题忘了写答案（  ）", [("甲", None), ("乙", None), ("丙", None), ("丁", None)], "", None),
    (5, "判断", "党管干部是干部工作的根本原则。", [("正确", None), ("错误", None)], "见条例第二条。", "A"),
    (6, "多选", "下列等于 0.3 的有（  ）", [(0.1 + 0.2, "General"), (0.3, "0.00"), (3, '0"成"'), (30, "0%")], "", "AB"),
]
for number, kind, stem, options, explanation, answer in rows:
    ws.append([number, kind, stem] + [value for value, _ in options] + [None] * (4 - len(options)) + [explanation or None, answer])
    row = ws.max_row
    for index, (_, code) in enumerate(options):
        if code:
            ws.cell(row=row, column=4 + index).number_format = code
wb.save("formatted-cells.xlsx")
