#!/usr/bin/env python3
"""Opens every paper-*.docx of a generated paper folder with python-docx (a reader kaoxue did not write)
and checks it against paper.json: the title, every question number in order, every option label."""
import json
import pathlib
import re
import sys

import docx  # python-docx

folder = pathlib.Path(sys.argv[1])
paper = json.loads((folder / "paper.json").read_text(encoding="utf-8"))
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
        assert stem_paragraph == f"{item['number']}. {item['stem']}", f"{path}: stem of {item['number']}"
        for position, option in enumerate(item["options"]):
            label = f"{chr(65 + position)}. {option}"
            assert any(label in t for t in texts), f"{path}: option {label!r} of question {item['number']}"
    section = document.sections[0]
    assert abs(section.page_width.mm - 210) < 1 and abs(section.page_height.mm - 297) < 1, f"{path}: not A4"
    checked += 1
print(f"python-docx read {checked} .docx papers: titles, {sum(len(v['items']) for v in paper['versions'])} questions and their options match paper.json")
