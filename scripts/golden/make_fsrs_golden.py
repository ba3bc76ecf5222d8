#!/usr/bin/env python3
"""Makes the FSRS golden files of Tests/StudySessionTests/Fixtures once, with the reference implementation
py-fsrs 6.3.2 (pip install fsrs==6.3.2): random review logs, and each card's final state replayed with
fuzzing off. kaoxue's Swift scheduler must reproduce them exactly."""
import csv
import random
import sys
from datetime import datetime, timedelta, timezone

import fsrs

assert fsrs.__version__ if hasattr(fsrs, "__version__") else True
out = sys.argv[1] if len(sys.argv) > 1 else "."
rng = random.Random(20261121)
scheduler = fsrs.Scheduler(enable_fuzzing=False)

events = []
start = datetime(2026, 1, 5, 8, 0, tzinfo=timezone.utc)
for card in range(300):
    time = start + timedelta(seconds=rng.randrange(0, 86400 * 30))
    for _ in range(rng.randrange(1, 40)):
        rating = rng.choices([1, 2, 3, 4], weights=[2, 1, 5, 1])[0]
        events.append((time, f"c{card:03d}", rating))
        # gaps from seconds to months, as real study does
        gap = rng.choice([rng.randrange(5, 600), rng.randrange(600, 86400), rng.randrange(86400, 86400 * 120)])
        time = time + timedelta(seconds=gap, microseconds=rng.choice([0, 0, rng.randrange(0, 1000000)]))
events.sort()

def iso(moment):
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ").replace(".000000Z", "Z")

with open(f"{out}/fsrs-log.csv", "w", newline="") as handle:
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(["card", "time", "rating"])
    for time, card, rating in events:
        writer.writerow([card, iso(time), rating])

cards = {}
for time, card, rating in events:
    state = cards.get(card) or fsrs.Card(card_id=int(card[1:]), due=time)
    state, _ = scheduler.review_card(state, fsrs.Rating(rating), review_datetime=time)
    cards[card] = state

names = {1: "learning", 2: "review", 3: "relearning"}
with open(f"{out}/fsrs-expected.csv", "w", newline="") as handle:
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(["card", "state", "step", "stability", "difficulty", "due", "lastReview"])
    for card in sorted(cards):
        state = cards[card]
        writer.writerow([card, names[int(state.state)], "" if state.step is None else state.step,
                         repr(state.stability), repr(state.difficulty), iso(state.due), iso(state.last_review)])
print(f"{len(events)} reviews of {len(cards)} cards")
