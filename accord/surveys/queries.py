"""Reads of the collaboration survey that pages, the API, the home page and the scorecard share.

Each read costs a fixed number of queries however many waves, invitations or answers there are:
the answers are summed per respondent and factor in SQL, and only those sums reach Python
(tests/surveys/test_queries.py counts them).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from accord.core.access import get_visible_or_404
from accord.core.compiled import UserQuery
from accord.core.paths import object_url
from accord.core.waiting import Waiting
from accord.directory.models import Organization, Person
from accord.partnerships.models import Partnership, PartnershipRole

from . import scoring
from .models import Factor, InstrumentCategory, Item, SurveyAnswer, SurveyInvitation, SurveyWave

MANAGE = "surveys.wave.manage"
ANSWER = "surveys.wave.answer"
RESULTS = "surveys.results.view"
TREND_WAVES = 6  # the trend table shows the last six waves
NO_ORGANIZATION = "No organization given"
NO_LEVEL = "No level given"


def min_respondents() -> int:
    return settings.ACCORD_SURVEY_MIN_RESPONDENTS


def waves_of(partnership: Partnership | int) -> QuerySet[SurveyWave]:
    """The partnership's waves, newest first, with how many were asked and answered (one query)."""
    return (
        SurveyWave.objects.filter(partnership=partnership)
        .select_related("instrument")
        .annotate(
            invited_count=Count("invitations", distinct=True),
            answered_count=Count(
                "invitations", filter=Q(invitations__answered_at__isnull=False), distinct=True
            ),
        )
        .order_by("-opens_on", "-pk")
    )


def wave_or_404(user, partnership_id, pk, action: str | None = None) -> SurveyWave:
    records = waves_of(partnership_id).select_related("partnership", "instrument")
    return get_visible_or_404(user, records, action, pk=pk)


def invitation_of(user, wave: SurveyWave) -> SurveyInvitation | None:
    """The user's invitation to the wave, if it asked them (one query)."""
    person = getattr(user, "person", None)
    if person is None or person.archived_at is not None:
        return None
    return SurveyInvitation.objects.filter(wave=wave, person=person).first()


def instrument_of(wave: SurveyWave) -> list[InstrumentCategory]:
    """The wave's instrument: its categories, each with its factors and their items (3 queries)."""
    return list(
        InstrumentCategory.objects.filter(instrument_id=wave.instrument_id).prefetch_related(
            Prefetch("factors", Factor.objects.order_by("position", "pk")),
            Prefetch("factors__items", Item.objects.order_by("position", "pk")),
        )
    )


def factors_of(instrument_ids) -> list[Factor]:
    """The factors of the instruments, in their order (one query)."""
    return list(
        Factor.objects.filter(category__instrument_id__in=instrument_ids)
        .select_related("category")
        .order_by("category__instrument_id", "category__position", "position", "pk")
    )


# --- Results ----------------------------------------------------------------------------------
@dataclass
class Group:
    """A column of a breakdown: an organization or a level."""

    key: object
    label: str
    respondents: int = 0
    hidden: str | None = None


@dataclass
class FactorResult:
    factor: Factor
    total: scoring.Score
    by_organization: list[scoring.Score] = field(default_factory=list)
    by_level: list[scoring.Score] = field(default_factory=list)
    previous: scoring.Score | None = None

    @property
    def change(self) -> Decimal | None:
        if self.previous is None or self.previous.score is None or self.total.score is None:
            return None
        return self.total.score - self.previous.score


@dataclass
class WaveResults:
    wave: SurveyWave
    minimum: int
    respondents: int
    factors: list[FactorResult]
    organizations: list[Group]
    levels: list[Group]
    previous: SurveyWave | None = None
    formula: str = scoring.FORMULA

    @property
    def shown(self) -> bool:
        return any(result.total.score is not None for result in self.factors)

    @property
    def organizations_shown(self) -> bool:
        return any(group.hidden is None for group in self.organizations)

    @property
    def levels_shown(self) -> bool:
        return any(group.hidden is None for group in self.levels)

    def by_category(self) -> list[tuple[str, list[FactorResult]]]:
        grouped: dict[str, list[FactorResult]] = {}
        for result in self.factors:
            grouped.setdefault(result.factor.category.name, []).append(result)
        return list(grouped.items())


