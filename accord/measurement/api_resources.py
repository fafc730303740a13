"""The resources API (M5), under /api/v1/partnerships/{partnership_id}/pledges,
/resource-settings and /resources.

Everyone with a role reads; a steward or project director records pledges and the currency
("measurement.resources.manage"); the pledging organization's people who add records, or a
steward, log contributions ("measurement.contribution.log", asked of the pledge). Outsiders get
404 and members without the action 403 before the input is read; writes go through
services_resources.py, whose ValidationErrors become 422 naming the field. Amounts go out as
strings.
"""

from django.core.exceptions import ValidationError
from ninja import Router, Status
from ninja.pagination import paginate

from accord.core.api_versions import if_match
from accord.core.schemas import ErrorOut
from accord.directory.models import Organization
from accord.partnerships.access import partnership_or_404

from . import queries_resources as queries
from . import services_resources as services
from .models_collection import ReportingPeriod
from .models_evidence import Evidence
from .schemas_resources import (
    ContributionIn,
    ContributionOut,
    ContributionPatchIn,
    PledgeIn,
    PledgeOut,
    PledgePatchIn,
    ResourceSettingsIn,
    ResourceSettingsOut,
    ResourceSummaryOut,
    money,
)

router = Router(tags=["Resources"])

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE_ERRORS = {**ERRORS, 412: ErrorOut, 428: ErrorOut}
BASE = "/partnerships/{partnership_id}"
PLEDGE = BASE + "/pledges/{pledge_id}"
CONTRIBUTION = PLEDGE + "/contributions/{contribution_id}"
RENAMED = {"organization": "organization_id", "period": "period_id", "evidence": "evidence_id"}


def _renamed(error: ValidationError) -> ValidationError:
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError(
        {RENAMED.get(field, field): messages for field, messages in error.message_dict.items()}
    )


def _one(queryset, pk, field: str, message: str):
    if pk is None:
        return None
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: message})
    return found


def _organization(pk):
    return _one(
        Organization.objects.all(),
        pk,
        "organization_id",
        "Choose a current member organization of this partnership.",
    )


def _period(partnership_id, pk):
    return _one(
        ReportingPeriod.objects.filter(partnership_id=partnership_id),
        pk,
        "period_id",
        "Choose a reporting period of this partnership.",
    )


def _evidence(partnership_id, pk):
    return _one(
        Evidence.objects.filter(partnership_id=partnership_id, archived_at__isnull=True),
        pk,
        "evidence_id",
        "Choose a piece of evidence of this partnership.",
    )


def _fresh(user, pledge):
    return queries.pledge_or_404(user, pledge.partnership_id, pledge.pk)


# --- Settings -----------------------------------------------------------------------------------
def _settings(partnership):
    stored = queries.settings_of(partnership)
    stored.revision = stored.stored_revision
    return stored


@router.get(
    BASE + "/resource-settings",
    response={200: ResourceSettingsOut, **ERRORS},
    summary="The partnership's one currency for pledges and contributions (M5)",
)
def get_resource_settings(request, partnership_id: int):
    return _settings(partnership_or_404(request, partnership_id))


@router.put(
    BASE + "/resource-settings",
    response={200: ResourceSettingsOut, **WRITE_ERRORS},
    summary="Set the partnership's currency (refused once a pledge exists)",
)
def set_resource_settings(request, partnership_id: int, payload: ResourceSettingsIn):
    partnership = partnership_or_404(request, partnership_id, queries.MANAGE)
    stored = queries.settings_of(partnership)
    if_match(request, stored)
    services.settings_set(partnership=partnership, settings=stored, currency=payload.currency)
    return _settings(partnership)


# --- Summary ------------------------------------------------------------------------------------
def _figure(measure, figure, currency) -> dict:
    return {
        "measure": measure.key,
        "kind": measure.kind,
        "unit_label": queries.unit_label(measure.unit, currency),
        "pledged": money(figure.pledged),
        "delivered": money(figure.delivered),
        "percent": figure.percent,
        "outstanding": money(figure.outstanding),
        "over": money(figure.over),
        "ended_short": figure.ended_short,
    }


@router.get(
    BASE + "/resources",
    response={200: ResourceSummaryOut, **ERRORS},
    summary="Pledged against delivered per organization and kind, every member shown",
    description="Financial and in-kind figures in the partnership's currency, personnel in FTE "
    "and hours; `percent` above 100 when more was delivered than pledged.",
)
def get_resources(request, partnership_id: int):
    partnership = partnership_or_404(request, partnership_id)
    summary = queries.summary_of(partnership)
    return {
        "partnership_id": partnership.pk,
        "currency": summary.currency,
        "organizations": [
            {
                "organization": {"id": row.organization_id, "name": row.name},
                "is_host": row.is_host,
                "is_member": row.is_member,
                "figures": [_figure(m, f, summary.currency) for m, f in row.cells],
            }
            for row in summary.rows
        ],
        "totals": [_figure(m, f, summary.currency) for m, f in summary.total_cells],
    }


# --- Pledges ------------------------------------------------------------------------------------
@router.get(
    BASE + "/pledges",
    response={200: list[PledgeOut], **ERRORS},
    summary="The partnership's pledges, host first, each with what was delivered",
)
@paginate
def list_pledges(request, partnership_id: int):
    return queries.pledges_of(partnership_or_404(request, partnership_id))


