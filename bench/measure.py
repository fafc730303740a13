"""In-process measurements, run inside a Django process that points at one bench database.

bench/run.py starts `python -m bench.measure <command>` once per database with DATABASE_URL or
ACCORD_SQLITE_PATH in the environment (settings read them at import), and reads JSON from stdout:

- `routes --n 50 --warmup 5`: time each page and API route with Django's test Client, signed in
  as the demo platform administrator and the demo steward, counting SQL queries per request;
- `counts`: the rows that the seeding wrote;
- `session USERNAME`: a signed-in session key, for wrk when the login page cannot be used.

Models are imported inside the functions: this module is imported before Django is set up.
"""

import argparse
import json
import math
import os
import sys
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

# The demo logins (accord seed --demo) the bench signs in as: a platform admin sees every
# partnership, a steward only the few they hold a role in.
ACTORS = ("admin", "steward")
SEARCH_TERM = "University"


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile: the smallest value with at least pct % of values at or below."""
    if not values:
        raise ValueError("percentile of no values")
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def routes(partnership_id: int, mou: tuple[int, int] | None = None) -> list[tuple[str, str]]:
    """(label, URL) of every route the bench measures; `mou` is (MOU id, version number) of the
    partnership's MOU, for the leadership pillar's pages (left out when it has none)."""
    leadership = [
        ("Project directors page", reverse("leadership:directors", args=[partnership_id])),
        ("Leaders' commitments page", reverse("leadership:commitments", args=[partnership_id])),
        ("Announcements page", reverse("leadership:announcements", args=[partnership_id])),
        ("MOU list page", reverse("leadership:mou-list", args=[partnership_id])),
        ("GET /api/v1/partnerships/{id}/mous", f"/api/v1/partnerships/{partnership_id}/mous"),
    ]
    if mou:
        args = [partnership_id, *mou]
        leadership += [
            ("MOU version page", reverse("leadership:mou-version", args=args)),
            (
                "MOU verification page (hashes the stored PDF)",
                reverse("leadership:mou-verify", args=args),
            ),
        ]
    return [
        ("Partnership list page", reverse("partnerships:list")),
        ("Partnership detail page", reverse("partnerships:detail", args=[partnership_id])),
        ("Organization list page", reverse("directory:organization-list")),
        (
            f"Organization list page, search q={SEARCH_TERM}",
            f"{reverse('directory:organization-list')}?q={SEARCH_TERM}",
        ),
        ("People list page", reverse("directory:person-list")),
        ("GET /api/v1/partnerships", "/api/v1/partnerships"),
        ("GET /api/v1/organizations", "/api/v1/organizations"),
        (
            "GET /api/v1/partnerships/{id}/members",
            f"/api/v1/partnerships/{partnership_id}/members",
        ),
        *leadership,
        # Forms that choose among every organization or person (pickers, accord/core/pickers.py).
        ("New partnership form", reverse("partnerships:create")),
        (
            "Add a member organization form",
            reverse("partnerships:member-add", args=[partnership_id]),
        ),
        ("Give a role form", reverse("partnerships:role-add", args=[partnership_id])),
    ]


def measure(client: Client, url: str, *, n: int, warmup: int) -> dict:
    """Request `url` warmup times untimed, then n times timed; latencies in ms, queries each."""
    statuses = set()
    for _ in range(warmup):
        statuses.add(client.get(url).status_code)
    latencies, queries, sizes = [], [], []
    for _ in range(n):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            elapsed = time.perf_counter() - started
        statuses.add(response.status_code)
        latencies.append(elapsed * 1000)
        queries.append(len(captured.captured_queries))
        sizes.append(len(response.content))
    return {
        "url": url,
        "n": n,
        "statuses": sorted(statuses),
        "p50_ms": percentile(latencies, 50),
        "p95_ms": percentile(latencies, 95),
        "max_ms": max(latencies),
        "queries_min": min(queries),
        "queries_max": max(queries),
        "bytes": max(sizes),
    }


def stewarded_partnership_id(steward) -> int:
    """The first partnership (by id) in which `steward` holds the steward role."""
    from accord.core.access import Role
    from accord.partnerships.models import PartnershipRole

    role = (
        PartnershipRole.objects.filter(person__user=steward, role=Role.STEWARD)
        .order_by("partnership_id")
        .first()
    )
    if role is None:
        raise LookupError(f"{steward.username} is not a steward of any partnership")
    return role.partnership_id


def latest_mou_version(partnership_id: int):
    """The newest version of the partnership's first MOU, or None when it has no MOU."""
    from accord.leadership.models import MouVersion

    return (
        MouVersion.objects.filter(mou__partnership_id=partnership_id)
        .select_related("mou__partnership")
        .order_by("mou_id", "-number")
        .first()
    )


