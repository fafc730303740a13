"""Reads of the trust and value network (R6) that the pages, the API and the home page share.

Each read costs a fixed number of queries however many waves, member organizations or ratings
there are (tests/relationships/test_trust_queries.py counts them).
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from accord.core.access import Role, get_visible_or_404
from accord.core.compiled import UserQuery
from accord.core.paths import object_url
from accord.core.waiting import Waiting
from accord.partnerships.models import Partnership, PartnershipRole

from . import trust_metrics as metrics
from .models_trust import TRUST_ITEMS, VALUE_ITEMS, TrustRating, TrustResponse, TrustWave
from .models_trust import TrustWaveMember as Member
from .services_trust import RESPONDENT_ROLES

MANAGE = "relationships.trust.manage"
RESPOND = "relationships.trust.respond"


def waves_of(partnership: Partnership | int) -> QuerySet[TrustWave]:
    """The partnership's waves, newest first, with their counts (one query)."""
    return (
        TrustWave.objects.filter(partnership=partnership)
        .annotate(
            member_count=Count("members", distinct=True),
            response_count=Count("responses", distinct=True),
        )
        .order_by("-opens_on", "-pk")
    )


def wave_or_404(user, partnership_id, pk, action: str | None = None) -> TrustWave:
    records = TrustWave.objects.filter(partnership_id=partnership_id).select_related("partnership")
    return get_visible_or_404(user, records, action, pk=pk)


def response_or_404(user, partnership_id, wave_id, pk, action=None) -> TrustResponse:
    records = TrustResponse.objects.filter(
        wave_id=wave_id, wave__partnership_id=partnership_id
    ).select_related("wave__partnership", "organization", "respondent")
    return get_visible_or_404(user, records, action, pk=pk)


def members_of(wave: TrustWave) -> list:
    """The wave's organizations, by name (one query)."""
    rows = Member.objects.filter(wave=wave).select_related("organization")
    return sorted((row.organization for row in rows), key=lambda org: (org.name.lower(), org.pk))


def responses_of(wave: TrustWave) -> list[TrustResponse]:
    """The wave's answers with their ratings (two queries)."""
    return list(
        TrustResponse.objects.filter(wave=wave)
        .select_related("organization", "respondent")
        .prefetch_related("ratings")
        .order_by("organization__name", "pk")
    )


def answerable(user, wave: TrustWave) -> list:
    """The wave's organizations `user` answers for (one query), each with `response`: its stored
    answer or None."""
    person = getattr(user, "person", None)
    if person is None or person.archived_at is not None:
        return []
    roles = (
        PartnershipRole.objects.filter(
            partnership_id=wave.partnership_id,
            person=person,
            archived_at__isnull=True,
            role__in=RESPONDENT_ROLES,
        )
        .annotate(speaks_for=Coalesce("organization_id", "person__organization_id"))
        .filter(speaks_for=OuterRef("organization_id"))
    )
    rows = (
        Member.objects.filter(wave=wave)
        .filter(Exists(roles))
        .select_related("organization")
        .annotate(
            response_id=TrustResponse.objects.filter(
                wave=wave, organization=OuterRef("organization_id")
            ).values("pk")[:1]
        )
        .order_by("organization__name", "pk")
    )
    organizations = []
    for row in rows:
        row.organization.response_id = row.response_id
        organizations.append(row.organization)
    return organizations


def ratings_of(wave: TrustWave) -> list[metrics.Rating]:
    """Every rating of the wave as pair scores (one query)."""
    trust_names = [name for name, _ in TRUST_ITEMS]
    value_names = [name for name, _ in VALUE_ITEMS]
    rows = TrustRating.objects.filter(response__wave=wave).values(
        "response__organization_id", "rated_id", "intensity", *trust_names, *value_names
    )
    return [
        metrics.Rating(
            rater=row["response__organization_id"],
            rated=row["rated_id"],
            trust=metrics.pair_score(row[name] for name in trust_names),
            value=metrics.pair_score(row[name] for name in value_names),
            intensity=row["intensity"],
        )
        for row in rows
    ]


def previous_wave(wave: TrustWave) -> TrustWave | None:
    return (
        TrustWave.objects.filter(partnership_id=wave.partnership_id)
        .filter(Q(opens_on__lt=wave.opens_on) | Q(opens_on=wave.opens_on, pk__lt=wave.pk))
        .order_by("-opens_on", "-pk")
        .first()
    )


# --- Results -----------------------------------------------------------------------------------
GRAPH_WIDTH, GRAPH_HEIGHT, RADIUS, NODE_RADIUS = 780, 540, 200, 16


@dataclass
class Node:
    number: int
    organization: object
    x: float
    y: float
    label_x: float
    label_y: float
    anchor: str
    scores: metrics.OrganizationScores


@dataclass
class Edge:
    dyad: metrics.Dyad
    first: Node
    second: Node
    x1: float
    y1: float
    x2: float
    y2: float
    width: float
    style: str  # "reciprocated" or "one-sided"
    arrow: bool  # drawn towards the rated organization when only one side rated
    there: metrics.Rating | None  # first -> second
    back: metrics.Rating | None  # second -> first