@router.post(
    BASE + "/pledges",
    response={201: PledgeOut, **ERRORS},
    summary="Record an organization's pledge: financial, personnel or in-kind",
)
def create_pledge(request, partnership_id: int, payload: PledgeIn):
    partnership = partnership_or_404(request, partnership_id, queries.MANAGE)
    try:
        pledge = services.pledge_create(
            partnership=partnership,
            organization=_organization(payload.organization_id),
            kind=payload.kind.value,
            unit=payload.unit.value if payload.unit else None,
            amount=payload.amount,
            description=payload.description,
            valuation_basis=payload.valuation_basis,
            period=_period(partnership.pk, payload.period_id),
            starts_on=payload.starts_on,
            ends_on=payload.ends_on,
        )
    except ValidationError as error:
        raise _renamed(error) from None
    return Status(201, _fresh(request.user, pledge))


@router.get(
    PLEDGE,
    response={200: PledgeOut, **ERRORS},
    summary="One pledge with what was delivered against it",
)
def get_pledge(request, partnership_id: int, pledge_id: int):
    return queries.pledge_or_404(request.user, partnership_id, pledge_id)


@router.patch(
    PLEDGE,
    response={200: PledgeOut, **WRITE_ERRORS},
    summary="Change a pledge (its organization, kind and unit stay once something was delivered)",
)
def update_pledge(request, partnership_id: int, pledge_id: int, payload: PledgePatchIn):
    pledge = queries.pledge_or_404(request.user, partnership_id, pledge_id, queries.MANAGE)
    if_match(request, pledge)
    changes = payload.dict(exclude_unset=True)
    values = {}
    try:
        for name, value in changes.items():
            if name == "organization_id":
                values["organization"] = _organization(value) if value else None
            elif name == "period_id":
                values["period"] = _period(pledge.partnership_id, value)
            elif name in ("kind", "unit"):
                values[name] = value.value if value is not None else None
            else:
                values[name] = value
        services.pledge_update(pledge=pledge, **values)
    except ValidationError as error:
        raise _renamed(error) from None
    return _fresh(request.user, pledge)


@router.delete(
    PLEDGE,
    response={204: None, **WRITE_ERRORS},
    summary="Remove a pledge: it leaves the totals and the MOU; its history stays",
)
def remove_pledge(request, partnership_id: int, pledge_id: int):
    pledge = queries.pledge_or_404(request.user, partnership_id, pledge_id, queries.MANAGE)
    if_match(request, pledge)
    services.pledge_remove(pledge=pledge)
    return Status(204, None)


# --- Contributions ------------------------------------------------------------------------------
@router.get(
    PLEDGE + "/contributions",
    response={200: list[ContributionOut], **ERRORS},
    summary="What was delivered against a pledge, newest first",
)
@paginate
def list_contributions(request, partnership_id: int, pledge_id: int):
    return queries.contributions_of(queries.pledge_or_404(request.user, partnership_id, pledge_id))


@router.post(
    PLEDGE + "/contributions",
    response={201: ContributionOut, **ERRORS},
    summary="Log what was delivered against a pledge (not in the future; more is allowed)",
)
def create_contribution(request, partnership_id: int, pledge_id: int, payload: ContributionIn):
    pledge = queries.pledge_or_404(request.user, partnership_id, pledge_id, queries.LOG)
    try:
        contribution = services.contribution_log(
            pledge=pledge,
            delivered_on=payload.delivered_on,
            amount=payload.amount,
            note=payload.note,
            evidence=_evidence(pledge.partnership_id, payload.evidence_id),
        )
    except ValidationError as error:
        raise _renamed(error) from None
    return Status(201, contribution)


@router.get(
    CONTRIBUTION,
    response={200: ContributionOut, **ERRORS},
    summary="One contribution",
)
def get_contribution(request, partnership_id: int, pledge_id: int, contribution_id: int):
    return queries.contribution_or_404(request.user, partnership_id, pledge_id, contribution_id)


@router.patch(
    CONTRIBUTION,
    response={200: ContributionOut, **WRITE_ERRORS},
    summary="Change a contribution",
)
def update_contribution(
    request, partnership_id: int, pledge_id: int, contribution_id: int, payload: ContributionPatchIn
):
    contribution = queries.contribution_or_404(
        request.user, partnership_id, pledge_id, contribution_id, queries.LOG
    )
    if_match(request, contribution)
    changes = payload.dict(exclude_unset=True)
    values = {}
    try:
        for name, value in changes.items():
            if name == "evidence_id":
                values["evidence"] = _evidence(contribution.pledge.partnership_id, value)
            else:
                values[name] = value
        services.contribution_update(contribution=contribution, **values)
    except ValidationError as error:
        raise _renamed(error) from None
    return contribution


@router.delete(
    CONTRIBUTION,
    response={204: None, **WRITE_ERRORS},
    summary="Remove a contribution logged by mistake (its history stays)",
)
def remove_contribution(request, partnership_id: int, pledge_id: int, contribution_id: int):
    contribution = queries.contribution_or_404(
        request.user, partnership_id, pledge_id, contribution_id, queries.LOG
    )
    if_match(request, contribution)
    services.contribution_remove(contribution=contribution)
    return Status(204, None)
