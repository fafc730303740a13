"""Access-matrix entries for announcements (L4): pages and API operations.

See tests/matrix/__init__.py for how an entry's expected outcome is derived. The URL builders
create the announcement a route needs inside the test's transaction, on the side asked for: a
draft written by the side's leader-like writer (the cast's leader on the own side, the other
partnership's steward there), or a sent one with its delivery log.

Rules beyond the role's permission (`overrides`); the routes are declared with ENDORSE:
- writing is for stewards, project directors and leaders: ENDORSE (leaders, project directors)
  or CHANGE (stewards, project directors), so the steward is allowed too;
- a draft is changed or sent by its writer or a steward: the project director, who may write
  their own, gets 403 on the leader's draft;
- the delivery log is for writers; a sent announcement itself is read by everyone taking part.
"""

from django.urls import reverse
from django.utils import timezone

from accord.core.access import Perm
from accord.leadership.models import Announcement, AnnouncementDelivery
from tests.matrix import Route

API = "/api/v1/partnerships"
OP = API + "/{partnership_id}/announcements"
ONE = OP + "/{announcement_id}"
FOUND = frozenset({302})
CREATED = frozenset({201})
ACCEPTED = frozenset({202})
STEWARD_WRITES = {"steward": {200}}
NOT_THE_WRITER = {"steward": {200}, "project_director": {403}}


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
    found = Announcement.objects.create(
        partnership=partnership,
        author=person,
        created_by=user,
        title="Our direction for the year",
        body="We will open two more summer programs.",
        status=status,
        sent_at=timezone.now() if status != "draft" else None,
    )
    if status != "draft":
        for role in partnership.roles.select_related("person"):
            AnnouncementDelivery.objects.get_or_create(
                announcement=found,
                person=role.person,
                defaults={"email": role.person.email, "status": "sent"},
            )
    return found


def page(name: str, status: str | None = None):
    def build(cast, side):
        args = [cast.partnership(side).pk]
        if status is not None:
            args.append(announcement(cast, side, status).pk)
        return reverse(f"leadership:{name}", args=args)

    return build


def api(suffix: str = "", status: str | None = None):
    def build(cast, side):
        url = f"{API}/{cast.partnership(side).pk}/announcements{suffix}"
        if status is not None:
            url = url.replace("{id}", str(announcement(cast, side, status).pk))
        return url

    return build


def form(cast, side):
    return {"title": "Where we are heading", "body": "Two more summer programs next year."}


def ok_with(statuses, overrides: dict) -> dict:
    """The overrides with the steward's success status set to the route's own."""
    return {
        actor: (set(statuses) if actor == "steward" else codes)
        for actor, codes in overrides.items()
    }


ROUTES: list[Route] = [
    # --- pages -------------------------------------------------------------------------------
    Route("leadership:announcements", "GET", page("announcements"), Perm.VIEW),
    Route(
        "leadership:announcement-create",
        "GET",
        page("announcement-create"),
        Perm.ENDORSE,
        overrides=STEWARD_WRITES,
    ),
    Route(
        "leadership:announcement-create",
        "POST",
        page("announcement-create"),
        Perm.ENDORSE,
        data=form,
        ok=FOUND,
        overrides=ok_with(FOUND, STEWARD_WRITES),
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
        Perm.ENDORSE,
        overrides=NOT_THE_WRITER,
    ),
    Route(
        "leadership:announcement-edit",
        "POST",
        page("announcement-edit", "draft"),
        Perm.ENDORSE,
        data=form,
        ok=FOUND,
        overrides=ok_with(FOUND, NOT_THE_WRITER),
    ),
    Route(
        "leadership:announcement-send",
        "POST",
        page("announcement-send", "draft"),
        Perm.ENDORSE,
        ok=FOUND,
        overrides=ok_with(FOUND, NOT_THE_WRITER),
    ),
    # --- API ---------------------------------------------------------------------------------
    Route(f"GET {OP}", "GET", api(), Perm.VIEW, api=True),
    Route(
        f"POST {OP}",
        "POST",
        api(),
        Perm.ENDORSE,
        api=True,
        data=form,
        ok=CREATED,
        overrides=ok_with(CREATED, STEWARD_WRITES),
    ),
    Route(f"GET {ONE}", "GET", api("/{id}", "sent"), Perm.VIEW, api=True),
    Route(
        f"PATCH {ONE}",
        "PATCH",
        api("/{id}", "draft"),
        Perm.ENDORSE,
        api=True,
        data=lambda c, s: {"title": "Where we are heading next"},
        overrides=NOT_THE_WRITER,
    ),
    Route(
        f"POST {ONE}/send",
        "POST",
        api("/{id}/send", "draft"),
        Perm.ENDORSE,
        api=True,
        ok=ACCEPTED,
        overrides=ok_with(ACCEPTED, NOT_THE_WRITER),
    ),
    Route(
        f"GET {ONE}/deliveries",
        "GET",
        api("/{id}/deliveries", "sent"),
        Perm.ENDORSE,
        api=True,
        overrides=STEWARD_WRITES,
    ),
]
