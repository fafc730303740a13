"""Representation analysis benchmark (R2): a partnership with 40 member organizations, 20 bodies
and 2,000 meetings, analysed by `accord.relationships.representation.analyse` (the pure part that
`queries_bodies.analyses_of` runs after its fixed queries). Target: under 200 ms.

    .venv/bin/python bench/representation.py
"""

import random
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


def main() -> None:
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.settings")
    django.setup()
    from accord.relationships.representation import analyse

    bodies, groups = build()
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        for seats, meetings in bodies:
            analyse(seats, meetings, groups)
        runs.append((time.perf_counter() - start) * 1000)
    best = min(runs)
    print(
        f"representation analysis, {BODIES} bodies, {MEETINGS} meetings: {best:.1f} ms "
        f"(best of 5; target {TARGET_MS:.0f} ms)"
    )
    sys.exit(0 if best < TARGET_MS else 1)


if __name__ == "__main__":
    main()
