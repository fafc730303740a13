"""Portfolio benchmark: the heat map of every partnership (run it on a database seeded with
`accord seed --scale N` and `accord seed --demo`), signed in as the demo's platform administrator,
who sees them all, against the in-process floor (bench/floor_urls.py: the same middleware, signed
in, one indexed query, a tiny template). Goal: the page under 200 ms of server time with the same
number of queries at any size.

Partnerships without a stored scorecard get one first (`scorecard_recompute`, as the task does),
so that the heat map shows what it shows in use. Every round requests each route once, in the same
order, so that load on the machine falls on all of them alike.

    DATABASE_URL=... .venv/bin/python -m bench.portfolio [--json] [--rounds N]
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TARGET_MS = 200.0
ROUNDS = 20
WARMUP = 3


def ensure_scorecards() -> tuple[int, float]:
    """Compute the scorecard of every partnership that has none; (how many, seconds)."""
    from accord.evaluation.models import ScorecardSnapshot
    from accord.evaluation.services import scorecard_recompute
    from accord.partnerships.models import Partnership

    missing = Partnership.objects.exclude(
        pk__in=ScorecardSnapshot.objects.filter(latest=True).values("partnership_id")
    ).order_by("pk")
    started = time.perf_counter()
    count = 0
    for partnership in missing.iterator():
        scorecard_recompute(partnership=partnership)
        count += 1
    return count, time.perf_counter() - started


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def measure(user, *, rounds: int, warmup: int) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accord.evaluation.portfolio import portfolio_for
    from accord.partnerships.models import Partnership

    client = Client()
    client.force_login(user)
    floor_pk = Partnership.objects.order_by("pk").values_list("pk", flat=True).first()
    partnerships = len(portfolio_for(user).rows)
    routes = [
        ("Floor (bare view, one indexed query)", f"/bench-floor/{floor_pk}/"),
        ("Portfolio heat map page", "/portfolio/"),
        ("Portfolio heat map, sorted by a pillar", "/portfolio/?sort=-relationships"),
        ("GET /api/v1/portfolio (one page)", "/api/v1/portfolio"),
        ("Portfolio as CSV", "/portfolio/export.csv"),
        ("Portfolio as XLSX", "/portfolio/export.xlsx"),
    ]

    def fetch(url: str) -> int:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        return len(body)

    sizes, queries = {}, {}
    for _, url in routes:
        for _ in range(warmup):
            fetch(url)
        with CaptureQueriesContext(connection) as captured:
            sizes[url] = fetch(url)
        queries[url] = len(captured)
    times: dict[str, list[float]] = {url: [] for _, url in routes}
    for _ in range(rounds):
        for _, url in routes:
            started = time.perf_counter()
            fetch(url)
            times[url].append((time.perf_counter() - started) * 1000)
    floor = statistics.median(times[routes[0][1]])
    rows = []
    for label, url in routes:
        median = statistics.median(times[url])
        rows.append(
            {
                "route": label,
                "url": url,
                "median_ms": median,
                "p90_ms": percentile(times[url], 90),
                "queries": queries[url],
                "kb": sizes[url] / 1024,
                "ratio": median / floor,
            }
        )
    return {
        "partnerships": partnerships,
        "rounds": rounds,
        "floor_ms": floor,
        "target_ms": TARGET_MS,
        "rows": rows,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.portfolio")
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--warmup", type=int, default=WARMUP)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.settings")
    # The scorecards computed here are the figures read; the task queue only records them.
    os.environ.setdefault("ACCORD_TASKS_BACKEND", "django.tasks.backends.dummy.DummyBackend")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test.utils import override_settings

    admin = get_user_model().objects.filter(username="admin").first()
    if admin is None:
        sys.exit("bench: the demo login admin is missing (run accord seed --demo)")
    computed, computed_s = ensure_scorecards()
    with override_settings(ROOT_URLCONF="bench.floor_urls", ALLOWED_HOSTS=["*"]):
        found = measure(admin, rounds=args.rounds, warmup=args.warmup)
    found |= {"scorecards_computed": computed, "scorecards_s": computed_s}
    if args.json:
        print(json.dumps(found))
        return
    page = found["rows"][1]
    print(
        f"portfolio of {found['partnerships']} partnerships: {page['median_ms']:.1f} ms median "
        f"({page['ratio']:.1f}x the floor of {found['floor_ms']:.1f} ms, {page['queries']} "
        f"queries; goal {TARGET_MS:.0f} ms)"
    )
    for row in found["rows"]:
        print(f"  {row['route']}: {row['median_ms']:.1f} ms, {row['queries']} queries")
    sys.exit(0 if page["median_ms"] < TARGET_MS else 1)


if __name__ == "__main__":
    main()
