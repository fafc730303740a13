"""`make bench`: measure Accord on fresh databases and write docs/performance.md.

In parts (`--parts`, `make bench PARTS=seed,discovery`), each in bounded time, every figure next
to a floor measured in the same run, as a ratio:

- base: on PostgreSQL (accord_bench, dropped and created again), then SQLite (files in
  /tmp/accord-bench/): migrate; seed --scale N, timed, then again (it must write nothing); count
  the rows; seed --demo twice; time the routes with bench/measure.py; migrate + seed --large.
- lists: bench/lists.py, the lists and the partnership page against the in-process floor at
  --scale and --large partnerships (PostgreSQL).
- seed: bench/seeding.py, `accord seed --scale N` against COPY of the same rows into the same
  indexed tables, with the seed's peak RSS, at --scale and --large.
- discovery: bench/discovery.py at each of --discovery-sizes organizations, against numpy.
- http: wrk against gunicorn (2 workers, --preload): the partnership page and list against the
  bare view behind the same middleware, /healthz/web for reference.
- memory: RSS and PSS of gunicorn's processes with discovery warm (smaps_rollup).
- representation: bench/representation.py, the representation analysis of a partnership with 40
  member organizations, 20 bodies and 2,000 meetings against its floor (the records read once);
  goal: under 200 ms. Pure Python, no database.
- trust: bench/trust.py, the trust and value network's figures for a wave of 40 member
  organizations (1,560 ratings) and the change from an earlier wave, against its floor (the
  ratings read once); goal: under 200 ms. Pure Python, no database.
- disclosure: bench/disclosure.py, disclosure control of 50 x 50 tables with totals (small cells
  scattered, some, many) against numpy's sums of the same tables; goal: under 50 ms. Pure Python,
  no database.
- import: bench/imports.py, a CSV of --import-rows values (a million) imported into one
  submission (checked whole, then written through the bulk path) against COPY of the same rows
  into the same indexed table; goals: at least a third of COPY's rate, peak RSS under 300 MB.
- measurement: bench/measurement.py, the measurement overview and an indicator's analysis page
  of a partnership with about 2,000 values, in a PostgreSQL database seeded at
  --measurement-scale partnerships (2 million values at 1,000), against the floor in the same
  process; goals: the indicator page under 150 ms, the overview under 300 ms.
- scorecard: bench/scorecard.py on PostgreSQL seeded with --scale N: every partnership's health
  scorecard recomputed (goal: under 5 s in all), and one change reflected (goal: under 50 ms),
  each against its floor (each table the criteria read, read once).
- portfolio: bench/portfolio.py on PostgreSQL seeded with --scale N and the demo: the portfolio's
  heat map of every partnership (the administrator's) against the in-process floor, with its API
  page and its CSV and XLSX exports; goal: the page under 200 ms with a constant number of queries.
- report: bench/report_pdf.py on PostgreSQL seeded with the demo: the Bridges public progress
  report's files (the content, the tagged PDF, the XLSX, the CSV) built as the worker builds them,
  against a one-page tagged PDF; goal: a build under 3 s (the first build of a process apart).

The figures of the parts not run are kept from the previous /tmp/accord-bench/results.json, and
bench/report.py writes docs/performance.md from all of them, with every command run, in order.
"""

import argparse
import json
import os
import re
import shlex
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

# Run as a script (`python bench/run.py`), so its siblings import as top-level modules.
import machine
import report
import throughput

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
WORK = Path("/tmp/accord-bench")  # SQLite files, the gunicorn log and results.json
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
DEMO_PASSWORD = "accord-demo-2026"  # every demo login's password (README)
THROUGHPUT_USER = "admin"  # sees every partnership: the heaviest partnership list
THROUGHPUT_PATHS = ("/healthz/web", "/partnerships/")
DISCOVERY_RUNS = 20  # timed runs of each discovery measurement
LIST_TURNS = 4  # bench/lists.py runs per scale, the scales in turn
# Each child process gets its database only from what run() passes, never from the caller's shell.
DB_VARIABLES = ("DATABASE_URL", "ACCORD_SQLITE_PATH", "CONN_MAX_AGE")

