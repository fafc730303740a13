"""Disclosure control benchmark (issue 15): `accord.core.disclosure.protect_table` on 50 x 50
tables of counts with their row, column and grand totals, k = 11. Three tables, drawn once from a
fixed seed: small cells scattered (2% of the cells from 1 to 10: the most complementary cells,
each closing its own cycle), some (10%) and many (30%), with 3% zeros in each. Target: under 50 ms
for each. The floor: numpy's row and column sums of the same table (the totals alone, from the
same Python lists).

    .venv/bin/python -m bench.disclosure [--json]
"""

import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TARGET_MS = 50.0
SIDE = 50
K = 11
TABLES = (("scattered", 0.02), ("some", 0.10), ("many", 0.30))
ZEROS = 0.03


def build(small: float, seed: int = 20261205) -> list[list[int]]:
    draw = random.Random(f"{seed}-{small}")

    def count() -> int:
        roll = draw.random()
        if roll < ZEROS:
            return 0
        if roll < ZEROS + small:
            return draw.randint(1, K - 1)
        return draw.randint(K, 400)

    return [[count() for _ in range(SIDE)] for _ in range(SIDE)]


def floor(cells) -> None:
    """The least any disclosure control of the table does: read it and compute its totals."""
    import numpy as np

    table = np.asarray(cells)
    table.sum(axis=0)
    table.sum(axis=1)
    table.sum()


def measure(runs: int = 15) -> dict:
    """Per table, interleaved runs of the protection and of the floor; medians."""
    from accord.core.disclosure import COMPLEMENTARY, PRIMARY, protect_table

    rows = []
    for name, small in TABLES:
        cells = build(small)
        timed, base = [], []
        for _ in range(runs):
            start = time.perf_counter()
            floor(cells)
            base.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            protected = protect_table(cells, k=K)
            timed.append((time.perf_counter() - start) * 1000)
        median_ms, floor_ms = statistics.median(timed), statistics.median(base)
        rows.append(
            {
                "table": name,
                "small_share": small,
                "primary": len(protected.hidden_because(PRIMARY)),
                "complementary": len(protected.hidden_because(COMPLEMENTARY)),
                "median_ms": median_ms,
                "best_ms": min(timed),
                "floor_median_ms": floor_ms,
                "ratio": median_ms / floor_ms if floor_ms else None,
            }
        )
    return {
        "side": SIDE,
        "k": K,
        "zeros": ZEROS,
        "runs": runs,
        "rows": rows,
        "median_ms": max(row["median_ms"] for row in rows),  # the slowest table's
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
    for row in found["rows"]:
        print(
            f"disclosure control, {SIDE} x {SIDE} with totals, small cells {row['table']} "
            f"({row['primary']} primary, {row['complementary']} complementary): "
            f"{row['median_ms']:.1f} ms median of {args.runs}, {row['ratio']:.0f}x the floor "
            f"(target {TARGET_MS:.0f} ms)"
        )
    sys.exit(0 if found["median_ms"] < TARGET_MS else 1)


if __name__ == "__main__":
    main()
