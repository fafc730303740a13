"""Access-matrix entries for the MOU template pages and API operations (L5).

Templates belong to no partnership (`scoped=False`): everyone signed in reads them, only platform
administrators change them. Builders make a fresh template that is not the default, with one
section, for each case (rolled back). See tests/matrix/__init__.py for how an entry's expected
outcome is derived.
"""

import itertools

from django.urls import reverse

from accord.leadership.models import MouTemplate
from accord.leadership.services.templates import mou_template_create
from tests.matrix import SIGNED_IN, Route

ADMIN = "leadership.template.manage"

FOUND = frozenset({302})
CREATED = frozenset({201})
NO_CONTENT = frozenset({204})
API = "/api/v1/mou-templates"
OP = API + "/{template_id}"
SECTION_OP = OP + "/sections/{section_id}"

_names = itertools.count(1)


def make_template(name: str | None = None, sections: int = 2, **kwargs) -> MouTemplate:
    """A template with `sections` sections (Clause 1, 2, ...), not the default."""
    values = [
        {"heading": f"Clause {n}", "body": f"Clause {n} of {{{{ partnership.title }}}}."}
        for n in range(1, sections + 1)
    ]
    return mou_template_create(
        name=name or f"Matrix template {next(_names)}",
        description="For tests.",
        sections=values,
        **kwargs,
    )


def page(name: str, with_section: bool = False):
    def build(cast, side):
        template = make_template()
        args = [template.pk]
        if with_section:
            args.append(template.sections.order_by("position").last().pk)
        return reverse(f"leadership:{name}", args=args)

    return build


def api(suffix: str = "", with_section: bool = False):
    def build(cast, side):
        template = make_template()
        url = f"{API}/{template.pk}{suffix}"
        if with_section:
            url += f"/sections/{template.sections.order_by('position').last().pk}"
        return url

    return build


def section_form(cast, side):
    return {"heading": "Publicity", "body": "Neither Partner uses the other's name without asking."}


def unscoped(key, method, url, access, **kwargs) -> Route:
    return Route(key, method, url, access, scoped=False, **kwargs)


ROUTES: list[Route] = [
    # --- pages -------------------------------------------------------------------------------
    unscoped(
        "leadership:mou-template-list",
        "GET",
        lambda c, s: reverse("leadership:mou-template-list"),
        SIGNED_IN,
    ),
    unscoped("leadership:mou-template-detail", "GET", page("mou-template-detail"), SIGNED_IN),
    unscoped(
        "leadership:mou-template-create",
        "GET",
        lambda c, s: reverse("leadership:mou-template-create"),
        ADMIN,
    ),
    unscoped(
        "leadership:mou-template-create",
        "POST",
        lambda c, s: reverse("leadership:mou-template-create"),
        ADMIN,
        data=lambda c, s: {"name": "A new template", "description": "Short."},
        ok=FOUND,
    ),
    unscoped("leadership:mou-template-edit", "GET", page("mou-template-edit"), ADMIN),
    unscoped(
        "leadership:mou-template-edit",
        "POST",
        page("mou-template-edit"),
        ADMIN,
        data=lambda c, s: {"name": "Renamed template", "description": ""},
        ok=FOUND,
    ),
    unscoped(
        "leadership:mou-template-archive", "POST", page("mou-template-archive"), ADMIN, ok=FOUND
    ),
    unscoped(
        "leadership:mou-template-make-default",
        "POST",
        page("mou-template-make-default"),
        ADMIN,
        ok=FOUND,
    ),
    unscoped("leadership:mou-template-copy", "GET", page("mou-template-copy"), ADMIN),
    unscoped(
        "leadership:mou-template-copy",
        "POST",
        page("mou-template-copy"),
        ADMIN,
        data=lambda c, s: {"name": "Copied template", "description": ""},
        ok=FOUND,
    ),
    unscoped("leadership:mou-template-section-add", "GET", page("mou-template-section-add"), ADMIN),
    unscoped(
        "leadership:mou-template-section-add",
        "POST",
        page("mou-template-section-add"),
        ADMIN,
        data=section_form,
        ok=FOUND,
    ),
    unscoped(
        "leadership:mou-template-section-edit",
        "GET",
        page("mou-template-section-edit", with_section=True),
        ADMIN,
    ),
    unscoped(
        "leadership:mou-template-section-edit",
        "POST",
        page("mou-template-section-edit", with_section=True),
        ADMIN,
        data=section_form,
        ok=FOUND,
    ),
    unscoped(
        "leadership:mou-template-section-remove",
        "POST",
        page("mou-template-section-remove", with_section=True),
        ADMIN,
        ok=FOUND,
    ),
    unscoped(
        "leadership:mou-template-section-move",
        "POST",
        page("mou-template-section-move", with_section=True),
        ADMIN,
        data=lambda c, s: {"direction": "up"},
        ok=FOUND,
    ),
    # --- API ---------------------------------------------------------------------------------
    unscoped(f"GET {API}", "GET", lambda c, s: API, SIGNED_IN, api=True),
    unscoped(
        f"POST {API}",
        "POST",
        lambda c, s: API,
        ADMIN,
        api=True,
        data=lambda c, s: {"name": "API template", "sections": [section_form(c, s)]},
        ok=CREATED,
    ),
    unscoped(f"GET {OP}", "GET", api(), SIGNED_IN, api=True),
    unscoped(
        f"PATCH {OP}",
        "PATCH",
        api(),
        ADMIN,
        api=True,
        data=lambda c, s: {"description": "Changed."},
    ),
    unscoped(f"POST {OP}/archive", "POST", api("/archive"), ADMIN, api=True),
    unscoped(
        f"POST {OP}/copy",
        "POST",
        api("/copy"),
        ADMIN,
        api=True,
        data=lambda c, s: {"name": "API copy"},
        ok=CREATED,
    ),
    unscoped(f"GET {OP}/sections", "GET", api("/sections"), SIGNED_IN, api=True),
    unscoped(
        f"POST {OP}/sections",
        "POST",
        api("/sections"),
        ADMIN,
        api=True,
        data=section_form,
        ok=CREATED,
    ),
    unscoped(f"GET {SECTION_OP}", "GET", api(with_section=True), SIGNED_IN, api=True),
    unscoped(
        f"PATCH {SECTION_OP}",
        "PATCH",
        api(with_section=True),
        ADMIN,
        api=True,
        data=lambda c, s: {"heading": "Renamed", "position": 1},
    ),
    unscoped(
        f"DELETE {SECTION_OP}",
        "DELETE",
        api(with_section=True),
        ADMIN,
        api=True,
        ok=NO_CONTENT,
    ),
]
