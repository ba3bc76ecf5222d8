#!/usr/bin/env python3
"""Times `kaoxue credits import` on a large activities file as a clerk meets it — a whole process, every row
checked, one transaction into a new store — side by side with the script a clerk would otherwise write (Python's
csv module and sqlite3, the same table and index, one transaction, no checking at all), in one run, as a ratio
(this machine is shared and noisy), with each one's peak memory.
Usage: ledger-import-speed.py KAOXUE OUTDIR [ROWS]  (ROWS defaults to 1,000,000; 100,000 people)."""
import os
import resource
import subprocess
import sys
import time

kaoxue, out = sys.argv[1], sys.argv[2]
rows = int(sys.argv[3]) if len(sys.argv) > 3 else 1_000_000
os.makedirs(out, exist_ok=True)
activities = os.path.join(out, "activities.csv")
with open(activities, "w", encoding="utf-8") as f:
    f.write("record_id,person_id,name,unit,date,kind,title,hours,days,minutes,absent_hours\n")
    for i in range(rows):
        person = i % 100_000
        f.write(f"R{i},P{person},人员{person},单位{person % 7},2026-{i % 11 + 1:02d}-{i % 28 + 1:02d},专题讲座,课程{i},1,,,\n")

PEER = r'''
import csv, sqlite3, sys
db = sqlite3.connect(sys.argv[2], isolation_level=None)
db.execute("PRAGMA journal_mode=WAL")
db.execute("CREATE TABLE activity (key TEXT NOT NULL UNIQUE, recordId TEXT, person TEXT NOT NULL, date TEXT NOT NULL,"
           " year INTEGER NOT NULL, kind TEXT NOT NULL, title TEXT NOT NULL, hours REAL, days REAL, minutes REAL,"
           " absentHours REAL, credited REAL NOT NULL, creditRule TEXT NOT NULL, sourceRow INTEGER NOT NULL, batch INTEGER NOT NULL)")
db.execute("CREATE INDEX activity_year_person ON activity (year, person, kind, credited, date)")
def rows():
    with open(sys.argv[1], encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        next(reader)
        for n, r in enumerate(reader, start=2):
            yield (r[0], r[0], r[1], r[4], int(r[4][:4]), r[5], r[6], float(r[7]), None, None, None, float(r[7]), "kinds", n, 1)
db.execute("BEGIN")
db.executemany("INSERT INTO activity VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(key) DO NOTHING", rows())
db.execute("COMMIT")
'''


def timed(command):
    """Seconds and peak resident MB of one process (a fresh child each time, so the peak is its own)."""
    wrapper = ("import resource, subprocess, sys, time\n"
               "start = time.perf_counter()\n"
               "run = subprocess.run(sys.argv[1:], capture_output=True)\n"
               "elapsed = time.perf_counter() - start\n"
               "if run.returncode != 0: sys.exit(run.stderr.decode()[-500:])\n"
               "print(elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)\n")
    run = subprocess.run([sys.executable, "-c", wrapper] + command, capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(f"{' '.join(command)} failed: {run.stderr[-500:]}")
    seconds, megabytes = run.stdout.split()
    return float(seconds), float(megabytes)


for attempt in range(2):
    store, peer = os.path.join(out, f"k{attempt}.sqlite"), os.path.join(out, f"p{attempt}.sqlite")
    for path in (store, peer):
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(path + suffix):
                os.remove(path + suffix)
    ours, our_memory = timed([kaoxue, "credits", "import", activities, "--store", store])
    theirs, their_memory = timed([sys.executable, "-c", PEER, activities, peer])
    print(f"{rows} rows: kaoxue credits import {ours:.2f} s ({our_memory:.0f} MB), "
          f"python csv + sqlite3 {theirs:.2f} s ({their_memory:.0f} MB): ratio {ours / theirs:.2f}")
