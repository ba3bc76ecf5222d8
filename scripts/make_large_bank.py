#!/usr/bin/env python3
"""Writes a large native bank for measuring paper assembly as users meet it: COUNT questions (default 100,000)
spread evenly over single choice, multiple choice and true/false, ten topics and the five difficulty levels, every
stem distinct, and a 100-question blueprint with topic bounds and a mean-difficulty band.
Usage: make_large_bank.py FOLDER [COUNT]  (writes FOLDER/bank.txt and FOLDER/blueprint.yaml)."""
import pathlib
import sys

folder = pathlib.Path(sys.argv[1])
count = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
folder.mkdir(parents=True, exist_ok=True)
levels = ["易", "较易", "中等", "较难", "难"]
parts = {"单选题": [], "多选题": [], "判断题": []}
for n in range(count):
    kind = ["单选题", "多选题", "判断题"][n % 3]
    topic = f"专题{(n // 3) % 10}"
    level = levels[(n // 30) % 5]
    stem = f"第{n + 1}题：关于{topic}的第{n}项规定，下列说法正确的是（  ）。"
    if kind == "单选题":
        body = [f"A. 选项甲{n}", f"B. 选项乙{n}", f"C. 选项丙{n}", f"D. 选项丁{n}", "答案：A"]
    elif kind == "多选题":
        body = [f"A. 要点一{n}", f"B. 要点二{n}", f"C. 要点三{n}", f"D. 要点四{n}", "答案：AB"]
    else:
        stem = f"第{n + 1}题：{topic}的第{n}项规定适用于全体干部。"
        body = ["答案：对"]
    parts[kind].append("\n".join([stem] + body + [f"难度：{level}", f"知识点：{topic}", ""]))
numerals = ["一", "二", "三"]
text = []
for index, (kind, questions) in enumerate(parts.items()):
    text.append(f"{numerals[index]}、{kind}\n")
    text.extend(f"{k + 1}. {q}" for k, q in enumerate(questions))
(folder / "bank.txt").write_text("\n".join(text), encoding="utf-8")
topics = "\n".join(f"  专题{t}: {{min: 6, max: 14}}" for t in range(10))
(folder / "blueprint.yaml").write_text(f"""title: 大题库组卷
sections:
  - {{type: single, count: 50, points: 1}}
  - {{type: multiple, count: 30, points: 2, rule: half}}
  - {{type: trueFalse, count: 20, points: 1}}
topics:
{topics}
difficulty: {{mean: 3.0, tolerance: 0.3}}
""", encoding="utf-8")
