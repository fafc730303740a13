"""Render the bench results (a plain dict, see bench/run.py) as docs/performance.md."""

# bench/run.py runs as a script, so its siblings import as top-level modules.
from discovery import PG_DATABASE, ROWS, SQLITE_PATH, TARGET_MS

# "Quick": the server's part of a page or API call at the 95th percentile, in-process. 100 ms is
# the usual bound below which a response feels instant; network and browser time come on top.
QUICK_MS = 100.0
# Seeding a thousand partnerships should take under a minute on PostgreSQL.
SEED_TARGET_S = 60.0
# The machine's CPU time over the bench's own above this ratio: other work shared the machine
# (PostgreSQL's server, not counted as the bench's own, stays well below it when alone).
OTHER_CPU = 1.5
# Lists and the partnership page in-process, against the floor (bench/lists.py): at most this
# many times the floor's median, and a list at most this many times slower at the larger scale.
FLOOR_RATIO_GOAL = 3.0
GROWTH_GOAL = 2.0


def _s(seconds: float | None) -> str:
    return "—" if seconds is None else f"{seconds:.1f} s"


def _ms(value: float) -> str:
    return f"{value:.1f}" if value < 100 else f"{value:.0f}"


def _n(value: int) -> str:
    return f"{value:,}"


def _queries(row: dict) -> str:
    low, high = row["queries_min"], row["queries_max"]
    return str(low) if low == high else f"{low}–{high}"  # noqa: RUF001


def _ok(row: dict) -> bool:
    return row["statuses"] == [200]


def machine_section(results: dict) -> list[str]:
    m = results["machine"]
    lines = [
        "## Machine",
        "",
        "| what | value |",
        "|---|---|",
        f"| date | {results['date']} |",
        f"| Accord code measured | {m['code']} |",
        f"| processor | {m['cpu']} ({m['cores']} cores) |",
        f"| memory | {m['ram_gib']:.1f} GiB |",
        f"| operating system | {m['os']} |",
        f"| Python | {m['python']} |",
        f"| Django | {m['django']} |",
        f"| PostgreSQL | {m['postgresql']} (same machine, loopback) |",
        f"| SQLite | {m['sqlite']} |",
        f"| gunicorn / wrk | {m['gunicorn']} / {m['wrk']} |",
        f"| CPU time during the run: every process / the bench's own commands (PostgreSQL's "
        f"server not included) | {m['cpu_all_s']:.0f} s / {m['cpu_own_s']:.0f} s |",
        "",
    ]
    if m["cpu_all_s"] > OTHER_CPU * m["cpu_own_s"]:
        lines += [
            "**Other processes shared the machine during the run** (see the CPU time above): the "
            "figures below are slower than this machine gives when it is otherwise idle.",
            "",
        ]
    return lines


