"""The one way values get into Accord (M3): the grid, a file and the API all write through here.

A `Catalog` is what a period asks of an organization: the indicators of the period's measures set
version, each with its dimensions (at most two, in a fixed order) and their categories. Rows come
in as plain dicts, the same shape from every way in:

    {"indicator": <id or name>, "category_a": <id or label or None>,
     "category_b": <id or label or None>, "value": …, "numerator": …, "denominator": …,
     "text": …}

`Catalog.clean(row)` turns one row into a `Cell` and a cleaned value or into errors keyed by the
column, in words a person can act on ("“12.5” is not a count: give a whole number, zero or
more."). Callers check everything they are given before writing anything; `write_cells` then
writes the cells of one submission, one change event for the lot (who, when, which cells: old →
new), and nothing per cell in the history tables.

A submission moves open → submitted → approved (or → returned → submitted again); approval locks
its values, and only the approver reopens them (recorded).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from accord.core.audit import current_actor
from accord.core.bulk import BulkWriter
from accord.core.versioning import lock

from .models import (
    DataValue,
    DimensionCategory,
    DimensionVersion,
    Indicator,
    ReportingPeriod,
    Submission,
    SubmissionEvent,
)

Type = Indicator.Type
Status = Submission.Status
Action = SubmissionEvent.Action
MAX_TEXT = 5000
MAX_NUMBER = Decimal("1e14")
# An event lists at most this many changed cells; `cells_changed` always has the whole count.
MAX_LISTED_CHANGES = 500
COLUMNS = ("indicator", "category_a", "category_b", "value", "numerator", "denominator", "text")


@dataclass(frozen=True)
class Cell:
    """Where a value goes: an indicator, and a category of each of its dimensions or none."""

    indicator_id: int
    category_a_id: int | None = None
    category_b_id: int | None = None


@dataclass(frozen=True)
class Clean:
    """A row that passed every check, ready to write."""

    cell: Cell
    value: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    text: str = ""
    outlier: bool = False


@dataclass
class IndicatorSpec:
    """An indicator as the period collects it: its dimensions and their categories, in order."""

    indicator: Indicator
    dimensions: list[DimensionVersion] = field(default_factory=list)
    categories: list[list[DimensionCategory]] = field(default_factory=list)

    def category(self, position: int, given) -> DimensionCategory | str | None:
        """The category `given` (id or label) names in dimension `position`; an error text when
        it names none; None when nothing is given."""
        if given is None or (isinstance(given, str) and not given.strip()):
            return None
        if position >= len(self.dimensions):
            which = "first" if position == 0 else "second"
            return f"“{self.indicator.name}” is not broken down by a {which} dimension."
        choices = self.categories[position]
        text = str(given).strip()
        by_id, by_label = self._lookup(position)
        found = by_id.get(text) or by_label.get(text.casefold())
        if found is not None:
            return found
        labels = ", ".join(c.label for c in choices)
        return (
            f"“{text}” is not a category of {self.dimensions[position].dimension.name} "
            f"(version {self.dimensions[position].number}): use one of {labels}."
        )

    def _lookup(self, position: int) -> tuple[dict, dict]:
        """The categories of dimension `position` by id and by label (built once: a file of a
        million rows looks each one up)."""
        lookups = self.__dict__.setdefault("_lookups", {})
        if position not in lookups:
            choices = self.categories[position]
            by_label: dict[str, DimensionCategory] = {}
            for category in choices:
                by_label.setdefault(category.label.casefold(), category)
            lookups[position] = ({str(c.pk): c for c in choices}, by_label)
        return lookups[position]


def _decimal(raw) -> Decimal | str | None:
    """A number from what a person typed or a file held; an error text when it is not one."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        return f"“{raw}” is not a number."
    text = str(raw).strip().replace("\u00a0", "").replace(",", "") if isinstance(raw, str) else raw
    if text == "":
        return None
    try:
        number = Decimal(str(text))
    except (InvalidOperation, ValueError):
        return f"“{raw}” is not a number."
    if not number.is_finite():
        return "Give a finite number."
    if abs(number) >= MAX_NUMBER or number.as_tuple().exponent < -4:
        return "Give a number below 100,000,000,000,000 with at most four decimals."
    return number


