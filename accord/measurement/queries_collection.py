"""Reads for collecting data (M3): the periods and their status matrix, one organization's grid
for a period with its computed totals and audit trail, what waits for people (data due, values to
review), the reminders' missing data and the timeline's approved submissions.

Every read costs a fixed number of queries however many periods, organizations, indicators or
values there are (tests/measurement/test_grid_pages.py counts them at two sizes).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import CharField, Exists, F, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Cast, Coalesce, Concat, NullIf, Trim
from django.urls import reverse
from django.utils import timezone

from accord.core.access import Perm, Role, partnership_ids_for, roles_with
from accord.core.compiled import UserQuery
from accord.core.disclosure import SUPPRESSED_TEXT
from accord.core.paths import object_url
from accord.core.policy import DIRECTOR_OF_A_RESPONSIBLE_ORGANIZATION
from accord.core.waiting import Waiting
from accord.partnerships.models import Membership, Partnership, PartnershipRole
from accord.partnerships.queries import memberships_of
from accord.partnerships.timeline import TimelineEntry, TimelineSource

from .collection import Catalog, Cell, IndicatorSpec, plain
from .models import DataValue, Indicator, ReportingPeriod, Submission, SubmissionEvent

Status = Submission.Status
Type = Indicator.Type
DONE = (Status.SUBMITTED, Status.APPROVED)
# How many events of a submission's audit trail the grid page shows (newest first).
TRAIL_LIMIT = 50
# How many changed cells of one event the trail names.
TRAIL_CHANGES = 20


# --- Periods and their status matrix ------------------------------------------------------------
def periods_of(partnership: Partnership | int) -> QuerySet[ReportingPeriod]:
    """A partnership's periods, the latest first."""
    return ReportingPeriod.objects.filter(partnership=partnership).order_by("-starts_on", "-pk")


@dataclass(frozen=True)
class StatusCell:
    """Where one organization's data for one period stands, in words (not only colour)."""

    code: str  # open / submitted / returned / approved / missing / not_open
    label: str
    overdue: bool
    url: str


LABELS = {
    "open": "Being filled in",
    "submitted": "Submitted",
    "returned": "Returned",
    "approved": "Approved",
    "missing": "Missing",
    "not_open": "Not open yet",
}


def status_of(period: ReportingPeriod, submission, has_values: bool, today: date) -> tuple:
    """(code, overdue) for an organization's data in `period`; `submission` may be None."""
    status = submission.status if submission is not None else Status.OPEN
    if status == Status.OPEN:
        code = "open" if has_values else ("missing" if period.opens_on <= today else "not_open")
    else:
        code = status
    overdue = status not in DONE and period.due_on < today
    return code, overdue


@dataclass
class MatrixRow:
    organization: object
    current: bool
    cells: list[StatusCell]


def status_matrix(partnership: Partnership, periods: list[ReportingPeriod], today=None):
    """Organization by period: current members, then former members that have data in one of
    `periods` (two queries)."""
    today = today or timezone.localdate()
    members = [m.organization for m in memberships_of(partnership)]
    submissions = (
        Submission.objects.filter(period__in=[p.pk for p in periods])
        .select_related("organization")
        .annotate(has_values=Exists(DataValue.objects.filter(submission=OuterRef("pk"))))
    )
    found = {(s.period_id, s.organization_id): s for s in submissions}
    organizations = {o.pk: o for o in members}
    current = set(organizations)
    for submission in found.values():
        organizations.setdefault(submission.organization_id, submission.organization)
    rows = []
    for organization in organizations.values():
        cells = []
        for period in periods:
            submission = found.get((period.pk, organization.pk))
            has_values = bool(submission and submission.has_values)
            code, overdue = status_of(period, submission, has_values, today)
            url = reverse("measurement:grid", args=[partnership.pk, period.pk, organization.pk])
            if submission is None and organization.pk not in current:
                code, url = "none", ""
            cells.append(StatusCell(code, LABELS.get(code, "—"), overdue, url))
        rows.append(MatrixRow(organization, organization.pk in current, cells))
    return rows


# --- One organization's grid --------------------------------------------------------------------
def cell_key(cell: Cell) -> str:
    return f"{cell.indicator_id}-{cell.category_a_id or 0}-{cell.category_b_id or 0}"


def parse_key(key: str) -> Cell | None:
    """The cell a form's key names ("12-3-0"), or None when it is no key."""
    parts = str(key or "").split("-")
    if len(parts) != 3 or not all(p.isdigit() and len(p) < 12 for p in parts):
        return None
    indicator, a, b = (int(p) for p in parts)
    return Cell(indicator, a or None, b or None)


