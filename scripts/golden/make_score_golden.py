#!/usr/bin/env python3
"""Answer sheets and independently computed scores and statistics for kaoxue's scoring tests.

Usage: make_score_golden.py PAPER_DIR OUT_DIR
Reads PAPER_DIR/key.csv and paper.json (from `kaoxue paper generate`), writes OUT_DIR/sheets.csv (400 candidates,
two versions, answers drawn from a latent-ability model) and OUT_DIR/expected.json computed here with numpy:
totals, summary statistics (Moodle's definitions), Cronbach's alpha per version, and per question facility,
item-rest correlation, point-biserial, discriminative efficiency and the upper/lower 27 % index. Made once; the
tests compare kaoxue's output with it.
"""
import csv, json, math, random, sys
import numpy as np

paper_dir, out_dir = sys.argv[1], sys.argv[2]
rng = random.Random(20261121)
paper = json.load(open(f"{paper_dir}/paper.json", encoding="utf-8"))
key = {}
for row in csv.DictReader(open(f"{paper_dir}/key.csv", encoding="utf-8-sig")):
    key[(row["version"], int(row["number"]))] = row
versions = [v["name"] for v in paper["versions"]]
options_of = {(v["name"], it["number"]): len(it["options"]) for v in paper["versions"] for it in v["items"]}
units = ["组织部", "宣传部", "统战部", "政法委", "县委办"]

def letters(mask):
    return "".join(chr(65 + i) for i in range(26) if mask & (1 << i))

def mask_of(text):
    return sum(1 << (ord(c) - 65) for c in text)

def score(row, answer):
    points = float(row["points"])
    kind = row["type"]
    if answer == "":
        return 0.0
    if kind == "single":
        return points if answer == row["answer"] else 0.0
    if kind == "multiple":
        chosen, correct = mask_of(answer), mask_of(row["answer"])
        if chosen & ~correct:
            return 0.0
        if chosen == correct:
            return points
        return points / 2 if row["rule"] == "half" and chosen else 0.0
    if kind == "truefalse":
        return points if answer == row["answer"] else 0.0
    if kind == "fill":
        blanks = [b.split(";") for b in row["answer"].split("|")]
        given = answer.split("|")
        right = sum(1 for i, alts in enumerate(blanks) if i < len(given) and given[i] in alts)
        return points * right / len(blanks)
    if kind == "short":
        words = [w.split("(")[0] for w in row["answer"].split(";")]
        weights = [float(w.split("(")[1].rstrip(")")) if "(" in w else 1.0 for w in row["answer"].split(";")]
        found = sum(wt for w, wt in zip(words, weights) if w in answer)
        return points * found / sum(weights)
    raise ValueError(kind)

def respond(row, number, version, ability):
    """An answer from a candidate of this ability: right more often when able."""
    kind, count = row["type"], options_of[(version, number)]
    p = 1 / (1 + math.exp(-(ability - (number % 5 - 2) * 0.5)))
    if rng.random() < 0.03:
        return ""
    right = rng.random() < p
    if kind == "single":
        if right:
            return row["answer"]
        return rng.choice([chr(65 + i) for i in range(count) if chr(65 + i) != row["answer"]])
    if kind == "multiple":
        correct = mask_of(row["answer"])
        if right:
            return letters(correct)
        if rng.random() < 0.5:  # a proper subset (half marks under `half`)
            bits = [i for i in range(count) if correct & (1 << i)]
            return letters(sum(1 << i for i in rng.sample(bits, max(1, len(bits) - 1))))
        return letters(rng.randrange(1, 1 << count))
    if kind == "truefalse":
        return row["answer"] if right else ("错" if row["answer"] == "对" else "对")
    if kind == "fill":
        blanks = [b.split(";") for b in row["answer"].split("|")]
        return "|".join(alts[0] if (right or rng.random() < 0.3) else "不知道" for alts in blanks)
    if kind == "short":
        words = [w.split("(")[0] for w in row["answer"].split(";")]
        return "，".join(w for w in words if right or rng.random() < 0.3) or "不会"
    raise ValueError(kind)

