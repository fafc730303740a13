"""Reads of alignment assessments (A1) shared by the pages and the API.

Results come from accord/alignment/scoring.py (pure arithmetic); here they are fed with a
bounded number of queries and paired with the records the pages show.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum

from accord.core.audit import FieldChange, HistoryEntry, history_for
from accord.directory.models import Organization, Person
from accord.partnerships.models import Membership, Partnership
from accord.partnerships.queries import organizations_that_may_join

from .. import scoring
from ..models import Assessment, Assessor, Criterion, Score
from .rubrics import related_history

DIRECTIONS = Assessor.Direction


def assessments_of(
    partnership: Partnership, *, status: str = "", decision: str = ""
) -> QuerySet[Assessment]:
    """A partnership's assessments, newest first, filtered by status and decision."""
    assessments = partnership.assessments.select_related("candidate", "rubric", "decided_by")
    if status:
        assessments = assessments.filter(status=status)
    if decision:
        assessments = assessments.filter(decision=decision)
    return assessments.annotate(
        assessor_count=Count("assessors", filter=_active_assessor())
    ).order_by("-created_at", "-pk")


def _active_assessor():
    return Q(assessors__archived_at__isnull=True)


def weighted_scores(assessments) -> dict[int, dict[str, Fraction | None]]:
    """Each assessment's weighted score per direction, from one grouped query.

    Sums and counts (not averages) come from the database so that the means stay exact.
    """
    ids = [assessment.pk for assessment in assessments]
    rows = (
        Score.objects.filter(assessor__assessment_id__in=ids, assessor__archived_at__isnull=True)
        .order_by()  # Meta.ordering would otherwise join the GROUP BY
        .values(
            "assessor__assessment_id", "assessor__direction", "criterion_id", "criterion__weight"
        )
        .annotate(total=Sum("score"), count=Count("id"))
    )
    pairs = defaultdict(list)
    for row in rows:
        key = (row["assessor__assessment_id"], row["assessor__direction"])
        mean = Fraction(row["total"], row["count"])
        pairs[key].append((Fraction(row["criterion__weight"]), mean))
    return {
        pk: {
            direction: scoring.weighted_score(pairs.get((pk, direction), []))
            for direction in DIRECTIONS.values
        }
        for pk in ids
    }


def with_weighted_scores(assessments) -> list[Assessment]:
    """The assessments with `host_score` and `candidate_score` (1-5, or None) set."""
    assessments = list(assessments)
    scores = weighted_scores(assessments)
    for assessment in assessments:
        by_direction = scores[assessment.pk]
        assessment.host_score = by_direction[DIRECTIONS.HOST]
        assessment.candidate_score = by_direction[DIRECTIONS.CANDIDATE]
        assessment.host_display = scoring.rounded(assessment.host_score)
        assessment.candidate_display = scoring.rounded(assessment.candidate_score)
    return assessments


# --- Results of one assessment ------------------------------------------------------------------
@dataclass
class CriterionRow:
    """One criterion of one direction: the result and each assessor's score (None if missing)."""

    criterion: Criterion
    result: scoring.CriterionResult
    scores: list[Score | None]
    notes: list[tuple[Assessor, Score]] = field(default_factory=list)

    @property
    def mean(self):
        return scoring.rounded(self.result.mean)

    @property
    def stdev(self):
        return None if self.result.stdev is None else round(self.result.stdev, 2)


@dataclass
class DirectionView:
    """One direction's assessors, rows and overall result, ready for a page or the API."""

    direction: str
    label: str
    assessors: list[Assessor]
    rows: list[CriterionRow]
    result: scoring.DirectionResult

    @property
    def weighted(self):
        return scoring.rounded(self.result.weighted)

    @property
    def percent(self):
        return scoring.rounded(self.result.percent, 0)

    @property
    def discuss_rows(self) -> list[CriterionRow]:
        return [row for row in self.rows if row.result.discuss]


@dataclass
class Results:
    host: DirectionView
    candidate: DirectionView
    criteria: list[Criterion] = field(default_factory=list)

    @property
    def directions(self) -> list[DirectionView]:
        return [self.host, self.candidate]


NO_SCORES_YET = (
    "No assessor has scored this assessment yet: a decision needs evidence. Add assessors and "
    "wait for their scores before you select, decline or defer."
)


def has_scores(assessment: Assessment) -> bool:
    """Whether any current assessor has scored a criterion: the evidence a decision needs."""
    return Score.objects.filter(
        assessor__assessment_id=assessment.pk, assessor__archived_at__isnull=True
    ).exists()


def assessment_results(assessment: Assessment) -> Results:
    """Both directions' results: three queries whatever the number of assessors."""
    criteria = list(assessment.rubric.criteria.order_by("position", "pk"))
    assessors = list(
        assessment.assessors.filter(archived_at__isnull=True).select_related("person__organization")
    )
    scores: dict[int, dict[int, Score]] = defaultdict(dict)
    for score in Score.objects.filter(assessor__in=[a.pk for a in assessors]):
        scores[score.assessor_id][score.criterion_id] = score
    weights = [scoring.CriterionWeight(c.pk, c.weight) for c in criteria]
    views = {}
    for direction, label in DIRECTIONS.choices:
        mine = [a for a in assessors if a.direction == direction]
        sheets = [{cid: score.score for cid, score in scores[a.pk].items()} for a in mine]
        result = scoring.direction_result(weights, sheets)
        rows = [
            CriterionRow(
                criterion=criterion,
                result=criterion_result,
                scores=[scores[a.pk].get(criterion.pk) for a in mine],
                notes=[
                    (a, scores[a.pk][criterion.pk])
                    for a in mine
                    if criterion.pk in scores[a.pk] and scores[a.pk][criterion.pk].note
                ],
            )
            for criterion, criterion_result in zip(criteria, result.criteria, strict=True)
        ]
        for assessor in mine:
            assessor.scored = len(scores[assessor.pk])
            assessor.complete = bool(criteria) and assessor.scored >= len(criteria)
        views[direction] = DirectionView(direction, label, mine, rows, result)
    return Results(views[DIRECTIONS.HOST], views[DIRECTIONS.CANDIDATE], criteria)


