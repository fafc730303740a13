"""The analysis pages (M3) against the in-process floor, on a database seeded at scale.

`python -m bench.measurement` runs inside one Django process pointed at a seeded bench database
(DATABASE_URL; `accord seed --scale N`, about 2,000 values per partnership, then `accord seed
--demo` for the logins). Signed in as `admin`, it requests the floor (bench/floor_urls.py: the
same middleware, signed in, one indexed query, a tiny template), the measurement overview and an
indicator's analysis page of one scale partnership (its indicator broken down by two dimensions),
interleaved: every round requests each route once, in the same order. The indicator page is
measured twice: as people meet it (its charts' SVG in the cache, keyed by what they draw) and
with the cache emptied before each request (the charts rendered by vl-convert every time). It
prints JSON: per route the median and 90th percentile in milliseconds, the SQL statements per
request and the ratio of its median to the floor's. Goals: the indicator page under 150 ms, the
overview under 300 ms.
"""

import argparse
import json
import os
import statistics
import sys
import time

ROUNDS = 40
WARMUP = 5
GOALS_MS = {"overview": 300.0, "indicator": 150.0}


def measure(user, *, rounds: int, warmup: int) -> dict:
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from accord.measurement import queries
    from accord.measurement.models import DataValue
    from accord.partnerships.models import Partnership
    from bench.measure import percentile

    with_sets = Partnership.objects.filter(measures_versions__isnull=False).order_by("pk")
    count = with_sets.count()
    partnership = with_sets[count // 2]  # one in the middle of the scale data
    version = queries.agreed_version(partnership)
    indicator = version.indicators.order_by("position").first()
    values = DataValue.objects.filter(submission__period__partnership=partnership).count()
    client = Client()
    client.force_login(user)
    routes = [
        ("Floor (bare view, one indexed query)", f"/bench-floor/{partnership.pk}/", False),
        ("Measurement overview", reverse("measurement:overview", args=[partnership.pk]), False),
        (
            "Indicator analysis page",
            reverse("measurement:analysis", args=[partnership.pk, indicator.lineage]),
            False,
        ),
        (
            "Indicator analysis page, charts rendered afresh",
            reverse("measurement:analysis", args=[partnership.pk, indicator.lineage]),
            True,
        ),
    ]
    query_counts = []
    for _label, url, cold in routes:
        for _ in range(warmup):
            if cold:
                cache.clear()
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        query_counts.append(len(captured))
    times: list[list[float]] = [[] for _ in routes]
    for _ in range(rounds):
        for index, (_label, url, cold) in enumerate(routes):
            if cold:
                cache.clear()
            started = time.perf_counter()
            client.get(url)
            times[index].append((time.perf_counter() - started) * 1000)
    floor = statistics.median(times[0])
    rows = []
    for index, (label, url, _cold) in enumerate(routes):
        median = statistics.median(times[index])
        rows.append(
            {
                "route": label,
                "url": url,
                "median_ms": median,
                "p90_ms": percentile(times[index], 90),
                "queries": query_counts[index],
                "ratio": median / floor,
            }
        )
    return {
        "partnership_id": partnership.pk,
        "partnerships_with_data": count,
        "values_in_partnership": values,
        "values_in_database": DataValue.objects.count(),
        "rounds": rounds,
        "floor_ms": floor,
        "rows": rows,
        "goals_ms": GOALS_MS,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.measurement")
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--warmup", type=int, default=WARMUP)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test.utils import override_settings

    user = get_user_model().objects.filter(username="admin").first()
    if user is None:
        sys.exit("bench: the demo login admin is missing (run accord seed --demo)")
    with override_settings(ROOT_URLCONF="bench.floor_urls"):
        output = measure(user, rounds=args.rounds, warmup=args.warmup)
    json.dump(output, sys.stdout)


if __name__ == "__main__":
    main()