def type_problem(number: Decimal, kind: str) -> str:
    """Why `number` cannot be a value of an indicator of type `kind` ("" when it can)."""
    if kind == Type.COUNT and (number < 0 or number != number.to_integral_value()):
        return f"{number} is not a count: give a whole number, zero or more."
    if kind == Type.PERCENTAGE and not 0 <= number <= 100:
        return f"{number} is not a percentage between 0 and 100."
    if kind == Type.CURRENCY and number.as_tuple().exponent < -2:
        return f"{number} has more than two decimals: give an amount in the currency's units."
    return ""


class Catalog:
    """What one period collects: its indicators, their dimensions and categories (three queries)."""

    def __init__(self, period: ReportingPeriod):
        self.period = period
        indicators = (
            Indicator.objects.filter(version_id=period.measures_version_id)
            .select_related("responsible_organization")
            .prefetch_related(
                Prefetch(
                    "dimensions",
                    queryset=DimensionVersion.objects.select_related("dimension")
                    .prefetch_related("categories")
                    .order_by("dimension__name", "pk"),
                )
            )
            .order_by("position", "pk")
        )
        self.specs: dict[int, IndicatorSpec] = {}
        self.by_name: dict[str, IndicatorSpec] = {}
        for indicator in indicators:
            dims = list(indicator.dimensions.all())[:2]
            spec = IndicatorSpec(indicator, dims, [list(d.categories.all()) for d in dims])
            self.specs[indicator.pk] = spec
            self.by_name[indicator.name.casefold()] = spec

    def __iter__(self) -> Iterator[IndicatorSpec]:
        return iter(self.specs.values())

    def attach(self, values) -> None:
        """Give values of this period their indicator and categories from the catalog, so that
        reading them costs no query (a join to the indicators and categories tables took 9 ms
        at scale for a grid of 142 values)."""
        categories = {c.pk: c for spec in self for level in spec.categories for c in level}
        for value in values:
            spec = self.specs.get(value.indicator_id)
            if spec is not None:
                value.indicator = spec.indicator
            for name in ("category_a", "category_b"):
                found = categories.get(getattr(value, name + "_id"))
                if found is not None:
                    setattr(value, name, found)

    def spec(self, given) -> IndicatorSpec | None:
        if given is None:
            return None
        if isinstance(given, int) or (isinstance(given, str) and given.strip().isdigit()):
            found = self.specs.get(int(given))
            if found is not None:
                return found
        return self.by_name.get(str(given).strip().casefold())

    def cells(self, spec: IndicatorSpec) -> list[Cell]:
        """Every cell the indicator has: its total, each category, and each crossed pair."""
        pk = spec.indicator.pk
        cells = [Cell(pk)]
        if spec.categories:
            cells += [Cell(pk, a.pk) for a in spec.categories[0]]
        if len(spec.categories) == 2:
            cells += [Cell(pk, a.pk, b.pk) for a in spec.categories[0] for b in spec.categories[1]]
        return cells

    def clean(self, row: dict) -> tuple[Clean | None, dict[str, str]]:
        """One row checked against the period's indicators: (clean, {}) or (None, errors)."""
        errors: dict[str, str] = {}
        spec = self.spec(row.get("indicator"))
        if spec is None:
            names = ", ".join(f"“{s.indicator.name}”" for s in self)
            errors["indicator"] = (
                f"“{row.get('indicator')}” is not an indicator this period collects: {names}."
            )
            return None, errors
        indicator = spec.indicator
        found = []
        for position, column in enumerate(("category_a", "category_b")):
            category = spec.category(position, row.get(column))
            if isinstance(category, str):
                errors[column] = category
            found.append(category if isinstance(category, DimensionCategory) else None)
        if found[1] is not None and found[0] is None:
            errors["category_a"] = "Give the first dimension's category with the second's."
        cell = Cell(indicator.pk, *(c.pk if c else None for c in found))
        value = numerator = denominator = None
        text = ""
        if indicator.type == Type.QUALITATIVE:
            text = str(row.get("text") or row.get("value") or "").strip()
            if len(text) > MAX_TEXT:
                errors["text"] = f"Keep the text under {MAX_TEXT} characters."
        elif indicator.type == Type.RATIO:
            parts = {}
            for column in ("numerator", "denominator"):
                number = _decimal(row.get(column))
                if isinstance(number, str):
                    errors[column] = number
                parts[column] = number if isinstance(number, Decimal) else None
            numerator, denominator = parts["numerator"], parts["denominator"]
            if not errors and (numerator is None) != (denominator is None):
                missing = "denominator" if denominator is None else "numerator"
                errors[missing] = "A ratio needs both its numerator and its denominator."
            if denominator is not None and denominator <= 0:
                errors["denominator"] = "The denominator of a ratio is more than zero."
            if numerator is not None and numerator < 0:
                errors["numerator"] = "The numerator of a ratio is zero or more."
            if not errors and numerator is not None:
                value = (numerator / denominator).quantize(Decimal("0.0001"))
            elif not errors and row.get("value") not in (None, ""):
                errors["value"] = "Give a ratio as its numerator and denominator."
        else:
            number = _decimal(row.get("value"))
            if isinstance(number, str):
                errors["value"] = number
            elif number is not None:
                problem = type_problem(number, indicator.type)
                if problem:
                    errors["value"] = problem
                value = number
        if errors:
            return None, errors
        outlier = value is not None and (
            (indicator.plausible_min is not None and value < indicator.plausible_min)
            or (indicator.plausible_max is not None and value > indicator.plausible_max)
        )
        return Clean(cell, value, numerator, denominator, text, outlier), {}

    def clean_all(self, rows: Iterable[dict]) -> tuple[list[Clean], dict[int, dict[str, str]]]:
        """Every row checked (errors by row number from 1), and no cell given twice."""
        cleaned, errors, seen = [], {}, {}
        for number, row in enumerate(rows, start=1):
            clean, problems = self.clean(row)
            if problems:
                errors[number] = problems
                continue
            if clean.cell in seen:
                errors[number] = {"indicator": f"Row {seen[clean.cell]} gives this cell already."}
                continue
            seen[clean.cell] = number
            cleaned.append(clean)
        return cleaned, errors

    # --- Where each cell sits (for files: a cell seen or stored is one bit or one slot) --------
    def _layout(self) -> dict[int, tuple[int, dict, dict, int]]:
        """Each indicator's first position among all the catalog's cells, its categories'
        positions in each dimension, and how many categories its second dimension has."""
        layout = self.__dict__.get("_layout_cache")
        if layout is None:
            layout, offset = {}, 0
            for spec in self:
                first = spec.categories[0] if spec.categories else []
                second = spec.categories[1] if len(spec.categories) == 2 else []
                layout[spec.indicator.pk] = (
                    offset,
                    {c.pk: i for i, c in enumerate(first)},
                    {c.pk: i for i, c in enumerate(second)},
                    len(second),
                )
                offset += 1 + len(first) + len(first) * len(second)
            self._layout_cache, self._size = layout, offset
        return layout

    @property
    def size(self) -> int:
        """How many cells the period asks of one organization."""
        self._layout()
        return self._size

    def locate(self, cell: Cell) -> int | None:
        """The cell's position among the catalog's cells (0 … size - 1); None when the period
        does not ask for it."""
        found = self._layout().get(cell.indicator_id)
        if found is None:
            return None
        offset, first, second, across = found
        if cell.category_a_id is None:
            return offset if cell.category_b_id is None else None
        a = first.get(cell.category_a_id)
        if a is None:
            return None
        if cell.category_b_id is None:
            return offset + 1 + a
        b = second.get(cell.category_b_id)
        return None if b is None else offset + 1 + len(first) + a * across + b


