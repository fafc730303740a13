"""`make bench`: measure Accord on fresh databases and write docs/performance.md.

On PostgreSQL (accord_bench, dropped and created again), then SQLite (files in /tmp/accord-bench/):
migrate; seed --scale N, timed, then again (it must write nothing); count the rows it wrote; seed
--demo twice; time the routes with bench/measure.py; time candidate discovery over D organizations
(--discovery) with bench/discovery.py, on a database of its own; time migrate + seed --scale M
(--large) on a second fresh database. On PostgreSQL, bench/lists.py measures the lists and the
partnership page against the in-process floor at --scale and at --large partnerships. Then wrk
against gunicorn on PostgreSQL (bench/throughput.py), and bench/report.py writes
docs/performance.md with the figures and every command run, in order.
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
DISCOVERY_DB = {"PostgreSQL": "postgres", "SQLite": "sqlite"}  # bench/discovery.py --db
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


def bench_discovery(name: str, organizations: int) -> dict:
    """Candidate discovery (bench/discovery.py) on its own fresh database: its JSON results."""
    command = [PYTHON, "-m", "bench.discovery", "--db", DISCOVERY_DB[name]]
    command += ["--organizations", str(organizations), "--runs", str(DISCOVERY_RUNS), "--json"]
    try:
        results = json.loads(run(command)[1])
    except (subprocess.CalledProcessError, ValueError) as error:
        # The other figures are still worth writing down; say what went wrong.
        log(f"discovery failed on {name}: {error}")
        return {"measured": False, "note": f"`{shlex.join(command)}` failed: {error}"}
    if not results:
        return {"measured": False, "note": "bench/discovery.py could not reach the database."}
    return results[0] | {"measured": True}


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
    if args.discovery:
        db["discovery"] = bench_discovery(name, args.discovery)
    if args.large:
        large = fresh("accord_bench_large")
        db["large_migrate_s"], _ = run([ACCORD, "migrate", "--no-input"], large)
        db["large_s"], db["large_inner_s"] = seed_scale(args.large, large)
    return db


def bench_throughput(pg_env: dict[str, str] | None) -> dict:
    """wrk against gunicorn on 127.0.0.1, once without and once with persistent connections."""
    result = {"measured": False, "wrk_args": throughput.WRK_ARGS, "user": THROUGHPUT_USER}
    if pg_env is None:
        return result | {"note": "PostgreSQL was not available."}
    wrk = throughput.ensure_wrk(log)
    if not wrk:
        return result | {
            "note": "wrk is not available. Install it with `apt-get install wrk`, or run "
            "`ACCORD_INSTALL_TOOLS=1 make bench` to let the bench try apt-get."
        }
    rows, session, via = [], None, "the sign-in page"
    for conn_max_age in (0, 60):
        env = pg_env | {"CONN_MAX_AGE": str(conn_max_age)}
        COMMANDS.append(
            " ".join(f"{k}={v}" for k, v in env.items())
            + f" {local(BIN / 'gunicorn')} accord.wsgi --workers 2 --threads 4"
            " --bind 127.0.0.1:PORT --graceful-timeout 5"
        )
        with throughput.gunicorn(BIN, child_env(env), WORK / "gunicorn.log", ROOT) as base:
            if session is None:
                session = throughput.login_session(base, THROUGHPUT_USER, DEMO_PASSWORD)
            if session is None:
                via = "`python -m bench.measure session`"
                session = measure(["session", THROUGHPUT_USER], pg_env)["session_key"]
            status = throughput.signed_in_status(base, THROUGHPUT_PATHS[1], session)
            if status != 200:
                raise RuntimeError(f"{THROUGHPUT_PATHS[1]} answered {status} when signed in")
            for path in THROUGHPUT_PATHS:
                cookie = session if path != "/healthz/web" else None  # it needs no session
                shown = " -H 'Cookie: sessionid=…'" if cookie else ""
                COMMANDS.append(
                    f"wrk {' '.join(throughput.WRK_ARGS)}{shown} http://127.0.0.1:PORT{path}"
                )
                log(COMMANDS[-1])
                measured = throughput.run_wrk(wrk, base + path, cookie)
                rows.append({"conn_max_age": conn_max_age, "path": path} | measured)
    return result | {"measured": True, "session_via": via, "rows": rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1000, help="partnerships to seed and measure")
    parser.add_argument("--large", type=int, default=10000, help="seeding only; 0 skips it")
    parser.add_argument("--n", type=int, default=50, help="timed requests per route and login")
    parser.add_argument("--warmup", type=int, default=5, help="untimed requests first")
    parser.add_argument(
        "--discovery", type=int, default=10000, help="organizations to rank; 0 skips it"
    )
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "performance.md")
    parser.add_argument("--list-rounds", type=int, default=40, help="rounds of bench/lists.py")
    parser.add_argument(
        "--lists-only",
        action="store_true",
        help="measure only the lists against the floor (PostgreSQL, --scale and --large) and "
        "print that section of the report instead of writing --output",
    )
    args = parser.parse_args()
    started, cpu_before = time.monotonic(), machine.busy_cpu_s()
    WORK.mkdir(exist_ok=True)
    if args.lists_only:
        lists = bench_lists(args)
        (WORK / "lists.json").write_text(json.dumps(lists, indent=2))
        print("\n".join([*report.lists_section(lists), "```sh", *COMMANDS, "```"]))
        return

    databases, pg_env = [], None
    pg_version = postgres_version()
    if pg_version is None:
        note = f"PostgreSQL at {PG_SERVER} did not answer `psql`."
        databases.append({"name": "PostgreSQL", "available": False, "note": note})
    else:
        databases.append(bench_database("PostgreSQL", fresh_postgres, args))
        pg_env = {"DATABASE_URL": f"{PG_SERVER}/accord_bench"}
    databases.append(bench_database("SQLite", fresh_sqlite, args))
    if pg_env and args.large:
        # Only its seeding time was wanted; do not leave a large database behind on the server.
        run(["psql", "-q", f"{PG_SERVER}/postgres", "-c", "DROP DATABASE accord_bench_large"])

    lists = bench_lists(args) if pg_env and args.large else None

    try:
        speed = bench_throughput(pg_env)
    except (RuntimeError, OSError, ValueError, subprocess.SubprocessError) as error:
        # The seeding and route figures are still worth writing down; say what went wrong.
        log(f"throughput failed: {error}")
        speed = {"measured": False, "note": f"the run failed: {error}"}

    direct = shlex.join([PYTHON, "bench/run.py", *sys.argv[1:]])
    results = {
        "command": "make bench" if "MAKELEVEL" in os.environ else direct,
        "date": date.today().isoformat(),
        "machine": machine.describe(pg_version, speed["measured"], cpu_before),
        "scale": args.scale,
        "large": args.large,
        "n": args.n,
        "warmup": args.warmup,
        "discovery": args.discovery,
        "pg_server": PG_SERVER,
        "work_dir": str(WORK),
        "databases": databases,
        "throughput": speed,
        "lists": lists,
        "commands": COMMANDS,
    }
    (WORK / "results.json").write_text(json.dumps(results, indent=2))
    args.output.write_text(report.render(results))
    log(f"wrote {local(args.output)} in {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
