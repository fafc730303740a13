"""The trust and value network API (R6), under /api/v1/partnerships/{partnership_id}/trust-waves.

Outsiders get 404, members without the action 403, before the input is read; writes go through
services_trust.py, whose ValidationErrors become 422 naming the field.
"""

from django.core.exceptions import ValidationError
from ninja import Router, Status
from ninja.pagination import paginate

from accord.core.api_versions import if_match
from accord.core.schemas import ErrorOut
from accord.directory.models import Organization
from accord.partnerships.access import partnership_or_404

from . import queries_trust as queries
from . import services_trust as services
from .models_trust import TrustResponse
from .schemas_trust import (
    TrustResponseIn,
    TrustResponseOut,
    TrustResponsePutIn,
    TrustResultsOut,
    TrustWaveDetailOut,
    TrustWaveIn,
    TrustWaveListOut,
)

router = Router(tags=["Trust network"])

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE_ERRORS = {**ERRORS, 412: ErrorOut, 428: ErrorOut}
BASE = "/partnerships/{partnership_id}/trust-waves"
ONE = BASE + "/{wave_id}"


def _detail(wave):
    wave.member_list = queries.members_of(wave)
    return wave


def _ratings(items) -> list[dict]:
    ids = {item.organization_id for item in items}
    found = Organization.objects.in_bulk(ids)
    ratings = []
    for item in items:
        values = item.dict()
        values["rated"] = found.get(values.pop("organization_id"))
        ratings.append(values)
    return ratings


def _renamed(error: ValidationError) -> ValidationError:
    if not hasattr(error, "error_dict"):
        return error
    renamed = {}
    for field, messages in error.message_dict.items():
        if field.endswith(".rated"):
            field = field.removesuffix(".rated") + ".organization_id"
        elif field == "organization":
            field = "organization_id"
        renamed[field] = messages
    return ValidationError(renamed)


@router.get(
    BASE,
    response={200: list[TrustWaveListOut], **ERRORS},
    summary="The partnership's trust survey waves, newest first (R6)",
)
@paginate
def list_waves(request, partnership_id: int):
    partnership = partnership_or_404(request, partnership_id)
    return queries.waves_of(partnership)


@router.post(
    BASE,
    response={201: TrustWaveDetailOut, **ERRORS},
    summary="Open a survey wave for the current member organizations (a steward)",
)
def create_wave(request, partnership_id: int, payload: TrustWaveIn):
    partnership = partnership_or_404(request, partnership_id, queries.MANAGE)
    wave = services.wave_open(partnership=partnership, opened_by=request.user, **payload.dict())
    return Status(201, _detail(wave))


@router.get(
    ONE,
    response={200: TrustWaveDetailOut, **ERRORS},
    summary="One survey wave with the member organizations it covers",
)
def get_wave(request, partnership_id: int, wave_id: int):
    return _detail(queries.wave_or_404(request.user, partnership_id, wave_id))


@router.post(
    ONE + "/close",
    response={200: TrustWaveDetailOut, **WRITE_ERRORS},
    summary="Close a wave now: its answers can no longer change (a steward)",
)
def close_wave(request, partnership_id: int, wave_id: int):
    wave = queries.wave_or_404(request.user, partnership_id, wave_id, queries.MANAGE)
    if_match(request, wave)
    services.wave_close(wave=wave)
    return _detail(wave)


@router.get(
    ONE + "/responses",
    response={200: list[TrustResponseOut], **ERRORS},
    summary="The wave's answers, each organization's ratings of the others",
)
@paginate
def list_responses(request, partnership_id: int, wave_id: int):
    wave = queries.wave_or_404(request.user, partnership_id, wave_id)
    return (
        TrustResponse.objects.filter(wave=wave)
        .select_related("organization", "respondent__organization")
        .prefetch_related("ratings")
        .order_by("organization__name", "pk")
    )


@router.post(
    ONE + "/responses",
    response={201: TrustResponseOut, **ERRORS},
    summary="Answer a wave for one's member organization (its leader or project director)",
    description="All ratings are saved or none. An organization answers once; change its answer "
    "with PUT while the wave is open.",
)
def submit_response(request, partnership_id: int, wave_id: int, payload: TrustResponseIn):
    partnership_or_404(request, partnership_id, queries.RESPOND)
    wave = queries.wave_or_404(request.user, partnership_id, wave_id)
    organization = Organization.objects.filter(pk=payload.organization_id).first()
    if TrustResponse.objects.filter(wave=wave, organization_id=payload.organization_id).exists():
        raise ValidationError(
            {
                "organization_id": (
                    "This organization has already answered: change its answer with PUT."
                )
            }
        )
    try:
        response = services.response_submit(
            wave=wave,
            organization=organization,
            respondent=getattr(request.user, "person", None),
            ratings=_ratings(payload.ratings),
        )
    except ValidationError as error:
        raise _renamed(error) from None
    return Status(201, queries.response_or_404(request.user, partnership_id, wave_id, response.pk))


