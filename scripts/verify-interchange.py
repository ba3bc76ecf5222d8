#!/usr/bin/env python3
"""Checks what `kaoxue bank convert` writes with readers no one here wrote: every GIFT question parses with
pygiftparser, the Moodle XML and every QTI part are well-formed (xmllint), the workbook opens with openpyxl,
the CSV and JSON read with Python's own modules; each holds as many questions as kaoxue says it wrote.
Usage: verify-interchange.py KAOXUE OUTDIR (KAOXUE: the command, e.g. ".build/debug/kaoxue")."""
import contextlib
import csv
import io
import json
import subprocess
import sys
import zipfile

import openpyxl
from pygiftparser import parser as gift

kaoxue, out = sys.argv[1], sys.argv[2]


def convert(target, name):
    path = f"{out}/{name}"
    run = subprocess.run([kaoxue, "bank", "convert", "QuestionBanks", "--to", target, "-o", path, "--json", "--lang", "en"],
                         capture_output=True, text=True, check=True)
    written = json.loads(run.stdout)["questionsWritten"]
    print(f"{target}: {written} questions written to {path}")
    return path, written


def xmllint(data, name):
    result = subprocess.run(["xmllint", "--noout", "-"], input=data, capture_output=True)
    if result.returncode != 0:
        sys.exit(f"{name} is not well-formed XML:\n{result.stderr.decode()}")


def check(condition, message):
    if not condition:
        sys.exit("FAILED: " + message)


path, written = convert("gift", "bank.gift")
with open(path, encoding="utf-8") as source, contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    # pygiftparser prints a notice for every question without a ::title:: (kaoxue writes titles only for ids).
    questions = gift.parseFile(source)
check(len(questions) == written, f"pygiftparser found {len(questions)} GIFT questions, kaoxue wrote {written}")
invalid = [q.source for q in questions if not q.valid]
check(not invalid, f"pygiftparser rejects {len(invalid)} questions, first: {invalid[:1]}")
kinds = {type(q.answers).__name__ for q in questions}
check({"SelectSet", "MultipleChoicesSet", "TrueFalseSet", "ShortSet", "Essay"} <= kinds, f"GIFT answer kinds: {sorted(kinds)}")

path, written = convert("moodle-xml", "bank.xml")
with open(path, "rb") as source:
    xmllint(source.read(), path)
with open(path, encoding="utf-8") as source:
    text = source.read()
check(text.count('<question type="') - text.count('<question type="category">') == written, "Moodle XML question count")

path, written = convert("qti", "bank.zip")
with zipfile.ZipFile(path) as package:
    names = package.namelist()
    check("imsmanifest.xml" in names, "the QTI package has no manifest")
    for name in names:
        xmllint(package.read(name), f"{path}:{name}")
    check(len([n for n in names if n.startswith("items/")]) == written, "QTI item count")

path, written = convert("xlsx", "bank.xlsx")
sheet = openpyxl.load_workbook(path).active
rows = list(sheet.iter_rows(values_only=True))
check(rows[0][:3] == ("编号", "题型", "题干"), f"workbook header {rows[0][:3]}")
check(len(rows) - 1 == written, f"openpyxl finds {len(rows) - 1} rows, kaoxue wrote {written}")

path, written = convert("csv", "bank.csv")
with open(path, encoding="utf-8-sig", newline="") as source:
    rows = list(csv.reader(source))
check(len(rows) - 1 == written and all(len(r) == len(rows[0]) for r in rows), "CSV rows")

path, written = convert("json", "bank.json")
with open(path, encoding="utf-8") as source:
    bank = json.load(source)
check(bank["format"] == "kaoxue-bank" and len(bank["questions"]) == written, "JSON questions")

print("interchange outputs verified by pygiftparser, xmllint, openpyxl, csv and json")
