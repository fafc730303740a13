"""Reads of leaders' learning (L1, L2) and commitments (L3) that the pages and the API share.

Every list costs the same number of queries with 5 rows or 500; the summary is computed by SQL
aggregates (sums, counts, distinct counts, topics unnested from their JSON lists).
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import connection
from django.db.models import Count, Min, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear, Lower

from accord.core.access import get_visible_or_404
from accord.core.audit import history_for
from accord.directory.models import Organization, Person
from accord.partnerships.models import Partnership

from ..models import Commitment, LearningActivity

LOG_FOR_OTHERS = "leadership.record.log_for_others"
CHANGE = "leadership.record.change"


def record_or_404(user, model, partnership_id, pk, action: str | None = None):
    """A learning activity or commitment (`model`) of the partnership that `user` sees (else
    404), with its person and organization; with `action`, 403 unless they may do it."""
    records = model.objects.filter(partnership_id=partnership_id).select_related(
        "partnership", "person__organization", "organization"
    )
    return get_visible_or_404(user, records, action, pk=pk)


def learning_of(
    partnership: Partnership | int,
    *,
    organization_id: int | None = None,
    person_id: int | None = None,
    year: int | None = None,
) -> QuerySet[LearningActivity]:
    """A partnership's learning activities, newest first, filtered."""
    activities = LearningActivity.objects.filter(partnership=partnership)
    if organization_id:
        activities = activities.filter(organization_id=organization_id)
    if person_id:
        activities = activities.filter(person_id=person_id)
    if year:
        activities = activities.filter(completed_on__year=year)
    return activities.select_related(
        "person__organization", "organization", "partnership"
    ).order_by("-completed_on", "-pk")


def _in_year(year: int) -> Q:
    """Commitments that run during `year` (open-ended ones run on)."""
    return Q(starts_on__lte=date(year, 12, 31)) & (
        Q(ends_on__isnull=True) | Q(ends_on__gte=date(year, 1, 1))
    )


def commitments_of(
    partnership: Partnership | int,
    *,
    organization_id: int | None = None,
    person_id: int | None = None,
    year: int | None = None,
    kind: str = "",
    status: str = "",
) -> QuerySet[Commitment]:
    """A partnership's commitments, in the order they start, filtered."""
    commitments = Commitment.objects.filter(partnership=partnership)
    if organization_id:
        commitments = commitments.filter(organization_id=organization_id)
    if person_id:
        commitments = commitments.filter(person_id=person_id)
    if year:
        commitments = commitments.filter(_in_year(year))
    if kind:
        commitments = commitments.filter(kind=kind)
    if status:
        commitments = commitments.filter(status=status)
    return commitments.select_related(
        "person__organization", "organization", "partnership"
    ).order_by("starts_on", "pk")


# --- Filter choices -----------------------------------------------------------------------------
def organizations_for_filter(partnership: Partnership) -> QuerySet[Organization]:
    """Current members and any organization with a record here."""
    return _summary_organizations(partnership, year=None)


def people_for_filter(partnership: Partnership) -> QuerySet[Person]:
    """People with a learning activity or a commitment in the partnership."""
    # One UNION of ids, not an OR of two IN lists: the OR makes the database read every person.
    ids = (
        LearningActivity.objects.filter(partnership=partnership)
        .values("person_id")
        .union(Commitment.objects.filter(partnership=partnership).values("person_id"))
    )
    return Person.objects.filter(pk__in=ids).select_related("organization").order_by("name", "pk")


def years_for_filter(partnership: Partnership) -> list[int]:
    """The years in which the partnership's records fall, newest first (one query)."""
    learning = (
        LearningActivity.objects.filter(partnership=partnership)
        .annotate(year=ExtractYear("completed_on"))
        .values("year")
        .order_by()
    )
    starts = (
        Commitment.objects.filter(partnership=partnership)
        .annotate(year=ExtractYear("starts_on"))
        .values("year")
        .order_by()
    )
    ends = (
        Commitment.objects.filter(partnership=partnership, ends_on__isnull=False)
        .annotate(year=ExtractYear("ends_on"))
        .values("year")
        .order_by()
    )
    years = {row["year"] for row in learning.union(starts, ends).order_by()}
    if not years:
        return []
    # A commitment runs through every year between its start and end.
    return list(range(max(years), min(years) - 1, -1))


