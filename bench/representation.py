"""Representation analysis benchmark (R2): a partnership with 40 member organizations, 20 bodies
and 2,000 meetings, analysed by `accord.relationships.representation.analyse` (the pure part that
`queries_bodies.analyses_of` runs after its fixed queries). Target: under 200 ms.

    .venv/bin/python bench/representation.py [--json]

It is the `representation` part of `make bench` (bench/run.py): the median of interleaved runs
against a floor measured in the same run, the least any analysis of the same records does (read
each seat's attendance and contributions once, order each body's meetings).
"""

import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TARGET_MS = 200.0
BODIES, MEETINGS, ORGANIZATIONS, GROUPS = 20, 2_000, 40, 6


def build(seed: int = 20261205):
    from accord.relationships.representation import Meeting, Seat

    draw = random.Random(seed)
    groups = {f"g{i}": 0.1 for i in range(GROUPS)}
    bodies = []
    per_body = MEETINGS // BODIES
    for b in range(BODIES):
        meetings = [
            Meeting((b, m), date(2020, 1, 1) + timedelta(days=7 * m)) for m in range(per_body)
        ]
        seats = []
        for s in range(draw.randint(5, 2 * ORGANIZATIONS // 4)):
            present = frozenset(m.key for m in meetings if draw.random() < 0.85)
            spoken = {k: 1 for k in present if draw.random() < 0.5}
            group = draw.choice([*groups, None])
            seats.append(Seat((b, s), group, draw.random() < 0.8, present, spoken))
        bodies.append((seats, meetings))
    return bodies, groups


def floor(bodies) -> None:
    """The least any analysis of the same records does: read each seat's attendance and
    contributions once and put each body's meetings in order."""
    for seats, meetings in bodies:
        sorted(meetings, key=lambda m: (m.held_on, str(m.key)))
        for seat in seats:
            len(seat.present)
            sum(seat.contributions.values())


def measure(runs: int = 15) -> dict:
    """Interleaved runs of the analysis and of the floor on the same records; medians in ms."""
    from accord.relationships.representation import analyse

    bodies, groups = build()
    analysis, base = [], []
    for _ in range(runs):
        start = time.perf_counter()
        floor(bodies)
        base.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        for seats, meetings in bodies:
            analyse(seats, meetings, groups)
        analysis.append((time.perf_counter() - start) * 1000)
    median_ms = statistics.median(analysis)
    floor_ms = statistics.median(base)
    return {
        "bodies": BODIES,
        "meetings": MEETINGS,
        "organizations": ORGANIZATIONS,
        "runs": runs,
        "median_ms": median_ms,
        "best_ms": min(analysis),
        "floor_median_ms": floor_ms,
        "ratio": median_ms / floor_ms if floor_ms else None,
        "target_ms": TARGET_MS,
    }


def main() -> None:
    import argparse
    import json
    import os

    import django

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.settings")
    django.setup()
    found = measure(args.runs)
    if args.json:
        print(json.dumps(found))
        return
    print(
        f"representation analysis, {BODIES} bodies, {MEETINGS} meetings: "
        f"{found['median_ms']:.1f} ms median of {args.runs}, {found['ratio']:.1f}x the floor "
        f"(target {TARGET_MS:.0f} ms)"
    )
    sys.exit(0 if found["median_ms"] < TARGET_MS else 1)


if __name__ == "__main__":
    main()
