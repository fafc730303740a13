"""Access-matrix entries for the MOU pages and API operations (L5).

See tests/matrix/__init__.py for how an entry's expected outcome is derived. The builders make the
MOU a route needs inside the test's transaction, on the side asked for, without rendering PDFs
(a small stand-in PDF is stored where a document must exist): a draft, a version out for
signature, an executed MOU, or an MOU whose only version was voided.

Signing and declining are for the signatory alone ("leadership.mou.sign"). In the version out for
signature, the cast's leader signs for `cast.partner`, a current member of `own` (and a person
outside the matrix signs for `cast.host`): every other member gets 403, the platform
administrator too.
- uploading takes a multipart form; the matrix sends none, so the roles that may upload get the
  page again (200) or, from the API, 422 naming the missing file.
"""

import uuid

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from accord.core.access import Perm
from accord.leadership.models import Mou, MouSection, MouVersion, Signatory
from accord.leadership.queries.templates import default_template
from accord.leadership.rendering import sha256_bytes
from tests.factories import PersonFactory, RoleFactory, UserFactory
from tests.matrix import PUBLIC, Route, Target

API = "/api/v1/partnerships"
OP = API + "/{partnership_id}/mous"
MOU_OP = OP + "/{mou_id}"
VERSION_OP = MOU_OP + "/versions/{number}"
FOUND = frozenset({302})
CREATED = frozenset({201})
FAKE_PDF = b"%PDF-1.4\n% A stand-in document for access tests.\n%%EOF\n"
SIGNER = "leader"
SIGN = "leadership.mou.sign"


def signer_for(cast, side: str, organization):
    """A person who may sign for `organization` on `side`: a leader with an account."""
    partnership = cast.partnership(side)
    if side == "own" and organization == cast.partner:
        return cast.people[SIGNER]
    email = f"signer-{side}-{organization.pk}@example.org"
    role = partnership.roles.filter(person__email=email).first()
    if role is not None:
        return role.person
    user = UserFactory(username=f"signer_{side}_{organization.pk}")
    person = PersonFactory(
        name=f"Signer of {organization.name}", email=email, organization=organization, user=user
    )
    RoleFactory(partnership=partnership, person=person, role="leader")
    return person


def signers(cast, side: str) -> list[tuple]:
    """(organization, person) for every current member organization on `side`."""
    partnership = cast.partnership(side)
    return [
        (m.organization, signer_for(cast, side, m.organization))
        for m in partnership.memberships.current()
    ]


def _store(version: MouVersion, field: str, data: bytes = FAKE_PDF) -> None:
    getattr(version, field).save(f"{uuid.uuid4().hex}.pdf", ContentFile(data), save=False)


def make_mou(cast, side: str, state: str = "draft") -> MouVersion:
    """The newest version of an MOU in `state` on `side`: draft, out, executed, voided or two
    (version 1 voided, version 2 a draft)."""
    partnership = cast.partnership(side)
    title = f"Matrix MOU ({state})"
    existing = Mou.objects.filter(partnership=partnership, title=title).first()
    if existing is not None:
        return existing.versions.order_by("-number").first()
    now = timezone.now()
    mou = Mou.objects.create(partnership=partnership, title=title, template=default_template())
    version = MouVersion.objects.create(mou=mou, number=1)
    for position, key in enumerate(("purpose", "term"), start=1):
        MouSection.objects.create(
            version=version,
            key=key,
            heading=key.title(),
            body=f"The {key} of the MOU.\n\n- One point\n- Another point",
            position=position,
        )
    if state == "draft":
        return version
    if state in ("voided", "two"):
        version.status, version.voided_at, version.void_reason = "voided", now, "For tests."
        version.save()
        if state == "voided":
            return version
        second = MouVersion.objects.create(mou=mou, number=2)
        for section in version.sections.all():
            MouSection.objects.create(
                version=second,
                key=section.key,
                heading=section.heading,
                body=section.body + " Changed.",
                position=section.position,
            )
        return second
    _store(version, "document")
    version.document_sha256 = sha256_bytes(FAKE_PDF)
    version.sent_at = now
    version.status = "out_for_signature"
    for organization, person in signers(cast, side):
        Signatory.objects.create(
            version=version,
            person=person,
            organization=organization,
            status="pending",
            asked_at=now,
        )
    if state == "executed":
        _store(version, "certificate_document")
        version.certificate_sha256 = sha256_bytes(FAKE_PDF)
        version.status, version.executed_at = "executed", now
        version.signatories.update(
            status="signed", signed_at=now, signed_sha256=version.document_sha256
        )
        mou.status, mou.executed_at, mou.effective_on = "executed", now, now.date()
        mou.save()
    else:
        mou.status = "out_for_signature"
        mou.save()
    version.save()
    return version