# --- The summary --------------------------------------------------------------------------------
@dataclass
class TopicCount:
    topic: str
    activities: int


@dataclass
class Amount:
    unit: str
    total: Decimal


@dataclass
class Figures:
    """Learning and commitment figures of one organization, or of the whole partnership."""

    learning_hours: Decimal = Decimal(0)
    learning_count: int = 0
    learners: int = 0
    topics: list[TopicCount] = field(default_factory=list)
    commitment_count: int = 0
    committers: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    by_status: dict[str, int] = field(default_factory=dict)
    amounts: list[Amount] = field(default_factory=list)

    @property
    def kept(self) -> int:
        return self.by_status.get(Commitment.Status.KEPT, 0)

    @property
    def not_kept(self) -> int:
        return self.by_status.get(Commitment.Status.NOT_KEPT, 0)

    @property
    def kept_rate(self) -> float | None:
        """Kept / (kept + not kept): only commitments whose outcome is known count."""
        decided = self.kept + self.not_kept
        return self.kept / decided if decided else None

    @property
    def kept_percent(self) -> int | None:
        rate = self.kept_rate
        return None if rate is None else round(rate * 100)

    def kinds(self) -> list[tuple[str, str, int]]:
        return [(k, label, self.by_kind.get(k, 0)) for k, label in Commitment.Kind.choices]

    def statuses(self) -> list[tuple[str, str, int]]:
        return [(s, label, self.by_status.get(s, 0)) for s, label in Commitment.Status.choices]

    def kinds_present(self) -> list[tuple[str, str, int]]:
        return [row for row in self.kinds() if row[2]]

    def statuses_present(self) -> list[tuple[str, str, int]]:
        return [row for row in self.statuses() if row[2]]

    @property
    def is_empty(self) -> bool:
        return not (self.learning_count or self.commitment_count)


@dataclass
class OrganizationFigures(Figures):
    organization: Organization | None = None
    is_member: bool = True
    is_viewers: bool = False


@dataclass
class Summary:
    year: int | None
    total: Figures
    organizations: list[OrganizationFigures]


def _summary_organizations(partnership: Partnership, year: int | None) -> QuerySet[Organization]:
    learning = LearningActivity.objects.filter(partnership=partnership)
    commitments = Commitment.objects.filter(partnership=partnership)
    if year:
        learning = learning.filter(completed_on__year=year)
        commitments = commitments.filter(_in_year(year))
    members = partnership.memberships.current().values("organization_id")
    ids = members.order_by().union(
        learning.values("organization_id").order_by(),
        commitments.values("organization_id").order_by(),
    )
    return Organization.objects.filter(pk__in=ids).order_by("name", "pk")


def _learning_figures() -> dict:
    return {
        "learning_hours": Sum("hours", default=Decimal(0)),
        "learning_count": Count("pk"),
        "learners": Count("person", distinct=True),
    }


def _commitment_figures() -> dict:
    figures = {"commitment_count": Count("pk"), "committers": Count("person", distinct=True)}
    for kind in Commitment.Kind.values:
        figures[f"kind_{kind}"] = Count("pk", filter=Q(kind=kind))
    for status in Commitment.Status.values:
        figures[f"status_{status}"] = Count("pk", filter=Q(status=status))
    return figures


def _fill(figures: Figures, row: dict) -> None:
    for name in ("learning_hours", "learning_count", "learners", "commitment_count", "committers"):
        if name in row:
            setattr(figures, name, row[name] or 0)
    for kind in Commitment.Kind.values:
        if f"kind_{kind}" in row:
            figures.by_kind[kind] = row[f"kind_{kind}"]
    for status in Commitment.Status.values:
        if f"status_{status}" in row:
            figures.by_status[status] = row[f"status_{status}"]


