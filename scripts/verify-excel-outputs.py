#!/usr/bin/env python3
"""Opens what kaoxue writes for people the way Excel or WPS would, with readers kaoxue did not write.

Every CSV meant for a person (papers' key.csv and sheet-template.csv; score's scores, units, items and errors;
the credit and points reports; a contest's standings and rulings) is read by Python's csv module through the
BOM-honouring `utf-8-sig` codec (what Excel does with a UTF-8 file that has a BOM) and, written with
`--encoding gb18030`, through `gb18030`; its number columns must hold plain numbers. scores.xlsx, items.xlsx and the
credit report's workbook are opened with openpyxl: number cells must be numbers with their formats, the header bold
and frozen, ids text.

    python3 scripts/verify-excel-outputs.py KAOXUE_BINARY SCRATCH_FOLDER
"""
import csv
import io
import os
import subprocess
import sys

import openpyxl

kaoxue, scratch = sys.argv[1], sys.argv[2]
here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(here)
store = os.path.join(scratch, "store.sqlite")
checked = []
failures = []


def run(*arguments, stdin=""):
    done = subprocess.run([kaoxue, *arguments], input=stdin.encode(), capture_output=True, cwd=root)
    if done.returncode != 0:
        raise SystemExit(f"kaoxue {' '.join(arguments)} exited {done.returncode}: {done.stderr.decode()}")
    return done


def expect(condition, message):
    if not condition:
        failures.append(message)


def read_csv(path, encoding):
    raw = open(path, "rb").read()
    if encoding == "utf-8-sig":
        expect(raw.startswith(b"\xef\xbb\xbf"), f"{path}: no BOM, Excel on Chinese Windows would read it as GBK")
    else:
        expect(not raw.startswith(b"\xef\xbb\xbf"), f"{path}: a BOM in a GB18030 file")
    rows = list(csv.reader(io.StringIO(raw.decode(encoding), newline="")))
    expect(len(rows) >= 1 and all(cell == cell.strip("\ufeff") for cell in rows[0]), f"{path}: the header kept a BOM")
    checked.append(os.path.relpath(path, scratch))
    return rows


def numbers(path, rows, columns):
    """Every non-empty cell of `columns` (header names) parses as a number: no `20*`, no `61.54%`, no `+10`."""
    header = rows[0]
    for name in columns:
        if name not in header:
            failures.append(f"{path}: no column {name} in {header}")
            continue
        index = header.index(name)
        for row in rows[1:]:
            cell = row[index] if index < len(row) else ""
            if cell == "":
                continue
            try:
                float(cell)
            except ValueError:
                failures.append(f"{path}: {name} holds {cell!r}, not a number")
            expect(not cell.startswith("+"), f"{path}: {name} holds the signed text {cell!r}")


for encoding, flag in (("utf-8-sig", "utf8"), ("gb18030", "gb18030")):
    folder = os.path.join(scratch, flag)
    os.makedirs(folder, exist_ok=True)
    paper = os.path.join(folder, "paper")
    run("paper", "generate", "--bank", "QuestionBanks", "--blueprint", "QuestionBanks/blueprints/月度测试.yaml", "--out", paper,
        "--encoding", flag)
    key = read_csv(os.path.join(paper, "organizer", "key.csv"), encoding)
    numbers("key.csv", key, ["number", "points"])
    template = read_csv(os.path.join(paper, "handout", "sheet-template.csv"), encoding)
    expect(template[0][:4] == ["id", "name", "unit", "version"], f"sheet-template.csv header {template[0]}")

    scores_folder = os.path.join(folder, "scores")
    fixture = os.path.join(root, "Tests/KaoxueEndToEndTests/Fixtures/scoring")
    run("score", "--paper", fixture, "--out", scores_folder, "--encoding", flag)
    scores = read_csv(os.path.join(scores_folder, "scores.csv"), encoding)
    numbers("scores.csv", scores, ["score", "percent", "rank"] + scores[0][8:])
    expect(len(scores) == 401, f"scores.csv has {len(scores) - 1} candidates")
    units = read_csv(os.path.join(scores_folder, "units.csv"), encoding)
    numbers("units.csv", units, ["candidates", "mean", "median", "passRate", "excellentRate", "rank"])
    items = read_csv(os.path.join(scores_folder, "items.csv"), encoding)
    numbers("items.csv", items, ["candidates", "points", "facility", "sd", "discrimination", "D"])
    read_csv(os.path.join(scores_folder, "errors.csv"), encoding)

    # The ledger's reports, into a folder of their own.
    if flag == "utf8":
        run("credits", "people", "examples/ledger/people.csv", "--store", store)
        run("credits", "import", "examples/ledger/activities.csv", "--store", store)
        run("points", "import", "examples/ledger/points.csv", "--store", store)
    report = os.path.join(folder, "学时.csv")
    run("credits", "report", "--year", "2026", "--as-of", "2026-12-31", "--format", "csv", "-o", report, "--store", store,
        "--encoding", flag)
    credits = read_csv(report, encoding)
    numbers("学时.csv", credits, ["本年学时", "网络学时", "统计期学时", "统计期年数", "要求学时", "差额学时"])
    points = os.path.join(folder, "积分.csv")
    run("points", "report", "--period", "2026", "--format", "csv", "-o", points, "--store", store, "--encoding", flag)
    numbers("积分.csv", read_csv(points, encoding), ["名次", "单位人数", "积分"])

    contest = os.path.join(folder, "比赛.csv")
    run("contest", "--teams", "一队,二队", "--seed", "5", "--log", os.path.join(folder, "log.jsonl"), "--result", contest,
        "--encoding", flag, stdin="n\nr\nn\nw\nsb\nend\ny\n")
    standings = read_csv(contest, encoding)
    numbers("比赛.csv", standings, standings[0][2:])
    rulings = read_csv(os.path.join(folder, "比赛-rulings.csv"), encoding)
    numbers("比赛-rulings.csv", rulings, ["得分"])
    expect(all(not row[3].startswith("q") or not row[3][1:].isalnum() for row in rulings[1:]), "rulings name questions by id")