@dataclass
class WaveResults:
    wave: TrustWave
    results: metrics.NetworkResults
    nodes: list[Node]
    edges: list[Edge]
    previous: TrustWave | None = None
    change: metrics.WaveChange | None = None
    names: dict = field(default_factory=dict)
    formulas: dict = field(default_factory=lambda: metrics.FORMULAS)

    @property
    def change_rows(self) -> list[dict]:
        """The change of each dyad's trust score, with the organizations' names."""
        if self.change is None:
            return []
        return [
            {
                "first": self.names.get(row.first, ""),
                "second": self.names.get(row.second, ""),
                "before": row.before,
                "after": row.after,
                "delta": row.delta,
                "status": row.status,
            }
            for row in self.change.dyads
        ]

    @property
    def entered(self) -> list[str]:
        return [self.names[pk] for pk in self.change.entered] if self.change else []

    @property
    def left(self) -> list[str]:
        return [self.names[pk] for pk in self.change.left] if self.change else []

    @property
    def min_raters(self) -> int:
        return metrics.MIN_RATERS


def _layout(organizations, results: metrics.NetworkResults) -> tuple[list[Node], list[Edge]]:
    cx, cy = GRAPH_WIDTH / 2, GRAPH_HEIGHT / 2
    points = metrics.circular_layout(len(organizations), RADIUS, cx, cy)
    labels = metrics.circular_layout(len(organizations), RADIUS + NODE_RADIUS + 10, cx, cy)
    scores = {score.node: score for score in results.organizations}
    nodes = {}
    for index, (organization, (x, y), (lx, ly)) in enumerate(
        zip(organizations, points, labels, strict=True)
    ):
        anchor = "middle" if abs(lx - cx) < 20 else ("start" if lx > cx else "end")
        ly = ly + (12 if ly > cy + 20 else (-4 if ly < cy - 20 else 4))
        nodes[organization.pk] = Node(
            index + 1, organization, x, y, lx, ly, anchor, scores[organization.pk]
        )
    edges = []
    for dyad in results.dyads:
        first, second = nodes[dyad.first], nodes[dyad.second]
        if dyad.forward is None:  # only the second rated: draw from the rater
            first, second = second, first
        dx, dy = second.x - first.x, second.y - first.y
        length = max((dx * dx + dy * dy) ** 0.5, 1.0)
        ux, uy = dx / length, dy / length
        gap = NODE_RADIUS + 2
        end_gap = gap + (6 if not dyad.reciprocated else 0)
        edges.append(
            Edge(
                dyad=dyad,
                first=first,
                second=second,
                x1=round(first.x + ux * gap, 2),
                y1=round(first.y + uy * gap, 2),
                x2=round(second.x - ux * end_gap, 2),
                y2=round(second.y - uy * end_gap, 2),
                width=round(1 + (dyad.trust - 1) * 1.5, 2),
                style="one-sided" if dyad.one_sided else "reciprocated",
                arrow=not dyad.reciprocated,
                there=results.ratings.get((first.organization.pk, second.organization.pk)),
                back=results.ratings.get((second.organization.pk, first.organization.pk)),
            )
        )
    return list(nodes.values()), edges


def results_of(wave: TrustWave, *, with_change: bool = True) -> WaveResults:
    """The wave's results and drawing, and the change from the partnership's previous wave
    (two queries, and three more for the change)."""
    organizations = members_of(wave)
    results = metrics.network_results([org.pk for org in organizations], ratings_of(wave))
    nodes, edges = _layout(organizations, results)
    names = {org.pk: org.name for org in organizations}
    found = WaveResults(wave, results, nodes, edges, names=names)
    if with_change and (previous := previous_wave(wave)) is not None:
        before_orgs = members_of(previous)
        before = metrics.network_results([org.pk for org in before_orgs], ratings_of(previous))
        names |= {org.pk: org.name for org in before_orgs}
        found.previous = previous
        found.change = metrics.change_between(before, results)
    return found


# --- Home page: a survey to fill in ------------------------------------------------------------
def _surveys_query(user, today: date):
    roles = (
        PartnershipRole.objects.filter(
            person__user=user,
            person__archived_at__isnull=True,
            archived_at__isnull=True,
            role__in=[Role.LEADER, Role.PROJECT_DIRECTOR],
            partnership=OuterRef("wave__partnership_id"),
        )
        .annotate(speaks_for=Coalesce("organization_id", "person__organization_id"))
        .filter(speaks_for=OuterRef("organization_id"))
    )
    answered = TrustResponse.objects.filter(
        wave=OuterRef("wave_id"), organization=OuterRef("organization_id")
    )
    return (
        Member.objects.filter(
            Exists(roles),
            ~Exists(answered),
            wave__partnership__archived_at__isnull=True,
        )
        .filter(**{f"wave__{key}": value for key, value in _open_lookups(today).items()})
        .order_by("wave__closes_on", "pk")
        .values_list(
            "organization__name",
            "wave__title",
            "wave__closes_on",
            "wave__partnership_id",
            "wave_id",
            "organization_id",
            "wave__created_at",
            "wave__partnership__title",
        )
    )


# Compiled once per process, with the user's id and today's date as parameters.
_surveys = UserQuery(_surveys_query)


def surveys_waiting(user) -> list[Waiting]:
    """Open waves that an organization the user answers for has not answered yet (one query)."""
    return [
        Waiting(
            kind="relationships.trust.respond",
            label="Trust survey",
            title=f"Rate your partners for {organization} in “{wave}” "
            f"(closes {closes_on:%-d %b %Y})",
            url=object_url("relationships:trust-respond", partnership_id, wave_id, organization_id),
            since=created_at,
            partnership=title,
            partnership_id=partnership_id,
        )
        for (
            organization,
            wave,
            closes_on,
            partnership_id,
            wave_id,
            organization_id,
            created_at,
            title,
        ) in _surveys(user, timezone.localdate())
    ]


def _open_lookups(today: date | None = None) -> dict:
    today = today or timezone.localdate()
    return {"closed_at__isnull": True, "opens_on__lte": today, "closes_on__gte": today}