def plain(number: Decimal | None) -> str:
    """A number as people write it: 7, 7.5, 1250 (no trailing zeros, no exponent)."""
    if number is None:
        return ""
    return format(number.normalize(), "f")


def _shown(value: DataValue | Clean | None) -> str | None:
    if value is None:
        return None
    if value.text:
        return value.text
    if value.numerator is not None:
        return f"{plain(value.numerator)}/{plain(value.denominator)}"
    return None if value.value is None else plain(value.value)


def _cell_key(cell: Cell) -> str:
    return ":".join(
        "" if part is None else str(part)
        for part in (cell.indicator_id, cell.category_a_id, cell.category_b_id)
    )


def record(submission: Submission, action: str, *, comment: str = "", changes=(), count=0):
    """One event in the submission's audit trail, named for whoever is acting now."""
    user = current_actor()
    listed = list(changes)[:MAX_LISTED_CHANGES]
    return SubmissionEvent.objects.create(
        submission=submission,
        action=action,
        at=timezone.now(),
        actor=user if getattr(user, "pk", None) else None,
        comment=comment,
        cells_changed=count or len(listed),
        changes=listed,
    )


def refuse_if_locked(submission: Submission) -> None:
    if submission.status == Status.APPROVED:
        raise ValidationError(
            "These values are approved and locked; the approver can reopen them if they must "
            "change.",
            code="locked",
        )
    if submission.status == Status.SUBMITTED:
        raise ValidationError(
            "These values are waiting for review; they change again once they are returned.",
            code="locked",
        )


