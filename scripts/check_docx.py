#!/usr/bin/env python3
"""Opens every handout/paper-*.docx of a generated paper folder with python-docx (a reader kaoxue did not write)
and checks it against paper.json: the title, every question number in order, every stem (a true/false stem ends in
the mark's （　　）, fill-in blanks are underlines), every option label; that paper.json carries no option order; and
that organizer/key-*.docx open too."""
import json
import pathlib
import re
import sys

import docx  # python-docx

root = pathlib.Path(sys.argv[1])
folder = root / "handout"
paper = json.loads((folder / "paper.json").read_text(encoding="utf-8"))
assert all("optionOrder" not in item for v in paper["versions"] for item in v["items"]), "paper.json tells option positions"


def blanks_as_marks(text):
    """Blanks as one mark, whatever their length: ____, （  ） in the bank; ＿＿＿＿ on the paper."""
    return re.sub(r"(_{2,}|＿{2,}|（\s*）|\(\s*\))", "□", text)


checked = 0
for version in paper["versions"]:
    path = folder / f"paper-{version['name']}.docx"
    document = docx.Document(str(path))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == paper["title"], f"{path}: title {texts[0]!r}"
    stems = [p.text for p in document.paragraphs if p.style.name == "Stem"]
    numbers = [int(m.group(1)) for t in stems if (m := re.match(r"^(\d+)\. ", t))]
    expected = [item["number"] for item in version["items"]]
    assert numbers == expected, f"{path}: question numbers {numbers} != {expected}"
    for item in version["items"]:
        stem_paragraph = next(t for t in stems if t.startswith(f"{item['number']}. "))
        expected_stem = item["stem"] + ("（　　）" if item["type"] == "trueFalse" else "")
        # The stem, then (in the same paragraph, after line breaks) its option rows.
        printed = blanks_as_marks(stem_paragraph)
        expected = blanks_as_marks(f"{item['number']}. {expected_stem}")
        assert printed == expected or printed.startswith(expected + "\n"), f"{path}: stem of {item['number']}: {stem_paragraph!r}"
        for position, option in enumerate(item["options"]):
            label = f"{chr(65 + position)}. {option}"
            assert any(label in t for t in texts), f"{path}: option {label!r} of question {item['number']}"
    section = document.sections[0]
    assert abs(section.page_width.mm - 210) < 1 and abs(section.page_height.mm - 297) < 1, f"{path}: not A4"
    checked += 1
for key in sorted((root / "organizer").glob("key-*.docx")):
    texts = [p.text for p in docx.Document(str(key)).paragraphs]
    assert texts[0].endswith("参考答案"), f"{key}: title {texts[0]!r}"
    checked += 1
print(f"python-docx read {checked} .docx papers and keys: titles, {sum(len(v['items']) for v in paper['versions'])} questions and their options match paper.json")