def _args(cast, side, state):
    version = make_mou(cast, side, state)
    return [cast.partnership(side).pk, version.mou_id, version.number], version


def page(name: str, state: str | None = None, query: str = ""):
    def build(cast, side):
        if state is None:
            return reverse(f"leadership:{name}", args=[cast.partnership(side).pk])
        args, version = _args(cast, side, state)
        if name in ("mou-detail", "mou-version-create", "mou-amend", "mou-diff"):
            args = args[:2]
        if name == "mou-section-edit":
            args.append(version.sections.first().pk)
        return Target(reverse(f"leadership:{name}", args=args) + query, version)

    return build


def api(suffix: str = "", state: str | None = None, version: bool = False):
    def build(cast, side):
        url = f"{API}/{cast.partnership(side).pk}/mous"
        if state is None:
            return url + suffix
        made = make_mou(cast, side, state)
        url += f"/{made.mou_id}"
        if version:
            url += f"/versions/{made.number}"
        return Target(url + suffix, made)

    return build


def send_form(cast, side):
    data = {"signing_order": "parallel", "confirm_no_agreed_charter": "on"}
    for _, person in signers(cast, side):
        data[f"sign_{person.pk}"] = "on"
    return data


def send_body(cast, side):
    return {
        "signing_order": "parallel",
        "signatories": [{"person_id": p.pk, "order": 1} for _, p in signers(cast, side)],
        "confirm_no_agreed_charter": True,
    }


def scoped(key, method, url, access, **kwargs) -> Route:
    return Route(key, method, url, access, **kwargs)


