"""Access-matrix entries for the project directors pages and API operations (L6).

See tests/matrix/__init__.py for how an entry's expected outcome is derived. The builders make
what a route needs inside the test's transaction, on the side asked for: in `own`, the cast's
project director leads for `cast.partner` and `cast.host` has no director; in `other`,
`cast.partner` (its host) has none.

The actions (accord/core/policy.py): nominating ("leadership.handover.nominate", on the member
organization) is for a steward or the organization's own project director: the cast's project
director leads for `cast.partner`, so they may nominate its next one; a nomination is answered
by the nominee alone ("leadership.handover.answer": the cast's contributor in `own`; in `other`,
a person outside the matrix), so everyone else who sees it gets 403, the platform administrator
included; it is withdrawn by a steward or whoever nominated ("leadership.handover.cancel").
"""

from django.urls import reverse

from accord.core.access import Perm
from accord.leadership.models import ProjectDirectorHandover
from accord.partnerships.models import PartnershipRole
from tests.factories import PersonFactory, UserFactory
from tests.matrix import Route, Target

API = "/api/v1/partnerships"
OP = API + "/{partnership_id}/project-directors"
HANDOVER_OP = OP + "/handovers/{handover_id}"
FOUND = frozenset({302})
CREATED = frozenset({201})
NOMINEE = "contributor"
NOMINATE = "leadership.handover.nominate"
ANSWER = "leadership.handover.answer"
CANCEL = "leadership.handover.cancel"
SEE = "leadership.handover.view"


def without_director(cast, side):
    """A member organization without a project director on each side."""
    return cast.host if side == "own" else cast.partner


def handover(cast, side) -> ProjectDirectorHandover:
    """A nomination of the cast's contributor for `cast.partner`, waiting, on `side`."""
    partnership = cast.partnership(side)
    existing = ProjectDirectorHandover.objects.filter(
        partnership=partnership, status="pending"
    ).first()
    if existing is not None:
        return existing
    outgoing = PartnershipRole.objects.filter(
        partnership=partnership,
        organization=cast.partner,
        role="project_director",
        archived_at__isnull=True,
    ).first()
    steward = cast.users["steward" if side == "own" else "other_steward"]
    # On the other side the nominee is nobody of the matrix: a nominee sees their own
    # nomination, and every actor must find the other partnership's handovers not found.
    incoming = (
        cast.people[NOMINEE]
        if side == "own"
        else PersonFactory(organization=cast.partner, user=UserFactory())
    )
    return ProjectDirectorHandover.objects.create(
        partnership=partnership,
        organization=cast.partner,
        outgoing=outgoing,
        incoming=incoming,
        nominated_by=steward,
    )


def member(cast, side, organization):
    """The side's membership of `organization`: what nominating acts on."""
    return cast.partnership(side).memberships.current().get(organization=organization)


def page(name: str, organization=None, with_handover: bool = False):
    def build(cast, side):
        partnership = cast.partnership(side)
        if with_handover:
            target = handover(cast, side)
            return Target(reverse(f"leadership:{name}", args=[partnership.pk, target.pk]), target)
        if organization is None:
            return reverse(f"leadership:{name}", args=[partnership.pk])
        chosen = organization(cast, side)
        url = reverse(f"leadership:{name}", args=[partnership.pk, chosen.pk])
        return Target(url, member(cast, side, chosen))

    return build


def api(suffix: str = "", nominating: bool = False):
    def build(cast, side):
        url = f"{API}/{cast.partnership(side).pk}/project-directors{suffix}"
        if "{handover}" in url:
            target = handover(cast, side)
            return Target(url.replace("{handover}", str(target.pk)), target)
        if nominating:
            return Target(url, member(cast, side, cast.partner))
        return url

    return build


def partner(cast, side):
    return cast.partner


def first_director(cast, side):
    """A person of the organization without a director, to name."""
    organization = without_director(cast, side)
    return PersonFactory(organization=organization)


def nomination_form(cast, side):
    return {"incoming": cast.people[NOMINEE].pk, "note": "Ready to lead."}


ROUTES: list[Route] = [
    # --- pages -------------------------------------------------------------------------------
    Route("leadership:directors", "GET", page("directors"), Perm.VIEW),
    Route(
        "leadership:director-name",
        "GET",
        page("director-name", without_director),
        Perm.MANAGE_ROLES,
    ),
    Route(
        "leadership:director-name",
        "POST",
        page("director-name", without_director),
        Perm.MANAGE_ROLES,
        data=lambda cast, side: {"person": first_director(cast, side).pk},
        ok=FOUND,
    ),
    Route(
        "leadership:director-handover-create",
        "GET",
        page("director-handover-create", partner),
        NOMINATE,
    ),
    Route(
        "leadership:director-handover-create",
        "POST",
        page("director-handover-create", partner),
        NOMINATE,
        data=nomination_form,
        ok=FOUND,
    ),
    Route(
        "leadership:director-handover",
        "GET",
        page("director-handover", with_handover=True),
        SEE,
    ),
    Route(
        "leadership:director-handover-accept",
        "POST",
        page("director-handover-accept", with_handover=True),
        ANSWER,
        ok=FOUND,
    ),
    Route(
        "leadership:director-handover-decline",
        "POST",
        page("director-handover-decline", with_handover=True),
        ANSWER,
        ok=FOUND,
    ),
    Route(
        "leadership:director-handover-cancel",
        "POST",
        page("director-handover-cancel", with_handover=True),
        CANCEL,
        ok=FOUND,
    ),
    # --- API ---------------------------------------------------------------------------------
    Route(f"GET {OP}", "GET", api(), Perm.VIEW, api=True),
    Route(
        f"POST {OP}",
        "POST",
        api(),
        Perm.MANAGE_ROLES,
        api=True,
        data=lambda cast, side: {
            "organization_id": without_director(cast, side).pk,
            "person_id": first_director(cast, side).pk,
        },
        ok=CREATED,
    ),
    Route(f"GET {OP}/handovers", "GET", api("/handovers"), Perm.VIEW, api=True),
    Route(
        f"POST {OP}/handovers",
        "POST",
        api("/handovers", nominating=True),
        NOMINATE,
        api=True,
        data=lambda cast, side: {
            "organization_id": cast.partner.pk,
            "incoming_person_id": cast.people[NOMINEE].pk,
        },
        ok=CREATED,
    ),
    Route(f"GET {HANDOVER_OP}", "GET", api("/handovers/{handover}"), Perm.VIEW, api=True),
    Route(
        f"POST {HANDOVER_OP}/accept",
        "POST",
        api("/handovers/{handover}/accept"),
        ANSWER,
        api=True,
    ),
    Route(
        f"POST {HANDOVER_OP}/decline",
        "POST",
        api("/handovers/{handover}/decline"),
        ANSWER,
        api=True,
    ),
    Route(
        f"POST {HANDOVER_OP}/cancel",
        "POST",
        api("/handovers/{handover}/cancel"),
        CANCEL,
        api=True,
    ),
]
