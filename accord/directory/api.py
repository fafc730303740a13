"""The directory API: organizations and people.

Everyone signed in reads the directory; platform administrators and stewards change it
("directory.edit" in accord/core/policy.py; 403 for others). Writes go through services.py,
whose ValidationErrors become 422 with field errors.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from ninja import Path, Query, Router, Status
from ninja.pagination import paginate

from accord.core.access import get_visible_or_404, require
from accord.core.api_versions import IF_MATCH_DOC, if_match
from accord.core.schemas import ErrorOut

from . import queries, services
from .models import Organization, Person
from .schemas import (
    MAX_ID,
    OrganizationCreateIn,
    OrganizationFilters,
    OrganizationOut,
    OrganizationPatchIn,
    PersonCreateIn,
    PersonFilters,
    PersonOut,
    PersonPatchIn,
)

router = Router()

# 400: a body that is not JSON at all.
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
READ_ERRORS = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
ORGANIZATIONS = ["Organizations"]
PEOPLE = ["People"]
EDIT = "directory.edit"
ARCHIVE_PERSON = "directory.person.archive"

OrganizationId = Path(..., ge=1, le=MAX_ID)
PersonId = Path(..., ge=1, le=MAX_ID)


def _renamed(error: ValidationError, names: dict[str, str]) -> ValidationError:
    """The service's errors under the API's field names (`organization` -> `organization_id`)."""
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError(
        {names.get(field, field): errs for field, errs in error.error_dict.items()}
    )


# --- Organizations ------------------------------------------------------------------------------
@router.get(
    "/organizations",
    response={200: list[OrganizationOut], **READ_ERRORS},
    tags=ORGANIZATIONS,
    summary="List organizations in the directory",
)
@paginate
def list_organizations(request, filters: Query[OrganizationFilters]):
    return queries.organizations_for(
        request.user,
        q=filters.q,
        kind=filters.kind or "",
        subtype=filters.subtype or "",
        country=filters.country,
        include_archived=filters.include_archived,
    )


@router.post(
    "/organizations",
    response={201: OrganizationOut, **ERRORS},
    tags=ORGANIZATIONS,
    summary="Add an organization to the directory",
)
def create_organization(request, payload: OrganizationCreateIn):
    require(request.user, EDIT)
    organization = services.organization_create(**payload.dict(), created_by=request.user)
    return Status(201, organization)


@router.get(
    "/organizations/{organization_id}",
    response={200: OrganizationOut, **READ_ERRORS},
    tags=ORGANIZATIONS,
    summary="One organization",
)
def get_organization(request, organization_id: int = OrganizationId):
    return get_visible_or_404(request.user, Organization.objects, pk=organization_id)


@router.patch(
    "/organizations/{organization_id}",
    response={200: OrganizationOut, **ERRORS},
    tags=ORGANIZATIONS,
    summary="Change an organization's details",
)
def update_organization(
    request, payload: OrganizationPatchIn, organization_id: int = OrganizationId
):
    organization = get_visible_or_404(request.user, Organization.objects, EDIT, pk=organization_id)
    if_match(request, organization)
    changes = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    return services.organization_update(organization=organization, **changes)


@router.post(
    "/organizations/{organization_id}/archive",
    openapi_extra=IF_MATCH_DOC,
    response={200: OrganizationOut, **ERRORS},
    tags=ORGANIZATIONS,
    summary="Archive an organization (kept with its history, never deleted)",
)
def archive_organization(request, organization_id: int = OrganizationId):
    organization = get_visible_or_404(request.user, Organization.objects, EDIT, pk=organization_id)
    if_match(request, organization)
    return services.organization_archive(organization=organization)


# --- People -------------------------------------------------------------------------------------
API_NAMES = {"organization": "organization_id", "user": "user_id"}


def _references(request, data: dict) -> dict:
    """Turn `organization_id` and `user_id` into objects, or a 422 on that field."""
    refs = {}
    if "organization_id" in data:
        pk = data.pop("organization_id")
        refs["organization"] = None
        if pk is not None:
            organization = Organization.objects.visible_to(request.user).filter(pk=pk).first()
            if organization is None:
                raise ValidationError({"organization_id": f"No organization with id {pk}."})
            refs["organization"] = organization
    if "user_id" in data:
        pk = data.pop("user_id")
        refs["user"] = None
        if pk is not None:
            user = get_user_model().objects.filter(pk=pk, is_active=True).first()
            if user is None:
                raise ValidationError({"user_id": f"No active user account with id {pk}."})
            refs["user"] = user
    return {**data, **refs}


def _person_queryset():
    return Person.objects.select_related("organization")


@router.get(
    "/people",
    response={200: list[PersonOut], **READ_ERRORS},
    tags=PEOPLE,
    summary="List people in the directory",
)
@paginate
def list_people(request, filters: Query[PersonFilters]):
    return queries.people_for(
        request.user,
        q=filters.q,
        organization_id=filters.organization_id,
        level=filters.level or "",
        include_archived=filters.include_archived,
    )


@router.post(
    "/people",
    response={201: PersonOut, **ERRORS},
    tags=PEOPLE,
    summary="Add a person to the directory",
)
def create_person(request, payload: PersonCreateIn):
    require(request.user, EDIT)
    data = _references(request, payload.dict())
    try:
        person = services.person_create(by=request.user, **data)
    except ValidationError as error:
        raise _renamed(error, API_NAMES) from error
    return Status(201, person)


@router.get(
    "/people/{person_id}",
    response={200: PersonOut, **READ_ERRORS},
    tags=PEOPLE,
    summary="One person",
)
def get_person(request, person_id: int = PersonId):
    return get_visible_or_404(request.user, _person_queryset(), pk=person_id)


@router.patch(
    "/people/{person_id}",
    response={200: PersonOut, **ERRORS},
    tags=PEOPLE,
    summary="Change a person's details",
)
def update_person(request, payload: PersonPatchIn, person_id: int = PersonId):
    person = get_visible_or_404(request.user, _person_queryset(), EDIT, pk=person_id)
    if_match(request, person)
    sent = payload.dict(exclude_unset=True)
    # null clears the organization or the user account; for other fields it changes nothing.
    changes = {
        k: v for k, v in sent.items() if v is not None or k in ("organization_id", "user_id")
    }
    try:
        return services.person_update(
            person=person, by=request.user, **_references(request, changes)
        )
    except ValidationError as error:
        raise _renamed(error, API_NAMES) from error


@router.post(
    "/people/{person_id}/archive",
    openapi_extra=IF_MATCH_DOC,
    response={200: PersonOut, **ERRORS},
    tags=PEOPLE,
    summary="Archive a person (kept with their history, never deleted)",
)
def archive_person(request, person_id: int = PersonId):
    person = get_visible_or_404(request.user, _person_queryset(), ARCHIVE_PERSON, pk=person_id)
    if_match(request, person)
    return services.person_archive(person=person)


# The values and culture profiles (A1, A4) have their own module; mounted here, under the same
# /organizations paths.
from .api_profiles import router as profiles_router  # noqa: E402

router.add_router("/", profiles_router)
from .api_groups import router as groups_router  # noqa: E402

router.add_router("/", groups_router)