ROUTES: list[Route] = [
    # --- pages -------------------------------------------------------------------------------
    scoped("leadership:mou-list", "GET", page("mou-list"), Perm.VIEW),
    scoped("leadership:mou-create", "GET", page("mou-create"), Perm.CHANGE),
    scoped(
        "leadership:mou-create",
        "POST",
        page("mou-create"),
        Perm.CHANGE,
        data=lambda c, s: {"title": "Our MOU", "template": default_template().pk},
        ok=FOUND,
    ),
    scoped("leadership:mou-upload", "GET", page("mou-upload"), Perm.CHANGE),
    scoped(
        "leadership:mou-upload",
        "POST",
        page("mou-upload"),
        Perm.CHANGE,
        data=lambda c, s: {"title": "Signed on paper", "effective_on": "2026-01-01"},
    ),
    scoped("leadership:mou-detail", "GET", page("mou-detail", "executed"), Perm.VIEW),
    scoped(
        "leadership:mou-version-create",
        "POST",
        page("mou-version-create", "voided"),
        Perm.CHANGE,
        ok=FOUND,
    ),
    scoped("leadership:mou-amend", "POST", page("mou-amend", "executed"), Perm.CHANGE, ok=FOUND),
    scoped("leadership:mou-diff", "GET", page("mou-diff", "two", "?a=1&b=2"), Perm.VIEW),
    scoped("leadership:mou-version", "GET", page("mou-version", "out"), Perm.VIEW),
    scoped("leadership:mou-print", "GET", page("mou-print", "draft"), Perm.VIEW),
    scoped("leadership:mou-pdf", "GET", page("mou-pdf", "draft"), Perm.VIEW),
    scoped("leadership:mou-document", "GET", page("mou-document", "out"), Perm.VIEW),
    scoped(
        "leadership:mou-executed-document",
        "GET",
        page("mou-executed-document", "executed"),
        Perm.VIEW,
    ),
    scoped("leadership:mou-verify", "GET", page("mou-verify", "executed"), Perm.VIEW),
    scoped("leadership:mou-term", "GET", page("mou-term", "draft"), Perm.CHANGE),
    scoped(
        "leadership:mou-term",
        "POST",
        page("mou-term", "draft"),
        Perm.CHANGE,
        data=lambda c, s: {"effective_on": "2027-01-01", "signing_order": "sequential"},
        ok=FOUND,
    ),
    scoped("leadership:mou-regenerate", "GET", page("mou-regenerate", "draft"), Perm.CHANGE),
    scoped(
        "leadership:mou-regenerate",
        "POST",
        page("mou-regenerate", "draft"),
        Perm.CHANGE,
        ok=FOUND,
    ),
    scoped("leadership:mou-section-edit", "GET", page("mou-section-edit", "draft"), Perm.CHANGE),
    scoped(
        "leadership:mou-section-edit",
        "POST",
        page("mou-section-edit", "draft"),
        Perm.CHANGE,
        data=lambda c, s: {"heading": "Purpose", "body": "A clearer purpose."},
        ok=FOUND,
    ),
    scoped("leadership:mou-send", "GET", page("mou-send", "draft"), Perm.CHANGE),
    scoped(
        "leadership:mou-send",
        "POST",
        page("mou-send", "draft"),
        Perm.CHANGE,
        data=send_form,
        ok=FOUND,
    ),
    scoped(
        "leadership:mou-void",
        "POST",
        page("mou-void", "out"),
        Perm.CHANGE,
        data=lambda c, s: {"reason": "The dates were wrong."},
        ok=FOUND,
    ),
    scoped(
        "leadership:mou-sign",
        "GET",
        page("mou-sign", "out"),
        SIGN,
    ),
    scoped(
        "leadership:mou-sign",
        "POST",
        page("mou-sign", "out"),
        SIGN,
        data=lambda c, s: {"password": "correct horse battery staple"},
        ok=FOUND,
    ),
    scoped(
        "leadership:mou-decline",
        "POST",
        page("mou-decline", "out"),
        SIGN,
        data=lambda c, s: {"reason": "Our board has not approved it."},
        ok=FOUND,
    ),
    # --- API ---------------------------------------------------------------------------------
    scoped(f"GET {OP}", "GET", api(), Perm.VIEW, api=True),
    scoped(
        f"POST {OP}",
        "POST",
        api(),
        Perm.CHANGE,
        api=True,
        data=lambda c, s: {"title": "API MOU"},
        ok=CREATED,
    ),
    scoped(
        f"POST {OP}/upload",
        "POST",
        api("/upload"),
        Perm.CHANGE,
        api=True,
        ok=frozenset({422}),
    ),
    scoped(f"GET {MOU_OP}", "GET", api(state="draft"), Perm.VIEW, api=True),
    scoped(
        f"POST {MOU_OP}/amendment",
        "POST",
        api("/amendment", "executed"),
        Perm.CHANGE,
        api=True,
        ok=CREATED,
    ),
    scoped(
        f"GET {MOU_OP}/signer-choices",
        "GET",
        api("/signer-choices", "draft"),
        Perm.VIEW,
        api=True,
    ),
    scoped(f"GET {MOU_OP}/diff", "GET", api("/diff?a=1&b=2", "two"), Perm.VIEW, api=True),
    scoped(f"GET {MOU_OP}/versions", "GET", api("/versions", "draft"), Perm.VIEW, api=True),
    scoped(
        f"POST {MOU_OP}/versions",
        "POST",
        api("/versions", "voided"),
        Perm.CHANGE,
        api=True,
        ok=CREATED,
    ),
    scoped(f"GET {VERSION_OP}", "GET", api(state="out", version=True), Perm.VIEW, api=True),
    scoped(
        f"PATCH {VERSION_OP}",
        "PATCH",
        api(state="draft", version=True),
        Perm.CHANGE,
        api=True,
        data=lambda c, s: {"effective_on": "2027-01-01", "signing_order": "sequential"},
    ),
    scoped(
        f"POST {VERSION_OP}/regenerate",
        "POST",
        api("/regenerate", "draft", version=True),
        Perm.CHANGE,
        api=True,
    ),
    scoped(
        f"POST {VERSION_OP}/send",
        "POST",
        api("/send", "draft", version=True),
        Perm.CHANGE,
        api=True,
        data=send_body,
    ),
    scoped(
        f"POST {VERSION_OP}/void",
        "POST",
        api("/void", "out", version=True),
        Perm.CHANGE,
        api=True,
        data=lambda c, s: {"reason": "The dates were wrong."},
    ),
    scoped(
        f"POST {VERSION_OP}/sign",
        "POST",
        api("/sign", "out", version=True),
        SIGN,
        api=True,
        data=lambda c, s: {"password": "correct horse battery staple"},
    ),
    scoped(
        f"POST {VERSION_OP}/decline",
        "POST",
        api("/decline", "out", version=True),
        SIGN,
        api=True,
        data=lambda c, s: {"reason": "Our board has not approved it."},
    ),
    scoped(
        f"GET {VERSION_OP}/verification",
        "GET",
        api("/verification", "executed", version=True),
        Perm.VIEW,
        api=True,
    ),
    scoped(
        f"GET {VERSION_OP}/document",
        "GET",
        api("/document", "out", version=True),
        Perm.VIEW,
        api=True,
    ),
    scoped(
        f"GET {VERSION_OP}/executed-document",
        "GET",
        api("/executed-document", "executed", version=True),
        Perm.VIEW,
        api=True,
    ),
    # --- public verification: anyone, no sign-in; the SHA-256 is the key, never an id -----------
    Route(
        "leadership:verify", "GET", lambda c, s: reverse("leadership:verify"), PUBLIC, scoped=False
    ),
    Route(
        "leadership:verify",
        "POST",
        lambda c, s: reverse("leadership:verify"),
        PUBLIC,
        scoped=False,
        data=lambda c, s: {"sha256": "0" * 64},
    ),
    Route(
        "POST /api/v1/verify",
        "POST",
        lambda c, s: "/api/v1/verify",
        PUBLIC,
        scoped=False,
        api=True,
        data=lambda c, s: {"sha256": "0" * 64},
    ),
]


# --- Helpers the leadership tests share ---------------------------------------------------------
def drafted(cast, side: str = "own", **kwargs) -> MouVersion:
    """Version 1 of a new MOU drafted through the service, from the default template."""
    from accord.leadership.services.mous import mou_create

    partnership = cast.partnership(side)
    kwargs.setdefault("title", "Memorandum of understanding")
    mou = mou_create(partnership=partnership, created_by=cast.users["steward"], **kwargs)
    return mou.versions.get(number=1)


def sent(
    cast, version: MouVersion, *, order: str = "parallel", side: str = "own", confirm: bool = True
) -> MouVersion:
    """Send `version` through the service with one signer per member organization, the host's
    first in sequential order; `confirm` sends it while no charter version is agreed."""
    from accord.leadership.services.signing import mou_send

    chosen = [(person, n) for n, (_, person) in enumerate(signers(cast, side), start=1)]
    return mou_send(
        version=version,
        signatories=chosen,
        signing_order=order,
        sent_by=cast.users["steward"],
        confirm_no_agreed_charter=confirm,
    )
