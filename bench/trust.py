"""Trust and value network benchmark (R6): a survey wave of 40 member organizations in which every
organization rates every other (1,560 ratings), computed by
`accord.relationships.trust_metrics.network_results` and `change_between` (the pure part that
`queries_trust.results_of` runs after its fixed queries). Target: under 200 ms.

    .venv/bin/python -m bench.trust [--json]
"""

import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TARGET_MS = 200.0
ORGANIZATIONS = 40


def build(seed: int = 20261205):
    from accord.relationships.trust_metrics import Rating

    draw = random.Random(seed)
    nodes = list(range(ORGANIZATIONS))
    waves = []
    for share in (0.8, 1.0):
        ratings = [
            Rating(a, b, draw.randint(3, 12) / 3, draw.randint(3, 12) / 3, draw.randint(1, 4))
            for a in nodes
            for b in nodes
            if a != b and draw.random() < share
        ]
        waves.append(ratings)
    return nodes, waves


def floor(nodes, waves) -> None:
    """The least any figure of the same ratings does: each wave's ratings read once into the
    directed pair scores, and every dyad looked up."""
    for ratings in waves:
        pairs = {(r.rater, r.rated): (r.trust + r.value) for r in ratings}
        for a in nodes:
            for b in nodes:
                pairs.get((a, b))


def measure(runs: int = 15) -> dict:
    """Interleaved runs of the figures (two waves and their change) and of the floor; medians."""
    from accord.relationships.trust_metrics import change_between, network_results

    nodes, waves = build()
    before, after = waves
    figures, base = [], []
    for _ in range(runs):
        start = time.perf_counter()
        floor(nodes, waves)
        base.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        change_between(network_results(nodes, before), network_results(nodes, after))
        figures.append((time.perf_counter() - start) * 1000)
    median_ms = statistics.median(figures)
    floor_ms = statistics.median(base)
    return {
        "organizations": ORGANIZATIONS,
        "ratings": len(after),
        "earlier_ratings": len(before),
        "runs": runs,
        "median_ms": median_ms,
        "best_ms": min(figures),
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
        f"trust network, {ORGANIZATIONS} organizations, {found['ratings']} ratings and the change "
        f"from a wave of {found['earlier_ratings']}: {found['median_ms']:.1f} ms median of "
        f"{args.runs}, {found['ratio']:.1f}x the floor (target {TARGET_MS:.0f} ms)"
    )
    sys.exit(0 if found["median_ms"] < TARGET_MS else 1)


if __name__ == "__main__":
    main()
