"""Access-matrix entries for engagements (R4, R5). See tests/matrix/__init__.py for how outcomes
are derived.

Everyone with a role sees a partnership's engagements, their calendar files and its cadence;
"relationships.engagement.manage" (a role that adds records) records and changes them;
"relationships.action.change" lets an action item's owner (here the viewer, on the actors'
partnership) change it too; "relationships.rhythm.change" sets how often partners meet. The
calendar pages are each person's own; the feed opens by its secret alone (a wrong one is 404).
"""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from accord.relationships.models import ActionItem, Engagement, EngagementAttendee
from tests.matrix import PUBLIC, SIGNED_IN, Route, Target

FOUND = frozenset({302})
CREATED = frozenset({201})
GONE = frozenset({204})
MANAGE = "relationships.engagement.manage"
ACTION = "relationships.action.change"
RHYTHM = "relationships.rhythm.change"
LIST = "/api/v1/partnerships/{partnership_id}/engagements"
ONE = LIST + "/{engagement_id}"
ITEM = "/api/v1/partnerships/{partnership_id}/action-items/{item_id}"
CADENCE = "/api/v1/partnerships/{partnership_id}/cadence"


def engagement(cast, side) -> Engagement:
    return Engagement.objects.create(
        partnership=cast.partnership(side),
        title="Matrix meeting",
        starts_at=timezone.now() - timedelta(days=3),
    )


def owner(cast, side):
    return cast.people["viewer"] if side == "own" else cast.people["other_steward"]


def action_item(cast, side) -> ActionItem:
    return ActionItem.objects.create(
        engagement=engagement(cast, side),
        title="Matrix follow-up",
        owner=owner(cast, side),
        due_on=timezone.localdate(),
    )


def attendee(cast, side) -> EngagementAttendee:
    return EngagementAttendee.objects.create(
        engagement=engagement(cast, side), organization=cast.partner, name="Matrix guest"
    )


def page(name: str):
    def build(cast, side):
        return reverse(f"relationships:{name}", args=[cast.partnership(side).pk])

    return build


def on_engagement(name: str):
    def build(cast, side):
        found = engagement(cast, side)
        return Target(
            reverse(f"relationships:{name}", args=[found.partnership_id, found.pk]), found
        )

    return build


def attendee_remove(cast, side):
    found = attendee(cast, side)
    args = [found.engagement.partnership_id, found.engagement_id, found.pk]
    return Target(reverse("relationships:attendee-remove", args=args), found)


def action_status(cast, side):
    found = action_item(cast, side)
    args = [found.engagement.partnership_id, found.pk]
    return Target(reverse("relationships:action-status", args=args), found)


def plain(name: str, *args):
    return lambda cast, side: reverse(f"relationships:{name}", args=list(args))


def engagement_form(cast, side):
    return {
        "title": "Planning day",
        "kind": "workshop",
        "level": "involve",
        "starts_at": "2026-05-01T10:00",
        "time_zone": "UTC",
    }


def api(path: str):
    def build(cast, side):
        return path.replace("{partnership_id}", str(cast.partnership(side).pk))

    return build


def api_engagement(suffix: str = ""):
    def build(cast, side):
        found = engagement(cast, side)
        url = ONE.replace("{partnership_id}", str(found.partnership_id))
        return Target(url.replace("{engagement_id}", str(found.pk)) + suffix, found)

    return build


def api_attendee(cast, side):
    found = attendee(cast, side)
    url = ONE.replace("{partnership_id}", str(found.engagement.partnership_id))
    url = url.replace("{engagement_id}", str(found.engagement_id))
    return Target(f"{url}/attendees/{found.pk}", found)


def api_item(cast, side):
    found = action_item(cast, side)
    url = ITEM.replace("{partnership_id}", str(found.engagement.partnership_id))
    return Target(url.replace("{item_id}", str(found.pk)), found)


def action_body(cast, side):
    return {"title": "Send notes", "owner_id": owner(cast, side).pk, "due_on": "2026-12-31"}