# Workbooks, as Excel opens them.
scores_folder = os.path.join(scratch, "utf8", "scores")
book = openpyxl.load_workbook(os.path.join(scores_folder, "scores.xlsx"))
sheet = book["成绩"]
header = [cell.value for cell in sheet[1]]
expect(header[:8] == ["考号", "姓名", "单位", "卷别", "得分", "得分率", "等级", "名次"], f"scores.xlsx header {header}")
expect(sheet.freeze_panes == "A2", f"scores.xlsx: header not frozen ({sheet.freeze_panes})")
expect(all(cell.font.b for cell in sheet[1]), "scores.xlsx: header not bold")
expect(sheet.auto_filter.ref is not None, "scores.xlsx: no filter on the header")
csv_rows = read_csv(os.path.join(scores_folder, "scores.csv"), "utf-8-sig")
expect(sheet.max_row == len(csv_rows), f"scores.xlsx has {sheet.max_row} rows, scores.csv {len(csv_rows)}")
for row, expected in zip(sheet.iter_rows(min_row=2, values_only=False), csv_rows[1:]):
    cells = {name: cell for name, cell in zip(header, row)}
    expect(isinstance(cells["考号"].value, str) and cells["考号"].value == expected[0], f"scores.xlsx id {cells['考号'].value!r}")
    expect(isinstance(cells["得分"].value, (int, float)) and abs(cells["得分"].value - float(expected[4])) < 1e-9,
           f"scores.xlsx score {cells['得分'].value!r} for {expected[0]}")
    expect(isinstance(cells["得分率"].value, (int, float)) and abs(cells["得分率"].value * 100 - float(expected[5])) < 1e-6
           and cells["得分率"].number_format.endswith("%"), f"scores.xlsx percent {cells['得分率'].value!r}")
    expect(isinstance(cells["名次"].value, int), f"scores.xlsx rank {cells['名次'].value!r}")
units_sheet = book["单位汇总"]
expect(all(isinstance(row[4], (int, float)) for row in units_sheet.iter_rows(min_row=2, values_only=True)), "units pass rate not a number")
expect(units_sheet.cell(row=2, column=5).number_format.endswith("%"), "units pass rate has no percent format")
items_book = openpyxl.load_workbook(os.path.join(scores_folder, "items.xlsx"))
items_sheet = items_book.active
items_header = [cell.value for cell in items_sheet[1]]
facility = items_header.index("难度（得分率）")
expect(items_header[:2] == ["题号", "题干"] and items_header[-1] == "题目编号", f"items.xlsx header {items_header}")
expect(all(row[1] for row in items_sheet.iter_rows(min_row=2, values_only=True)), "items.xlsx: a question without its stem")
expect(all(isinstance(row[facility], (int, float)) for row in items_sheet.iter_rows(min_row=2, values_only=True)), "items.xlsx facility")
credits_xlsx = os.path.join(scratch, "学时.xlsx")
run("credits", "report", "--year", "2026", "--as-of", "2026-12-31", "--format", "xlsx", "-o", credits_xlsx, "--store", store)
credits_book = openpyxl.load_workbook(credits_xlsx)
people = credits_book.worksheets[0]
people_header = [cell.value for cell in people[1]]
hours = people_header.index("本年学时")
expect(all(isinstance(row[hours], (int, float)) for row in people.iter_rows(min_row=2, values_only=True)), "credit workbook hours")
expect(credits_book.worksheets[1].cell(row=2, column=6).number_format.endswith("%"), "credit workbook rate format")

if failures:
    for failure in failures:
        print("FAIL:", failure)
    print(f"0 passed, {len(failures)} failed")
    sys.exit(1)
print(f"{len(checked)} CSV files read through utf-8-sig and gb18030, 3 workbooks opened with openpyxl: all as Excel would show them")