def topic_counts(activities: QuerySet[LearningActivity]) -> list[tuple[int, str, int]]:
    """(organization id, topic, activities) for every topic of `activities`, in SQL.

    Topics live in a JSON list per activity; the database unnests them (json_each on SQLite,
    jsonb_array_elements_text on PostgreSQL) and counts each topic once per activity, ignoring
    case.
    """
    inner, params = activities.order_by().values("pk").query.sql_with_params()
    table = LearningActivity._meta.db_table
    if connection.vendor == "postgresql":
        unnest = "CROSS JOIN LATERAL jsonb_array_elements_text(la.topics) AS t(value)"
        is_list = "jsonb_typeof(la.topics) = 'array'"
    else:
        unnest = ", json_each(la.topics) AS t"
        is_list = "json_type(la.topics) = 'array'"
    sql = (
        f"SELECT la.organization_id, MIN(t.value), COUNT(DISTINCT la.id) "
        f"FROM {table} AS la {unnest} "
        f"WHERE {is_list} AND la.id IN ({inner}) "
        f"GROUP BY la.organization_id, LOWER(t.value)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(org, topic, count) for org, topic, count in cursor.fetchall()]


def summary_of(
    partnership: Partnership, *, year: int | None = None, viewer_organization_id: int | None = None
) -> Summary:
    """Per organization and for the whole partnership: learning hours, activities, people and
    topics (L1, L2); commitments by kind and status, the kept rate and amounts by unit (L3).

    Every current member organization is listed (with zeros when it has logged nothing), and any
    other organization with a record; the viewer's own organization comes first.
    """
    learning = LearningActivity.objects.filter(partnership=partnership)
    commitments = Commitment.objects.filter(partnership=partnership)
    if year:
        learning = learning.filter(completed_on__year=year)
        commitments = commitments.filter(_in_year(year))
    learning, commitments = learning.order_by(), commitments.order_by()

    organizations = list(_summary_organizations(partnership, year))
    member_ids = set(partnership.memberships.current().values_list("organization_id", flat=True))
    rows = {
        org.pk: OrganizationFigures(
            organization=org,
            is_member=org.pk in member_ids,
            is_viewers=org.pk == viewer_organization_id,
        )
        for org in organizations
    }
    total = Figures()

    for row in learning.values("organization_id").annotate(**_learning_figures()):
        _fill(rows[row["organization_id"]], row)
    _fill(total, learning.aggregate(**_learning_figures()))
    for row in commitments.values("organization_id").annotate(**_commitment_figures()):
        _fill(rows[row["organization_id"]], row)
    _fill(total, commitments.aggregate(**_commitment_figures()))

    # Topics: counted per organization in SQL; the partnership's list adds them up by name.
    overall: dict[str, TopicCount] = {}
    for organization_id, topic, count in topic_counts(learning):
        rows[organization_id].topics.append(TopicCount(topic, count))
        entry = overall.setdefault(topic.casefold(), TopicCount(topic, 0))
        entry.activities += count
    total.topics = list(overall.values())

    amounts = (
        commitments.filter(amount__isnull=False)
        .values("organization_id", key=Lower("unit"))
        .annotate(label=Min("unit"), total=Sum("amount"))
        .order_by("organization_id", "key")
    )
    overall_amounts: dict[str, Amount] = {}
    for row in amounts:
        rows[row["organization_id"]].amounts.append(Amount(row["label"], row["total"]))
        entry = overall_amounts.setdefault(row["key"], Amount(row["label"], Decimal(0)))
        entry.total += row["total"]
    total.amounts = list(overall_amounts.values())

    for figures in [total, *rows.values()]:
        figures.topics.sort(key=lambda t: (-t.activities, t.topic.casefold()))
        figures.amounts.sort(key=lambda a: a.unit.casefold())
    ordered = sorted(
        rows.values(),
        key=lambda r: (not r.is_viewers, not r.is_member, r.organization.name.casefold()),
    )
    return Summary(year=year, total=total, organizations=ordered)


def learning_history(activity: LearningActivity):
    return history_for(activity)


def commitment_history(commitment: Commitment):
    return history_for(commitment)
