#!/usr/bin/env bash
# Scores generated sheets with kaoxue and with the independent numpy scorer (scripts/numpy_score.py), and checks
# that they agree: scores.csv byte for byte, every statistic of items.csv to its last printed digit, the summary to
# 1e-9.
# Usage: scripts/verify-numpy-score.sh [SHEETS]   (default 20,000 sheets)
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 scripts/numpy_score.py generate "$work/key.csv" "$work/sheets.csv" "${1:-20000}" 7
swift run kaoxue score --paper "$work/key.csv" --sheets "$work/sheets.csv" --out "$work/kaoxue"
python3 scripts/numpy_score.py score "$work/key.csv" "$work/sheets.csv" "$work/numpy"
cmp "$work/kaoxue/scores.csv" "$work/numpy/scores.csv"
python3 - "$work/kaoxue" "$work/numpy" <<'PY'
import csv, json, math, sys
kaoxue, numpy = sys.argv[1], sys.argv[2]
def rows(folder):
    with open(f"{folder}/items.csv", newline="", encoding="utf-8-sig") as file:
        return list(csv.DictReader(file))
ours, theirs = rows(kaoxue), rows(numpy)
assert len(ours) == len(theirs) == 100, "100 items each"
compared = 0
for a, b in zip(ours, theirs):
    assert a["id"] == b["id"]
    for column in b:
        if column in a and (a[column] == "" or b[column] == ""):
            # A statistic one side leaves out (an effective weight under a negative covariance) both leave out.
            assert a[column] == b[column], f"items.csv {a['id']} {column}: kaoxue {a[column]!r}, numpy {b[column]!r}"
        elif column in a:
            # Printed values agree to the last digit; a value on a rounding tie (0.66985) may print either way.
            decimals = len(b[column].partition(".")[2])
            close = abs(float(a[column]) - float(b[column])) <= 10 ** -decimals * 1.001 if decimals else a[column] == b[column]
            assert close, f"items.csv {a['id']} {column}: kaoxue {a[column]}, numpy {b[column]}"
            compared += 1
a, b = json.load(open(f"{kaoxue}/summary.json")), json.load(open(f"{numpy}/summary.json"))
for name, value in b.items():
    if isinstance(value, float):
        assert math.isclose(a[name], value, rel_tol=1e-9, abs_tol=1e-12), f"summary {name}: kaoxue {a[name]}, numpy {value}"
    else:
        assert a[name] == value, f"summary {name}: kaoxue {a[name]}, numpy {value}"
print(f"kaoxue and numpy agree: scores.csv identical, {compared} item statistics, {len(b)} summary values")
PY
