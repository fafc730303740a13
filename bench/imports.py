"""Importing values from a CSV against raw COPY of the same values (M3, PostgreSQL).

    .venv/bin/python -m bench.imports --rows 1000000 [--json]

One database is migrated and seeded with the demo once, then given a reporting period of the
Bridges partnership whose catalog has at least `--rows` cells (indicators broken down by two
dimensions of 60 categories each, added to the agreed version directly: a period of a million
cells is more than a measures set may hold), a member organization's submission for it, and a CSV
of one value per cell; it serves as a template (CREATE DATABASE ... TEMPLATE), so both sides
start from the same tables, indexes and constraints.

- import: in a fresh copy, a child process runs `imports.import_stream` on the file (both passes:
  every row checked, then written through the bulk path, one transaction) and reports its own
  seconds; its peak resident memory comes from wait4.
- COPY: the rows the import wrote, dumped once with COPY TO, loaded with COPY FROM into the same
  indexed table of another fresh copy, in one transaction.

Prints the figures (JSON with --json): rows, each side's seconds and rate, the ratio of the rates
(goal: the import at least a third of COPY's rate) and the import's peak RSS (goal: under 300 MB).
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PG_SERVER = "postgres://postgres@127.0.0.1:5432"
TEMPLATE = "accord_bench_import_tpl"
WORK = Path("/tmp/accord-bench/import")
RATE_GOAL = 1 / 3  # the import's rate at least a third of COPY's
RSS_GOAL_MB = 300.0
CATEGORIES = 58  # with "Prefer not to say" and "Unknown": 60 per dimension
TABLE = "measurement_datavalue"
COMMANDS: list[str] = []


def log(message: str) -> None:
    print(f"bench.imports: {message}", file=sys.stderr, flush=True)


def admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as db:
        db.execute(sql)


def child_env(url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "ACCORD_SQLITE_PATH")}
    return env | {"DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "accord.settings"}


def fresh(name: str, template: str | None = TEMPLATE) -> str:
    admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    return f"{PG_SERVER}/{name}"


def child(args: list[str], url: str) -> tuple[str, float]:
    """Run a child process on database `url`; its output and its peak RSS in MB (wait4)."""
    COMMANDS.append(f"DATABASE_URL={url} {' '.join(args)}")
    process = subprocess.Popen(
        args, cwd=ROOT, env=child_env(url), stdout=subprocess.PIPE, text=True
    )
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise RuntimeError(f"{' '.join(args)} failed ({process.returncode})")
    return output, usage.ru_maxrss / 1024  # kilobytes on Linux


# --- In the child processes (Django set up) -----------------------------------------------------
def _django() -> None:
    import django

    django.setup()


def setup(rows: int, path: Path) -> dict:
    """The period, the submission and the file, in the template database."""
    import csv
    from datetime import date

    _django()
    from accord.core.agreements import current_member_ids
    from accord.measurement import collection, queries, services
    from accord.measurement.models import Indicator
    from accord.partnerships.models import Partnership

    partnership = Partnership.objects.order_by("pk").first()
    version = queries.agreed_version(partnership) or queries.latest_final_version(partnership)
    organization_id = min(current_member_ids(partnership))
    dims = []
    for name in ("Bench cohort", "Bench site"):
        labels = [f"{name[6:]} {n}" for n in range(CATEGORIES)]
        made = services.dimension_create(partnership=partnership, name=name, categories=labels)
        dims.append(made.versions.get())
    a, b = (d.categories.count() for d in dims)
    per = 1 + a + a * b
    for n in range(-(-rows // per)):
        indicator = Indicator(
            version=version,
            position=1000 + n,
            name=f"Bench count {n}",
            definition="Counted for the import benchmark.",
            type=Indicator.Type.COUNT,
            kind=Indicator.Kind.HOW_MUCH,
            direction=Indicator.Direction.UP,
            frequency=Indicator.Frequency.QUARTERLY,
            responsible_organization_id=organization_id,
        )
        indicator.save()
        indicator.dimensions.set(dims)
    period = collection.period_create(
        partnership=partnership,
        label="Bench import",
        starts_on=date(2031, 1, 1),
        ends_on=date(2031, 3, 31),
    )
    submission = collection.submission_for(period, organization_id)
    catalog = collection.Catalog(period)
    written = 0
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(collection.COLUMNS)
        for spec in catalog:
            if not spec.indicator.name.startswith("Bench count"):
                continue
            labels = {c.pk: c.label for categories in spec.categories for c in categories}
            for cell in catalog.cells(spec):
                if written == rows:
                    break
                writer.writerow(
                    [
                        spec.indicator.name,
                        labels.get(cell.category_a_id, ""),
                        labels.get(cell.category_b_id, ""),
                        written % 1000,
                        "",
                        "",
                        "",
                    ]
                )
                written += 1
    return {"submission": submission.pk, "rows": written, "bytes": path.stat().st_size}


def load(path: Path, submission_id: int) -> dict:
    """The import itself, timed from the opened file to the commit."""
    _django()
    from accord.core.uploads import CSV
    from accord.measurement import imports
    from accord.measurement.models import Submission

    submission = Submission.objects.select_related("period__partnership").get(pk=submission_id)
    start = time.perf_counter()
    with path.open("rb") as stream:
        report = imports.import_stream(submission, stream, CSV)
    seconds = time.perf_counter() - start
    if not report.ok:
        raise RuntimeError(f"the import refused the file: {report.problems[:3]}")
    return {"seconds": seconds, "rows": report.rows, "written": report.written}


# --- The measurement ----------------------------------------------------------------------------
def copy_floor(url: str, dump: Path) -> float:
    import psycopg

    start = time.perf_counter()
    with psycopg.connect(url) as db, db.cursor() as cursor:
        with cursor.copy(f'COPY "{TABLE}" FROM STDIN') as copy, dump.open("rb") as data:
            while chunk := data.read(1 << 20):
                copy.write(chunk)
        db.commit()
    return time.perf_counter() - start


def dump_written(url: str, submission_id: int, dump: Path) -> int:
    import psycopg

    with psycopg.connect(url) as db, db.cursor() as cursor, dump.open("wb") as out:
        sql = f'COPY (SELECT * FROM "{TABLE}" WHERE submission_id = {int(submission_id)}) TO STDOUT'
        with cursor.copy(sql) as copy:
            for chunk in copy:
                out.write(chunk)
        cursor.execute(f'SELECT count(*) FROM "{TABLE}" WHERE submission_id = %s', [submission_id])
        return cursor.fetchone()[0]


def measure(rows: int) -> dict:
    WORK.mkdir(parents=True, exist_ok=True)
    python = sys.executable
    accord = str(Path(python).parent / "accord")
    template = fresh(TEMPLATE, None)
    log(f"template: migrate, seed --demo, a period of {rows} cells and its file")
    child([accord, "migrate", "--no-input", "-v0"], template)
    child([accord, "seed", "--demo"], template)
    path = WORK / "values.csv"
    made, _ = child(
        [python, "-m", "bench.imports", "setup", "--rows", str(rows), "--file", str(path)], template
    )
    made = json.loads(made)
    url = fresh("accord_bench_import")
    log(f"import of {made['rows']} rows ({made['bytes'] / 1e6:.0f} MB)")
    loaded, rss = child(
        [python, "-m", "bench.imports", "load", "--file", str(path), "--submission",
         str(made["submission"])],
        url,
    )  # fmt: skip
    loaded = json.loads(loaded)
    dump = WORK / "datavalue.copy"
    written = dump_written(url, made["submission"], dump)
    floor_url = fresh("accord_bench_import_copy")
    log(f"COPY of the same {written} rows")
    COMMANDS.append(f'COPY "{TABLE}" FROM STDIN  -- the rows the import wrote, one transaction')
    copy_s = copy_floor(floor_url, dump)
    for name in ("accord_bench_import", "accord_bench_import_copy", TEMPLATE):
        admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    import_rate = loaded["rows"] / loaded["seconds"]
    copy_rate = written / copy_s
    return {
        "rows": loaded["rows"],
        "written": written,
        "file_mb": made["bytes"] / 1e6,
        "import_s": loaded["seconds"],
        "copy_s": copy_s,
        "import_rate": import_rate,
        "copy_rate": copy_rate,
        "of_copy": import_rate / copy_rate,
        "rate_goal": RATE_GOAL,
        "peak_rss_mb": rss,
        "rss_goal_mb": RSS_GOAL_MB,
        "commands": list(COMMANDS),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("step", nargs="?", choices=("measure", "setup", "load"), default="measure")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--file", type=Path)
    parser.add_argument("--submission", type=int)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    if args.step == "setup":
        print(json.dumps(setup(args.rows, args.file)))
        return
    if args.step == "load":
        print(json.dumps(load(args.file, args.submission)))
        return
    found = measure(args.rows)
    if args.json:
        print(json.dumps(found))
        return
    print(
        f"import of {found['rows']} values: {found['import_s']:.1f} s, "
        f"{found['import_rate']:.0f}/s = {found['of_copy']:.0%} of COPY's "
        f"{found['copy_rate']:.0f}/s (goal ≥ 33%), peak RSS {found['peak_rss_mb']:.0f} MB "
        f"(goal < {RSS_GOAL_MB:.0f} MB)"
    )


if __name__ == "__main__":
    main()
