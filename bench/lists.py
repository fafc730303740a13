"""Lists and the partnership page against the in-process floor, as ratios.

`python -m bench.lists` runs inside one Django process pointed at a seeded bench database
(DATABASE_URL; `accord seed --scale N` then `accord seed --demo`). It requests the floor
(bench/floor_urls.py: the same middleware, signed in, one indexed query, a tiny template) and
each list page, API list and the partnership page with Django's test Client, interleaved: every
round requests each route once, in the same order, so that load on the machine falls on all of
them alike. It prints JSON: per route the median and 90th percentile in milliseconds, the SQL
statements per request and the ratio of its median to the floor's.
"""

import argparse
import json
import os
import statistics
import sys
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from bench.measure import percentile, stewarded_partnership_id

ROUNDS = 40
WARMUP = 5


def routes(partnership_id: int) -> list[tuple[str, str, str]]:
    """(label, actor, URL) of what is measured; the floor comes first."""
    lists = [
        ("Partnership list page", reverse("partnerships:list")),
        ("Organization list page", reverse("directory:organization-list")),
        ("People list page", reverse("directory:person-list")),
        ("GET /api/v1/partnerships", "/api/v1/partnerships"),
        ("GET /api/v1/organizations", "/api/v1/organizations"),
        ("GET /api/v1/people", "/api/v1/people"),
    ]
    detail = reverse("partnerships:detail", args=[partnership_id])
    measured = [
        ("Floor (bare view, one indexed query)", "admin", f"/bench-floor/{partnership_id}/")
    ]
    measured += [(label, "admin", url) for label, url in lists]
    measured += [
        ("Partnership list page", "steward", reverse("partnerships:list")),
        ("Partnership detail page", "admin", detail),
        ("Partnership detail page", "steward", detail),
        # What is waiting for the person, across every partnership: the page after signing in.
        ("Home page", "steward", reverse("core:home")),
    ]
    return measured


def measure(users: dict, *, rounds: int, warmup: int) -> dict:
    partnership_id = stewarded_partnership_id(users["steward"])
    clients = {}
    for name, user in users.items():
        clients[name] = Client()
        clients[name].force_login(user)
    measured = routes(partnership_id)
    queries: dict[int, int] = {}
    for index, (_, actor, url) in enumerate(measured):
        for _ in range(warmup):
            response = clients[actor].get(url)
            assert response.status_code == 200, (url, response.status_code)
        with CaptureQueriesContext(connection) as captured:
            clients[actor].get(url)
        queries[index] = len(captured)
    times: dict[int, list[float]] = {index: [] for index in range(len(measured))}
    for _ in range(rounds):
        for index, (_, actor, url) in enumerate(measured):
            started = time.perf_counter()
            clients[actor].get(url)
            times[index].append((time.perf_counter() - started) * 1000)
    floor = statistics.median(times[0])
    rows = []
    for index, (label, actor, url) in enumerate(measured):
        median = statistics.median(times[index])
        rows.append(
            {
                "route": label,
                "actor": actor,
                "url": url,
                "median_ms": median,
                "p90_ms": percentile(times[index], 90),
                "queries": queries[index],
                "ratio": median / floor,
            }
        )
    return {"partnership_id": partnership_id, "rounds": rounds, "floor_ms": floor, "rows": rows}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.lists")
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--warmup", type=int, default=WARMUP)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    users = {
        u.username: u for u in get_user_model().objects.filter(username__in=("admin", "steward"))
    }
    if len(users) != 2:
        sys.exit("bench: the demo logins admin and steward are missing (run accord seed --demo)")
    with override_settings(ROOT_URLCONF="bench.floor_urls"):
        output = measure(users, rounds=args.rounds, warmup=args.warmup)
    json.dump(output, sys.stdout)


if __name__ == "__main__":
    main()
