"""Seeding against its floor: `accord seed --scale N` next to COPY of the same rows (PostgreSQL).

    .venv/bin/python -m bench.seeding --scales 1000,10000 --turns 2

One database is migrated once and used as a template; every measurement starts from a copy of it
(CREATE DATABASE ... TEMPLATE), so the tables, indexes and constraints are the same each time.
Per turn and scale, in turn: `accord seed --scale N` in a fresh copy (the time it reports for its
own transaction, and the peak resident memory of its process from wait4), then the floor: the rows
that seed wrote, dumped once with COPY TO, loaded with COPY FROM into the same indexed tables of
another fresh copy in one transaction (the constraints are checked at commit, as seed's are).
Prints JSON: per scale the medians over the turns and the ratio seed / COPY.
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
TEMPLATE = "accord_bench_seed_tpl"
WORK = Path("/tmp/accord-bench/seed-copy")
COMMANDS: list[str] = []


def log(message: str) -> None:
    print(f"bench.seeding: {message}", file=sys.stderr, flush=True)


def admin(sql: str) -> None:
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as db:
        db.execute(sql)


def fresh_from_template(name: str) -> str:
    admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin(f'CREATE DATABASE "{name}" TEMPLATE "{TEMPLATE}"')
    return f"{PG_SERVER}/{name}"


def child_env(url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "ACCORD_SQLITE_PATH")}
    return env | {"DATABASE_URL": url}


def make_template() -> None:
    admin(f'DROP DATABASE IF EXISTS "{TEMPLATE}" WITH (FORCE)')
    admin(f'CREATE DATABASE "{TEMPLATE}"')
    command = [str(Path(sys.executable).parent / "accord"), "migrate", "--no-input", "-v0"]
    COMMANDS.append(f"DATABASE_URL={PG_SERVER}/{TEMPLATE} {' '.join(command)}")
    subprocess.run(command, cwd=ROOT, env=child_env(f"{PG_SERVER}/{TEMPLATE}"), check=True)


def seed(n: int, url: str) -> dict:
    """Run `accord seed --scale n`; its transaction's seconds and its peak RSS (wait4)."""
    command = [str(Path(sys.executable).parent / "accord"), "seed", "--scale", str(n)]
    COMMANDS.append(f"DATABASE_URL={url} .venv/bin/accord seed --scale {n}")
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, env=child_env(url), stdout=subprocess.PIPE)
    output = process.stdout.read().decode()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise RuntimeError(f"accord seed --scale {n} exited with {process.returncode}")
    inner = re.search(r"written in ([\d.]+) s", output)
    return {
        "wall_s": time.perf_counter() - started,
        "inner_s": float(inner[1]) if inner else None,
        "peak_rss_mb": usage.ru_maxrss / 1024,  # kilobytes on Linux
    }


def tables(db) -> list[str]:
    return [
        row[0]
        for row in db.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        )
    ]


def dump_written(url: str, folder: Path) -> dict[str, int]:
    """COPY TO a file per table the rows that seed wrote (those not in the template)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    with psycopg.connect(f"{PG_SERVER}/{TEMPLATE}") as tpl, psycopg.connect(url) as db:
        for table in tables(db):
            before = tpl.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            count = db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            if count == before:
                continue
            where = ""
            if before:  # rows the migrations wrote: take only those after them
                last = tpl.execute(f'SELECT max(id) FROM "{table}"').fetchone()[0]
                where = f" WHERE id > {last}"
            path = folder / f"{table}.copy"
            sql = f'COPY (SELECT * FROM "{table}"{where}) TO STDOUT'
            with path.open("wb") as out, db.cursor() as cursor, cursor.copy(sql) as copy:
                for chunk in copy:
                    out.write(chunk)
            written[table] = count - before
    return written


def copy_floor(url: str, folder: Path, written: dict[str, int]) -> float:
    """Seconds to COPY the dumped rows into the same tables, in one transaction."""
    with psycopg.connect(url) as db:
        started = time.perf_counter()
        with db.transaction(), db.cursor() as cursor:
            for table in written:
                source = folder / f"{table}.copy"
                with cursor.copy(f'COPY "{table}" FROM STDIN') as copy, source.open("rb") as data:
                    while chunk := data.read(1 << 20):
                        copy.write(chunk)
        return time.perf_counter() - started


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.seeding")
    parser.add_argument("--scales", default="1000,10000")
    parser.add_argument("--turns", type=int, default=2)
    args = parser.parse_args(argv)
    scales = [int(s) for s in args.scales.split(",")]
    make_template()
    runs: dict[int, dict[str, list]] = {n: {"seed": [], "copy": []} for n in scales}
    written: dict[int, dict[str, int]] = {}
    for turn in range(args.turns):
        for n in scales:
            name = f"accord_bench_seed_{n}"
            log(f"turn {turn + 1}: seed --scale {n}")
            runs[n]["seed"].append(seed(n, fresh_from_template(name)))
            folder = WORK / str(n)
            if n not in written:
                written[n] = dump_written(f"{PG_SERVER}/{name}", folder)
            admin(f'DROP DATABASE "{name}" WITH (FORCE)')
            log(f"turn {turn + 1}: COPY of the same {sum(written[n].values())} rows")
            COMMANDS.append(
                f"COPY <each table> FROM STDIN  -- {len(written[n])} tables, one transaction"
            )
            runs[n]["copy"].append(copy_floor(fresh_from_template(name), folder, written[n]))
            admin(f'DROP DATABASE "{name}" WITH (FORCE)')
    admin(f'DROP DATABASE "{TEMPLATE}" WITH (FORCE)')
    results = {"turns": args.turns, "scales": scales, "commands": COMMANDS, "rows": []}
    for n in scales:
        seed_s = statistics.median(r["inner_s"] for r in runs[n]["seed"])
        copy_s = statistics.median(runs[n]["copy"])
        results["rows"].append(
            {
                "scale": n,
                "rows": sum(written[n].values()),
                "tables": len(written[n]),
                "seed_s": seed_s,
                "seed_wall_s": statistics.median(r["wall_s"] for r in runs[n]["seed"]),
                "copy_s": copy_s,
                "ratio": seed_s / copy_s,
                "peak_rss_mb": max(r["peak_rss_mb"] for r in runs[n]["seed"]),
                "seed_runs_s": [r["inner_s"] for r in runs[n]["seed"]],
                "copy_runs_s": runs[n]["copy"],
            }
        )
    json.dump(results, sys.stdout, indent=2)


if __name__ == "__main__":
    main()