@dataclass
class GridCell:
    """One input of the grid: where it goes, what is stored (or was typed), and what is wrong."""

    key: str
    cell: Cell
    label: str  # for assistive technology: "Indicator 1, Woman"
    kind: str  # number / ratio / text
    stored: DataValue | None = None
    v: str = ""
    n: str = ""
    d: str = ""
    t: str = ""
    errors: dict = field(default_factory=dict)
    saved: bool = False  # just saved (the htmx answer says so)
    range: str = ""  # the indicator's plausible range, in words

    @property
    def outlier(self) -> bool:
        return bool(self.stored and self.stored.outlier)

    @property
    def suppressed(self) -> bool:
        """Hidden by disclosure control from this reader (Grid(..., protect=True))."""
        return bool(self.stored is not None and getattr(self.stored, "suppressed", False))

    @property
    def shown(self) -> str:
        """The stored value in words, for read-only grids."""
        value = self.stored
        if value is None:
            return ""
        if self.suppressed:
            return SUPPRESSED_TEXT
        if value.text:
            return value.text
        if value.numerator is not None:
            return f"{plain(value.numerator)} / {plain(value.denominator)} = {plain(value.value)}"
        return plain(value.value)

    @property
    def ratio(self) -> str:
        return plain(self.stored.value) if self.stored and self.stored.value is not None else ""

    @property
    def error_text(self) -> str:
        return " ".join(self.errors.values())


@dataclass
class Rollup:
    """The categories' sum beside the entered total: complete, or how many cells are missing."""

    text: str
    missing: int = 0
    of: int = 0
    differs: bool = False  # complete, and not what was entered as the total


def rollup(indicator: Indicator, parts: list[DataValue | None], total: DataValue | None):
    """What the categories add up to, or how many of them are missing (never a partial sum).

    Counts and amounts add up; ratios pool their numerators and denominators; percentages and
    texts do not add up.
    """
    if indicator.type in (Type.PERCENTAGE, Type.QUALITATIVE):
        return Rollup("Not added up (" + indicator.get_type_display().lower() + ")")
    missing = sum(1 for p in parts if p is None or p.value is None)
    if not parts:
        return Rollup("")
    if missing:
        return Rollup(f"{missing} of {len(parts)} cells missing", missing, len(parts))
    if indicator.type == Type.RATIO:
        numerator = sum((p.numerator for p in parts), Decimal(0))
        denominator = sum((p.denominator for p in parts), Decimal(0))
        if not denominator:
            return Rollup("")
        value = (numerator / denominator).quantize(Decimal("0.0001"))
        text = f"{plain(numerator)} / {plain(denominator)} = {plain(value)}"
    else:
        value = sum((p.value for p in parts), Decimal(0))
        text = plain(value)
    differs = total is not None and total.value is not None and total.value != value
    return Rollup(text, 0, len(parts), differs)


@dataclass
class GridRow:
    """A row of a crossed table (a category of the first dimension) or of a grouped table."""

    title: str
    cells: list[GridCell]
    total: GridCell | None = None
    rollup: Rollup | None = None
    spec: IndicatorSpec | None = None


@dataclass
class GridTable:
    """One table of the grid: indicators sharing a first dimension (or none), or one indicator
    crossed by two dimensions."""

    key: str
    title: str
    columns: list[str]
    rows: list[GridRow]
    crossed: bool = False
    spec: IndicatorSpec | None = None
    total: GridCell | None = None  # a crossed table's grand total
    rollup: Rollup | None = None
    kind: str = "number"
    note: str = ""


def input_kind(indicator: Indicator) -> str:
    if indicator.type == Type.QUALITATIVE:
        return "text"
    return "ratio" if indicator.type == Type.RATIO else "number"


def range_text(indicator: Indicator) -> str:
    low, high = indicator.plausible_min, indicator.plausible_max
    if low is None and high is None:
        return ""
    if low is not None and high is not None:
        return f"{plain(low)} to {plain(high)}"
    return f"at least {plain(low)}" if low is not None else f"at most {plain(high)}"


