"""The access matrix: every URL pattern and API operation, and who may use it.

Each app lists its routes in `tests/matrix/<app>.py` as `ROUTES = [Route(...), ...]`, and
`tests/matrix/test_<app>.py` runs each route for every actor on the actors' own partnership, and on
another one for the steward, the roles that hold the route's permission and the administrator
(`tests/matrix/cases.py`).
Meta-tests in `tests/test_access_matrix.py` fail when a route has no entry or no module runs it.

The expected outcome is derived from the policy (accord/core/policy.py), never written per actor:

- anonymous: pages redirect to sign-in (302), the API answers 401; `PUBLIC` routes succeed;
- `SIGNED_IN` routes succeed for everyone signed in; `PERSONAL` routes reach another person's
  own record (an API token): 404 for everyone signed in, administrators included;
- every other route names the action it needs (a partnership-wide permission such as
  `Perm.CHANGE`, or a namespaced action such as "leadership.mou.sign") and the object it acts
  on: its builder returns a `Target(url, obj)`, or a plain URL, whose object is then the side's
  partnership (for a partnership route) or none (for a directory route). The actor gets 404 when
  the policy does not let them see the object (the model's `view_action`, or the route's own
  `seen`), 403 when they see it but may not do the action, and the route's `ok` otherwise.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from accord.core.access import can, view_action_of

PUBLIC = "public"
SIGNED_IN = "signed_in"
# Another person's own things (their API tokens): not found for everyone, administrators included.
PERSONAL = "personal"
DIRECTORY_EDIT = "directory.edit"

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
class Target:
    """What a route's builder made: the URL to request and the object the route acts on."""

    url: str
    obj: object


@dataclass(frozen=True)
class Route:
    """One route (URL name or API operation) with one HTTP method."""

    key: str  # URL name ("partnerships:detail") or API operation ("GET /api/v1/partnerships")
    method: str
    url: Callable  # (cast, side) -> path, or Target(path, obj)
    access: str  # the action (see accord/core/policy.py), or PUBLIC / SIGNED_IN / PERSONAL
    scoped: bool = True
    api: bool = False
    data: Callable | None = None  # (cast, side) -> form data or JSON body
    ok: frozenset = field(default_factory=lambda: frozenset({200}))
    # The action that decides 404 rather than 403, where it is not the object's `view_action`.
    seen: str | None = None

    def __str__(self) -> str:
        return f"{self.method} {self.key}"

    def build(self, cast, side) -> Target:
        built = self.url(cast, side)
        if isinstance(built, Target):
            return built
        return Target(built, cast.partnership(side) if self.scoped else None)

    def expected(self, actor: str, user, obj) -> set[int]:
        """What `actor` (signed in as `user`) gets, asked of the policy before the request."""
        if actor == "anonymous":
            if self.access == PUBLIC:
                return set(self.ok)
            return {401} if self.api else {302}
        if self.access in (PUBLIC, SIGNED_IN):
            return set(self.ok)
        if self.access == PERSONAL:
            return {404}
        if obj is not None:
            seen = self.seen or view_action_of(type(obj))
            if not can(user, seen, obj):
                return {404}
        return set(self.ok) if can(user, self.access, obj) else {403}


def all_routes() -> list[Route]:
    from tests.matrix import (
        accounts,
        alignment_assessments,
        alignment_charter,
        alignment_discovery,
        alignment_rubrics,
        core,
        directory,
        directory_groups,
        invitations,
        leadership_announcements,
        leadership_commitments,
        leadership_directors,
        leadership_mous,
        leadership_templates,
        measurement,
        partnerships,
        relationships,
        relationships_bodies,
        relationships_communication,
        relationships_engagements,
        relationships_ledger,
        relationships_trust,
        surveys,
    )

    routes = []
    for module in (
        core,
        accounts,
        directory,
        directory_groups,
        partnerships,
        invitations,
        alignment_rubrics,
        alignment_discovery,
        alignment_assessments,
        alignment_charter,
        leadership_templates,
        leadership_mous,
        leadership_directors,
        leadership_commitments,
        leadership_announcements,
        relationships,
        relationships_bodies,
        relationships_communication,
        relationships_engagements,
        relationships_trust,
        relationships_ledger,
        measurement,
        surveys,
    ):
        routes.extend(module.ROUTES)
    return routes
