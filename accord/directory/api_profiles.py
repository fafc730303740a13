"""The API of an organization's values profile (A1) and culture profile (A4).

Values profile: everyone signed in reads it; platform administrators, stewards and the
organization's own people change it (403 for others). Culture profile: 404 for those who may not
see it, 403 for those who see it but may not change it (accord/core/policy.py). Writes go through
services.py, whose ValidationErrors become 422 naming the field.
"""

from ninja import Path, Router

from accord.core.access import get_visible_or_404, require
from accord.core.api_versions import if_match
from accord.core.schemas import ErrorOut

from . import access, queries, services
from .models import CultureProfile, Organization, monday_to_friday
from .schemas import MAX_ID, CultureProfileIn, CultureProfileOut, ValuesProfileIn, ValuesProfileOut

router = Router()

# 400: a body that is not JSON at all.
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
READ_ERRORS = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
ORGANIZATIONS = ["Organizations"]

OrganizationId = Path(..., ge=1, le=MAX_ID)


# --- Values profile (A1) ------------------------------------------------------------------------
def _values_profile(organization: Organization) -> dict:
    return {
        "organization_id": organization.pk,
        "revision": organization.revision,
        "mission": organization.mission,
        "vision": organization.vision,
        "values_statement": organization.values_statement,
        "jedi_practices": organization.jedi_practices,
        "values": organization.values,
        "practices": queries.practices_of(organization),
    }


@router.get(
    "/organizations/{organization_id}/values-profile",
    response={200: ValuesProfileOut, **READ_ERRORS},
    tags=ORGANIZATIONS,
    summary="An organization's values profile: values and JEDI practices checklist (A1)",
)
def get_values_profile(request, organization_id: int = OrganizationId):
    organization = get_visible_or_404(request.user, Organization.objects, pk=organization_id)
    return _values_profile(organization)


@router.put(
    "/organizations/{organization_id}/values-profile",
    response={200: ValuesProfileOut, **ERRORS},
    tags=ORGANIZATIONS,
    summary="Replace an organization's values and JEDI practices checklist (A1)",
    description="Practices left out of `practices` are removed; texts not sent stay as they are. "
    "Nothing is written when any part is refused (422 naming the field, e.g. "
    "`practices.1.evidence_url`).",
)
def put_values_profile(request, payload: ValuesProfileIn, organization_id: int = OrganizationId):
    organization = get_visible_or_404(request.user, Organization.objects, pk=organization_id)
    require(request.user, "directory.values.change", organization)
    if_match(request, organization)
    data = payload.dict()
    texts = {name: data[name] for name in services.VALUES_TEXT_FIELDS if data[name] is not None}
    services.organization_values_update(
        organization=organization, values=data["values"], practices=data["practices"], **texts
    )
    return _values_profile(organization)


# --- Culture profile (A4) -----------------------------------------------------------------------
CULTURE_FIELDS = sorted(services.CULTURE_FIELDS)


def _culture_profile(organization: Organization) -> dict:
    profile = getattr(organization, "culture_profile", None)
    if profile is None:
        blank = dict.fromkeys(CULTURE_FIELDS, "")
        blank |= {"languages": [], "working_hours_start": None, "working_hours_end": None}
        blank["working_days"] = monday_to_friday()
        return {
            "organization_id": organization.pk,
            "revision": 0,
            "filled_in": False,
            "updated_at": None,
            **blank,
        }
    return {
        "organization_id": organization.pk,
        "revision": profile.revision,
        "filled_in": True,
        "updated_at": profile.updated_at,
        **{name: getattr(profile, name) for name in CULTURE_FIELDS},
    }


@router.get(
    "/organizations/{organization_id}/culture-profile",
    response={200: CultureProfileOut, **READ_ERRORS},
    tags=ORGANIZATIONS,
    summary="An organization's culture profile (A4)",
    description="Seen by the organization's own people, people of the partnerships it is a "
    "current member of, and platform administrators; 404 for everyone else.",
)
def get_culture_profile(request, organization_id: int = OrganizationId):
    organization = access.culture_organization_or_404(request.user, organization_id)
    return _culture_profile(organization)


@router.put(
    "/organizations/{organization_id}/culture-profile",
    response={200: CultureProfileOut, **ERRORS},
    tags=ORGANIZATIONS,
    summary="Fill in or replace an organization's culture profile (A4)",
    description="For the organization's own people, the stewards of its partnerships and "
    "platform administrators (403 for others who see it). Fields left out are cleared. Before the "
    'first save its ETag is "0": If-Match "0" refuses to overwrite a profile someone '
    "else filled in meanwhile.",
)
def put_culture_profile(request, payload: CultureProfileIn, organization_id: int = OrganizationId):
    organization = access.culture_organization_or_404(request.user, organization_id, edit=True)
    current = getattr(organization, "culture_profile", None)
    current = current or CultureProfile(organization=organization)
    if_match(request, current)
    profile = services.culture_profile_save(
        organization=organization, read_revision=current.expected_revision, **payload.dict()
    )
    organization.culture_profile = profile
    return _culture_profile(organization)
