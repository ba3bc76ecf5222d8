#!/usr/bin/env python3
"""Times `kaoxue bank convert` on a large bank as a user meets it — whole processes, each format written from the
native bank and read back — side by side with the reader a user would otherwise reach for (pygiftparser for GIFT,
openpyxl for Excel, Python's csv, json and ElementTree), in one run, as ratios (this machine is shared and noisy).
Usage: conversion-speed.py KAOXUE BANK.txt OUTDIR  (make the bank with scripts/make_large_bank.py)."""
import subprocess
import sys
import time

kaoxue, bank, out = sys.argv[1], sys.argv[2], sys.argv[3]

PEERS = {
    "gift": "from pygiftparser import parser\nimport sys\nprint(len(parser.parseFile(open(sys.argv[1], encoding='utf-8'))))",
    "xlsx": "import openpyxl, sys\nwb = openpyxl.load_workbook(sys.argv[1], read_only=True)\nprint(sum(1 for _ in wb.active.iter_rows(values_only=True)))",
    "csv": "import csv, sys\nprint(sum(1 for _ in csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline=''))))",
    "json": "import json, sys\nprint(len(json.load(open(sys.argv[1], encoding='utf-8'))['questions']))",
    "moodle-xml": "import xml.etree.ElementTree as ET, sys\nprint(len(ET.parse(sys.argv[1]).getroot()))",
}
EXTENSIONS = {"kaoxue": "txt", "gift": "gift", "aiken": "aiken.txt", "moodle-xml": "xml", "qti": "zip", "xlsx": "xlsx", "csv": "csv", "json": "json"}


def timed(command):
    start = time.perf_counter()
    run = subprocess.run(command, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if run.returncode not in (0, 1):
        sys.exit(f"{' '.join(command)} failed: {run.stderr[-500:]}")
    return elapsed


print(f"{'format':<11} {'write s':>8} {'read s':>8} {'peer read s':>12} {'peer/kaoxue':>12}")
for name, extension in EXTENSIONS.items():
    path = f"{out}/bank.{extension}"
    write = timed([kaoxue, "bank", "convert", bank, "--to", name, "-o", path, "--force"])
    read = timed([kaoxue, "bank", "convert", path, "--from", name, "--to", "json", "-o", f"{out}/back-{name}.json", "--force"])
    peer = timed([sys.executable, "-c", PEERS[name], path]) if name in PEERS else None
    ratio = f"{peer / read:>11.1f}×" if peer else f"{'—':>12}"
    print(f"{name:<11} {write:>8.2f} {read:>8.2f} {peer if peer else float('nan'):>12.2f} {ratio}")