def seeding_section(results: dict) -> list[str]:
    dbs = [db for db in results["databases"] if db["available"]]
    scale, large = results["scale"], results["large"]
    lines = [
        "## Seeding: `accord migrate`, `accord seed --scale N`, `accord seed --demo`",
        "",
        "The generator (`accord/partnerships/scale.py`) writes N partnerships with about five "
        "member organizations each, drawn from a pool of 2N organizations, about three people per "
        "organization, roles (a steward per partnership, a project director per member "
        "organization, contributors and a viewer), the lifecycle history, and one history row per "
        "record. The same N and `--seed` always give the same data (default seed 2026). Times are "
        "wall-clock for the whole command, Python start-up included; in brackets, the time the "
        "command reports for its own transaction. On PostgreSQL the command then runs ANALYZE on "
        "the tables it wrote, so that the planner has statistics at once rather than when "
        "autovacuum gets to them (if it is on). Each database is created empty for the run.",
        "",
    ]
    counts = next((db["counts"] for db in dbs if db.get("counts")), None)
    if counts:
        rest = ", ".join(f"{_n(v)} {k}" for k, v in counts.items() if k != "history rows")
        lines += [
            f"What N = {_n(scale)} writes: {rest}, plus {_n(counts['history rows'])} history rows.",
            "",
        ]
    lines += [
        "| database | N | `accord migrate` (empty database) | `accord seed --scale N` |",
        "|---|---|---|---|",
    ]
    for db in dbs:
        lines.append(
            f"| {db['name']} | {_n(scale)} | {_s(db['migrate_s'])} | "
            f"{_s(db['scale_s'])} ({_s(db['scale_inner_s'])} inside the transaction) |"
        )
        if large:
            lines.append(
                f"| {db['name']} | {_n(large)} | {_s(db.get('large_migrate_s'))} | "
                f"{_s(db.get('large_s'))} ({_s(db.get('large_inner_s'))}) |"
            )
    lines += [
        "",
        "| database | `accord seed --demo`, first run (after the scale data) | second run "
        "(changes nothing) |",
        "|---|---|---|",
    ]
    lines += [f"| {db['name']} | {_s(db['demo_s'])} | {_s(db['demo_again_s'])} |" for db in dbs]
    lines += [
        "",
        "The demo's time is mostly its eight Argon2 password hashes; the second run checks each "
        "demo password again and writes nothing.",
        "",
    ]
    again = ", ".join(f"{_s(db['scale_again_s'])} on {db['name']}" for db in dbs)
    if again:
        lines += [
            f"Running the same `seed --scale {scale}` again reports that the data is already "
            f"there and writes nothing ({again}).",
            "",
        ]
    return lines


def _kb(size: int | None) -> str:
    return "-" if size is None else f"{size / 1024:.0f}" if size >= 10240 else f"{size / 1024:.1f}"


def routes_section(results: dict) -> list[str]:
    n, warmup = results["n"], results["warmup"]
    lines = [
        "## Pages and API routes, in-process",
        "",
        f"Django's test Client, in one process, against the seeded database ({_n(results['scale'])}"
        f" scale partnerships plus the demo data): {warmup} warm-up requests, then {n} timed "
        "requests per route and login. Times are milliseconds from request to response inside "
        "Django (no network, no browser; the database connection stays open). Queries: SQL "
        "statements per request, counted with `CaptureQueriesContext` (a range when they "
        "differed between requests); KB: the largest response body. Lists show one page (25 "
        "rows).",
        "",
    ]
    for db in results["databases"]:
        if not db["available"]:
            continue
        data = db["routes"]
        seen = ", ".join(
            f"{name} sees {_n(a['partnerships_visible'])} partnerships"
            for name, a in data["actors"].items()
        )
        lines += [
            f"### {db['name']}",
            "",
            f"Signed in as the demo logins: {seen}. The routes inside a partnership use "
            f"partnership {data['partnership_id']} (the steward's first, the demo's Bridges "
            "partnership with its MOU out for signature).",
            "",
            "| route | signed in as | p50 ms | p95 ms | max ms | queries | KB | status |",
            "|---|---|---:|---:|---:|---:|---:|---|",
        ]
        for row in data["results"]:
            status = "200" if _ok(row) else "**" + ", ".join(map(str, row["statuses"])) + "**"
            lines.append(
                f"| {row['route']} | {row['actor']} | {_ms(row['p50_ms'])} | "
                f"{_ms(row['p95_ms'])} | {_ms(row['max_ms'])} | {_queries(row)} | "
                f"{_kb(row.get('bytes'))} | {status} |"
            )
        lines.append("")
        pdf = data.get("pdf")
        if pdf:
            lines += [
                f"An MOU as a PDF (L5), rendered by WeasyPrint from its {pdf['sections']} sections "
                f"(as a draft preview is, or a version when it is sent for signature): "
                f"{pdf['n']} renders, p50 {_ms(pdf['p50_ms'])} ms, p95 {_ms(pdf['p95_ms'])} ms, "
                f"max {_ms(pdf['max_ms'])} ms; {_n(pdf['bytes'])} bytes. "
                "The task worker renders it and stores the file; no request renders a PDF (a "
                "request serves the stored file, or waits for it: a page polled every 2 s, or "
                "202 with Retry-After in the API).",
                "",
            ]
    return lines