@router.get(
    ONE + "/responses/{response_id}",
    response={200: TrustResponseOut, **ERRORS},
    summary="One organization's answer",
)
def get_response(request, partnership_id: int, wave_id: int, response_id: int):
    return queries.response_or_404(request.user, partnership_id, wave_id, response_id)


@router.put(
    ONE + "/responses/{response_id}",
    response={200: TrustResponseOut, **WRITE_ERRORS},
    summary="Replace an organization's ratings while the wave is open (send If-Match)",
)
def update_response(
    request, partnership_id: int, wave_id: int, response_id: int, payload: TrustResponsePutIn
):
    response = queries.response_or_404(
        request.user, partnership_id, wave_id, response_id, queries.RESPOND
    )
    if_match(request, response)
    try:
        services.response_submit(
            wave=response.wave,
            organization=response.organization,
            respondent=getattr(request.user, "person", None),
            ratings=_ratings(payload.ratings),
            response=response,
        )
    except ValidationError as error:
        raise _renamed(error) from None
    return queries.response_or_404(request.user, partnership_id, wave_id, response_id)


def _round(value):
    return None if value is None else round(value, 4)


@router.get(
    ONE + "/results",
    response={200: TrustResultsOut, **ERRORS},
    summary="The wave's results: pair, dyad, organization and network figures, with formulas",
)
def get_results(request, partnership_id: int, wave_id: int):
    wave = queries.wave_or_404(request.user, partnership_id, wave_id)
    found = queries.results_of(wave)
    results = found.results
    organizations = [
        {
            "id": node.organization.pk,
            "name": node.organization.name,
            "number": node.number,
            "raters": node.scores.trust_received.count,
            "rated": node.scores.trust_given.count,
            "trust_received": _round(node.scores.trust_received.mean),
            "value_received": _round(node.scores.value_received.mean),
            "trust_given": _round(node.scores.trust_given.mean),
            "value_given": _round(node.scores.value_given.mean),
        }
        for node in found.nodes
    ]
    pairs = [
        {
            "first_id": dyad.first,
            "second_id": dyad.second,
            "trust_forward": _round(dyad.forward.trust) if dyad.forward else None,
            "trust_backward": _round(dyad.backward.trust) if dyad.backward else None,
            "value_forward": _round(dyad.forward.value) if dyad.forward else None,
            "value_backward": _round(dyad.backward.value) if dyad.backward else None,
            "trust": _round(dyad.trust),
            "value": _round(dyad.value),
            "asymmetry": _round(dyad.asymmetry),
            "value_asymmetry": _round(dyad.value_asymmetry),
            "reciprocated": dyad.reciprocated,
            "one_sided": dyad.one_sided,
        }
        for dyad in results.dyads
    ]
    change = None
    if found.change is not None:
        change = {
            "previous_wave_id": found.previous.pk,
            "metrics": [
                {
                    "key": row.key,
                    "label": row.label,
                    "before": _round(row.before),
                    "after": _round(row.after),
                    "delta": _round(row.delta),
                }
                for row in found.change.metrics
            ],
            "pairs": [
                {
                    "first_id": row.first,
                    "second_id": row.second,
                    "before": _round(row.before),
                    "after": _round(row.after),
                    "delta": _round(row.delta),
                    "status": row.status,
                }
                for row in found.change.dyads
            ],
            "entered": found.change.entered,
            "left": found.change.left,
        }
    return {
        "wave_id": wave.pk,
        "status": wave.status,
        "formulas": found.formulas,
        "network": {
            "organizations": len(results.nodes),
            "ties": results.ties,
            "trust": _round(results.trust),
            "trust_share": _round(results.trust_share),
            "value": _round(results.value),
            "value_share": _round(results.value_share),
            "density": _round(results.density),
            "reciprocity": _round(results.reciprocity),
            "centralization_in": _round(results.centralization_in),
            "centralization_out": _round(results.centralization_out),
            "one_sided_pairs": len(results.one_sided),
        },
        "organizations": organizations,
        "pairs": pairs,
        "change": change,
    }