def _sums(waves) -> list[dict]:
    """Per wave, respondent and factor key: the sum and number of their answers (one query)."""
    return list(
        SurveyAnswer.objects.filter(response__wave__in=waves)
        .values(
            "response__wave_id",
            "response_id",
            "response__organization_id",
            "response__level",
            "item__factor__key",
        )
        .annotate(total=Sum("value"), count=Count("pk"))
        .order_by()
    )


def _means(rows) -> dict:
    """(wave id, factor key) -> [(organization id, level, respondent's mean)]."""
    found: dict = defaultdict(list)
    for row in rows:
        found[(row["response__wave_id"], row["item__factor__key"])].append(
            (
                row["response__organization_id"],
                row["response__level"] or None,
                scoring.respondent_mean(row["total"], row["count"]),
            )
        )
    return found


def previous_wave(wave: SurveyWave) -> SurveyWave | None:
    return (
        SurveyWave.objects.filter(partnership_id=wave.partnership_id)
        .filter(Q(opens_on__lt=wave.opens_on) | Q(opens_on=wave.opens_on, pk__lt=wave.pk))
        .order_by("-opens_on", "-pk")
        .first()
    )


def _level_label(level) -> str:
    return Person.Level(level).label if level in Person.Level.values else NO_LEVEL


def results_of(wave: SurveyWave, *, with_previous: bool = True) -> WaveResults:
    """The wave's factor scores with their breakdowns by organization and level, each shown only
    from the minimum number of respondents (scoring.py), and the change since the previous wave.
    Five queries."""
    k = min_respondents()
    previous = previous_wave(wave) if with_previous else None
    means = _means(_sums([wave] + ([previous] if previous else [])))
    factors = factors_of([wave.instrument_id])
    respondents = wave.responses.count()
    organization_ids = {o for (w, _), rows in means.items() if w == wave.pk for o, _, _ in rows}
    names = Organization.objects.in_bulk([o for o in organization_ids if o is not None])
    organizations = sorted(
        set(organization_ids),
        key=lambda o: (o is None, names[o].name.lower() if o is not None else ""),
    )
    levels_present = {lv for (w, _), rows in means.items() if w == wave.pk for _, lv, _ in rows}
    levels = [lv for lv in Person.Level.values if lv in levels_present]
    if None in levels_present:
        levels.append(None)
    org_groups = [
        Group(o, names[o].name if o is not None else NO_ORGANIZATION) for o in organizations
    ]
    level_groups = [Group(lv, _level_label(lv)) for lv in levels]
    results = []
    for factor in factors:
        rows = means.get((wave.pk, factor.key), [])
        all_means = [m for _, _, m in rows]
        by_org: dict = {o: [] for o in organizations}
        by_level: dict = {lv: [] for lv in levels}
        for organization_id, level, m in rows:
            by_org[organization_id].append(m)
            by_level[level].append(m)
        org_scores = scoring.breakdown(by_org, k)
        level_scores = scoring.breakdown(by_level, k)
        before = None
        if previous is not None:
            before = scoring.total([m for _, _, m in means.get((previous.pk, factor.key), [])], k)
        results.append(
            FactorResult(
                factor=factor,
                total=scoring.total(all_means, k),
                by_organization=[org_scores[o] for o in organizations],
                by_level=[level_scores[lv] for lv in levels],
                previous=before,
            )
        )
    # The column headers: a group's count is shown only where its scores are.
    for groups, attr in ((org_groups, "by_organization"), (level_groups, "by_level")):
        for index, group in enumerate(groups):
            cells = [getattr(result, attr)[index] for result in results]
            group.respondents = max((c.respondents for c in cells), default=0)
            hidden = [c.hidden for c in cells if c.hidden]
            group.hidden = hidden[0] if hidden else None
    return WaveResults(
        wave=wave,
        minimum=k,
        respondents=respondents,
        factors=results,
        organizations=org_groups,
        levels=level_groups,
        previous=previous,
    )


# --- Trends across waves ----------------------------------------------------------------------
@dataclass
class TrendRow:
    key: str
    name: str
    category: str
    scores: list[scoring.Score]

    @property
    def changes(self) -> list[Decimal | None]:
        """Each wave's change since the wave before it (None where either is hidden)."""
        found: list[Decimal | None] = [None]
        for before, after in zip(self.scores, self.scores[1:], strict=False):
            both = before.score is not None and after.score is not None
            found.append(after.score - before.score if both else None)
        return found

    @property
    def cells(self) -> list[tuple[scoring.Score, Decimal | None]]:
        return list(zip(self.scores, self.changes, strict=True))

    @property
    def latest_change(self) -> Decimal | None:
        return self.changes[-1] if self.scores else None


