"""The collaboration survey API, under /api/v1/partnerships/{partnership_id}/survey-waves.

Outsiders get 404, members without the action 403, before the input is read; writes go through
services.py, whose ValidationErrors become 422 naming the field. Results carry no score where
fewer than the minimum number of people answered (scoring.py), exactly as the pages.
"""

from ninja import Router, Status
from ninja.pagination import paginate

from accord.core.api_versions import if_match
from accord.core.schemas import ErrorOut
from accord.partnerships.access import partnership_or_404

from . import queries, services
from .schemas import (
    SurveyAnsweredOut,
    SurveyAnswersIn,
    SurveyResultsOut,
    SurveyTrendsOut,
    SurveyWaveDetailOut,
    SurveyWaveIn,
    SurveyWaveOut,
)

router = Router(tags=["Collaboration survey"])

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE_ERRORS = {**ERRORS, 412: ErrorOut, 428: ErrorOut}
BASE = "/partnerships/{partnership_id}/survey-waves"
ONE = BASE + "/{survey_wave_id}"


def _detail(request, wave):
    wave.category_list = queries.instrument_of(wave)
    invitation = queries.invitation_of(request.user, wave)
    wave.asked_me = invitation is not None
    wave.answered_by_me = invitation is not None and invitation.answered_at is not None
    return wave


def _score(score) -> dict:
    shown = score.score is not None
    return {
        "respondents": score.respondents if shown else None,
        "score": float(score.score) if shown else None,
        "status": score.status,
        "hidden": score.hidden,
    }


@router.get(
    BASE,
    response={200: list[SurveyWaveOut], **ERRORS},
    summary="The partnership's collaboration survey waves, newest first",
)
@paginate
def list_waves(request, partnership_id: int):
    partnership = partnership_or_404(request, partnership_id)
    return queries.waves_of(partnership)


@router.post(
    BASE,
    response={201: SurveyWaveDetailOut, **ERRORS},
    summary="Open a wave asking the people who hold the chosen roles (a steward)",
)
def create_wave(request, partnership_id: int, payload: SurveyWaveIn):
    partnership = partnership_or_404(request, partnership_id, queries.MANAGE)
    values = payload.dict()
    values["roles"] = [str(role.value) for role in payload.roles]
    values["levels"] = [str(level.value) for level in payload.levels]
    wave = services.wave_open(partnership=partnership, opened_by=request.user, **values)
    return Status(201, _detail(request, queries.wave_or_404(request.user, partnership.pk, wave.pk)))


@router.get(
    ONE,
    response={200: SurveyWaveDetailOut, **ERRORS},
    summary="One wave with the statements it asks",
)
def get_wave(request, partnership_id: int, survey_wave_id: int):
    return _detail(request, queries.wave_or_404(request.user, partnership_id, survey_wave_id))


@router.post(
    ONE + "/close",
    response={200: SurveyWaveDetailOut, **WRITE_ERRORS},
    summary="Close a wave now: it takes no more answers (a steward)",
)
def close_wave(request, partnership_id: int, survey_wave_id: int):
    wave = queries.wave_or_404(request.user, partnership_id, survey_wave_id, queries.MANAGE)
    if_match(request, wave)
    services.wave_close(wave=wave)
    return _detail(request, wave)


@router.post(
    ONE + "/answers",
    response={201: SurveyAnsweredOut, **ERRORS},
    summary="Answer a wave that asked you: every statement from 1 to 5, once",
    description="All answers are saved or none. Each invitation answers once; a second answer "
    "is refused (422, field `invitation`). An anonymous answer names nobody and has no id.",
)
def answer_wave(request, partnership_id: int, survey_wave_id: int, payload: SurveyAnswersIn):
    wave = queries.wave_or_404(request.user, partnership_id, survey_wave_id, queries.ANSWER)
    services.answer_submit(
        wave=wave,
        person=getattr(request.user, "person", None),
        answers=[answer.dict() for answer in payload.answers],
    )
    return Status(201, {"wave_id": wave.pk, "answered": True, "anonymous": wave.anonymous})


@router.get(
    ONE + "/results",
    response={200: SurveyResultsOut, **ERRORS},
    summary="Factor scores with breakdowns by organization and level, shown from the minimum "
    "number of answers",
)
def get_results(request, partnership_id: int, survey_wave_id: int):
    wave = queries.wave_or_404(request.user, partnership_id, survey_wave_id, queries.RESULTS)
    found = queries.results_of(wave)
    factors = []
    for result in found.factors:
        factors.append(
            {
                "factor_id": result.factor.pk,
                "key": result.factor.key,
                "name": result.factor.name,
                "category": result.factor.category.name,
                "total": _score(result.total),
                "change": float(result.change) if result.change is not None else None,
                "by_organization": [
                    {"group": group.label, **_score(score)}
                    for group, score in zip(
                        found.organizations, result.by_organization, strict=True
                    )
                ],
                "by_level": [
                    {"group": group.label, **_score(score)}
                    for group, score in zip(found.levels, result.by_level, strict=True)
                ],
            }
        )
    return {
        "wave_id": wave.pk,
        "status": wave.status,
        "minimum_respondents": found.minimum,
        "respondents": found.respondents,
        "formula": found.formula,
        "previous_wave_id": found.previous.pk if found.previous else None,
        "factors": factors,
    }


@router.get(
    "/partnerships/{partnership_id}/survey-trends",
    response={200: SurveyTrendsOut, **ERRORS},
    summary="Each factor's score across the partnership's last waves, with the changes",
)
def get_trends(request, partnership_id: int):
    partnership = partnership_or_404(request, partnership_id, queries.RESULTS)
    trends = queries.trends_of(partnership)
    return {
        "minimum_respondents": trends.minimum,
        "waves": [{"id": w.pk, "title": w.title, "opens_on": w.opens_on} for w in trends.waves],
        "factors": [
            {
                "key": row.key,
                "name": row.name,
                "category": row.category,
                "scores": [_score(score) for score in row.scores],
                "changes": [float(c) if c is not None else None for c in row.changes],
            }
            for row in trends.rows
        ],
    }
