"""A file of 100,000 values streams in bounded memory (M3, issue 14 item 3). Not a timing test:
memory is Python's own allocations as tracemalloc counts them, the same on any machine. On
PostgreSQL, the production database, whose bulk path is COPY; the reading passes are the same on
both databases (SQLite's bulk path is checked by the fault tests in test_import_scale.py)."""

import tracemalloc

import pytest

from accord.core.uploads import CSV
from accord.measurement import collection, imports
from accord.measurement.models import DataValue, SubmissionEvent

from .test_import_scale import big_period, write_file

pytestmark = [pytest.mark.django_db, pytest.mark.postgresql]
ROWS = 100_000
# Generous: the rows of the file held at once would be well over 100 MB; what streaming keeps
# (the catalog, a bit and an id slot per cell, one batch of rows) is a few MB.
PEAK_BYTES = 48 * 1024 * 1024


def test_a_100000_row_csv_imports_in_bounded_memory(cast, tmp_path):
    period = big_period(cast, ROWS)
    submission = collection.submission_for(period, cast.partner)
    path = tmp_path / "values.csv"
    write_file(path, period, ROWS)
    assert path.stat().st_size > 2_000_000
    with open(path, "rb") as stream:
        tracemalloc.start()
        try:
            report = imports.import_stream(submission, stream, CSV)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert report.ok, report.problems[:3]
    assert report.rows == ROWS and report.written == ROWS
    assert DataValue.objects.filter(submission=submission).count() == ROWS
    event = SubmissionEvent.objects.get()
    assert event.action == "imported" and event.cells_changed == ROWS
    assert len(event.changes) == collection.MAX_LISTED_CHANGES
    assert peak < PEAK_BYTES, f"peak {peak / 1024 / 1024:.1f} MB"
