"""Access-matrix entries for planning and design bodies (R2): pages and API operations.

Bodies and seats are set up by those holding "relationships.body.manage" (a role with the
partnership's CHANGE permission); meetings are recorded by those holding
"relationships.meeting.record" (CONTRIBUTE). The builders create the body and seat a route needs
inside the case's rolled-back transaction, on the side asked for.
"""

from datetime import date

from django.urls import reverse

from accord.relationships.models import Body, Seat
from tests.matrix import Route, Target

FOUND = frozenset({302})
CREATED = frozenset({201})
MANAGE = "relationships.body.manage"
RECORD = "relationships.meeting.record"
API = "/api/v1/partnerships/{partnership_id}/bodies"
BODY = API + "/{body_id}"


def _holder(cast, side):
    return cast.people["leader"] if side == "own" else cast.people["other_steward"]


def body(cast, side) -> Body:
    partnership = cast.partnership(side)
    found = Body.objects.filter(partnership=partnership).first()
    return found or Body.objects.create(partnership=partnership, name="Matrix committee")


def seat(cast, side) -> Seat:
    person = _holder(cast, side)
    return Seat.objects.create(
        body=body(cast, side),
        person=person,
        organization=person.organization,
        since=date(2026, 1, 1),
    )


def page(name: str):
    def build(cast, side):
        return reverse(f"relationships:{name}", args=[cast.partnership(side).pk])

    return build


def body_page(name: str):
    def build(cast, side):
        found = body(cast, side)
        return Target(
            reverse(f"relationships:{name}", args=[found.partnership_id, found.pk]), found
        )

    return build


def seat_end_page(cast, side):
    found = seat(cast, side)
    url = reverse(
        "relationships:seat-end", args=[found.body.partnership_id, found.body_id, found.pk]
    )
    return Target(url, found)


def bodies_api(cast, side):
    return API.replace("{partnership_id}", str(cast.partnership(side).pk))


def body_api(suffix: str = ""):
    def build(cast, side):
        found = body(cast, side)
        return Target(f"{bodies_api(cast, side)}/{found.pk}{suffix}", found)

    return build


def seat_end_api(cast, side):
    found = seat(cast, side)
    return Target(f"{bodies_api(cast, side)}/{found.body_id}/seats/{found.pk}/end", found)


def seat_form(cast, side):
    return {"person": _holder(cast, side).pk, "since": "2026-02-01", "votes": "on"}


def seat_body(cast, side):
    return {"person_id": _holder(cast, side).pk, "since": "2026-02-01"}


ROUTES: list[Route] = [
    Route("relationships:bodies", "GET", page("bodies"), "view"),
    Route(
        "relationships:body-create",
        "POST",
        page("body-create"),
        MANAGE,
        data=lambda cast, side: {"name": "Design group", "kind": "working_group"},
        ok=FOUND,
    ),
    Route("relationships:body-detail", "GET", body_page("body-detail"), "view"),
    Route(
        "relationships:seat-add", "POST", body_page("seat-add"), MANAGE, data=seat_form, ok=FOUND
    ),
    Route(
        "relationships:seat-end",
        "POST",
        seat_end_page,
        MANAGE,
        data=lambda cast, side: {"until": "2026-06-30"},
        ok=FOUND,
    ),
    Route(
        "relationships:meeting-add",
        "POST",
        body_page("meeting-add"),
        RECORD,
        data=lambda cast, side: {"held_on": "2026-03-01"},
        ok=FOUND,
    ),
    Route(f"GET {API}", "GET", bodies_api, "view", api=True),
    Route(
        f"POST {API}",
        "POST",
        bodies_api,
        MANAGE,
        api=True,
        data=lambda cast, side: {"name": "Design group"},
        ok=CREATED,
    ),
    Route(f"GET {BODY}", "GET", body_api(), "view", api=True),
    Route(
        f"POST {BODY}/seats",
        "POST",
        body_api("/seats"),
        MANAGE,
        api=True,
        data=seat_body,
        ok=CREATED,
    ),
    Route(
        f"POST {BODY}/seats/{{seat_id}}/end",
        "POST",
        seat_end_api,
        MANAGE,
        api=True,
        data=lambda cast, side: {"until": "2026-06-30"},
    ),
    Route(
        f"POST {BODY}/meetings",
        "POST",
        body_api("/meetings"),
        RECORD,
        api=True,
        data=lambda cast, side: {"held_on": "2026-03-01"},
        ok=CREATED,
    ),
]