def _request_queries(row: dict) -> str:
    """A discovery request's query counts, as _queries shows a route's."""
    return _queries({"queries_min": min(row["queries"]), "queries_max": max(row["queries"])})


def discovery_section(results: dict) -> list[str]:
    if not results.get("discovery"):
        return []
    dbs = [db for db in results["databases"] if db["available"] and "discovery" in db]
    lines = [
        f"## Candidate discovery (A1), {_n(results['discovery'])} organizations",
        "",
        "`bench/discovery.py` writes a deterministic directory of organizations with varied "
        f"mission and values text into a database of its own (PostgreSQL `{PG_DATABASE}`, "
        f"SQLite `{SQLITE_PATH}`, both created afresh), embeds every organization with the "
        "offline model, then ranks all of them as candidates for one partnership, signed in as "
        "a platform administrator, warm (the matrix of vectors loaded once per process). "
        f"Target: *ranking + one page explained* under {TARGET_MS:.0f} ms at the 95th "
        "percentile. Times in milliseconds; queries: SQL statements per request.",
        "",
    ]
    for db in dbs:
        if not db["discovery"]["measured"]:
            lines += [f"**{db['name']} not measured:** {db['discovery']['note']}", ""]
    parts = [db for db in dbs if db["discovery"]["measured"]]
    if not parts:
        return lines
    lines += [
        "| database | candidates | ranking + one page explained: median ms | p95 ms | target "
        f"(p95 < {TARGET_MS:.0f} ms) | whole page request: median / p95 ms | queries | whole API "
        "request: median / p95 ms | queries |",
        "|---|---:|---:|---:|---|---:|---:|---:|---:|",
    ]
    for db in parts:
        d = db["discovery"]
        target, page, api = d["rank_and_explain"], d["page_request"], d["api_request"]
        met = "met" if target["p95_ms"] < TARGET_MS else "**missed**"
        lines.append(
            f"| {db['name']} | {_n(d['candidates'])} | {_ms(target['median_ms'])} | "
            f"{_ms(target['p95_ms'])} | {met} | {_ms(page['median_ms'])} / {_ms(page['p95_ms'])} "
            f"| {_request_queries(page)} | {_ms(api['median_ms'])} / {_ms(api['p95_ms'])} | "
            f"{_request_queries(api)} |"
        )
    lines += [
        "",
        f"The parts, {parts[0]['discovery']['rank_and_explain']['runs']} timed runs each "
        "(median / p95 ms):",
        "",
        "| measurement | " + " | ".join(db["name"] for db in parts) + " |",
        "|---|" + "---:|" * len(parts),
    ]
    for key, label in ROWS:
        cells = [
            f"{_ms(db['discovery'][key]['median_ms'])} / {_ms(db['discovery'][key]['p95_ms'])}"
            for db in parts
        ]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    lines.append("")
    for db in parts:
        d = db["discovery"]
        lines.append(
            f"- {db['name']}: writing the organizations {_s(d['write_s'])}, loading the model "
            f"{_s(d['model_s'])}, embedding all {_n(d['embedded'])} {_s(d['embed_s'])}; the "
            f"first query of a process (it loads the matrix of vectors) "
            f"{_ms(d['cold_first_query_ms'])} ms."
        )
    return [*lines, ""]