@dataclass
class Trends:
    waves: list[SurveyWave]
    rows: list[TrendRow]
    minimum: int


def trends_of(partnership: Partnership | int, limit: int = TREND_WAVES) -> Trends:
    """The factor scores of the partnership's last `limit` waves, oldest first, with the change
    from each wave to the next; factors are followed across instrument versions by their key.
    Three queries."""
    k = min_respondents()
    waves = list(
        SurveyWave.objects.filter(partnership=partnership).order_by("-opens_on", "-pk")[:limit]
    )[::-1]
    if not waves:
        return Trends([], [], k)
    means = _means(_sums(waves))
    rows: dict[str, TrendRow] = {}
    # The newest instrument's names and order win; factors only older waves asked follow.
    for factor in sorted(
        factors_of({w.instrument_id for w in waves}),
        key=lambda f: (f.category.instrument_id != waves[-1].instrument_id,),
    ):
        if factor.key not in rows:
            rows[factor.key] = TrendRow(factor.key, factor.name, factor.category.name, [])
    for row in rows.values():
        row.scores = [
            scoring.total([m for _, _, m in means.get((w.pk, row.key), [])], k) for w in waves
        ]
    return Trends(waves, list(rows.values()), k)


# --- For the scorecard ------------------------------------------------------------------------
def latest_factor_scores(
    partnership: Partnership | int,
) -> list[tuple[Factor, Decimal | None, str]]:
    """The factors of the partnership's latest wave with shown results, each with its score and
    status ("strength", "borderline" or "concern"); a factor with fewer than the minimum number of
    respondents comes with None and "hidden". [] when no wave has results to show. Four queries
    at most."""
    k = min_respondents()
    wave = (
        SurveyWave.objects.filter(partnership=partnership)
        .annotate(answers=Count("responses"))
        .filter(answers__gte=k)
        .order_by("-opens_on", "-pk")
        .first()
    )
    if wave is None:
        return []
    means = _means(_sums([wave]))
    found = []
    for factor in factors_of([wave.instrument_id]):
        score = scoring.total([m for _, _, m in means.get((wave.pk, factor.key), [])], k)
        found.append((factor, score.score, score.status or "hidden"))
    return found


# --- Waiting for me, and reminders ------------------------------------------------------------
def _open_lookups(prefix: str = "", today: date | None = None) -> dict:
    today = today or timezone.localdate()
    return {
        f"{prefix}closed_at__isnull": True,
        f"{prefix}opens_on__lte": today,
        f"{prefix}closes_on__gte": today,
    }


def _unanswered(today: date | None = None) -> QuerySet[SurveyInvitation]:
    """Invitations to open waves, not answered, of people who still hold a role there."""
    holds = PartnershipRole.objects.filter(
        partnership=OuterRef("wave__partnership_id"),
        person=OuterRef("person_id"),
        archived_at__isnull=True,
    )
    return SurveyInvitation.objects.filter(
        Exists(holds),
        answered_at__isnull=True,
        person__archived_at__isnull=True,
        wave__partnership__archived_at__isnull=True,
        **_open_lookups("wave__", today),
    )


# Compiled once per process, with the user's id and today's date as parameters.
_waiting = UserQuery(
    lambda user, today: (
        _unanswered(today)
        .filter(person__user=user)
        .order_by("wave__closes_on", "pk")
        .values_list(
            "wave__title",
            "wave__closes_on",
            "wave__partnership_id",
            "wave_id",
            "created_at",
            "wave__partnership__title",
        )
    )
)


def surveys_waiting(user) -> list[Waiting]:
    """Open waves that asked the user and that they have not answered (one query)."""
    return [
        Waiting(
            kind="surveys.wave.answer",
            label="Collaboration survey",
            title=f"Answer “{wave}” (closes {closes_on:%-d %b %Y})",
            url=object_url("surveys:answer", partnership_id, wave_id),
            since=created_at,
            partnership=title,
            partnership_id=partnership_id,
        )
        for wave, closes_on, partnership_id, wave_id, created_at, title in _waiting(
            user, timezone.localdate()
        )
    ]


def invitations_to_remind(today, days_left: int) -> list[SurveyInvitation]:
    """Unanswered invitations of open waves that close within `days_left` days (one query)."""
    return list(
        _unanswered()
        .filter(
            wave__closes_on__lte=today + timedelta(days=days_left),
            person__user__is_active=True,
        )
        .select_related("wave__partnership", "person__user")
        .order_by("pk")
    )