@transaction.atomic
def write_cells(
    submission: Submission, cleaned: Iterable[Clean], *, action: str = Action.SAVED
) -> SubmissionEvent | None:
    """Write checked cells into an open or returned submission: one event for what changed.

    An empty value (no number, no text) removes the cell. Returns the event, or None when nothing
    changed. The submission's revision moves on, so that a stale reader of it is refused.
    """
    submission = lock(submission)
    refuse_if_locked(submission)
    cleaned = list(cleaned)
    stored = {
        Cell(v.indicator_id, v.category_a_id, v.category_b_id): v
        for v in DataValue.objects.filter(
            submission=submission,
            indicator_id__in={c.cell.indicator_id for c in cleaned},
        )
    }
    changes, creates, updates, removes = [], [], [], []
    for clean in cleaned:
        old = stored.get(clean.cell)
        was = _shown(old)
        empty = clean.value is None and not clean.text
        if old is None and empty:
            continue
        if old is not None and empty:
            removes.append(old.pk)
        elif old is None:
            creates.append(clean)
        elif (old.value, old.numerator, old.denominator, old.text) == (
            clean.value,
            clean.numerator,
            clean.denominator,
            clean.text,
        ):
            continue
        else:
            for name in ("value", "numerator", "denominator", "text", "outlier"):
                setattr(old, name, getattr(clean, name))
            updates.append(old)
        changes.append(
            {
                "cell": _cell_key(clean.cell),
                "old": was,
                "new": _shown(None if empty else clean),
            }
        )
    if not changes:
        return None
    if removes:
        DataValue.objects.filter(pk__in=removes).delete()
    if updates:
        now = timezone.now()
        for value in updates:
            value.updated_at = now
            value.revision += 1
        DataValue.objects.bulk_update(
            updates,
            ["value", "numerator", "denominator", "text", "outlier", "updated_at", "revision"],
            batch_size=1000,
        )
    if creates:
        with BulkWriter(DataValue, history=False) as writer:
            for clean in creates:
                writer.add(row_for(submission.pk, clean))
    submission.touch()
    return record(submission, action, changes=changes, count=len(changes))


