"""A progress report's files built by the worker (M4): the Bridges demo's published public report
built again and again in one process, as `accord worker` builds it (`build_files`: the content
from the pillars, then the PDF, the XLSX and the CSV, stored). Goal: under 3 s per build.

The floor, measured in the same process: WeasyPrint writing a one-page PDF of a small table with
the same options (accord/core/pdfs.py), the least any tagged PDF costs. The first build of a
process is reported apart (WeasyPrint's fonts and vl-convert's engine start then); a worker is a
long-lived process, so the goal is read on the builds after it.

    DATABASE_URL=... .venv/bin/python -m bench.report_pdf [--json] [--runs 7]

on a database migrated and seeded with `accord seed --demo` (and `--scale N` for a busier one).
"""

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TARGET_S = 3.0
FLOOR_HTML = (
    "<html lang='en'><head><title>Floor</title></head><body><h1>Floor</h1><table>"
    + "".join(f"<tr><th scope='row'>Row {i}</th><td>{i * 7}</td></tr>" for i in range(20))
    + "</table></body></html>"
)


def floor_pdf() -> None:
    from weasyprint import HTML

    from accord.core.pdfs import PDF_OPTIONS

    HTML(string=FLOOR_HTML).write_pdf(**PDF_OPTIONS)


def timed(function) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def measure(runs: int) -> dict:
    from accord.reports import content, render
    from accord.reports.models_progress import ProgressReport
    from accord.reports.services_progress import build_files

    report = (
        ProgressReport.objects.filter(status="published", audience="public").order_by("pk").first()
    )
    if report is None:
        raise SystemExit("No published public report: run `accord seed --demo` first.")
    first = timed(lambda: build_files(report.pk))
    floor_first = timed(floor_pdf)
    builds, floors, pdfs = [], [], []
    for _ in range(runs):
        floors.append(timed(floor_pdf))
        builds.append(timed(lambda: build_files(report.pk)))
        found = content.assemble(
            ProgressReport.objects.select_related(
                "partnership", "period__measures_version", "organization"
            ).get(pk=report.pk)
        )
        pdfs.append(timed(lambda found=found: render.pdf(found)))
    report.refresh_from_db()
    build, floor = statistics.median(builds), statistics.median(floors)
    return {
        "report": report.title,
        "partnership": report.partnership.title,
        "pdf_kb": round(report.pdf.size / 1024, 1),
        "runs": runs,
        "first_build_s": round(first, 3),
        "floor_first_s": round(floor_first, 3),
        "build_s": round(build, 3),
        "build_max_s": round(max(builds), 3),
        "pdf_only_s": round(statistics.median(pdfs), 3),
        "floor_s": round(floor, 4),
        "ratio": round(build / floor, 1),
        "target_s": TARGET_S,
        "met": build < TARGET_S,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.settings")
    import django

    django.setup()
    found = measure(args.runs)
    if args.json:
        print(json.dumps(found))
    else:
        for key, value in found.items():
            print(f"{key}: {value}")


if __name__ == "__main__":
    main()