class Grid:
    """Everything the grid page shows of one submission, from the catalog and one query of its
    values; `posted` (typed values by key) and `errors` (by key) replay a refused form."""

    def __init__(
        self, catalog: Catalog, submission: Submission, posted=None, errors=None, protect=False
    ):
        """`protect`: the reader may not see this submission's small counts (read-only grid,
        disclosure_views.sees_submission_values): they read "suppressed", and so do the sums
        beside them."""
        self.catalog = catalog
        self.submission = submission
        self.posted = posted or {}
        self.errors = errors or {}
        rows = list(DataValue.objects.filter(submission=submission)) if submission.pk else []
        self.values = {Cell(v.indicator_id, v.category_a_id, v.category_b_id): v for v in rows}
        if protect:
            # The disclosure check reads each value's indicator and categories: the catalog's.
            catalog.attach(rows)
            from .disclosure_views import protect_values

            hidden = protect_values(list(self.values.values()))
            for value in self.values.values():
                value.suppressed = hidden.get(value.pk, False)
        self.cells: dict[str, GridCell] = {}
        self.tables = self._tables()

    def make(self, spec: IndicatorSpec, cell: Cell, *parts: str) -> GridCell:
        key = cell_key(cell)
        label = ", ".join([spec.indicator.name, *parts]) if parts else spec.indicator.name
        stored = self.values.get(cell)
        made = GridCell(key, cell, label, input_kind(spec.indicator), stored)
        made.range = range_text(spec.indicator)
        if key in self.posted:
            made.v, made.n, made.d, made.t = (self.posted[key].get(c, "") for c in "vndt")
        elif stored is not None and made.suppressed:
            made.t = stored.text
        elif stored is not None:
            made.v = plain(stored.value) if made.kind == "number" else ""
            made.n, made.d = plain(stored.numerator), plain(stored.denominator)
            made.t = stored.text
        made.errors = self.errors.get(key, {})
        self.cells[key] = made
        return made

    def _rollup(self, spec, cells: list[GridCell], total: GridCell) -> Rollup:
        if any(c.suppressed for c in [*cells, total]):
            return Rollup(SUPPRESSED_TEXT)
        return rollup(spec.indicator, [c.stored for c in cells], total.stored)

    def _tables(self) -> list[GridTable]:
        tables: list[GridTable] = []
        grouped: dict[object, GridTable] = {}
        for spec in self.catalog:
            pk = spec.indicator.pk
            kind = input_kind(spec.indicator)
            if len(spec.categories) >= 2:
                first, second = spec.categories[0], spec.categories[1]
                rows = []
                row_totals = []
                for a in first:
                    cells = [
                        self.make(spec, Cell(pk, a.pk, b.pk), a.label, b.label) for b in second
                    ]
                    total = self.make(spec, Cell(pk, a.pk), a.label, "all")
                    row_totals.append(total)
                    rows.append(GridRow(a.label, cells, total, self._rollup(spec, cells, total)))
                grand = self.make(spec, Cell(pk), "total")
                dims = spec.dimensions
                tables.append(
                    GridTable(
                        key=f"i{pk}",
                        title=spec.indicator.name,
                        columns=[b.label for b in second],
                        rows=rows,
                        crossed=True,
                        spec=spec,
                        total=grand,
                        rollup=self._rollup(spec, row_totals, grand),
                        kind=kind,
                        note=f"{dims[0].dimension.name} by {dims[1].dimension.name}",
                    )
                )
                continue
            if spec.categories:
                version = spec.dimensions[0]
                group = ("d", version.pk)
                columns = [c.label for c in spec.categories[0]]
                title = f"By {version.dimension.name}"
            else:
                group, columns = ("plain", kind == "text"), []
                title = "In words" if kind == "text" else "Without a breakdown"
            table = grouped.get(group)
            if table is None:
                table = GridTable(key=f"g{len(tables)}", title=title, columns=columns, rows=[])
                grouped[group] = table
                tables.append(table)
            cells = [
                self.make(spec, Cell(pk, c.pk), c.label)
                for c in (spec.categories[0] if spec.categories else [])
            ]
            total = self.make(spec, Cell(pk), "total" if cells else "value")
            roll = self._rollup(spec, cells, total) if cells else None
            table.rows.append(GridRow(spec.indicator.name, cells, total, roll, spec))
        return tables

    def table_of(self, indicator_id: int) -> GridTable | None:
        for table in self.tables:
            if table.spec is not None and table.spec.indicator.pk == indicator_id:
                return table
        return None

    def row_of(self, indicator_id: int) -> GridRow | None:
        for table in self.tables:
            for row in table.rows:
                if row.spec is not None and row.spec.indicator.pk == indicator_id:
                    return row
        return None

    @property
    def missing(self) -> int:
        return sum(1 for cell in self.cells.values() if cell.stored is None)


