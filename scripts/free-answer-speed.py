#!/usr/bin/env python3
"""`kaoxue score` on realistic sheets beside choice-only ones, as processes, in one run.

    free-answer-speed.py KAOXUE OUT [SHEETS] [RUNS]

Writes under OUT two papers of 35 items and SHEETS answer sheets for each (120,000 by default):
- free: 20 single choice, 10 fill-ins of two blanks, 5 short answers of three keywords — the benchmark's paper
  (Benchmarks/Benchmarks/BatchScoring), answers in words as cadres write them (short answers never repeat);
- choice: 35 single choice.
Then times `kaoxue score` on each, alternating, RUNS times (5), and prints the medians and their ratio per sheet.
The issue's goal: free-answer sheets at most 3x the per-sheet time of choice-only ones.
"""
import os
import random
import statistics
import subprocess
import sys
import time


def write(out, sheets):
    os.makedirs(out, exist_ok=True)
    rng = random.Random(35)
    header = "id,name,unit,version," + ",".join(str(n) for n in range(1, 36)) + "\n"
    with open(os.path.join(out, "free-key.csv"), "w") as key:
        key.write("version,number,id,type,answer,points,rule\n")
        for n in range(1, 21):
            key.write(f"A,{n},s{n},single,{'ABCD'[n % 4]},2,\n")
        for n in range(21, 31):
            key.write(f"A,{n},f{n},fill,实事求是{n}|群众路线{n};群众工作{n},2,\n")
        for n in range(31, 36):
            key.write(f"A,{n},k{n},short,民主集中制;党的领导{n};自我革命,6,\n")
    with open(os.path.join(out, "choice-key.csv"), "w") as key:
        key.write("version,number,id,type,answer,points,rule\n")
        for n in range(1, 36):
            key.write(f"A,{n},c{n},single,{'ABCD'[n % 4]},2,\n")
    with open(os.path.join(out, "free.csv"), "w") as free, open(os.path.join(out, "choice.csv"), "w") as choice:
        free.write(header)
        choice.write(header)
        for candidate in range(sheets):
            ability = rng.randrange(100)
            cells = [f"K{candidate}", f"考生{candidate}", "组织部", "A"]
            for n in range(1, 21):
                cells.append("ABCD"[n % 4] if rng.randrange(100) < ability else "ABCD"[rng.randrange(4)])
            plain = list(cells)
            for n in range(21, 36):
                plain.append("ABCD"[n % 4] if rng.randrange(100) < ability else "ABCD"[rng.randrange(4)])
            for n in range(21, 31):
                first = f"实事求是{n}" if rng.randrange(100) < ability else f"实事{rng.randrange(50)}"
                second = f"群众工作{n}" if rng.randrange(100) < ability else f"群众{rng.randrange(50)}"
                cells.append(first + "|" + second)
            for n in range(31, 36):
                words = [w for w in ["民主集中制", f"党的领导{n}", "自我革命"] if rng.randrange(100) < ability]
                # A sentence of the candidate's own: no two alike.
                cells.append('"' + "，".join(words + [f"要坚持{candidate}-{n}-{rng.randrange(10**6)}"]) + '"')
            free.write(",".join(cells) + "\n")
            choice.write(",".join(plain) + "\n")


def timed(arguments):
    started = time.perf_counter()
    done = subprocess.run(arguments, capture_output=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"{arguments}: exit {done.returncode}\n{done.stderr.decode()}")
    return elapsed


def main():
    kaoxue, out = sys.argv[1], sys.argv[2]
    sheets = int(sys.argv[3]) if len(sys.argv) > 3 else 120_000
    runs = int(sys.argv[4]) if len(sys.argv) > 4 else 5
    write(out, sheets)
    times = {"free": [], "choice": []}
    for _ in range(runs):
        for kind in ("choice", "free"):
            times[kind].append(timed([kaoxue, "score", "--sheets", os.path.join(out, f"{kind}.csv"), "--paper", os.path.join(out, f"{kind}-key.csv"),
                                      "--out", os.path.join(out, f"{kind}-out"), "--force"]))
    choice, free = statistics.median(times["choice"]), statistics.median(times["free"])
    print(f"{sheets} sheets of 35 items, medians of {runs} runs, alternating")
    print(f"choice only (35 single choice):                     {choice:.2f} s")
    print(f"free answers (20 choice, 10 fill-ins, 5 short answers): {free:.2f} s")
    print(f"ratio free / choice per sheet: {free / choice:.2f}x (goal: at most 3x)")


if __name__ == "__main__":
    main()
