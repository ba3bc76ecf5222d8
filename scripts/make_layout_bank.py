#!/usr/bin/env python3
"""Writes a bank and blueprint that stress paper layout: options from two to forty characters, mixed widths in
one question (a wide A beside a short B), digits and Latin letters among Chinese, long stems, and enough
questions for several pages, and a 密封线 (which narrows the text column). Usage: make_layout_bank.py FOLDER (writes FOLDER/bank.txt, FOLDER/blueprint.yaml)."""
import pathlib
import random
import sys

folder = pathlib.Path(sys.argv[1])
folder.mkdir(parents=True, exist_ok=True)
rng = random.Random(19)
words = ["组织部门", "干部队伍", "基层党组织", "以考促学", "学习培训", "实践锻炼", "选拔任用", "考核评价", "人才引进",
         "2026年", "30%", "A类", "第三条", "公开选调", "周末大课堂", "积分制考评"]


def phrase(low, high):
    text = ""
    while len(text) < low:
        text += rng.choice(words)
    return text[:rng.randint(low, max(low, high))]


lines = ["一、单选题（每题2分）", ""]
number = 1
for _ in range(40):
    widths = rng.choice([(2, 5), (6, 9), (10, 16), (17, 30), (2, 30)])
    options = [phrase(*widths) for _ in range(4)]
    if rng.random() < 0.3:
        options[0] = phrase(14, 20)  # a wide first option beside short ones
    options = list(dict.fromkeys(options))
    while len(options) < 4:
        options.append(phrase(3, 6) + str(len(options)))
    lines += [f"{number}. " + phrase(10, 60) + "（  ）。"] + [f"{chr(65 + k)}. {o}" for k, o in enumerate(options)]
    lines += ["答案：A", "难度：中等", "知识点：排版", ""]
    number += 1
lines += ["二、多选题（每题3分）", ""]
for _ in range(20):
    count = rng.choice([4, 5, 6])
    options = list(dict.fromkeys(phrase(2, rng.choice([6, 12, 24])) for _ in range(count)))
    while len(options) < count:
        options.append(phrase(3, 6) + str(len(options)))
    lines += [f"{number}. " + phrase(10, 40) + "（  ）。"] + [f"{chr(65 + k)}. {o}" for k, o in enumerate(options)]
    lines += ["答案：AB", "难度：中等", "知识点：排版", ""]
    number += 1
(folder / "bank.txt").write_text("\n".join(lines), encoding="utf-8")
(folder / "blueprint.yaml").write_text(
    "title: 排版压力测试\nversions: 2\nsealLine: true\nsections:\n  - {type: single, count: 40, points: 1}\n"
    "  - {type: multiple, count: 20, points: 3, rule: half}\n", encoding="utf-8")
