"""The alignment API: assessments of candidate partners, both ways (A1).

Same rules as the pages: members of the partnership read; stewards (MANAGE_MEMBERS) start
assessments, manage assessors and decide; only an active assessor puts their own scores. An
assessor without a role in the partnership (the candidate's side) reads their own assessment in a
reduced shape (`AssessorViewOut`) and puts their scores; everything else stays 404 or 403.
"""

import re

from django.core.exceptions import ValidationError
from ninja import Query, Router, Status
from ninja.pagination import paginate

from accord.core.access import Perm, get_visible_or_404, permissions_of, require
from accord.core.api_paging import PagePagination
from accord.core.api_versions import IF_MATCH_DOC, if_match
from accord.core.schemas import ErrorOut
from accord.directory.models import Organization, Person
from accord.partnerships.access import partnership_or_404

from ..models import Assessment, Assessor
from ..queries import assessments as queries
from ..queries.rubrics import rubrics_visible_to
from ..schemas.assessments import (
    AssessmentCreateIn,
    AssessmentDetailOut,
    AssessmentFilters,
    AssessmentOut,
    AssessorCreateIn,
    AssessorOut,
    AssessorViewOut,
    DecisionIn,
    MyScoresIn,
    MyScoresOut,
)
from ..services import assessments as services

router = Router(tags=["Assessments"])

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
BASE = "/partnerships/{partnership_id}/assessments"
ONE = BASE + "/{assessment_id}"


class ScoredPagination(PagePagination):
    """Pages of assessments with both weighted scores, from one extra grouped query."""

    def paginate_queryset(self, queryset, pagination, **params):
        page = super().paginate_queryset(queryset, pagination, **params)
        page["items"] = queries.with_weighted_scores(page["items"])
        return page


def _assessment(request, partnership_id: int, assessment_id: int, permission=None) -> Assessment:
    queryset = Assessment.objects.filter(partnership_id=partnership_id).select_related(
        "partnership", "candidate", "rubric", "decided_by"
    )
    return get_visible_or_404(request.user, queryset, permission, pk=assessment_id)


def _lookup(queryset, pk, field: str, label: str):
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise ValidationError({field: f"No {label} with id {pk}."})
    return obj


# --- Output -------------------------------------------------------------------------------------
def _score(score) -> dict:
    return {
        "criterion_id": score.criterion_id,
        "criterion": score.criterion.name,
        "score": score.score,
        "note": score.note,
        "updated_at": score.updated_at,
    }


def _my_scores(assessor) -> list[dict]:
    if assessor is None:
        return []
    scores = assessor.scores.select_related("criterion").order_by("criterion__position", "pk")
    return [_score(score) for score in scores]


def _direction(view) -> dict:
    result = view.result
    return {
        "weighted_score": _number(result.weighted),
        "percent": _number(result.percent),
        "assessor_count": result.assessor_count,
        "complete_count": result.complete_count,
        "criteria": [
            {
                "criterion_id": row.criterion.pk,
                "name": row.criterion.name,
                "weight": float(row.criterion.weight),
                "count": row.result.count,
                "mean": _number(row.result.mean),
                "minimum": row.result.minimum,
                "maximum": row.result.maximum,
                "spread": row.result.spread,
                "stdev": None if row.result.stdev is None else round(row.result.stdev, 4),
                "discuss": row.result.discuss,
            }
            for row in view.rows
        ],
    }


def _number(value) -> float | None:
    return None if value is None else round(float(value), 4)


def _detail(request, assessment: Assessment):
    """The full assessment for members; the assessor's own part for anyone else who sees it."""
    me = queries.assessor_of(request.user, assessment)
    if Perm.VIEW not in permissions_of(request.user, assessment.partnership):
        return {
            "id": assessment.pk,
            "revision": assessment.revision,
            "partnership": assessment.partnership,
            "hosts": queries.host_organizations(assessment.partnership),
            "candidate": assessment.candidate,
            "rubric": assessment.rubric,
            "status": assessment.status,
            "direction": me.direction if me else Assessor.Direction.CANDIDATE,
            "my_scores": _my_scores(me),
        }
    results = queries.assessment_results(assessment)
    assessors = [*results.host.assessors, *results.candidate.assessors]
    # Read by AssessmentDetailOut's resolvers.
    assessment.assessor_count = len(assessors)
    assessment.host_score = results.host.result.weighted
    assessment.candidate_score = results.candidate.result.weighted
    assessment.api_results = {
        "host": _direction(results.host),
        "candidate": _direction(results.candidate),
    }
    assessment.api_assessors = assessors
    assessment.api_my_scores = _my_scores(me)
    return assessment


# --- Assessments --------------------------------------------------------------------------------
@router.get(BASE, response={200: list[AssessmentOut], **ERRORS}, summary="List assessments")
@paginate(ScoredPagination)
def list_assessments(request, partnership_id: int, filters: Query[AssessmentFilters]):
    partnership = partnership_or_404(request, partnership_id)
    return queries.assessments_of(
        partnership, status=filters.status or "", decision=filters.decision or ""
    )


