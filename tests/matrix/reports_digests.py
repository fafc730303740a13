"""Access-matrix entries for digests (see tests/matrix/__init__.py).

A steward sets up the partnership's digests ("reports.digest.manage"); every member may leave or
rejoin one they receive ("reports.digest.receive"); a portfolio digest is for administrators and
people with roles in several partnerships ("reports.digest.portfolio"); the unsubscribe link is
public: its signed token is the proof, and a GET writes nothing.
"""

from django.urls import reverse

from accord.reports.digests import unsubscribe_token
from accord.reports.models_digests import Digest
from tests.matrix import PUBLIC, SIGNED_IN, Route

MANAGE = "reports.digest.manage"
RECEIVE = "reports.digest.receive"
PORTFOLIO = "reports.digest.portfolio"
FOUND = frozenset({302})
CREATED = frozenset({201})
LIST = "/api/v1/partnerships/{partnership_id}/digests"
ONE = LIST + "/{digest_id}"


def digest(cast, side) -> Digest:
    return Digest.objects.create(
        partnership=cast.partnership(side),
        title="Matrix digest",
        roles=["steward", "viewer"],
        level="summary",
        frequency="weekly",
    )


def page(name: str):
    return lambda c, s: reverse(f"reports:{name}", args=[c.partnership(s).pk])


def on_digest(name: str):
    def build(cast, side):
        found = digest(cast, side)
        return reverse(f"reports:{name}", args=[found.partnership_id, found.pk])

    return build


def form(cast, side) -> dict:
    return {"title": "Weekly", "roles": ["steward"], "level": "summary", "frequency": "weekly"}


def edit_form(cast, side) -> dict:
    return {**form(cast, side), "active": "on"}


def unsubscribe(cast, side):
    return reverse(
        "reports:digest-unsubscribe",
        args=[unsubscribe_token(digest(cast, side), cast.users["viewer"])],
    )


def api_list(cast, side):
    return LIST.format(partnership_id=cast.partnership(side).pk)


def api_one(cast, side):
    found = digest(cast, side)
    return ONE.format(partnership_id=found.partnership_id, digest_id=found.pk)


ROUTES: list[Route] = [
    Route("reports:digest-list", "GET", page("digest-list"), MANAGE),
    Route("reports:digest-create", "GET", page("digest-create"), MANAGE),
    Route("reports:digest-create", "POST", page("digest-create"), MANAGE, data=form, ok=FOUND),
    Route("reports:digest-edit", "GET", on_digest("digest-edit"), MANAGE),
    Route(
        "reports:digest-edit", "POST", on_digest("digest-edit"), MANAGE, data=edit_form, ok=FOUND
    ),
    Route("reports:digest-stop", "POST", on_digest("digest-stop"), MANAGE, ok=FOUND),
    Route("reports:digest-preview", "GET", on_digest("digest-preview"), MANAGE),
    Route(
        "reports:digest-subscription", "POST", on_digest("digest-subscription"), RECEIVE, ok=FOUND
    ),
    Route(
        "reports:digest-mine",
        "GET",
        lambda c, s: reverse("reports:digest-mine"),
        SIGNED_IN,
        scoped=False,
    ),
    Route(
        "reports:digest-portfolio",
        "GET",
        lambda c, s: reverse("reports:digest-portfolio"),
        PORTFOLIO,
        scoped=False,
        ok=FOUND,
    ),
    Route(
        "reports:digest-portfolio",
        "POST",
        lambda c, s: reverse("reports:digest-portfolio"),
        PORTFOLIO,
        scoped=False,
        data=lambda c, s: {"level": "summary", "frequency": "monthly", "active": "on"},
        ok=FOUND,
    ),
    Route("reports:digest-unsubscribe", "GET", unsubscribe, PUBLIC, scoped=False),
    Route("reports:digest-unsubscribe", "POST", unsubscribe, PUBLIC, scoped=False),
    # --- API --------------------------------------------------------------------------------------
    Route(f"GET {LIST}", "GET", api_list, MANAGE, api=True),
    Route(
        f"POST {LIST}",
        "POST",
        api_list,
        MANAGE,
        api=True,
        data=lambda c, s: {"title": "Weekly", "roles": ["steward", "leader"]},
        ok=CREATED,
    ),
    Route(f"GET {ONE}", "GET", api_one, MANAGE, api=True),
    Route(
        f"PATCH {ONE}",
        "PATCH",
        api_one,
        MANAGE,
        api=True,
        data=lambda c, s: {"level": "detailed"},
    ),
]
