"""The access matrix: every URL pattern and API operation, and who may use it.

Each app lists its routes in `tests/matrix/<app>.py` as `ROUTES = [Route(...), ...]`, and
`tests/matrix/test_<app>.py` runs each route for every actor on the actors' own partnership, and on
another one for the steward, the roles that hold the route's permission and the administrator
(`tests/matrix/cases.py`).
Meta-tests in `tests/test_access_matrix.py` fail when a route has no entry or no module runs it.

Expected outcome, derived from `Route.access`:
- anonymous: pages redirect to sign-in (302), the API answers 401; `PUBLIC` routes succeed.
- platform admin: succeeds everywhere.
- partnership routes (`scoped=True`) on the other partnership: 404 for every non-admin.
- partnership routes on their own partnership: 404 for the outsider; 403 for a role without
  the permission; success for a role with it.
- directory routes (`scoped=False`): `SIGNED_IN` succeeds for everyone signed in;
  `DIRECTORY_EDIT` for stewards and admins (403 for the others); `ADMIN` only for admins.
- `PERSONAL` routes reach another person's own record (an API token): 404 for everyone signed
  in, administrators included.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from accord.core.access import ROLE_PERMISSIONS

PUBLIC = "public"
SIGNED_IN = "signed_in"
DIRECTORY_EDIT = "directory_edit"
ADMIN = "admin"
# Another person's own things (their API tokens): not found for everyone, administrators included.
PERSONAL = "personal"

ACTORS = (
    "anonymous",
    "outsider",
    "viewer",
    "stakeholder",
    "contributor",
    "leader",
    "project_director",
    "steward",
    "admin",
)
ROLE_ACTORS = ("viewer", "stakeholder", "contributor", "leader", "project_director", "steward")


@dataclass(frozen=True)
class Route:
    """One route (URL name or API operation) with one HTTP method."""

    key: str  # URL name ("partnerships:detail") or API operation ("GET /api/v1/partnerships")
    method: str
    url: Callable  # (cast, side) -> path
    access: str  # a Perm value for scoped routes, or PUBLIC / SIGNED_IN / DIRECTORY_EDIT / ADMIN
    scoped: bool = True
    api: bool = False
    data: Callable | None = None  # (cast, side) -> form data or JSON body
    ok: frozenset = field(default_factory=lambda: frozenset({200}))
    # Actor -> expected statuses, where a route's rule is not only the role's permission (e.g.
    # scoring needs an assessor assignment; endorsing needs a person of a member organization).
    overrides: dict = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.method} {self.key}"

    def expected(self, actor: str, side: str) -> set[int]:
        # An administrator sees every partnership alike, so its override holds on both sides.
        if actor in self.overrides and (side == "own" or not self.scoped or actor == "admin"):
            return set(self.overrides[actor])
        if actor == "anonymous":
            if self.access == PUBLIC:
                return set(self.ok)
            return {401} if self.api else {302}
        if self.access == PERSONAL:
            return {404}
        if actor == "admin":
            return set(self.ok)
        if not self.scoped:
            if self.access in (SIGNED_IN, PUBLIC):
                return set(self.ok)
            if self.access == DIRECTORY_EDIT:
                return set(self.ok) if actor == "steward" else {403}
            if self.access == ADMIN:
                return {403}
            raise ValueError(f"{self}: unscoped route with access {self.access!r}")
        if side == "other" or actor == "outsider":
            return {404}
        if self.access in ROLE_PERMISSIONS[actor]:
            return set(self.ok)
        return {403}


def all_routes() -> list[Route]:
    from tests.matrix import (
        accounts,
        alignment_assessments,
        alignment_charter,
        alignment_discovery,
        alignment_rubrics,
        core,
        directory,
        leadership_announcements,
        leadership_commitments,
        leadership_directors,
        leadership_mous,
        leadership_templates,
        partnerships,
    )

    routes = []
    for module in (
        core,
        accounts,
        directory,
        partnerships,
        alignment_rubrics,
        alignment_discovery,
        alignment_assessments,
        alignment_charter,
        leadership_templates,
        leadership_mous,
        leadership_directors,
        leadership_commitments,
        leadership_announcements,
    ):
        routes.extend(module.ROUTES)
    return routes