ROUTES: list[Route] = [
    # --- pages --------------------------------------------------------------------------------
    Route("relationships:engagements", "GET", page("engagements"), "view"),
    Route("relationships:engagement-add", "GET", page("engagement-add"), MANAGE),
    Route(
        "relationships:engagement-add",
        "POST",
        page("engagement-add"),
        MANAGE,
        data=engagement_form,
        ok=FOUND,
    ),
    Route(
        "relationships:engagement-rhythm",
        "POST",
        page("engagement-rhythm"),
        RHYTHM,
        data=lambda cast, side: {"days": "60"},
        ok=FOUND,
    ),
    Route("relationships:engagement-detail", "GET", on_engagement("engagement-detail"), "view"),
    Route("relationships:engagement-edit", "GET", on_engagement("engagement-edit"), MANAGE),
    Route(
        "relationships:engagement-edit",
        "POST",
        on_engagement("engagement-edit"),
        MANAGE,
        data=engagement_form,
        ok=FOUND,
    ),
    Route(
        "relationships:engagement-archive",
        "POST",
        on_engagement("engagement-archive"),
        MANAGE,
        ok=FOUND,
    ),
    Route("relationships:engagement-ics", "GET", on_engagement("engagement-ics"), "view"),
    Route(
        "relationships:attendee-add",
        "POST",
        on_engagement("attendee-add"),
        MANAGE,
        data=lambda cast, side: {"name": "Guest", "organization": cast.partner.pk},
        ok=FOUND,
    ),
    Route("relationships:attendee-remove", "POST", attendee_remove, MANAGE, ok=FOUND),
    Route(
        "relationships:action-add",
        "POST",
        on_engagement("action-add"),
        MANAGE,
        data=lambda cast, side: {
            "title": "Send notes",
            "owner": owner(cast, side).pk,
            "due_on": "2026-12-31",
        },
        ok=FOUND,
    ),
    Route(
        "relationships:action-status",
        "POST",
        action_status,
        ACTION,
        data=lambda cast, side: {"status": "done"},
        ok=FOUND,
    ),
    # --- each person's calendar feed ----------------------------------------------------------
    Route("relationships:calendar", "GET", plain("calendar"), SIGNED_IN, scoped=False),
    Route(
        "relationships:calendar-feed-create",
        "POST",
        plain("calendar-feed-create"),
        SIGNED_IN,
        scoped=False,
    ),
    Route(
        "relationships:calendar-feed-revoke",
        "POST",
        plain("calendar-feed-revoke"),
        SIGNED_IN,
        scoped=False,
        ok=FOUND,
    ),
    Route(
        "relationships:calendar-feed",
        "GET",
        plain("calendar-feed", "not-a-feed"),
        PUBLIC,
        scoped=False,
        ok=frozenset({404}),
    ),
    # --- API ----------------------------------------------------------------------------------
    Route(f"GET {LIST}", "GET", api(LIST), "view", api=True),
    Route(
        f"POST {LIST}",
        "POST",
        api(LIST),
        MANAGE,
        api=True,
        data=lambda cast, side: {"title": "Call", "starts_at": "2026-05-01T10:00:00Z"},
        ok=CREATED,
    ),
    Route(f"GET {ONE}", "GET", api_engagement(), "view", api=True),
    Route(
        f"PATCH {ONE}",
        "PATCH",
        api_engagement(),
        MANAGE,
        api=True,
        data=lambda cast, side: {"notes": "Went well."},
    ),
    Route(f"DELETE {ONE}", "DELETE", api_engagement(), MANAGE, api=True, ok=GONE),
    Route(
        f"POST {ONE}/attendees",
        "POST",
        api_engagement("/attendees"),
        MANAGE,
        api=True,
        data=lambda cast, side: {"name": "Guest", "organization_id": cast.partner.pk},
        ok=CREATED,
    ),
    Route(
        f"DELETE {ONE}/attendees/{{attendee_id}}",
        "DELETE",
        api_attendee,
        MANAGE,
        api=True,
        ok=GONE,
    ),
    Route(
        f"POST {ONE}/action-items",
        "POST",
        api_engagement("/action-items"),
        MANAGE,
        api=True,
        data=action_body,
        ok=CREATED,
    ),
    Route(
        f"PATCH {ITEM}",
        "PATCH",
        api_item,
        ACTION,
        api=True,
        data=lambda cast, side: {"status": "done"},
    ),
    Route(f"GET {CADENCE}", "GET", api(CADENCE), "view", api=True),
    Route(
        f"PUT {CADENCE}",
        "PUT",
        api(CADENCE),
        RHYTHM,
        api=True,
        data=lambda cast, side: {"rhythm_days": 45},
    ),
]
