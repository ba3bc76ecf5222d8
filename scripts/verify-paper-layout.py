#!/usr/bin/env python3
"""Renders every handout/paper-*.docx of a generated paper folder to PDF with LibreOffice (a typesetter kaoxue did
not write) and checks the page layout from the PDF's text positions (pdftotext -bbox-layout):

- no question is split across pages: its number and its last option line are on one page;
- no option wraps into the next column or line: each option's text stands whole on the line of its label, and the
  labels of one row share that line, left to right;
- the footer reads 第 N 页 / 共 M 页 with M the page count;
- the fonts embedded for Chinese text are CJK faces (pdffonts), none of them DejaVu or another Latin-only face.

Usage: verify-paper-layout.py FOLDER  (the --out of kaoxue paper generate)."""
import html
import json
import pathlib
import re
import subprocess
import sys
import tempfile

folder = pathlib.Path(sys.argv[1])
handout = folder / "handout"
paper = json.loads((handout / "paper.json").read_text(encoding="utf-8"))
failures = []
checked_items = 0
pages_seen = 0


def words_of(pdf):
    """Every word as (page, yMin, xMin, text), from pdftotext's bounding boxes."""
    out = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    words = []
    for page_number, page in enumerate(out.split("<page ")[1:], start=1):
        for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">(.*?)</word>', page):
            words.append((page_number, float(m.group(2)), float(m.group(1)), html.unescape(m.group(3))))
    return words


def lines_of(words):
    """Words grouped into lines (same page, baseline within 2 pt), top to bottom, each left to right."""
    lines = []
    for page, y, x, text in sorted(words, key=lambda w: (w[0], w[1], w[2])):
        if lines and lines[-1]["page"] == page and abs(lines[-1]["y"] - y) < 2:
            lines[-1]["words"].append((x, text))
        else:
            lines.append({"page": page, "y": y, "words": [(x, text)]})
    for line in lines:
        line["words"].sort()
    return lines


def squash(text):
    return re.sub(r"\s+", "", text)


with tempfile.TemporaryDirectory() as scratch:
    for version in paper["versions"]:
        name = version["name"]
        docx = handout / f"paper-{name}.docx"
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", scratch, str(docx)],
                       check=True, capture_output=True, timeout=300)
        pdf = pathlib.Path(scratch) / f"paper-{name}.pdf"
        info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
        pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
        pages_seen += pages
        fonts = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True).stdout
        if "CJK" not in fonts:
            failures.append(f"{docx.name}: no CJK font embedded:\n{fonts}")
        for bad in ("DejaVu",):
            if bad in fonts:
                failures.append(f"{docx.name}: {bad} substituted for a Chinese face:\n{fonts}")
        words = words_of(pdf)
        if paper.get("sealLine"):
            # The 密封线 stands in the binding margin (left of 75 pt): its rotated words are not the paper's lines.
            seal = [w for w in words if w[2] < 75]
            if not any("密" in w[3] for w in seal):
                failures.append(f"{docx.name}: no 密封线 in the left margin")
            words = [w for w in words if w[2] >= 75]
        lines = lines_of(words)
        footers = [squash("".join(t for _, t in line["words"])) for line in lines
                   if squash("".join(t for _, t in line["words"])).startswith("第")
                   and squash("".join(t for _, t in line["words"])).endswith(f"共{pages}页")]
        if len(footers) != pages:
            failures.append(f"{docx.name}: {len(footers)} footers read 第 N 页 / 共 {pages} 页, expected {pages}")
        # The text column's left edge: where the leftmost lines (headings, stems) start.
        left = min(line["words"][0][0] for line in lines)
        # Walk the lines in order, finding each item's number, then each option on a line of its own row.
        cursor = 0
        for item in version["items"]:
            number = f"{item['number']}."
            start = next((i for i in range(cursor, len(lines)) if lines[i]["words"][0][1].startswith(number)
                          and abs(lines[i]["words"][0][0] - left) < 15), None)
            if start is None:
                failures.append(f"{docx.name}: question {item['number']} not found at the start of a line")
                continue
            cursor = start + 1
            last_page = lines[start]["page"]
            labels = [f"{chr(65 + p)}." for p in range(len(item["options"]))]
            for position, option in enumerate(item["options"]):
                label = labels[position]
                found = None
                for i in range(cursor - (1 if position else 0), min(len(lines), cursor + 12)):
                    texts = [t for _, t in lines[i]["words"]]
                    if label in texts and i >= start:
                        found = i
                        break
                if found is None:
                    failures.append(f"{docx.name}: question {item['number']} option {label} not found")
                    break
                words = [t for _, t in lines[found]["words"]]
                after = words[words.index(label) + 1:]
                following = next((k for k, t in enumerate(after) if t in labels[position + 1:]), len(after))
                printed = squash("".join(after[:following]))
                if printed != squash(option):
                    failures.append(
                        f"{docx.name}: question {item['number']} option {label} is not whole on its line: "
                        f"printed {printed!r}, expected {squash(option)!r}")
                cursor = found
                last_page = lines[found]["page"]
            if last_page != lines[start]["page"]:
                failures.append(f"{docx.name}: question {item['number']} is split across pages {lines[start]['page']}–{last_page}")
            checked_items += 1

if failures:
    print("\n".join(failures))
    sys.exit(1)
print(f"LibreOffice laid out {len(paper['versions'])} .docx papers on {pages_seen} pages: {checked_items} questions, "
      "none split across pages, every option whole on its line, footers 第 N 页 / 共 M 页, CJK fonts embedded")
