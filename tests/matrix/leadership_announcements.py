"""Access-matrix entries for announcements (L4): pages and API operations.

See tests/matrix/__init__.py for how an entry's expected outcome is derived. The URL builders
create the announcement a route needs inside the test's transaction, on the side asked for: a
draft written by the side's leader-like writer (the cast's leader on the own side, the other
partnership's steward there), or a sent one with its delivery log.

The actions (accord/core/policy.py): writing ("leadership.announcement.write") is for stewards,
project directors and leaders; a draft is changed or sent by its writer or a steward
("leadership.announcement.manage": the project director, who may write their own, gets 403 on
the leader's draft); the delivery log is for writers; a sent announcement is read by everyone
taking part.
"""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from accord.core.access import Perm
from accord.leadership.models import Announcement, AnnouncementDelivery
from tests.matrix import Route, Target

API = "/api/v1/partnerships"
OP = API + "/{partnership_id}/announcements"
ONE = OP + "/{announcement_id}"
FOUND = frozenset({302})
CREATED = frozenset({201})
ACCEPTED = frozenset({202})
WRITE = "leadership.announcement.write"
MANAGE = "leadership.announcement.manage"


def _writer(cast, side: str):
    if side == "own":
        return cast.users["leader"], cast.people["leader"]
    return cast.users["other_steward"], cast.people["other_steward"]


def announcement(cast, side: str, status: str = "draft") -> Announcement:
    """A draft, or a sent announcement with a delivery to each role holder of the side."""
    partnership = cast.partnership(side)
    found = Announcement.objects.filter(partnership=partnership, status=status).first()
    if found is not None:
        return found
    user, person = _writer(cast, side)
    # A send that is still "sending" stopped a day ago: stalled, with its e-mails still queued.
    stalled = status == "sending"
    sent_at = timezone.now() - timedelta(days=1 if stalled else 0) if status != "draft" else None
    found = Announcement.objects.create(
        partnership=partnership,
        author=person,
        created_by=user,
        title="Our direction for the year",
        body="We will open two more summer programs.",
        status=status,
        sent_at=sent_at,
    )
    if status != "draft":
        for role in partnership.roles.select_related("person"):
            AnnouncementDelivery.objects.get_or_create(
                announcement=found,
                person=role.person,
                defaults={"email": role.person.email, "status": "queued" if stalled else "sent"},
            )
    return found


def page(name: str, status: str | None = None):
    def build(cast, side):
        args = [cast.partnership(side).pk]
        if status is None:
            return reverse(f"leadership:{name}", args=args)
        target = announcement(cast, side, status)
        return Target(reverse(f"leadership:{name}", args=[*args, target.pk]), target)

    return build


def api(suffix: str = "", status: str | None = None):
    def build(cast, side):
        url = f"{API}/{cast.partnership(side).pk}/announcements{suffix}"
        if status is None:
            return url
        target = announcement(cast, side, status)
        return Target(url.replace("{id}", str(target.pk)), target)

    return build


def form(cast, side):
    return {"title": "Where we are heading", "body": "Two more summer programs next year."}


ROUTES: list[Route] = [
    # --- pages -------------------------------------------------------------------------------
    Route("leadership:announcements", "GET", page("announcements"), Perm.VIEW),
    Route(
        "leadership:announcement-create",
        "GET",
        page("announcement-create"),
        WRITE,
    ),
    Route(
        "leadership:announcement-create",
        "POST",
        page("announcement-create"),
        WRITE,
        data=form,
        ok=FOUND,
    ),
    Route(
        "leadership:announcement-detail",
        "GET",
        page("announcement-detail", "sent"),
        Perm.VIEW,
    ),
    Route(
        "leadership:announcement-edit",
        "GET",
        page("announcement-edit", "draft"),
        MANAGE,
    ),
    Route(
        "leadership:announcement-edit",
        "POST",
        page("announcement-edit", "draft"),
        MANAGE,
        data=form,
        ok=FOUND,
    ),
    Route(
        "leadership:announcement-send",
        "POST",
        page("announcement-send", "draft"),
        MANAGE,
        ok=FOUND,
    ),
    Route(
        "leadership:announcement-resume",
        "POST",
        page("announcement-resume", "sending"),
        MANAGE,
        ok=FOUND,
    ),
    # --- API ---------------------------------------------------------------------------------
    Route(f"GET {OP}", "GET", api(), Perm.VIEW, api=True),
    Route(
        f"POST {OP}",
        "POST",
        api(),
        WRITE,
        api=True,
        data=form,
        ok=CREATED,
    ),
    Route(f"GET {ONE}", "GET", api("/{id}", "sent"), Perm.VIEW, api=True),
    Route(
        f"PATCH {ONE}",
        "PATCH",
        api("/{id}", "draft"),
        MANAGE,
        api=True,
        data=lambda c, s: {"title": "Where we are heading next"},
    ),
    Route(
        f"POST {ONE}/send",
        "POST",
        api("/{id}/send", "draft"),
        MANAGE,
        api=True,
        ok=ACCEPTED,
    ),
    Route(
        f"POST {ONE}/resume",
        "POST",
        api("/{id}/resume", "sending"),
        MANAGE,
        api=True,
        ok=ACCEPTED,
    ),
    Route(
        f"GET {ONE}/deliveries",
        "GET",
        api("/{id}/deliveries", "sent"),
        WRITE,
        api=True,
    ),
]