count_items = {v: max(n for (vv, n) in key if vv == v) for v in versions}
width = max(count_items.values())
rows, totals, item_scores = [], [], []
for index in range(400):
    version = versions[index % len(versions)]
    ability = rng.gauss(0, 1.2)
    answers, scores = [], []
    for number in range(1, width + 1):
        if number > count_items[version]:
            answers.append("")
            continue
        row = key[(version, number)]
        answer = respond(row, number, version, ability)
        answers.append(answer)
        scores.append(score(row, answer))
    candidate = f"K{index + 1:04d}"
    rows.append([candidate, f"考生{index + 1}", units[index % len(units)], version] + answers)
    totals.append(sum(scores))
    item_scores.append((version, scores))

with open(f"{out_dir}/sheets.csv", "w", encoding="utf-8", newline="") as f:
    writer = csv.writer(f, lineterminator="\r\n")
    writer.writerow(["id", "name", "unit", "version"] + [str(n) for n in range(1, width + 1)])
    writer.writerows(rows)

T = np.array(totals)
n = len(T)
d = T - T.mean()
m2, m3, m4 = (d**2).mean(), (d**3).mean(), (d**4).mean()
k2 = n * m2 / (n - 1)
k3 = n * n * m3 / ((n - 1) * (n - 2))
k4 = n * n * ((n + 1) * m4 - 3 * (n - 1) * m2 * m2) / ((n - 1) * (n - 2) * (n - 3))
alpha = {}
for version in versions:
    X = np.array([s for v, s in item_scores if v == version])
    k = X.shape[1]
    alpha[version] = k / (k - 1) * (1 - X.var(axis=0, ddof=1).sum() / X.sum(axis=1).var(ddof=1))
weights = {v: sum(1 for vv, _ in item_scores if vv == v) for v in versions}
alpha_all = sum(alpha[v] * weights[v] for v in versions) / n

# Per bank question, across versions.
per_question = {}
order = sorted(range(n), key=lambda i: (-totals[i], i))
group = round(n * 0.27)
upper, lower = set(order[:group]), set(order[-group:])
for i, (version, scores) in enumerate(item_scores):
    for number, x in enumerate(scores, start=1):
        row = key[(version, number)]
        q = per_question.setdefault(row["id"], {"points": float(row["points"]), "x": [], "T": [], "up": [], "low": []})
        q["x"].append(x)
        q["T"].append(totals[i])
        if i in upper: q["up"].append(x)
        if i in lower: q["low"].append(x)
questions = {}
for qid, q in per_question.items():
    x, t = np.array(q["x"]), np.array(q["T"])
    r = t - x
    entry = {"facility": x.mean() / q["points"], "candidates": len(x)}
    if x.var() > 0 and r.var() > 0:
        cov = np.cov(x, r, ddof=1)[0, 1]
        entry["discrimination"] = 100 * np.corrcoef(x, r)[0, 1]
        entry["pointBiserial"] = np.corrcoef(x, t)[0, 1]
        covmax = ((np.sort(x) - x.mean()) * (np.sort(r) - r.mean())).sum() / (len(x) - 1)
        entry["efficiency"] = 100 * cov / covmax
    if q["up"] and q["low"]:
        entry["D"] = np.mean(q["up"]) / q["points"] - np.mean(q["low"]) / q["points"]
    questions[qid] = entry

expected = {
    "candidates": n, "mean": T.mean(), "median": float(np.median(T)), "sd": T.std(ddof=1), "min": T.min(), "max": T.max(),
    "skewness": k3 / k2**1.5, "kurtosis": k4 / k2**2, "alpha": alpha_all, "alphaByVersion": alpha,
    "sem": T.std(ddof=1) * math.sqrt(1 - alpha_all), "passRate": float((T / 100 * 100 >= 60).mean()),
    "totals": {r[0]: t for r, t in zip(rows, totals)}, "questions": questions,
}
json.dump(expected, open(f"{out_dir}/expected.json", "w", encoding="utf-8"), ensure_ascii=False, indent=1, default=float)
print(f"{n} sheets; mean {T.mean():.3f}; alpha {alpha_all:.4f}")
