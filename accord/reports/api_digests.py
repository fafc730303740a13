"""A partnership's digest settings in the API, under /api/v1/partnerships/{id}/digests (a
steward). Outsiders get 404, members without the action 403, before the input is read; writes go
through services_digests.py, whose ValidationErrors become 422 naming the field. A create is safe to
retry with Idempotency-Key; a change carries If-Match (the digest's revision, its ETag)."""

from datetime import datetime
from enum import StrEnum
from typing import Literal

from ninja import Field, Router, Status
from ninja.pagination import paginate

from accord.core.access import Role, get_or_404
from accord.core.api_versions import if_match
from accord.core.schemas import ErrorOut, InputSchema, Title, VersionedOut
from accord.partnerships.access import partnership_or_404

from . import services_digests
from .models_digests import Digest

router = Router(tags=["Digests"])

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
BASE = "/partnerships/{partnership_id}/digests"
ONE = BASE + "/{digest_id}"
MANAGE = "reports.digest.manage"

DigestRole = StrEnum("DigestRole", {c.name: c.value for c in Role})
DigestLevel = Literal["summary", "detailed"]
DigestFrequency = Literal["weekly", "monthly"]


class DigestOut(VersionedOut):
    id: int
    partnership_id: int
    title: str
    roles: list[str] = Field(description="The roles whose holders receive it.")
    level: str = Field(description="summary or detailed")
    frequency: str = Field(description="weekly or monthly")
    active: bool
    stopped_at: datetime | None
    created_at: datetime
    updated_at: datetime


class DigestIn(InputSchema):
    title: Title
    roles: list[DigestRole] = Field(min_length=1, max_length=len(Role.values))
    level: DigestLevel = "summary"
    frequency: DigestFrequency = "weekly"


class DigestPatchIn(InputSchema):
    title: Title | None = None
    roles: list[DigestRole] | None = Field(None, min_length=1, max_length=len(Role.values))
    level: DigestLevel | None = None
    frequency: DigestFrequency | None = None
    active: bool | None = Field(None, description="false stops the digest; true restarts it.")


def _digest(request, partnership_id: int, digest_id: int) -> Digest:
    partnership = partnership_or_404(request, partnership_id, MANAGE)
    return get_or_404(Digest.objects.filter(partnership=partnership), pk=digest_id)


@router.get(BASE, response={200: list[DigestOut], **ERRORS}, summary="The partnership's digests")
@paginate
def list_digests(request, partnership_id: int):
    partnership = partnership_or_404(request, partnership_id, MANAGE)
    return Digest.objects.filter(partnership=partnership).order_by("title", "pk")


@router.post(
    BASE,
    response={201: DigestOut, **ERRORS},
    summary="Set up a digest e-mailed to the holders of the chosen roles (a steward)",
)
def create_digest(request, partnership_id: int, payload: DigestIn):
    partnership = partnership_or_404(request, partnership_id, MANAGE)
    values = payload.dict()
    values["roles"] = [str(role.value) for role in payload.roles]
    digest = services_digests.digest_create(partnership=partnership, by=request.user, **values)
    return Status(201, digest)


@router.get(ONE, response={200: DigestOut, **ERRORS}, summary="One digest's settings")
def get_digest(request, partnership_id: int, digest_id: int):
    return _digest(request, partnership_id, digest_id)


@router.patch(
    ONE,
    response={200: DigestOut, **ERRORS},
    summary="Change a digest: title, audience, level, frequency; stop or restart it",
)
def update_digest(request, partnership_id: int, digest_id: int, payload: DigestPatchIn):
    digest = _digest(request, partnership_id, digest_id)
    if_match(request, digest)
    changes = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    if "roles" in changes:
        changes["roles"] = [str(role.value) for role in payload.roles]
    return services_digests.digest_update(digest=digest, **changes)