def measure_pdf(version, *, n: int) -> dict:
    """Render `version` as a PDF with WeasyPrint n times (after one untimed render)."""
    from accord.leadership import rendering

    size = len(rendering.version_pdf(version))
    latencies = []
    for _ in range(n):
        started = time.perf_counter()
        rendering.version_pdf(version)
        latencies.append((time.perf_counter() - started) * 1000)
    return {
        "n": n,
        "bytes": size,
        "p50_ms": percentile(latencies, 50),
        "p95_ms": percentile(latencies, 95),
        "max_ms": max(latencies),
    }


def measure_all(users: dict, *, n: int, warmup: int) -> dict:
    """Every route for every user in `users` (name -> User; one must be "steward")."""
    from accord.partnerships.models import Partnership

    partnership_id = stewarded_partnership_id(users["steward"])
    version = latest_mou_version(partnership_id)
    mou = (version.mou_id, version.number) if version else None
    results, actors = [], {}
    for name, user in users.items():
        client = Client()
        client.force_login(user)
        actors[name] = {"partnerships_visible": Partnership.objects.visible_to(user).count()}
        for label, url in routes(partnership_id, mou):
            results.append(
                {"route": label, "actor": name} | measure(client, url, n=n, warmup=warmup)
            )
    pdf = measure_pdf(version, n=max(3, n // 5)) if version else None
    if pdf:
        pdf["sections"] = version.sections.count()
    return {"partnership_id": partnership_id, "actors": actors, "results": results, "pdf": pdf}


def seeded_counts() -> dict[str, int]:
    """Rows of each seeded table, and the history rows of all of them together."""
    from accord.directory.models import Organization, Person
    from accord.partnerships.models import Membership, Partnership, PartnershipRole, StageChange

    historied = {
        "organizations": Organization,
        "people": Person,
        "partnerships": Partnership,
        "memberships": Membership,
        "roles": PartnershipRole,
    }
    counts = {name: model.objects.count() for name, model in historied.items()}
    counts["stage changes"] = StageChange.objects.count()
    counts["history rows"] = sum(model.history.count() for model in historied.values())
    return counts


def session_key_for(username: str) -> str:
    """A saved, signed-in session for `username`, as login() would leave it."""
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.backends.db import SessionStore

    user = get_user_model().objects.get(username=username)
    session = SessionStore()
    session[SESSION_KEY] = user._meta.pk.value_to_string(user)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.measure")
    sub = parser.add_subparsers(dest="command", required=True)
    routes_parser = sub.add_parser("routes")
    routes_parser.add_argument("--n", type=int, default=50)
    routes_parser.add_argument("--warmup", type=int, default=5)
    sub.add_parser("counts")
    session_parser = sub.add_parser("session")
    session_parser.add_argument("username")
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.settings")
    import django

    django.setup()
    if args.command == "routes":
        from django.contrib.auth import get_user_model

        users = {u.username: u for u in get_user_model().objects.filter(username__in=ACTORS)}
        missing = [name for name in ACTORS if name not in users]
        if missing:
            sys.exit(f"bench: demo logins missing: {', '.join(missing)} (run accord seed --demo)")
        output = measure_all({name: users[name] for name in ACTORS}, n=args.n, warmup=args.warmup)
    elif args.command == "counts":
        output = seeded_counts()
    else:
        from django.contrib.auth import get_user_model

        output = {"session_key": session_key_for(args.username)}
        steward = get_user_model().objects.filter(username="steward").first()
        if steward is not None:  # the partnership page measured over HTTP
            output["partnership_id"] = stewarded_partnership_id(steward)
    json.dump(output, sys.stdout)


if __name__ == "__main__":
    main()