# --- The signed-in assessor ---------------------------------------------------------------------
def assessor_of(user, assessment: Assessment) -> Assessor | None:
    """The user's active assignment on this assessment, if their person has one."""
    if not (user and user.is_authenticated):
        return None
    return (
        assessment.assessors.filter(
            person__user=user, person__archived_at__isnull=True, archived_at__isnull=True
        )
        .select_related("person")
        .first()
    )


def scores_of(assessor: Assessor) -> dict[int, Score]:
    return {score.criterion_id: score for score in assessor.scores.all()}


def host_organizations(partnership: Partnership) -> list[Organization]:
    """The partnership's current hosts: what a candidate-side assessor is told about it."""
    memberships = (
        partnership.memberships.current()
        .filter(kind=Membership.Kind.HOST)
        .select_related("organization")
        .order_by("organization__name")
    )
    return [membership.organization for membership in memberships]


# --- Choices for the forms ----------------------------------------------------------------------
def candidates_for(user, partnership: Partnership) -> QuerySet[Organization]:
    """Organizations that may be assessed: not members, not archived, no open assessment."""
    open_assessment = Assessment.objects.filter(
        partnership=partnership, candidate=OuterRef("pk"), status=Assessment.Status.OPEN
    )
    return organizations_that_may_join(user, partnership).exclude(Exists(open_assessment))


def people_who_may_assess(assessment: Assessment, direction: str) -> QuerySet[Person]:
    """Host side: people with a current role in the partnership; candidate side: its people."""
    people = Person.objects.filter(archived_at__isnull=True)
    if direction == DIRECTIONS.HOST:
        people = people.filter(
            Exists(
                assessment.partnership.roles.filter(person=OuterRef("pk"), archived_at__isnull=True)
            )
        )
    else:
        people = people.filter(organization=assessment.candidate_id)
    current = assessment.assessors.filter(archived_at__isnull=True).values("person_id")
    return people.exclude(pk__in=current).select_related("organization").order_by("name", "pk")


# --- History ------------------------------------------------------------------------------------
# Score rows saved by one person for one assessor within this many seconds are one entry.
SAVE_WINDOW_SECONDS = 10


def _score_entries(rows, people: dict, criteria: dict) -> list[HistoryEntry]:
    """One entry per save of an assessor's scores, listing each criterion's old and new score."""
    entries: list[HistoryEntry] = []
    last_seen: dict[int, object] = {}
    current = None
    for row in sorted(rows, key=lambda r: (r.history_date, r.history_id)):
        before = last_seen.get(row.id)
        last_seen[row.id] = row
        if before is not None and (before.score, before.note) == (row.score, row.note):
            continue
        who = row.history_user.display_name if row.history_user else "Accord"
        key = (who, row.assessor_id)
        # One save touches each criterion once: a criterion seen again starts the next save.
        if (
            current is None
            or current[0] != key
            or row.criterion_id in current[2]
            or (row.history_date - current[1].when).total_seconds() > SAVE_WINDOW_SECONDS
        ):
            name = people.get(row.assessor_id, "an assessor")
            entry = HistoryEntry(row.history_date, who, f"Scores saved for {name}")
            entries.append(entry)
            current = (key, entry, set())
        current[2].add(row.criterion_id)
        old = "—" if before is None or row.history_type == "+" else str(before.score)
        new = "deleted" if row.history_type == "-" else str(row.score)
        label = criteria.get(row.criterion_id, "A criterion")
        current[1].changes.append(FieldChange("score", label, old, new))
        current[1].when = row.history_date
    return entries


def assessment_history(assessment: Assessment, limit: int = 60) -> list[HistoryEntry]:
    """The assessment's changes, with its assessors and scores, newest first."""
    people = dict(
        Person.objects.filter(assessor_roles__assessment=assessment).values_list("pk", "name")
    )
    criteria = dict(Criterion.objects.filter(rubric=assessment.rubric_id).values_list("pk", "name"))
    assessor_rows = list(
        Assessor.history.filter(assessment_id=assessment.pk).select_related("history_user")
    )
    assessor_people = {row.id: people.get(row.person_id, "someone") for row in assessor_rows}

    def describe_assessor(row) -> str:
        name = people.get(row.person_id, "someone")
        return f"assessor {name} ({row.get_direction_display().lower()})"

    score_rows = Score.history.filter(assessor_id__in=list(assessor_people)).select_related(
        "history_user"
    )
    entries = [
        *history_for(assessment, limit=limit),
        *related_history(assessor_rows, model=Assessor, describe=describe_assessor),
        *_score_entries(score_rows, assessor_people, criteria),
    ]
    return sorted(entries, key=lambda entry: entry.when, reverse=True)[:limit]
