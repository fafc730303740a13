"""Access-matrix entries for the alignment pillar's rubric pages and API operations (A1).

Rubrics belong to no partnership (`scoped=False`): everyone signed in reads them, only platform
administrators change them. Builders make a fresh, unused rubric for each case (rolled back).
See tests/matrix/__init__.py for how an entry's expected outcome is derived.
"""

import itertools

from django.urls import reverse

from accord.alignment.models import Rubric
from accord.alignment.services.rubrics import rubric_create
from tests.matrix import SIGNED_IN, Route

ADMIN = "alignment.rubric.manage"

FOUND = frozenset({302})
CREATED = frozenset({201})
NO_CONTENT = frozenset({204})
API = "/api/v1/rubrics"
OP = API + "/{rubric_id}"
CRITERION_OP = OP + "/criteria/{criterion_id}"

_names = itertools.count(1)


def criterion_values(name: str = "Openness", weight="1") -> dict:
    """A complete criterion: every level described."""
    return {
        "name": name,
        "description": f"How {name.lower()} the organization is.",
        "weight": weight,
        **{f"level_{n}": f"{name}: what a {n} means." for n in range(1, 6)},
    }


def make_rubric(name: str | None = None, criteria: int = 2, **kwargs) -> Rubric:
    """An unused rubric with `criteria` criteria named Criterion 1, 2, ..."""
    name = name or f"Matrix rubric {next(_names)}"
    values = [criterion_values(f"Criterion {n}") for n in range(1, criteria + 1)]
    return rubric_create(name=name, description="For tests.", criteria=values, **kwargs)


def page(name: str, with_criterion: bool = False):
    def build(cast, side):
        rubric = make_rubric()
        args = [rubric.pk]
        if with_criterion:
            args.append(rubric.criteria.first().pk)
        return reverse(f"alignment:{name}", args=args)

    return build


def api(suffix: str = "", with_criterion: bool = False):
    def build(cast, side):
        rubric = make_rubric()
        url = f"{API}/{rubric.pk}{suffix}"
        if with_criterion:
            url += f"/criteria/{rubric.criteria.first().pk}"
        return url

    return build


def criterion_form(cast, side):
    return criterion_values("Matrix criterion", "2.5")


ROUTES: list[Route] = [
    # --- pages -------------------------------------------------------------------------------
    Route(
        "alignment:rubric-list",
        "GET",
        lambda c, s: reverse("alignment:rubric-list"),
        SIGNED_IN,
        scoped=False,
    ),
    Route("alignment:rubric-detail", "GET", page("rubric-detail"), SIGNED_IN, scoped=False),
    Route(
        "alignment:rubric-create",
        "GET",
        lambda c, s: reverse("alignment:rubric-create"),
        ADMIN,
        scoped=False,
    ),
    Route(
        "alignment:rubric-create",
        "POST",
        lambda c, s: reverse("alignment:rubric-create"),
        ADMIN,
        scoped=False,
        data=lambda c, s: {"name": "Matrix rubric", "description": "New."},
        ok=FOUND,
    ),
    Route("alignment:rubric-edit", "GET", page("rubric-edit"), ADMIN, scoped=False),
    Route(
        "alignment:rubric-edit",
        "POST",
        page("rubric-edit"),
        ADMIN,
        scoped=False,
        data=lambda c, s: {"name": "Renamed rubric", "description": "Changed."},
        ok=FOUND,
    ),
    Route(
        "alignment:rubric-archive", "POST", page("rubric-archive"), ADMIN, scoped=False, ok=FOUND
    ),
    Route(
        "alignment:rubric-make-default",
        "POST",
        page("rubric-make-default"),
        ADMIN,
        scoped=False,
        ok=FOUND,
    ),
    Route("alignment:rubric-copy", "GET", page("rubric-copy"), ADMIN, scoped=False),
    Route(
        "alignment:rubric-copy",
        "POST",
        page("rubric-copy"),
        ADMIN,
        scoped=False,
        data=lambda c, s: {"name": "Copied rubric", "description": ""},
        ok=FOUND,
    ),
    Route("alignment:criterion-add", "GET", page("criterion-add"), ADMIN, scoped=False),
    Route(
        "alignment:criterion-add",
        "POST",
        page("criterion-add"),
        ADMIN,
        scoped=False,
        data=criterion_form,
        ok=FOUND,
    ),
    Route(
        "alignment:criterion-edit",
        "GET",
        page("criterion-edit", with_criterion=True),
        ADMIN,
        scoped=False,
    ),
    Route(
        "alignment:criterion-edit",
        "POST",
        page("criterion-edit", with_criterion=True),
        ADMIN,
        scoped=False,
        data=criterion_form,
        ok=FOUND,
    ),
    Route(
        "alignment:criterion-remove",
        "POST",
        page("criterion-remove", with_criterion=True),
        ADMIN,
        scoped=False,
        ok=FOUND,
    ),
    # --- API ---------------------------------------------------------------------------------
    Route(f"GET {API}", "GET", lambda c, s: API, SIGNED_IN, scoped=False, api=True),
    Route(
        f"POST {API}",
        "POST",
        lambda c, s: API,
        ADMIN,
        scoped=False,
        api=True,
        data=lambda c, s: {"name": "Matrix rubric", "criteria": [criterion_values()]},
        ok=CREATED,
    ),
    Route(f"GET {OP}", "GET", api(), SIGNED_IN, scoped=False, api=True),
    Route(
        f"PATCH {OP}",
        "PATCH",
        api(),
        ADMIN,
        scoped=False,
        api=True,
        data=lambda c, s: {"name": "Renamed rubric", "is_default": True},
    ),
    Route(f"POST {OP}/archive", "POST", api("/archive"), ADMIN, scoped=False, api=True),
    Route(
        f"POST {OP}/copy",
        "POST",
        api("/copy"),
        ADMIN,
        scoped=False,
        api=True,
        data=lambda c, s: {"name": "Copied rubric"},
        ok=CREATED,
    ),
    Route(f"GET {OP}/criteria", "GET", api("/criteria"), SIGNED_IN, scoped=False, api=True),
    Route(
        f"POST {OP}/criteria",
        "POST",
        api("/criteria"),
        ADMIN,
        scoped=False,
        api=True,
        data=criterion_form,
        ok=CREATED,
    ),
    Route(
        f"GET {CRITERION_OP}",
        "GET",
        api(with_criterion=True),
        SIGNED_IN,
        scoped=False,
        api=True,
    ),
    Route(
        f"PATCH {CRITERION_OP}",
        "PATCH",
        api(with_criterion=True),
        ADMIN,
        scoped=False,
        api=True,
        data=lambda c, s: {"weight": "3", "level_3": "Halfway there."},
    ),
    Route(
        f"DELETE {CRITERION_OP}",
        "DELETE",
        api(with_criterion=True),
        ADMIN,
        scoped=False,
        api=True,
        ok=NO_CONTENT,
    ),
]