@router.post(BASE, response={201: AssessmentDetailOut, **ERRORS}, summary="Start an assessment")
def create_assessment(request, partnership_id: int, payload: AssessmentCreateIn):
    partnership = partnership_or_404(request, partnership_id, Perm.MANAGE_MEMBERS)
    candidate = _lookup(
        Organization.objects.visible_to(request.user),
        payload.candidate_organization_id,
        "candidate_organization_id",
        "organization",
    )
    rubric = None
    if payload.rubric_id is not None:
        rubric = _lookup(rubrics_visible_to(request.user), payload.rubric_id, "rubric_id", "rubric")
    try:
        assessment = services.assessment_start(
            partnership=partnership, candidate=candidate, rubric=rubric, created_by=request.user
        )
    except ValidationError as error:
        names = {"candidate": "candidate_organization_id", "rubric": "rubric_id"}
        raise _renamed(error, names) from error
    return Status(201, _detail(request, _assessment(request, partnership_id, assessment.pk)))


def _renamed(error: ValidationError, names: dict[str, str]) -> ValidationError:
    """The service's field names as the API calls them."""
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError(
        {names.get(field, field): messages for field, messages in error.message_dict.items()}
    )


@router.get(
    ONE,
    response={200: AssessmentDetailOut | AssessorViewOut, **ERRORS},
    summary="One assessment with its results",
    description="Members of the partnership get the full assessment (AssessmentDetailOut); an "
    "assessor without a role in it gets only their own part (AssessorViewOut).",
)
def get_assessment(request, partnership_id: int, assessment_id: int):
    return _detail(request, _assessment(request, partnership_id, assessment_id))


@router.post(
    ONE + "/decision",
    openapi_extra=IF_MATCH_DOC,
    response={200: AssessmentDetailOut, **ERRORS},
    summary="Decide: select (makes the candidate a partner member), decline or defer",
)
def decide_assessment(request, partnership_id: int, assessment_id: int, payload: DecisionIn):
    assessment = _assessment(request, partnership_id, assessment_id, Perm.MANAGE_MEMBERS)
    if_match(request, assessment)
    services.assessment_decide(
        assessment=assessment,
        decision=payload.decision,
        rationale=payload.rationale,
        decided_by=request.user,
    )
    return _detail(request, _assessment(request, partnership_id, assessment_id))


# --- Scores -------------------------------------------------------------------------------------
SCORE_FIELD = re.compile(r"^(score|note)_(\d+)$")


@router.put(
    ONE + "/my-scores",
    response={200: MyScoresOut, **ERRORS},
    summary="Put your scores of every criterion (all or nothing; again to change them)",
)
def put_my_scores(request, partnership_id: int, assessment_id: int, payload: MyScoresIn):
    assessment = _assessment(request, partnership_id, assessment_id)
    require(request.user, "alignment.assessment.score", assessment)
    me = queries.assessor_of(request.user, assessment)
    if_match(request, me)
    entries = [services.ScoreEntry(s.criterion_id, s.score, s.note) for s in payload.scores]
    try:
        services.assessment_score(assessment=assessment, assessor=me, scores=entries)
    except ValidationError as error:
        raise _score_errors(error, entries) from error
    return {
        "assessment_id": assessment.pk,
        "revision": me.revision,
        "direction": me.direction,
        "scores": _my_scores(me),
    }


def _score_errors(error: ValidationError, entries) -> ValidationError:
    """`score_12` becomes `scores.3.score`: the place of criterion 12 in the request."""
    if not hasattr(error, "error_dict"):
        return error
    index = {}
    for position, entry in enumerate(entries):
        index.setdefault(entry.criterion_id, position)
    renamed = {}
    for field, messages in error.message_dict.items():
        match = SCORE_FIELD.match(field)
        if match and int(match.group(2)) in index:
            field = f"scores.{index[int(match.group(2))]}.{match.group(1)}"
        elif match or field == "criterion_id":
            field = "scores"
        renamed.setdefault(field, []).extend(messages)
    return ValidationError(renamed)


# --- Assessors ----------------------------------------------------------------------------------
@router.get(
    ONE + "/assessors",
    response={200: list[AssessorOut], **ERRORS},
    summary="An assessment's assessors, both directions",
)
@paginate
def list_assessors(
    request, partnership_id: int, assessment_id: int, include_archived: bool = False
):
    assessment = _assessment(request, partnership_id, assessment_id, Perm.VIEW)
    assessors = assessment.assessors.select_related("person__organization")
    if not include_archived:
        assessors = assessors.filter(archived_at__isnull=True)
    return assessors.order_by("direction", "person__name", "pk")


@router.post(ONE + "/assessors", response={201: AssessorOut, **ERRORS}, summary="Add an assessor")
def add_assessor(request, partnership_id: int, assessment_id: int, payload: AssessorCreateIn):
    assessment = _assessment(request, partnership_id, assessment_id, Perm.MANAGE_MEMBERS)
    person = _lookup(
        Person.objects.visible_to(request.user), payload.person_id, "person_id", "person"
    )
    try:
        assessor = services.assessor_add(
            assessment=assessment, person=person, direction=payload.direction
        )
    except ValidationError as error:
        raise _renamed(error, {"person": "person_id"}) from error
    return Status(201, assessor)


@router.post(
    ONE + "/assessors/{assessor_id}/archive",
    openapi_extra=IF_MATCH_DOC,
    response={200: AssessorOut, **ERRORS},
    summary="Remove an assessor (archived; their scores stop counting)",
)
def archive_assessor(request, partnership_id: int, assessment_id: int, assessor_id: int):
    queryset = Assessor.objects.filter(
        assessment_id=assessment_id, assessment__partnership_id=partnership_id
    ).select_related("assessment__partnership", "person__organization")
    assessor = get_visible_or_404(request.user, queryset, Perm.MANAGE_MEMBERS, pk=assessor_id)
    if_match(request, assessor)
    return services.assessor_archive(assessor=assessor)