def describe_cell(catalog: Catalog, key: str) -> str:
    """An event's cell key ("12:3:") in words: "Students enrolled, Woman"."""
    parts = str(key).split(":")
    if not parts or not parts[0].isdigit():
        return str(key)
    spec = catalog.specs.get(int(parts[0]))
    if spec is None:
        return "An indicator no longer in this period"
    words = [spec.indicator.name]
    for position, given in enumerate(parts[1:3]):
        if given and position < len(spec.categories):
            found = next((c for c in spec.categories[position] if str(c.pk) == given), None)
            words.append(found.label if found else "another category")
    if len(words) == 1:
        words.append("total")
    return ", ".join(words)


@dataclass
class TrailEntry:
    event: SubmissionEvent
    changes: list[tuple[str, str, str]]  # (cell, old, new)
    more: int


def trail_of(submission: Submission, catalog: Catalog, protect=False) -> list[TrailEntry]:
    """The submission's audit trail, newest first (bounded; one query). `protect`: for a reader
    who may not see its small counts, the old and new values of count cells read "suppressed"
    (a past value may be small, and a change of a total gives a category back)."""
    if not submission.pk:
        return []
    counts = {str(s.indicator.pk) for s in catalog if s.indicator.type == Type.COUNT}
    events = (
        SubmissionEvent.objects.filter(submission=submission)
        .select_related("actor")
        .order_by("-at", "-pk")[:TRAIL_LIMIT]
    )
    entries = []
    for event in events:
        listed = event.changes[:TRAIL_CHANGES] if isinstance(event.changes, list) else []
        changes = [
            (describe_cell(catalog, c.get("cell")), c.get("old") or "—", c.get("new") or "—")
            if not (protect and str(c.get("cell", "")).split(":")[0] in counts)
            else (describe_cell(catalog, c.get("cell")), SUPPRESSED_TEXT, SUPPRESSED_TEXT)
            for c in listed
            if isinstance(c, dict)
        ]
        entries.append(TrailEntry(event, changes, max(event.cells_changed - len(changes), 0)))
    return entries


# --- Waiting for me -----------------------------------------------------------------------------
def _data_due_query(user, today: date):
    prefix = "partnership__roles__"
    done = Submission.objects.filter(
        period=OuterRef("pk"), organization=OuterRef("org_id"), status__in=DONE
    )
    member = Membership.objects.current().filter(
        partnership=OuterRef("partnership_id"), organization=OuterRef("org_id")
    )
    return (
        ReportingPeriod.objects.filter(
            opens_on__lte=today,
            partnership__archived_at__isnull=True,
            **{
                prefix + "person__user": user,
                prefix + "person__archived_at__isnull": True,
                prefix + "archived_at__isnull": True,
                prefix + "role__in": roles_with(Perm.CONTRIBUTE),
                prefix + "organization__isnull": False,
            },
        )
        .annotate(org_id=F(prefix + "organization_id"))
        .filter(Exists(member), ~Exists(done))
        .order_by("due_on", "pk")
        .values_list(
            "pk",
            "label",
            "due_on",
            "opens_on",
            "partnership_id",
            "partnership__title",
            prefix + "organization__name",
            "org_id",
        )
    )


# Compiled once per process, with the user's id and today's date as parameters.
_data_due = UserQuery(_data_due_query)


def data_due(user) -> list[Waiting]:
    """Open periods whose data the user's organization has not submitted, for the people of that
    organization who may enter its values (a role that adds records). One query."""
    today = timezone.localdate()
    items, seen = [], set()
    for pk, label, due_on, opens_on, partnership_id, title, org_name, org_id in _data_due(
        user, today
    ):
        if (pk, org_id) in seen:
            continue
        seen.add((pk, org_id))
        late = due_on < today
        items.append(
            Waiting(
                kind="measurement.data.due",
                label="Data overdue" if late else "Data due",
                title=f"{label} data from {org_name}, due {due_on:%-d %B %Y}",
                url=object_url("measurement:grid", partnership_id, pk, org_id),
                since=timezone.make_aware(datetime.combine(opens_on, time.min)),
                partnership=title,
                partnership_id=partnership_id,
            )
        )
    return items


def reviewable_by(user) -> Q:
    """Submissions the user reviews for their own role: a steward of the partnership, or the
    project director of an organization responsible for one of the period's indicators (an
    administrator without a role reviews nothing here)."""
    director = DIRECTOR_OF_A_RESPONSIBLE_ORGANIZATION.q(user, Submission)
    steward = Q(period__partnership__in=partnership_ids_for(user, [Role.STEWARD]))
    return steward | director


