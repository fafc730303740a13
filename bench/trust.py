"""Trust and value network benchmark (R6): a survey wave of 40 member organizations in which every
organization rates every other (1,560 ratings), computed by
`accord.relationships.trust_metrics.network_results` and `change_between` (the pure part that
`queries_trust.results_of` runs after its fixed queries). Target: under 200 ms.

    .venv/bin/python bench/trust.py
"""

import random
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


def main() -> None:
    from accord.relationships.trust_metrics import change_between, network_results

    nodes, (before, after) = build()
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        earlier = network_results(nodes, before)
        later = network_results(nodes, after)
        change_between(earlier, later)
        runs.append((time.perf_counter() - start) * 1000)
    best = min(runs)
    print(
        f"trust network, {ORGANIZATIONS} organizations, {len(after)} ratings and the change "
        f"from a wave of {len(before)}: {best:.1f} ms (best of 5; target {TARGET_MS:.0f} ms)"
    )
    sys.exit(0 if best < TARGET_MS else 1)


if __name__ == "__main__":
    main()