def row_for(submission_id: int, clean: Clean) -> dict:
    """The bulk path's row for a new cell."""
    return {
        "submission_id": submission_id,
        "indicator_id": clean.cell.indicator_id,
        "category_a_id": clean.cell.category_a_id,
        "category_b_id": clean.cell.category_b_id,
        "value": clean.value,
        "numerator": clean.numerator,
        "denominator": clean.denominator,
        "text": clean.text,
        "outlier": clean.outlier,
    }


# --- Review -------------------------------------------------------------------------------------
def _move(submission: Submission, allowed_from: tuple, to: str, action: str, comment: str = ""):
    submission = lock(submission)
    if submission.status not in allowed_from:
        raise ValidationError(
            f"This submission is “{submission.get_status_display()}”; it cannot be "
            f"{SubmissionEvent.Action(action).label.lower()} now.",
            code="status",
        )
    user = current_actor()
    submission.status = to
    now = timezone.now()
    if to == Status.SUBMITTED:
        submission.submitted_at, submission.submitted_by = (
            now,
            user if getattr(user, "pk", None) else None,
        )
        fields = ["status", "submitted_at", "submitted_by"]
    elif to in (Status.APPROVED, Status.RETURNED):
        submission.reviewed_at, submission.reviewed_by = (
            now,
            user if getattr(user, "pk", None) else None,
        )
        submission.review_comment = comment
        fields = ["status", "reviewed_at", "reviewed_by", "review_comment"]
    else:
        fields = ["status"]
    submission.save(update_fields=[*fields, "updated_at"])
    record(submission, action, comment=comment)
    return submission


@transaction.atomic
def submit(submission: Submission) -> Submission:
    """Send the values for review (from open or returned)."""
    return _move(submission, (Status.OPEN, Status.RETURNED), Status.SUBMITTED, Action.SUBMITTED)


@transaction.atomic
def return_with_comment(submission: Submission, comment: str) -> Submission:
    """Send submitted values back to be corrected; the comment says what to change."""
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": "Say what should change before returning the values."})
    if len(comment) > MAX_TEXT:
        raise ValidationError({"comment": f"Keep the comment under {MAX_TEXT} characters."})
    return _move(submission, (Status.SUBMITTED,), Status.RETURNED, Action.RETURNED, comment)


@transaction.atomic
def approve(submission: Submission, comment: str = "") -> Submission:
    """Accept submitted values; they are locked from now on."""
    return _move(submission, (Status.SUBMITTED,), Status.APPROVED, Action.APPROVED, comment.strip())


@transaction.atomic
def reopen(submission: Submission, reason: str) -> Submission:
    """Unlock approved values so that they can change again; the reason is recorded."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"comment": "Say why the approved values must change."})
    return _move(submission, (Status.APPROVED,), Status.OPEN, Action.REOPENED, reason)


# --- Periods and submissions --------------------------------------------------------------------
MAX_LABEL = 40


@transaction.atomic
def period_create(
    *, partnership, label: str, starts_on, ends_on, opens_on=None, due_on=None, kind="quarterly"
) -> ReportingPeriod:
    """A period collecting the indicators of the agreed measures set (or, before agreement, of
    the latest final version); entry opens when it ends and is due three weeks later unless
    given."""
    from datetime import timedelta

    from accord.core.services import save_validated

    from . import queries

    version = queries.agreed_version(partnership) or queries.latest_final_version(partnership)
    if version is None:
        raise ValidationError(
            {"label": "Agree on a measures set first: a period collects its indicators."}
        )
    label = (label or "").strip()
    errors = {}
    if not label:
        errors["label"] = "Name the period, for example “2026 Q1”."
    elif len(label) > MAX_LABEL:
        errors["label"] = f"Keep a period's name under {MAX_LABEL} characters."
    if errors:
        raise ValidationError(errors)
    opens_on = opens_on or ends_on
    due_on = due_on or (ends_on + timedelta(days=21) if ends_on else None)
    return save_validated(
        ReportingPeriod(
            partnership=partnership,
            label=label,
            kind=kind,
            starts_on=starts_on,
            ends_on=ends_on,
            opens_on=opens_on,
            due_on=due_on,
            measures_version=version,
        )
    )


def submission_for(period: ReportingPeriod, organization) -> Submission:
    """The organization's submission for the period, made on first use; only for a current
    member organization of the period's partnership."""
    from accord.core.agreements import current_member_ids

    organization_id = getattr(organization, "pk", organization)
    if organization_id not in current_member_ids(period.partnership):
        raise ValidationError(
            {"organization": "Only a current member organization reports data for a period."}
        )
    submission, _ = Submission.objects.get_or_create(period=period, organization_id=organization_id)
    return submission


