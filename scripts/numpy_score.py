#!/usr/bin/env python3
"""The numpy reference for `kaoxue score`: the same work, written independently, for the benchmark's sheets.

    numpy_score.py generate KEY SHEETS N [SEED]   a key (70 single, 30 multiple with half marks) and N sheets
    numpy_score.py score KEY SHEETS OUT           scores.csv, items.csv and summary.json under OUT

It reads what the benchmark writes: one version, single- and multiple-choice items (rules `all` and `half`),
answers as ASCII letters A–E in any case and order. It is the yardstick of the benchmark ("measured side by
side") and the independent computation `scripts/verify-numpy-score.sh` compares kaoxue's numbers with.

Definitions as kaoxue's docs/scoring.md (Moodle's quiz statistics): facility, SD, item-rest r, discriminative
efficiency, effective weight, point-biserial, upper/lower 27 % (ties by sheet order), Cronbach's alpha.
"""
import csv
import json
import os
import sys
import time

import numpy as np

LETTERS = "ABCDE"


def generate(key_path, sheets_path, count, seed):
    rng = np.random.default_rng(seed)
    answers = []
    with open(key_path, "w", newline="") as key:
        key.write("version,number,id,type,answer,points,rule\n")
        for number in range(1, 101):
            if number <= 70:
                mask = 1 << int(rng.integers(4))
                key.write(f"A,{number},q{number},single,{LETTERS[mask.bit_length() - 1]},1,\n")
            else:
                mask = 0
                while bin(mask).count("1") < 2:
                    mask = int(rng.integers(32))
                key.write(f"A,{number},q{number},multiple,{''.join(LETTERS[i] for i in range(5) if mask >> i & 1)},1,half\n")
            answers.append(mask)
    units = ["组织部", "宣传部", "统战部", "政法委", "县委办"]
    ability = rng.integers(100, size=count)
    roll = rng.integers(100, size=(count, 100))
    wrong = rng.integers(32, size=(count, 100))
    with open(sheets_path, "w", newline="") as out:
        out.write("id,name,unit,version," + ",".join(str(n) for n in range(1, 101)) + "\n")
        for row in range(count):
            cells = []
            for item in range(100):
                if roll[row, item] < 3:
                    cells.append("")
                    continue
                if roll[row, item] < 30 + ability[row] * 6 // 10:
                    mask = answers[item]
                elif item < 70:
                    mask = 1 << (int(wrong[row, item]) % 4)
                else:
                    mask = int(wrong[row, item]) or 1
                letters = "".join(LETTERS[i] for i in range(5) if mask >> i & 1)
                cells.append(letters.lower() if wrong[row, item] % 7 == 0 else letters[::-1])
            out.write(f"K{row:06d},考生{row},{units[row % len(units)]},A," + ",".join(cells) + "\n")


def read_key(path):
    with open(path, newline="", encoding="utf-8-sig") as file:
        rows = sorted(csv.DictReader(file), key=lambda row: int(row["number"]))
    items = []
    for row in rows:
        mask = 0
        for letter in row["answer"].upper():
            if letter in LETTERS:
                mask |= 1 << LETTERS.index(letter)
        items.append((row["id"], row["type"], mask, float(row["points"]), row["rule"] or "all"))
    return items


def score_table(items):
    """Score of every mask of A–E per item (-1: two letters to a single-choice item)."""
    table = np.zeros((len(items), 32))
    for k, (_, kind, right, points, rule) in enumerate(items):
        for mask in range(32):
            if kind == "single":
                table[k, mask] = -1 if bin(mask).count("1") > 1 else (points if mask == right else 0)
            elif mask & ~right:
                table[k, mask] = 0
            elif mask == right:
                table[k, mask] = points
            else:
                table[k, mask] = points / 2 if rule == "half" and mask else 0
    return table


def blocks(path, start, size=4 << 20):
    """The file from `start` in blocks of whole lines, as uint8 arrays."""
    with open(path, "rb") as file:
        file.seek(start)
        carry = b""
        while True:
            chunk = file.read(size)
            if not chunk:
                if carry:
                    yield np.frombuffer(carry + b"\n", dtype=np.uint8)
                return
            data = carry + chunk
            cut = data.rfind(b"\n") + 1
            carry = data[cut:]
            if cut:
                yield np.frombuffer(data[:cut], dtype=np.uint8)


def fields_of(block, fields, path):
    """Field starts (rows × fields) and ends of a block of rows with `fields` fields each."""
    separators = np.flatnonzero((block == 44) | (block == 10))
    if len(separators) % fields or (block[separators[fields - 1::fields]] != 10).any():
        sys.exit(f"{path}: every row needs {fields} fields")
    starts = np.concatenate(([0], separators[:-1] + 1))
    return starts, separators.reshape(-1, fields)