COMMANDS: list[str] = []  # every command run, in order, as a shell line for the report


def log(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def local(path: Path) -> str:
    """`path` as the report shows it: relative to the project when inside it (.venv/bin/accord)."""
    return os.path.relpath(path, ROOT) if path.is_relative_to(ROOT) else str(path)


ACCORD = local(BIN / "accord")
PYTHON = local(BIN / "python")


def child_env(variables: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in DB_VARIABLES}
    return env | variables


def run(command: list[str], variables: dict[str, str] | None = None) -> tuple[float, str]:
    """Run `command` in the project with `variables` set; (wall-clock seconds, stdout)."""
    variables = variables or {}
    line = " ".join([*(f"{k}={v}" for k, v in variables.items()), *map(shlex.quote, command)])
    COMMANDS.append(line)
    log(line)
    started = time.perf_counter()
    # stderr is not captured: warnings and tracebacks show on the terminal as they happen.
    done = subprocess.run(
        command, cwd=ROOT, env=child_env(variables), stdout=subprocess.PIPE, text=True, check=True
    )
    return time.perf_counter() - started, done.stdout


def measure(args: list[str], variables: dict[str, str]) -> dict:
    return json.loads(run([PYTHON, "-m", "bench.measure", *args], variables)[1])


def postgres_version() -> str | None:
    """The server's version; None when it does not answer, and then it is not measured."""
    show = ["psql", f"{PG_SERVER}/postgres", "-tAc", "SHOW server_version"]
    try:
        return subprocess.run(show, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def fresh_postgres(name: str) -> dict[str, str]:
    # FORCE ends connections a previous, interrupted run may have left open.
    for sql in (f"DROP DATABASE IF EXISTS {name} WITH (FORCE)", f"CREATE DATABASE {name}"):
        run(["psql", "-q", f"{PG_SERVER}/postgres", "-c", sql])
    return {"DATABASE_URL": f"{PG_SERVER}/{name}"}


def fresh_sqlite(name: str) -> dict[str, str]:
    path = WORK / f"{name}.sqlite3"
    run(["rm", "-f", str(path), f"{path}-wal", f"{path}-shm"])
    return {"ACCORD_SQLITE_PATH": str(path)}


def seed_scale(n: int, variables: dict[str, str]) -> tuple[float, float | None]:
    """Wall-clock seconds, and what the command reports for its transaction ("in 2.5 s")."""
    seconds, output = run([ACCORD, "seed", "--scale", str(n)], variables)
    inner = re.search(r"written in ([\d.]+) s", output)
    return seconds, float(inner[1]) if inner else None


def bench_lists(args) -> dict:
    """Lists and the partnership page against the floor (bench/lists.py) on PostgreSQL, on two
    fresh databases seeded at --scale and --large partnerships (with the demo logins). The two
    are measured in turn, LIST_TURNS times each, so that a change of load on the shared machine
    falls on both scales alike; per route, the median of the turns' medians and ratios."""
    scales = (args.scale, args.large)
    envs = {}
    for scale in scales:
        envs[scale] = fresh_postgres(f"accord_bench_lists_{scale}")
        run([ACCORD, "migrate", "--no-input"], envs[scale])
        run([ACCORD, "seed", "--scale", str(scale)], envs[scale])
        run([ACCORD, "seed", "--demo"], envs[scale])
    rounds = max(1, args.list_rounds // LIST_TURNS)
    turns: dict[int, list[dict]] = {scale: [] for scale in scales}
    for _ in range(LIST_TURNS):
        for scale in scales:
            command = [PYTHON, "-m", "bench.lists", "--rounds", str(rounds)]
            turns[scale].append(json.loads(run(command, envs[scale])[1]))
    runs = {}
    for scale in scales:
        rows = []
        for index, row in enumerate(turns[scale][0]["rows"]):
            of_turns = [turn["rows"][index] for turn in turns[scale]]
            rows.append(
                row
                | {
                    "median_ms": statistics.median(r["median_ms"] for r in of_turns),
                    "ratio": statistics.median(r["ratio"] for r in of_turns),
                }
            )
        runs[str(scale)] = {"rounds": rounds * LIST_TURNS, "turns": LIST_TURNS, "rows": rows}
    for scale in scales:
        sql = f"DROP DATABASE accord_bench_lists_{scale}"
        run(["psql", "-q", f"{PG_SERVER}/postgres", "-c", sql])
    return {"scales": list(scales), "runs": runs}


def bench_database(name: str, fresh, args) -> dict:
    """Seeding times, rows written and route timings on one fresh database."""
    db: dict = {"name": name, "available": True}
    env = fresh("accord_bench")
    db["migrate_s"], _ = run([ACCORD, "migrate", "--no-input"], env)
    db["scale_s"], db["scale_inner_s"] = seed_scale(args.scale, env)
    db["scale_again_s"], output = run([ACCORD, "seed", "--scale", str(args.scale)], env)
    if "already there" not in output:
        raise RuntimeError(f"a second `seed --scale` wrote data on {name}: {output}")
    db["counts"] = measure(["counts"], env)  # before the demo: only what --scale wrote
    db["demo_s"], _ = run([ACCORD, "seed", "--demo"], env)
    db["demo_again_s"], output = run([ACCORD, "seed", "--demo"], env)
    if "nothing changed" not in output:
        raise RuntimeError(f"a second `seed --demo` changed data on {name}: {output}")
    n, warmup = str(args.n), str(args.warmup)
    db["routes"] = measure(["routes", "--n", n, "--warmup", warmup], env)
    if args.large:
        large = fresh("accord_bench_large")
        db["large_migrate_s"], _ = run([ACCORD, "migrate", "--no-input"], large)
        db["large_s"], db["large_inner_s"] = seed_scale(args.large, large)
    return db


HTTP_ROUNDS = 2  # wrk runs per path, the paths in turn
MEMORY_WRK_ARGS = ["-t2", "-c4", "-d5s", "--latency", "--timeout", "5s"]


def bench_seeding(args) -> dict:
    """`accord seed --scale N` against COPY of the same rows, at --scale and --large
    (bench/seeding.py): medians of interleaved turns, the ratio and the seed's peak RSS."""
    scales = ",".join(str(n) for n in (args.scale, args.large) if n)
    command = [PYTHON, "-m", "bench.seeding", "--scales", scales]
    command += ["--turns", str(args.seed_turns)]
    result = json.loads(run(command)[1])
    COMMANDS.extend(f"  # {line}" for line in result.pop("commands"))
    return result


def bench_import(args) -> dict:
    """A CSV of --import-rows values imported against COPY of the same values (bench/imports.py):
    the ratio of the rates and the import's peak RSS."""
    command = [PYTHON, "-m", "bench.imports", "--rows", str(args.import_rows), "--json"]
    result = json.loads(run(command)[1])
    COMMANDS.extend(f"  # {line}" for line in result.pop("commands"))
    return result


def bench_discovery_ratios(args) -> dict:
    """Candidate discovery against the numpy floor at each size of --discovery-sizes, on
    PostgreSQL (bench/discovery.py; its own database, created afresh per size)."""
    sizes = [int(n) for n in args.discovery_sizes.split(",") if n]
    rows = []
    for n in sizes:
        command = [PYTHON, "-m", "bench.discovery", "--db", "postgres"]
        command += ["--organizations", str(n), "--runs", str(DISCOVERY_RUNS), "--json"]
        try:
            found = json.loads(run(command)[1])
        except (subprocess.CalledProcessError, ValueError) as error:
            log(f"discovery at {n} failed: {error}")
            rows.append({"organizations": n, "measured": False, "note": str(error)})
            continue
        rows.append(found[0] | {"measured": True} if found else {"organizations": n})
    return {"sizes": sizes, "runs": DISCOVERY_RUNS, "rows": rows}


def _signed_in(base: str, path: str, session: str) -> None:
    status = throughput.signed_in_status(base, path, session)
    if status != 200:
        raise RuntimeError(f"{path} answered {status} when signed in")


def bench_http(args) -> dict:
    """wrk against gunicorn on 127.0.0.1 (2 workers, --preload, CONN_MAX_AGE=60), signed in: the
    partnership page and the partnership list next to the bare view behind the same middleware
    (bench/floor_urls.py, one query), /healthz/web for reference; the paths in turn,
    HTTP_ROUNDS times, medians of requests/s."""
    wrk = throughput.ensure_wrk(log)
    if not wrk:
        return {"measured": False, "note": "wrk is not available (`apt-get install wrk`)."}
    env = fresh_postgres("accord_bench_http")
    run([ACCORD, "migrate", "--no-input", "-v0"], env)
    run([ACCORD, "seed", "--scale", str(args.scale)], env)
    run([ACCORD, "seed", "--demo"], env)
    signed = measure(["session", THROUGHPUT_USER], env)
    session, pk = signed["session_key"], signed["partnership_id"]
    paths = [
        ("/healthz/web", "health check (no session, no query)"),
        (f"/bench-floor/{pk}/", "floor: bare view, same middleware, signed in, one query"),
        (f"/partnerships/{pk}/", "partnership page"),
        ("/partnerships/", "partnership list"),
    ]
    served = env | {"CONN_MAX_AGE": "60", "DJANGO_SETTINGS_MODULE": "bench.settings"}
    extra = ("--preload",)
    COMMANDS.append(
        " ".join(f"{k}={v}" for k, v in served.items())
        + f" {local(BIN / 'gunicorn')} accord.wsgi --workers 2 --threads 4"
        " --bind 127.0.0.1:PORT --graceful-timeout 5 --preload"
    )
    samples: dict[str, list[dict]] = {path: [] for path, _ in paths}
    with throughput.gunicorn(BIN, child_env(served), WORK / "gunicorn.log", ROOT, extra) as (
        base,
        _,
    ):
        for path, _ in paths[1:]:
            _signed_in(base, path, session)
        for _ in range(HTTP_ROUNDS):
            for path, _ in paths:
                cookie = session if path != "/healthz/web" else None
                shown = " -H 'Cookie: sessionid=…'" if cookie else ""
                COMMANDS.append(
                    f"wrk {' '.join(throughput.WRK_ARGS)}{shown} http://127.0.0.1:PORT{path}"
                )
                log(COMMANDS[-1])
                samples[path].append(throughput.run_wrk(wrk, base + path, cookie))
    drop = "DROP DATABASE accord_bench_http WITH (FORCE)"
    run(["psql", "-q", f"{PG_SERVER}/postgres", "-c", drop])
    floor_rps = statistics.median(r["requests_per_s"] for r in samples[paths[1][0]])
    rows = []
    for path, label in paths:
        runs = samples[path]
        rps = statistics.median(r["requests_per_s"] for r in runs)
        rows.append(
            {
                "path": path,
                "label": label,
                "requests_per_s": rps,
                "runs_requests_per_s": [r["requests_per_s"] for r in runs],
                "p50_ms": statistics.median(r["percentiles_ms"][50] for r in runs),
                "p99_ms": statistics.median(r["percentiles_ms"][99] for r in runs),
                "requests": sum(r["requests"] for r in runs),
                "errors": sum(r["non_2xx_3xx"] + r["socket_errors"] for r in runs),
                "of_floor": rps / floor_rps,
            }
        )
    return {
        "measured": True,
        "scale": args.scale,
        "rounds": HTTP_ROUNDS,
        "wrk_args": throughput.WRK_ARGS,
        "user": THROUGHPUT_USER,
        "rows": rows,
    }


def bench_memory(args) -> dict:
    """Resident memory of gunicorn's master and workers with discovery warm, from
    /proc/<pid>/smaps_rollup, with and without --preload, on the discovery database that
    bench/discovery.py left (or one it writes now at --discovery organizations)."""
    from discovery import PG_DATABASE

    url = f"{PG_SERVER}/{PG_DATABASE}"
    count = ["psql", "-tAq", url, "-c", "SELECT count(*) FROM directory_organization"]
    if subprocess.run(count, capture_output=True).returncode != 0:
        command = [PYTHON, "-m", "bench.discovery", "--db", "postgres"]
        run([*command, "--organizations", str(args.discovery), "--runs", "3", "--json"])
    env = {"DATABASE_URL": url}
    organizations = int(run(count)[1].strip())
    pk_sql = "SELECT id FROM partnerships_partnership WHERE title = 'Bench partnership'"
    pk = int(run(["psql", "-tAq", url, "-c", pk_sql])[1].strip())
    session = measure(["session", "bench-admin"], env)["session_key"]
    path = f"/partnerships/{pk}/candidates/"
    wrk = throughput.ensure_wrk(log)
    rows = []
    for preload in (True, False):
        served = env | {"CONN_MAX_AGE": "60", "ACCORD_WARM_DISCOVERY": "true"}
        extra = ("--preload",) if preload else ()
        COMMANDS.append(
            " ".join(f"{k}={v}" for k, v in served.items())
            + f" {local(BIN / 'gunicorn')} accord.wsgi --workers 2 --threads 4"
            f" --bind 127.0.0.1:PORT --graceful-timeout 5{' --preload' if preload else ''}"
        )
        log_path = WORK / "gunicorn.log"
        with throughput.gunicorn(BIN, child_env(served), log_path, ROOT, extra) as (base, pid):
            _signed_in(base, path, session)
            COMMANDS.append(
                f"wrk {' '.join(MEMORY_WRK_ARGS)} -H 'Cookie: sessionid=…' "
                f"http://127.0.0.1:PORT{path}"
            )
            log(COMMANDS[-1])
            served_load = throughput.run_wrk(wrk, base + path, session, MEMORY_WRK_ARGS)
            row = {"preload": preload, "master": throughput.memory(pid)}
            row["workers"] = [throughput.memory(w) for w in throughput.workers(pid)]
            row["requests"] = served_load["requests"]
            row["errors"] = served_load["non_2xx_3xx"] + served_load["socket_errors"]
            rows.append(row)
    # Nothing later reads it: do not leave 100,000 organizations behind on the server.
    run(["psql", "-q", f"{PG_SERVER}/postgres", "-c", f"DROP DATABASE {PG_DATABASE} WITH (FORCE)"])
    return {"organizations": organizations, "path": "/partnerships/{id}/candidates/", "rows": rows}


PARTS = (
    "base",
    "lists",
    "seed",
    "discovery",
    "http",
    "memory",
    "representation",
    "trust",
    "disclosure",
    "import",
    "measurement",
    "scorecard",
    "portfolio",
    "report",
)


def bench_measurement(args) -> dict:
    """The analysis pages against the floor (bench/measurement.py) on a fresh PostgreSQL
    database seeded at --measurement-scale partnerships (about 2,000 values each) and the demo;
    the seed's time is kept beside the figures."""
    name = "accord_bench_measurement"
    env = fresh_postgres(name)
    run([ACCORD, "migrate", "--no-input"], env)
    seed_s, seed_inner_s = seed_scale(args.measurement_scale, env)
    run([ACCORD, "seed", "--demo"], env)
    command = [PYTHON, "-m", "bench.measurement", "--rounds", str(args.measurement_rounds)]
    found = json.loads(run(command, env)[1])
    run(["psql", "-q", f"{PG_SERVER}/postgres", "-c", f"DROP DATABASE {name}"])
    return found | {
        "scale": args.measurement_scale,
        "seed_s": seed_s,
        "seed_inner_s": seed_inner_s,
    }


def bench_representation(args) -> dict:
    """The representation analysis against its floor (bench/representation.py)."""
    return json.loads(run([PYTHON, "-m", "bench.representation", "--json"])[1])


def bench_scorecard(args) -> dict:
    """Every scorecard and one change, on PostgreSQL at --scale (bench/scorecard.py)."""
    env = fresh_postgres("accord_bench_scorecard")
    run([ACCORD, "migrate", "--no-input"], env)
    run([ACCORD, "seed", "--scale", str(args.scale)], env)
    found = json.loads(run([PYTHON, "-m", "bench.scorecard", "--json"], env)[1])
    run(["psql", "-q", f"{PG_SERVER}/postgres", "-c", "DROP DATABASE accord_bench_scorecard"])
    return found


def bench_portfolio(args) -> dict:
    """The portfolio's heat map of --scale partnerships against the floor (bench/portfolio.py),
    on PostgreSQL seeded with --scale N and the demo (its administrator sees them all)."""
    name = "accord_bench_portfolio"
    env = fresh_postgres(name)
    run([ACCORD, "migrate", "--no-input"], env)
    run([ACCORD, "seed", "--scale", str(args.scale)], env)
    run([ACCORD, "seed", "--demo"], env)
    found = json.loads(run([PYTHON, "-m", "bench.portfolio", "--json"], env)[1])
    run(["psql", "-q", f"{PG_SERVER}/postgres", "-c", f"DROP DATABASE {name}"])
    return found


def bench_report(args) -> dict:
    """A progress report's files built as the worker builds them (bench/report_pdf.py), on
    PostgreSQL seeded with the demo (its published public report)."""
    name = "accord_bench_report"
    env = fresh_postgres(name)
    run([ACCORD, "migrate", "--no-input"], env)
    run([ACCORD, "seed", "--demo"], env)
    found = json.loads(run([PYTHON, "-m", "bench.report_pdf", "--runs", "5", "--json"], env)[1])
    run(["psql", "-q", f"{PG_SERVER}/postgres", "-c", f"DROP DATABASE {name}"])
    return found


def run_part(part: str, args, results: dict, pg_version: str | None) -> None:
    """Measure one part into `results` (its figures, its commands, the machine's load)."""
    COMMANDS.clear()
    load_before, started = os.getloadavg(), time.monotonic()
    if part == "base":
        databases = []
        if pg_version is None:
            note = f"PostgreSQL at {PG_SERVER} did not answer `psql`."
            databases.append({"name": "PostgreSQL", "available": False, "note": note})
        else:
            databases.append(bench_database("PostgreSQL", fresh_postgres, args))
        databases.append(bench_database("SQLite", fresh_sqlite, args))
        if pg_version:
            # Nothing later reads them: do not leave the databases behind on the server.
            names = ["accord_bench", *(["accord_bench_large"] if args.large else [])]
            for name in names:
                run(["psql", "-q", f"{PG_SERVER}/postgres", "-c", f"DROP DATABASE {name}"])
        results["databases"] = databases
    elif part == "representation":
        results["representation"] = bench_representation(args)  # no database: always measured
    elif part == "trust":
        results["trust"] = json.loads(run([PYTHON, "-m", "bench.trust", "--json"])[1])
    elif part == "disclosure":
        results["disclosure"] = json.loads(run([PYTHON, "-m", "bench.disclosure", "--json"])[1])
    elif pg_version is None:
        results[part] = None  # every other part measures PostgreSQL
    elif part == "lists":
        results["lists"] = bench_lists(args) if args.large else None
    elif part == "seed":
        results["seed"] = bench_seeding(args)
    elif part == "discovery":
        results["discovery_ratios"] = bench_discovery_ratios(args)
    elif part == "http":
        try:
            results["http"] = bench_http(args)
        except (RuntimeError, OSError, ValueError, subprocess.SubprocessError) as error:
            log(f"throughput failed: {error}")
            results["http"] = {"measured": False, "note": f"the run failed: {error}"}
    elif part == "memory":
        results["memory"] = bench_memory(args)
    elif part == "import":
        results["import"] = bench_import(args)
    elif part == "measurement":
        results["measurement"] = bench_measurement(args)
    elif part == "scorecard":
        results["scorecard"] = bench_scorecard(args)
    elif part == "portfolio":
        results["portfolio"] = bench_portfolio(args)
    elif part == "report":
        results["report"] = bench_report(args)
    results.setdefault("commands", {})[part] = list(COMMANDS)
    results.setdefault("load", {})[part] = {
        "date": date.today().isoformat(),
        "command": shlex.join(["bench/run.py", *sys.argv[1:]]),
        "minutes": (time.monotonic() - started) / 60,
        "load_before": load_before[0],
        "load_after": os.getloadavg()[0],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1000, help="partnerships to seed and measure")
    parser.add_argument("--large", type=int, default=10000, help="the second scale; 0 skips it")
    parser.add_argument("--n", type=int, default=50, help="timed requests per route and login")
    parser.add_argument("--warmup", type=int, default=5, help="untimed requests first")
    parser.add_argument(
        "--discovery",
        type=int,
        default=10000,
        help="organizations for `memory` when `discovery` has not left its database",
    )
    parser.add_argument(
        "--discovery-sizes", default="1000,10000,100000", help="organizations to rank, in turn"
    )
    parser.add_argument("--seed-turns", type=int, default=2, help="seed and COPY runs per scale")
    parser.add_argument(
        "--import-rows", type=int, default=1_000_000, help="values in the imported CSV"
    )
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "performance.md")
    parser.add_argument("--list-rounds", type=int, default=40, help="rounds of bench/lists.py")
    parser.add_argument(
        "--measurement-scale",
        type=int,
        default=1000,
        help="partnerships seeded for `measurement` (about 2,000 values each)",
    )
    parser.add_argument(
        "--measurement-rounds", type=int, default=40, help="rounds of bench/measurement.py"
    )
    parser.add_argument(
        "--parts",
        default=",".join(PARTS),
        help="what to measure, comma-separated, of: " + ", ".join(PARTS) + ". Figures of the "
        "parts not measured now are kept from the previous run's results.json.",
    )
    parser.add_argument(
        "--lists-only",
        action="store_true",
        help="measure only the lists against the floor (PostgreSQL, --scale and --large) and "
        "print that section of the report instead of writing --output",
    )
    args = parser.parse_args()
    parts = [p.strip() for p in args.parts.split(",") if p.strip()]
    unknown = sorted(set(parts) - set(PARTS))
    if unknown:
        parser.error(f"unknown parts: {', '.join(unknown)}; choose from {', '.join(PARTS)}")
    started, cpu_before = time.monotonic(), machine.busy_cpu_s()
    WORK.mkdir(exist_ok=True)
    if args.lists_only:
        lists = bench_lists(args)
        (WORK / "lists.json").write_text(json.dumps(lists, indent=2))
        print("\n".join([*report.lists_section(lists), "```sh", *COMMANDS, "```"]))
        return

    saved = WORK / "results.json"
    results = json.loads(saved.read_text()) if saved.exists() and set(parts) != set(PARTS) else {}
    pg_version = postgres_version()
    for part in PARTS:
        if part not in parts:
            continue
        results.get("failed", {}).pop(part, None)
        try:
            run_part(part, args, results, pg_version)
        except (RuntimeError, OSError, ValueError, KeyError, subprocess.SubprocessError) as error:
            # The other parts' figures are still worth writing down; say what went wrong.
            log(f"{part} failed: {error!r}")
            results.setdefault("failed", {})[part] = repr(error)
        saved.write_text(json.dumps(results, indent=2))  # a later failure keeps this part

    direct = shlex.join([PYTHON, "bench/run.py", *sys.argv[1:]])
    command = "make bench" if "MAKELEVEL" in os.environ else direct
    if "MAKELEVEL" in os.environ and set(parts) != set(PARTS):
        command = f"make bench PARTS={','.join(parts)}"
    http_measured = bool((results.get("http") or {}).get("measured"))
    results |= {
        "command": command,
        "parts_run": parts,
        "date": date.today().isoformat(),
        "machine": machine.describe(pg_version, http_measured, cpu_before),
        "scale": args.scale,
        "large": args.large,
        "n": args.n,
        "warmup": args.warmup,
        "pg_server": PG_SERVER,
        "work_dir": str(WORK),
    }
    saved.write_text(json.dumps(results, indent=2))
    args.output.write_text(report.render(results))
    log(f"wrote {local(args.output)} in {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