PERIOD_FIELDS = ("label", "kind", "starts_on", "ends_on", "opens_on", "due_on")


@transaction.atomic
def period_update(period: ReportingPeriod, **changes) -> ReportingPeriod:
    """Change a period's name, kind or dates (not the measures set version it collects).

    Held to the revision `period` was read at, when the caller set one (a stale edit is refused).
    """
    from datetime import timedelta

    from accord.core.agreements import refuse_if_archived
    from accord.core.services import apply_changes, save_validated

    refuse_if_archived(period.partnership, "reporting periods")
    locked = lock(period)
    unknown = set(changes) - set(PERIOD_FIELDS)
    if unknown:
        raise ValueError(f"period_update does not change {sorted(unknown)}")
    if "label" in changes:
        label = (changes["label"] or "").strip()
        if not label:
            raise ValidationError({"label": "Name the period, for example “2026 Q1”."})
        if len(label) > MAX_LABEL:
            raise ValidationError({"label": f"Keep a period's name under {MAX_LABEL} characters."})
        changes["label"] = label
    ends_on = changes.get("ends_on", locked.ends_on)
    if "opens_on" in changes and changes["opens_on"] is None:
        changes["opens_on"] = ends_on
    if "due_on" in changes and changes["due_on"] is None and ends_on is not None:
        changes["due_on"] = ends_on + timedelta(days=21)
    changed = apply_changes(locked, changes)
    if not changed:
        return locked
    return save_validated(locked, update_fields=[*changed, "updated_at"])


def quarter_of(day) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def next_quarter(partnership, today=None) -> ReportingPeriod:
    """Add the quarter after the partnership's latest period (or the current quarter when it has
    none), named “2026 Q3”; entry opens when it ends and is due three weeks later."""
    from calendar import monthrange
    from datetime import date, timedelta

    latest = (
        ReportingPeriod.objects.filter(partnership=partnership).order_by("-ends_on", "-pk").first()
    )
    start = latest.ends_on + timedelta(days=1) if latest else (today or timezone.localdate())
    year, quarter = quarter_of(start)
    if latest is not None and (start.day != 1 or start.month % 3 != 1):
        # The latest period ends inside a quarter: the next whole quarter after it.
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    first_month = (quarter - 1) * 3 + 1
    starts_on = date(year, first_month, 1)
    ends_on = date(year, first_month + 2, monthrange(year, first_month + 2)[1])
    label = f"{year} Q{quarter}"
    if ReportingPeriod.objects.filter(partnership=partnership, label=label).exists():
        raise ValidationError({"label": f"This partnership already has a period called “{label}”."})
    return period_create(
        partnership=partnership,
        label=label,
        kind=ReportingPeriod.Kind.QUARTERLY,
        starts_on=starts_on,
        ends_on=ends_on,
    )


# --- One value, and many from a file ------------------------------------------------------------
def _same(old: DataValue, clean: Clean) -> bool:
    return (old.value, old.numerator, old.denominator, old.text) == (
        clean.value,
        clean.numerator,
        clean.denominator,
        clean.text,
    )


