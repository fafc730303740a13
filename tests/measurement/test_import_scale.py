"""An import is all or nothing: a fault injected at row N of the write leaves nothing written,
on both databases (M3, issue 14 item 11); the builders of a period of many cells and its file
(test_import_memory.py imports 100,000 values in bounded memory)."""

import csv
from datetime import date

import pytest

from accord.core.bulk import BulkWriter
from accord.core.uploads import CSV
from accord.measurement import collection, imports, services
from accord.measurement.models import DataValue, SubmissionEvent

from .helpers import agree, draft, indicator_values
from .intake import collecting_period

pytestmark = pytest.mark.django_db


def big_period(cast, rows: int):
    """A period whose catalog has at least `rows` cells: indicators broken down by two
    dimensions of 60 categories each."""
    first = services.dimension_create(
        partnership=cast.own, name="Cohort", categories=[f"C{n}" for n in range(58)]
    )
    second = services.dimension_create(
        partnership=cast.own, name="Site", categories=[f"S{n}" for n in range(58)]
    )
    dims = [first.versions.get(), second.versions.get()]
    a, b = dims[0].categories.count(), dims[1].categories.count()
    per = 1 + a + a * b
    version = draft(cast, indicators=0)
    for n in range(-(-rows // per)):
        services.indicator_add(
            version=version,
            values=indicator_values(
                cast,
                name=f"Count {n}",
                targets=[],
                baseline_value=None,
                dimension_version_ids=[d.pk for d in dims],
            ),
        )
    agree(cast, version)
    return collection.period_create(
        partnership=cast.own, label="2026 Q1", starts_on=date(2026, 1, 1), ends_on=date(2026, 3, 31)
    )


def write_file(path, period, rows: int) -> None:
    """`rows` rows, one per cell, written straight to disk (not held in memory)."""
    catalog = collection.Catalog(period)
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(collection.COLUMNS)
        written = 0
        for spec in catalog:
            labels = {c.pk: c.label for categories in spec.categories for c in categories}
            for cell in catalog.cells(spec):
                writer.writerow(
                    [
                        spec.indicator.name,
                        labels.get(cell.category_a_id, ""),
                        labels.get(cell.category_b_id, ""),
                        written % 97,
                        "",
                        "",
                        "",
                    ]
                )
                written += 1
                if written == rows:
                    return


GOOD = (
    "indicator,category_a,category_b,value,numerator,denominator,text\n"
    "Indicator 1,,,12,,,\n"
    "Share retained,Woman,,,3,4,\n"
    "Students by group,Man,North,5,,,\n"
    "Students by group,Woman,North,6,,,\n"
    "Students by group,Woman,South,7,,,\n"
)


class Fault(Exception):
    pass


def fail_after(monkeypatch, rows: int) -> None:
    """The bulk writer raises once `rows` rows were added (some already flushed to the table)."""
    original = BulkWriter.add
    seen = {"n": 0}

    def add(self, row):
        seen["n"] += 1
        if seen["n"] > rows:
            raise Fault(f"injected after {rows} rows")
        return original(self, row)

    monkeypatch.setattr(BulkWriter, "add", add)


@pytest.mark.parametrize("at", [0, 2, 3])
def test_a_fault_at_row_n_leaves_nothing_written(cast, monkeypatch, at):
    period = collecting_period(cast)
    submission = collection.submission_for(period, cast.partner)
    before = imports.import_stream(submission, _bytes("indicator,value\nIndicator 1,1\n"), CSV)
    assert before.ok
    stored = list(DataValue.objects.values_list("pk", "value", "revision"))
    events = SubmissionEvent.objects.count()
    fail_after(monkeypatch, at)
    _flushing(monkeypatch)
    with pytest.raises(Fault):
        imports.import_stream(submission, _bytes(GOOD), CSV)
    assert list(DataValue.objects.values_list("pk", "value", "revision")) == stored
    assert SubmissionEvent.objects.count() == events
    submission.refresh_from_db()
    assert submission.revision == collection.submission_for(period, cast.partner).revision


def _flushing(monkeypatch) -> None:
    """Batches of one row: the rows before the fault reach the table before it strikes."""
    original = BulkWriter.__init__

    def init(self, *args, **kwargs):
        kwargs["batch_size"] = 1
        original(self, *args, **kwargs)

    monkeypatch.setattr(BulkWriter, "__init__", init)


def _bytes(text: str):
    import io

    return io.BytesIO(text.encode())