def throughput_section(results: dict) -> list[str]:
    t = results["throughput"]
    lines = ["## Throughput over HTTP (gunicorn + wrk)", ""]
    if not t["measured"]:
        return [*lines, f"**Not measured:** {t['note']}", ""]
    lines += [
        "gunicorn (`accord.wsgi --workers 2 --threads 4`) on 127.0.0.1 against the PostgreSQL "
        f"bench database; `wrk {' '.join(t['wrk_args'])}` from the same machine, so server and "
        f"load generator share the {results['machine']['cores']} cores. Signed in as "
        f"`{t['user']}` (session from {t['session_via']}); `/healthz/web` needs no session. "
        "`CONN_MAX_AGE=0` opens a database connection per request; `60` keeps it.",
        "",
        "| CONN_MAX_AGE | path | requests/s | p50 ms | p75 ms | p90 ms | p99 ms | requests "
        "| errors |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in t["rows"]:
        p = row["percentiles_ms"]
        errors = row["non_2xx_3xx"] + row["socket_errors"]
        lines.append(
            f"| {row['conn_max_age']} | `{row['path']}` | {row['requests_per_s']:.0f} | "
            + " | ".join(_ms(p.get(k, p.get(str(k), 0.0))) for k in (50, 75, 90, 99))
            + f" | {_n(row['requests'])} | {errors} |"
        )
    return [*lines, ""]


def meaning_section(results: dict) -> list[str]:
    dbs = [db for db in results["databases"] if db["available"]]
    lines = ["## What the numbers mean", ""]
    rows = [(db["name"], row) for db in dbs for row in db["routes"]["results"]]
    failed = [f"{row['route']} as {row['actor']} on {name}" for name, row in rows if not _ok(row)]
    if failed:
        lines += [f"**Some routes did not answer 200:** {'; '.join(failed)}.", ""]
    pg = next((db for db in dbs if db["name"] == "PostgreSQL"), None)
    if pg:
        met = "meets" if pg["scale_s"] < SEED_TARGET_S else "misses"
        lines.append(
            f"- Seeding {_n(results['scale'])} partnerships on PostgreSQL takes "
            f"{_s(pg['scale_s'])}: it {met} the target of under {SEED_TARGET_S:.0f} s."
        )
    if rows:
        name, worst = max(rows, key=lambda item: item[1]["p95_ms"])
        met = "meets" if worst["p95_ms"] < QUICK_MS else "misses"
        lines.append(
            f"- *A thousand partnerships stays quick* (SPEC): the slowest route at the 95th "
            f"percentile is {worst['route']} as {worst['actor']} on {name}, "
            f"{_ms(worst['p95_ms'])} ms in-process, so it {met} the {QUICK_MS:.0f} ms bound "
            "used here."
        )
        # Per database and route, the spread of query counts across the logins.
        by_route: dict[tuple[str, str], list[int]] = {}
        for name, row in rows:
            by_route.setdefault((name, row["route"]), []).extend(
                (row["queries_min"], row["queries_max"])
            )
        spread = max(max(q) - min(q) for q in by_route.values())
        most = max(row["queries_max"] for _, row in rows)
        seen = " and ".join(
            f"the {actor}'s {_n(a['partnerships_visible'])}"
            for actor, a in dbs[0]["routes"]["actors"].items()
        )
        same = (
            "are the same for every login"
            if spread == 0
            else f"differ by at most {spread} between the logins on any route"
        )
        lines.append(
            f"- *Every page and API list costs a bounded number of queries* (SPEC): at most {most} "
            f"per request, and the counts {same}, although the lists draw on {seen} "
            "partnerships. (The tests assert the same count with 5 and 50 rows.)"
        )
    found = [(db["name"], db["discovery"]) for db in dbs if db.get("discovery", {}).get("measured")]
    if found:
        p95 = " and ".join(f"{_ms(d['rank_and_explain']['p95_ms'])} ms on {n}" for n, d in found)
        met = all(d["rank_and_explain"]["p95_ms"] < TARGET_MS for _, d in found)
        lines.append(
            f"- Candidate discovery ranks {_n(results['discovery'])} organizations and explains "
            f"one page in {p95} at the 95th percentile: it "
            f"{'meets' if met else 'misses'} the {TARGET_MS:.0f} ms target."
        )
    t = results["throughput"]
    if t["measured"]:
        pages = [row for row in t["rows"] if row["path"] != "/healthz/web"]
        if pages:
            best = max(pages, key=lambda row: row["requests_per_s"])
            lines.append(
                f"- Over HTTP the partnership list page serves about "
                f"{best['requests_per_s']:.0f} requests/s on this {results['machine']['cores']}"
                f"-core machine (CONN_MAX_AGE={best['conn_max_age']}), with wrk competing for "
                "the same cores; compare the two CONN_MAX_AGE rows for the cost of opening a "
                "database connection per request."
            )
    return [*lines, ""]


def commands_section(results: dict) -> list[str]:
    return [
        "## Exact commands",
        "",
        f"What `{results['command']}` ran, in order (PostgreSQL first, then SQLite; PORT is a free "
        "loopback port chosen for each gunicorn). The time of a step is the wall-clock time of its "
        "command, as `time` would report it. The full results are also written as JSON to "
        f"`{results['work_dir']}/results.json`.",
        "",
        "```sh",
        *results["commands"],
        "```",
        "",
    ]


def lists_section(lists: dict | None) -> list[str]:
    """Each list and the partnership page next to the in-process floor, at two scales."""
    if not lists:
        return []
    small, large = lists["scales"]
    by_scale = {scale: lists["runs"][str(scale)] for scale in (small, large)}
    lines = [
        "## Lists and the partnership page against the floor (PostgreSQL, in-process)",
        "",
        "`python -m bench.lists` (bench/lists.py) in one process per database, seeded with "
        f"`accord seed --scale N` and `accord seed --demo`: the floor is a view behind the same "
        "middleware, signed in, running one indexed query (a partnership by id) and rendering a "
        "tiny template (bench/floor_urls.py). Every round requests each route once, in the same "
        "order, so that load on the machine falls on all of them alike; the two databases are "
        f"measured in turn ({by_scale[small]['turns']} turns each, {by_scale[small]['rounds']} "
        "rounds in all after 5 warm-up requests per turn), and each figure is the median of the "
        "turns' medians, in milliseconds. *Growth* is the route's ratio to the floor at the "
        "larger scale over its ratio at the smaller: what the size of the data adds, with the "
        "load of the machine (shared with other work) divided out. Goals: each route within "
        f"{FLOOR_RATIO_GOAL:g}x of the floor, and each list within {GROWTH_GOAL:g}x between "
        f"N = {_n(small)} and N = {_n(large)}.",
        "",
        f"| route | signed in as | N = {_n(small)}: ms | x floor | N = {_n(large)}: ms | x floor "
        "| queries | growth | within 3x of the floor | within 2x between scales |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for row, other in zip(by_scale[small]["rows"], by_scale[large]["rows"], strict=True):
        growth = other["ratio"] / row["ratio"]
        floor = row["route"].startswith("Floor")
        ratio_met = max(row["ratio"], other["ratio"]) <= FLOOR_RATIO_GOAL
        lines.append(
            f"| {row['route']} | {row['actor']} | {_ms(row['median_ms'])} | {row['ratio']:.1f} "
            f"| {_ms(other['median_ms'])} | {other['ratio']:.1f} | {other['queries']} "
            f"| {'—' if floor else f'{growth:.2f}'} "
            f"| {'—' if floor else ('met' if ratio_met else 'not met')} "
            f"| {'—' if floor else ('met' if growth <= GROWTH_GOAL else 'not met')} |"
        )
    lines.append("")
    return lines


def render(results: dict) -> str:
    header = [
        "# Performance",
        "",
        f"Generated by `{results['command']}` (bench/run.py) on {results['date']}; run it again "
        "to regenerate this whole file. Everything runs on this machine against 127.0.0.1 with "
        f"fresh databases (SQLite files under `{results['work_dir']}/`, the PostgreSQL database "
        f"`accord_bench` at `{results['pg_server']}`, both dropped and created again), in bounded "
        "time and request counts.",
        "",
    ]
    sections = [
        header,
        machine_section(results),
        seeding_section(results),
        routes_section(results),
        discovery_section(results),
        throughput_section(results),
        lists_section(results.get("lists")),
        meaning_section(results),
        commands_section(results),
    ]
    skipped = [db for db in results["databases"] if not db["available"]]
    if skipped:
        sections.insert(
            2, [f"**{db['name']} not measured:** {db['note']}" for db in skipped] + [""]
        )
    return "\n".join(line for section in sections for line in section).rstrip() + "\n"