@transaction.atomic
def write_value(value: DataValue, clean: Clean) -> DataValue:
    """Change one stored cell (the API's PUT/PATCH): held to the revision the caller read when
    `value.expect_revision` was called (StaleRevision otherwise); one event when it changed."""
    if clean.cell != Cell(value.indicator_id, value.category_a_id, value.category_b_id):
        raise ValidationError({"indicator": "A value stays in its own cell."})
    if clean.value is None and not clean.text:
        raise ValidationError(
            {"value": "Give a value; to empty a cell, send it with no value in a bulk write."}
        )
    submission = lock(value.submission)
    refuse_if_locked(submission)
    if _same(value, clean) and value.outlier == clean.outlier:
        return value
    was = _shown(value)
    for name in ("value", "numerator", "denominator", "text", "outlier"):
        setattr(value, name, getattr(clean, name))
    value.save()
    submission.touch()
    value.submission = submission
    change = {"cell": _cell_key(clean.cell), "old": was, "new": _shown(clean)}
    record(submission, Action.SAVED, changes=[change], count=1)
    return value


IMPORT_BATCH = 1000


@transaction.atomic
def import_cells(
    submission: Submission,
    cleaned: Iterable[Clean],
    *,
    catalog: Catalog,
    action: str = Action.IMPORTED,
    comment: str = "",
    batch: int = IMPORT_BATCH,
) -> SubmissionEvent | None:
    """Write checked cells streaming, in constant memory, however many: the file import's write.

    `cleaned` is read once (a generator over a file is fine) and must name each cell at most
    once (the import's first pass checked that). New cells go through the bulk path as they come;
    cells the submission already holds are updated, or removed when the row is empty, in batches
    of `batch`. The only thing kept per cell is one slot of the catalog's size: the id of the
    stored value in it. One event for the lot, with the count and (up to MAX_LISTED_CHANGES)
    which cells changed; None when nothing changed.
    """
    from array import array

    submission = lock(submission)
    refuse_if_locked(submission)
    stored = array("q", bytes(8 * catalog.size))
    existing = DataValue.objects.filter(submission=submission).values_list(
        "pk", "indicator_id", "category_a_id", "category_b_id"
    )
    for pk, indicator_id, a, b in existing.iterator(chunk_size=5000):
        where = catalog.locate(Cell(indicator_id, a, b))
        if where is not None:
            stored[where] = pk
    changes: list[dict] = []
    count = 0

    def note(cell: Cell, old, new) -> None:
        nonlocal count
        count += 1
        if len(changes) < MAX_LISTED_CHANGES:
            changes.append({"cell": _cell_key(cell), "old": old, "new": new})

    pending: list[tuple[int, Clean]] = []

    def apply_pending() -> None:
        found = DataValue.objects.in_bulk([pk for pk, _ in pending])
        removes, updates, now = [], [], timezone.now()
        for pk, clean in pending:
            old = found.get(pk)
            if old is None or (_same(old, clean) and old.outlier == clean.outlier):
                continue
            was = _shown(old)
            if clean.value is None and not clean.text:
                removes.append(pk)
                note(clean.cell, was, None)
                continue
            for name in ("value", "numerator", "denominator", "text", "outlier"):
                setattr(old, name, getattr(clean, name))
            old.updated_at, old.revision = now, old.revision + 1
            updates.append(old)
            note(clean.cell, was, _shown(clean))
        if removes:
            DataValue.objects.filter(pk__in=removes).delete()
        if updates:
            DataValue.objects.bulk_update(
                updates,
                ["value", "numerator", "denominator", "text", "outlier", "updated_at", "revision"],
                batch_size=batch,
            )
        pending.clear()

    with BulkWriter(DataValue, history=False) as writer:
        for clean in cleaned:
            where = catalog.locate(clean.cell)
            if where is None:
                raise ValidationError({"indicator": "This period does not ask for this cell."})
            pk = stored[where]
            if pk:
                pending.append((pk, clean))
                if len(pending) >= batch:
                    apply_pending()
                continue
            if clean.value is None and not clean.text:
                continue
            writer.add(row_for(submission.pk, clean))
            note(clean.cell, None, _shown(clean))
        if pending:
            apply_pending()
    if not count:
        return None
    submission.touch()
    return record(submission, action, comment=comment, changes=changes, count=count)