_to_review = UserQuery(
    lambda user: (
        Submission.objects.filter(
            reviewable_by(user),
            status=Status.SUBMITTED,
            period__partnership__archived_at__isnull=True,
        )
        .order_by("submitted_at", "pk")
        .values_list(
            "period__label",
            "organization__name",
            "period__partnership_id",
            "period_id",
            "organization_id",
            "submitted_at",
            "updated_at",
            "period__partnership__title",
        )
    )
)


def values_to_review(user) -> list[Waiting]:
    """Submitted values waiting for the user's review. One query."""
    return [
        Waiting(
            kind="measurement.values.review",
            label="Values to review",
            title=f"Review {period} data from {organization}",
            url=object_url("measurement:grid", partnership_id, period_id, organization_id),
            since=submitted_at or updated_at,
            partnership=title,
            partnership_id=partnership_id,
        )
        for (
            period,
            organization,
            partnership_id,
            period_id,
            organization_id,
            submitted_at,
            updated_at,
            title,
        ) in _to_review(user)
    ]


# --- Reminders ----------------------------------------------------------------------------------
# An overdue reminder still goes out when `accord remind` missed the day after the due date.
OVERDUE_WINDOW_DAYS = 14


@dataclass
class MissingData:
    period: ReportingPeriod
    organization_id: int
    organization_name: str
    users: list


def missing_data(today: date, days_before: int) -> list[MissingData]:
    """Periods open for entry that are due within `days_before` days or were due in the last
    two weeks, with each current member whose data is not submitted, and the accounts of that
    organization's people who enter it (four queries)."""
    periods = list(
        ReportingPeriod.objects.filter(
            opens_on__lte=today,
            due_on__lte=today + timedelta(days=days_before),
            due_on__gte=today - timedelta(days=OVERDUE_WINDOW_DAYS),
            partnership__archived_at__isnull=True,
        ).select_related("partnership")
    )
    if not periods:
        return []
    partnership_ids = {p.partnership_id for p in periods}
    members = list(
        Membership.objects.current()
        .filter(partnership_id__in=partnership_ids)
        .values_list("partnership_id", "organization_id", "organization__name")
    )
    done = set(
        Submission.objects.filter(period__in=periods, status__in=DONE).values_list(
            "period_id", "organization_id"
        )
    )
    roles = PartnershipRole.objects.filter(
        partnership_id__in=partnership_ids,
        role__in=roles_with(Perm.CONTRIBUTE),
        archived_at__isnull=True,
        person__archived_at__isnull=True,
        person__user__is_active=True,
        organization__isnull=False,
    ).select_related("person__user")
    people: dict[tuple, dict] = {}
    for role in roles:
        people.setdefault((role.partnership_id, role.organization_id), {})[role.person.user_id] = (
            role.person.user
        )
    found = []
    for period in periods:
        for partnership_id, organization_id, name in members:
            if partnership_id != period.partnership_id or (period.pk, organization_id) in done:
                continue
            users = list(people.get((partnership_id, organization_id), {}).values())
            if users:
                found.append(MissingData(period, organization_id, name, users))
    return found


# --- The partnership's timeline -----------------------------------------------------------------
def _full_name(prefix: str):
    full = Trim(Concat(F(f"{prefix}__first_name"), Value(" "), F(f"{prefix}__last_name")))
    return Coalesce(NullIf(full, Value("")), F(f"{prefix}__username"), Value(""))


def _approved_entry(row, partnership) -> TimelineEntry:
    period_id, _, organization_id = (row.note or "").partition(":")
    url = ""
    if period_id.isdigit() and organization_id.isdigit():
        url = object_url("measurement:grid", partnership.pk, int(period_id), int(organization_id))
    return TimelineEntry(when=row.when, label="Data", title=row.title, url=url, by=row.by)


APPROVED_DATA = TimelineSource(
    events=lambda partnership, user: Submission.objects.filter(
        period__partnership=partnership, status=Status.APPROVED, reviewed_at__isnull=False
    ),
    columns={
        "when": F("reviewed_at"),
        "title": Concat(
            F("period__label"),
            Value(" data from "),
            F("organization__name"),
            Value(" approved"),
            output_field=CharField(),
        ),
        "note": Concat(
            Cast("period_id", CharField()),
            Value(":"),
            Cast("organization_id", CharField()),
            output_field=CharField(),
        ),
        "by": _full_name("reviewed_by"),
    },
    entry=_approved_entry,
)
