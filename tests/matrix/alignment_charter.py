"""Access-matrix entries for the alignment pillar's charter pages and API operations.

See tests/matrix/__init__.py for how an entry's expected outcome is derived. The URL builders
create the version a route needs (a draft, one open for comment, or a final one) inside the
test's transaction, on the side asked for.

Commenting and endorsing speak as a person of the directory ("alignment.charter.comment" and
"alignment.charter.endorse"): the platform administrator of the cast has no person, so both are
refused with 403 and a message saying why. The cast's leader and project director belong to
`cast.partner`, a current member of `own`, so both may endorse the final version the builder
makes.
"""

from django.urls import reverse
from django.utils import timezone

from accord.alignment.models import CharterBenefit, CharterValue, CharterVersion
from accord.core.access import Perm
from tests.matrix import Route

API = "/api/v1/partnerships"
OP = API + "/{partnership_id}/charter"
VERSION_OP = OP + "/versions/{number}"
FOUND = frozenset({302})
CREATED = frozenset({201})
COMMENT = "alignment.charter.comment"
ENDORSE = "alignment.charter.endorse"


def charter_version(cast, side: str, status: str = "draft") -> CharterVersion:
    """A version in `status` on the partnership of `side`, with text enough for any move."""
    partnership = cast.partnership(side)
    version = CharterVersion.objects.filter(partnership=partnership, status=status).first()
    if version is not None:
        return version
    number = CharterVersion.objects.filter(partnership=partnership).count() + 1
    now = timezone.now()
    version = CharterVersion.objects.create(
        partnership=partnership,
        number=number,
        status=status,
        vision="Students from every community find a path into civil engineering.",
        opened_at=now if status != "draft" else None,
        finalized_at=now if status == "final" else None,
    )
    CharterValue.objects.create(
        version=version, name="Students first", meaning="We ask students what they need."
    )
    for membership in partnership.memberships.current():
        CharterBenefit.objects.create(
            version=version,
            organization=membership.organization,
            benefits="Paid internships for its students.",
        )
    return version


def page(name: str, status: str | None = None):
    def build(cast, side):
        args = [cast.partnership(side).pk]
        if status is not None:
            args.append(charter_version(cast, side, status).number)
        return reverse(f"alignment:{name}", args=args)

    return build


def api(suffix: str = "", status: str | None = None):
    def build(cast, side):
        url = f"{API}/{cast.partnership(side).pk}/charter{suffix}"
        if status is not None:
            url = url.replace("{number}", str(charter_version(cast, side, status).number))
        return url

    return build


def compare(api_route: bool):
    """The comparison of a version with itself (a diff that exists on either side)."""

    def build(cast, side):
        number = charter_version(cast, side, "draft").number
        if api_route:
            return f"{API}/{cast.partnership(side).pk}/charter/diff?a={number}&b={number}"
        base = reverse("alignment:charter-compare", args=[cast.partnership(side).pk])
        return f"{base}?a={number}&b={number}"

    return build


def edit_form(cast, side):
    return {
        "vision": "Every student who wants a career in civil engineering finds a path to it.",
        "values-TOTAL_FORMS": "1",
        "values-INITIAL_FORMS": "0",
        "values-0-name": "Students first",
        "values-0-meaning": "We ask students what they need.",
    }


ROUTES: list[Route] = [
    # --- pages -------------------------------------------------------------------------------
    Route("alignment:charter", "GET", page("charter"), Perm.VIEW),
    Route(
        "alignment:charter-version-create",
        "POST",
        page("charter-version-create"),
        Perm.CHANGE,
        ok=FOUND,
    ),
    Route(
        "alignment:charter-text-stats",
        "POST",
        page("charter-text-stats"),
        Perm.CHANGE,
        data=lambda c, s: {"field": "vision", "vision": "Short and clear. Easy to read."},
    ),
    Route("alignment:charter-version", "GET", page("charter-version", "open"), Perm.VIEW),
    Route("alignment:charter-compare", "GET", compare(api_route=False), Perm.VIEW),
    Route("alignment:charter-edit", "GET", page("charter-edit", "draft"), Perm.CHANGE),
    Route(
        "alignment:charter-edit",
        "POST",
        page("charter-edit", "draft"),
        Perm.CHANGE,
        data=edit_form,
        ok=FOUND,
    ),
    Route(
        "alignment:charter-status",
        "POST",
        page("charter-status", "draft"),
        Perm.CHANGE,
        data=lambda c, s: {"to": "open"},
        ok=FOUND,
    ),
    Route(
        "alignment:charter-comment",
        "POST",
        page("charter-comment", "open"),
        COMMENT,
        data=lambda c, s: {"body": "Please say who pays for the internships."},
        ok=FOUND,
    ),
    Route(
        "alignment:charter-endorse",
        "POST",
        page("charter-endorse", "final"),
        ENDORSE,
        data=lambda c, s: {"note": "Approved by the board."},
        ok=FOUND,
    ),
    # --- API ---------------------------------------------------------------------------------
    Route(f"GET {OP}", "GET", api(), Perm.VIEW, api=True),
    Route(f"GET {OP}/versions", "GET", api("/versions"), Perm.VIEW, api=True),
    Route(f"POST {OP}/versions", "POST", api("/versions"), Perm.CHANGE, api=True, ok=CREATED),
    Route(f"GET {VERSION_OP}", "GET", api("/versions/{number}", "open"), Perm.VIEW, api=True),
    Route(f"GET {OP}/diff", "GET", compare(api_route=True), Perm.VIEW, api=True),
    Route(
        f"POST {VERSION_OP}/values",
        "POST",
        api("/versions/{number}/values", "draft"),
        Perm.CHANGE,
        api=True,
        data=lambda c, s: {
            "values": [
                {"name": "Listen first", "meaning": "We ask before we plan."},
                {"name": "Share credit", "meaning": "Every partner is named in what we publish."},
            ]
        },
    ),
    Route(
        f"PATCH {VERSION_OP}",
        "PATCH",
        api("/versions/{number}", "draft"),
        Perm.CHANGE,
        api=True,
        data=lambda c, s: {"vision": "A clear path into civil engineering for every student."},
    ),
    Route(
        f"POST {VERSION_OP}/status",
        "POST",
        api("/versions/{number}/status", "draft"),
        Perm.CHANGE,
        api=True,
        data=lambda c, s: {"to": "open"},
    ),
    Route(
        f"GET {VERSION_OP}/text-stats",
        "GET",
        api("/versions/{number}/text-stats", "draft"),
        Perm.VIEW,
        api=True,
    ),
    Route(
        f"GET {VERSION_OP}/comments",
        "GET",
        api("/versions/{number}/comments", "open"),
        Perm.VIEW,
        api=True,
    ),
    Route(
        f"POST {VERSION_OP}/comments",
        "POST",
        api("/versions/{number}/comments", "open"),
        COMMENT,
        api=True,
        data=lambda c, s: {"text": "Please say who pays for the internships."},
        ok=CREATED,
    ),
    Route(
        f"GET {VERSION_OP}/participation",
        "GET",
        api("/versions/{number}/participation", "open"),
        Perm.VIEW,
        api=True,
    ),
    Route(
        f"GET {VERSION_OP}/endorsements",
        "GET",
        api("/versions/{number}/endorsements", "final"),
        Perm.VIEW,
        api=True,
    ),
    Route(
        f"POST {VERSION_OP}/endorsements",
        "POST",
        api("/versions/{number}/endorsements", "final"),
        ENDORSE,
        api=True,
        data=lambda c, s: {"note": "Approved by the board."},
        ok=CREATED,
    ),
]
