#!/usr/bin/env python3
"""Times `kaoxue practice` from process start to the first question on the screen.

Uses the files the StudySessions benchmark writes (a 10,000-question bank and a store of 100,000 reviews):
run `cd Benchmarks && swift package benchmark --target StudySessions` once, then
`swift build -c release --product kaoxue && scripts/first-question-latency.py`.
"""
import os, statistics, subprocess, sys, tempfile, time

folder = os.path.join(tempfile.gettempdir(), "kaoxue-bench-practice")
binary = sys.argv[1] if len(sys.argv) > 1 else ".build/release/kaoxue"
if not os.path.exists(os.path.join(folder, "store.sqlite")):
    sys.exit(f"{folder}: no fixture; run the StudySessions benchmark first")
times = []
for _ in range(15):
    start = time.perf_counter()
    process = subprocess.Popen(
        [binary, "practice", "--bank", os.path.join(folder, "bank.txt"), "--store", os.path.join(folder, "store.sqlite"),
         "--user", "bench", "--count", "10", "--now", "2026-03-01T08:00:00Z"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    seen = b""
    while b"[1/" not in seen:
        chunk = process.stdout.read1(4096)
        if not chunk:
            sys.exit("kaoxue ended before showing a question")
        seen += chunk
    times.append((time.perf_counter() - start) * 1000)
    process.stdin.close()
    process.wait()
print(f"first question after {statistics.median(times):.1f} ms (median of {len(times)}; min {min(times):.1f}, max {max(times):.1f})")