def score(key_path, sheets_path, out):
    started = time.perf_counter()
    items = read_key(key_path)
    count_items = len(items)
    points = np.array([item[3] for item in items])
    half_steps = np.rint(np.maximum(score_table(items), 0) * 2).astype(np.int8)  # scores in half points
    max_steps = int(round(points.sum() * 2))
    # Letter bits of every byte value: A/a = 1, B/b = 2, … E/e = 16; other letters 128 (no such option); else 0.
    bit_of = np.zeros(256, dtype=np.uint8)
    for i in range(26):
        bit_of[65 + i] = bit_of[97 + i] = 1 << i if i < 5 else 128
    with open(sheets_path, "rb") as file:
        header_end = len(file.readline())
    fields = count_items + 4
    item_index = np.arange(count_items)
    # Pass 1: every item's score (kept, int8: 100 bytes a sheet), and the sums of the item analysis.
    parts, totals_parts, section_parts = [], [], []
    single = np.array([item[1] == "single" for item in items])
    sx, sxx, sxt = np.zeros(count_items), np.zeros(count_items), np.zeros(count_items)
    option_counts = np.zeros(count_items * 32, dtype=np.int64)
    rest_counts = np.zeros(count_items * (max_steps + 1), dtype=np.int64)
    for block in blocks(sheets_path, header_end):
        starts, _ = fields_of(block, fields, sheets_path)
        masks = np.bitwise_or.reduceat(bit_of[block], starts).reshape(-1, fields)[:, 4:]
        if (masks >= 32).any():
            sys.exit(f"{sheets_path}: an answer names an option beyond E")
        steps = half_steps[item_index, masks]
        total = steps.sum(axis=1, dtype=np.int32)
        parts.append(steps)
        totals_parts.append(total)
        section_parts.append(np.stack([steps[:, single].sum(axis=1, dtype=np.int32), steps[:, ~single].sum(axis=1, dtype=np.int32)], axis=1))
        wide = steps.astype(np.int32)
        sx += wide.sum(axis=0) / 2
        sxx += (wide * wide).sum(axis=0) / 4
        sxt += wide.T.astype(np.float64) @ total / 4
        option_counts += np.bincount((item_index * 32 + masks).ravel(), minlength=count_items * 32)
        rest_counts += np.bincount((item_index * (max_steps + 1) + (total[:, None] - steps)).ravel(), minlength=rest_counts.size)
    total_steps = np.concatenate(totals_parts)
    sections = np.concatenate(section_parts)
    parsed = time.perf_counter()
    totals = total_steps / 2
    n = len(totals)
    # Competition ranks (1, 2, 2, 4); order by total, highest first, sheet order among ties.
    order = np.argsort(-total_steps, kind="stable")
    ranks = np.searchsorted(-total_steps[order], -total_steps, side="left") + 1
    maximum = points.sum()
    percent = totals / maximum * 100
    grades = ["不合格", "合格", "良好", "优秀"]
    band = (percent >= 60 - 1e-9).astype(np.int8) + (percent >= 80 - 1e-9) + (percent >= 90 - 1e-9)
    # Pass 2: scores.csv, with each row's id,name,unit,version read again; numbers of half points as text once.
    text = [number(step / 2) for step in range(max_steps + 1)]
    percents = [f"{step / 2 / maximum * 100:.1f}" for step in range(max_steps + 1)]
    os.makedirs(out, exist_ok=True)
    # UTF-8 with a BOM, as kaoxue writes CSV files for Excel.
    with open(os.path.join(out, "scores.csv"), "w", encoding="utf-8-sig", newline="") as file:
        file.write("id,name,unit,version,score,percent,grade,rank,单选题,多选题\r\n")
        row = 0
        for block in blocks(sheets_path, header_end):
            starts, ends = fields_of(block, fields, sheets_path)
            raw = block.tobytes()
            lines = []
            for first, last in zip(starts.reshape(-1, fields)[:, 0].tolist(), ends[:, 3].tolist()):
                t = total_steps[row]
                lines.append(f"{raw[first:last].decode()},{text[t]},{percents[t]},{grades[band[row]]},{ranks[row]},"
                             f"{text[sections[row, 0]]},{text[sections[row, 1]]}\r\n")
                row += 1
            file.write("".join(lines))
    written = time.perf_counter()
    # Item analysis from the sums (Moodle's quiz statistics).
    st, stt = totals.sum(), (totals * totals).sum()
    mean_x, mean_t = sx / n, st / n
    var_x = (sxx - sx * sx / n) / (n - 1)
    var_t = (stt - st * st / n) / (n - 1)
    cov_xt = (sxt - sx * st / n) / (n - 1)
    var_r = var_t + var_x - 2 * cov_xt
    cov_xr = cov_xt - var_x
    mean_r = mean_t - mean_x
    size = int(np.floor(n * 0.27 + 0.5))
    side = np.zeros(n, dtype=np.int8)  # 1: upper 27 %, -1: lower
    side[order[:size]] = 1
    side[order[-size:]] = -1
    upper, lower, row = np.zeros(count_items), np.zeros(count_items), 0
    for part in parts:
        here = side[row:row + len(part)]
        upper += part[here == 1].sum(axis=0, dtype=np.int64)
        lower += part[here == -1].sum(axis=0, dtype=np.int64)
        row += len(part)
    upper, lower = upper / 2 / size / points, lower / 2 / size / points
    # The whole distribution of the rest score per item, for covmax.
    rest_counts = rest_counts.reshape(count_items, -1)
    rest_values = np.arange(max_steps + 1) / 2
    rest_below = np.cumsum(rest_counts, axis=1)
    rest_sum_below = np.cumsum(rest_counts * rest_values, axis=1)

    def smallest_rests(k, m):
        """The sum of item k's m smallest rest scores."""
        if m <= 0:
            return 0.0
        v = int(np.searchsorted(rest_below[k], m))  # the value the m-th smallest falls on
        below = rest_below[k, v - 1] if v else 0
        return (rest_sum_below[k, v - 1] if v else 0.0) + (m - below) * rest_values[v]

    # Moodle's effective weight: items whose covariance with the total is negative have none and leave the sum.
    weights = np.sqrt(np.maximum(cov_xt, 0))
    with open(os.path.join(out, "items.csv"), "w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file, lineterminator="\r\n")
        writer.writerow(["id", "facility", "sd", "discrimination", "efficiency", "effectiveWeight", "pointBiserial", "upper", "lower", "D"]
                        + [f"option{letter}" for letter in LETTERS] + ["blank"])
        for k, item in enumerate(items):
            # covmax: the j-th smallest score paired with the j-th smallest rest score, from the two histograms.
            x_counts = np.bincount(half_steps[k, np.arange(32)], weights=option_counts[k * 32:(k + 1) * 32], minlength=max_steps + 1)
            ranks_below = np.concatenate(([0], np.cumsum(x_counts).astype(np.int64)))
            pairs = sum(level / 2 * (smallest_rests(k, ranks_below[level + 1]) - smallest_rests(k, ranks_below[level]))
                        for level in np.flatnonzero(x_counts))
            cov_max = (pairs - n * mean_x[k] * mean_r[k]) / (n - 1)
            counts = option_counts[k * 32:(k + 1) * 32]
            options = [int(counts[[mask for mask in range(32) if mask >> bit & 1]].sum()) for bit in range(5)]
            writer.writerow([item[0], f"{mean_x[k] / points[k]:.4f}", f"{np.sqrt(var_x[k]) / points[k]:.4f}",
                             f"{100 * cov_xr[k] / np.sqrt(var_x[k] * var_r[k]):.2f}", f"{100 * cov_xr[k] / cov_max:.2f}",
                             f"{100 * weights[k] / weights.sum():.2f}" if cov_xt[k] >= 0 else "", f"{cov_xt[k] / np.sqrt(var_x[k] * var_t):.4f}",
                             f"{upper[k]:.4f}", f"{lower[k]:.4f}", f"{upper[k] - lower[k]:.4f}"] + options + [int(counts[0])])
    alpha = count_items / (count_items - 1) * (1 - var_x.sum() / var_t)
    d = totals - mean_t
    m2, m3, m4 = (d ** 2).mean(), (d ** 3).mean(), (d ** 4).mean()
    k2 = n * m2 / (n - 1)
    summary = {
        "candidates": int(n), "mean": float(mean_t), "median": float(np.median(totals)), "sd": float(np.sqrt(var_t)),
        "min": float(totals.min()), "max": float(totals.max()),
        "skewness": float(n * n * m3 / ((n - 1) * (n - 2)) / k2 ** 1.5),
        "kurtosis": float(n * n * ((n + 1) * m4 - 3 * (n - 1) * m2 * m2) / ((n - 1) * (n - 2) * (n - 3)) / (k2 * k2)),
        "alpha": float(alpha), "sem": float(np.sqrt(var_t) * np.sqrt(max(0, 1 - alpha))),
        "passRate": float((band >= 1).mean()), "excellentRate": float((band == 3).mean()),
        "histogram": np.bincount(np.clip((percent // 10).astype(int), 0, 9), minlength=10).tolist(),
    }
    with open(os.path.join(out, "summary.json"), "w") as file:
        json.dump(summary, file, indent=2, sort_keys=True)
    done = time.perf_counter()
    print(f"numpy: scored {n} sheets in {done - started:.2f} s (reading and scoring {parsed - started:.2f}, scores.csv "
          f"{written - parsed:.2f}, statistics {done - written:.2f})", file=sys.stderr)


def number(value):
    """As kaoxue writes a score: two decimals, trailing zeros dropped."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text


if __name__ == "__main__":
    if len(sys.argv) >= 5 and sys.argv[1] == "generate":
        generate(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]) if len(sys.argv) > 5 else 2026)
    elif len(sys.argv) == 5 and sys.argv[1] == "score":
        score(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        sys.exit(__doc__)
