"""Access-matrix entries for the input ledger (R6). See tests/matrix/__init__.py for how outcomes
are derived.

Everyone with a role sees a partnership's input ledger; "relationships.input.record" (a role that
adds records) records and archives input; "relationships.input.triage" lets the input's assignee
(here the viewer, on the actors' partnership) triage and answer it too; a steward publishes
("relationships.input.publish") and sets the deadlines and the public form
("relationships.ledger.settings"); "relationships.consultation.manage" opens consultations. The
public form and "you said, we did" need no sign-in (the builders turn the form on).
"""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from accord.relationships.models import Input, InputAction, LedgerSettings
from tests.matrix import PUBLIC, Route, Target

FOUND = frozenset({302})
CREATED = frozenset({201})
GONE = frozenset({204})
RECORD = "relationships.input.record"
TRIAGE = "relationships.input.triage"
PUBLISH = "relationships.input.publish"
CONSULT = "relationships.consultation.manage"
SETTINGS = "relationships.ledger.settings"
BASE = "/api/v1/partnerships/{partnership_id}"
LIST = BASE + "/inputs"
ONE = LIST + "/{input_id}"


def assignee(cast, side):
    return cast.people["viewer"] if side == "own" else cast.people["other_steward"]


def an_input(cast, side) -> Input:
    now = timezone.now()
    return Input.objects.create(
        partnership=cast.partnership(side),
        subject="Matrix input",
        text="Please answer.",
        received_at=now - timedelta(days=2),
        assignee=assignee(cast, side),
        response="Answered.",
        responded_at=now,
        acknowledged_at=now,
    )


def an_action(cast, side) -> InputAction:
    return InputAction.objects.create(input=an_input(cast, side), text="Did it")


def page(name: str):
    def build(cast, side):
        return reverse(f"relationships:{name}", args=[cast.partnership(side).pk])

    return build


def on_input(name: str):
    def build(cast, side):
        found = an_input(cast, side)
        return Target(
            reverse(f"relationships:{name}", args=[found.partnership_id, found.pk]), found
        )

    return build


def action_remove(cast, side):
    found = an_action(cast, side)
    args = [found.input.partnership_id, found.input_id, found.pk]
    return Target(reverse("relationships:input-action-remove", args=args), found.input)


def public(name: str):
    def build(cast, side):
        LedgerSettings.objects.update_or_create(
            partnership=cast.own, defaults={"public_form": True}
        )
        return reverse(f"relationships:{name}", args=[cast.own.pk])

    return build


def api(path: str):
    def build(cast, side):
        return path.replace("{partnership_id}", str(cast.partnership(side).pk))

    return build


def api_input(suffix: str = ""):
    def build(cast, side):
        found = an_input(cast, side)
        url = ONE.replace("{partnership_id}", str(found.partnership_id))
        return Target(url.replace("{input_id}", str(found.pk)) + suffix, found)

    return build


def input_form(cast, side):
    return {"subject": "By e-mail", "text": "A note.", "channel": "email"}


def consultation_form(cast, side):
    return {"question": "Which weeks?", "opens_on": "2026-05-01", "closes_on": "2026-06-01"}


def settings_form(cast, side):
    return {"ack_days": "5", "response_days": "30", "public_form": "on", "form_question": ""}


def public_form(cast, side):
    return {"subject": "Bus", "text": "No bus on Saturdays.", "anonymous": "on"}


ROUTES: list[Route] = [
    # --- pages --------------------------------------------------------------------------------
    Route("relationships:ledger", "GET", page("ledger"), "view"),
    Route("relationships:input-add", "GET", page("input-add"), RECORD),
    Route("relationships:input-add", "POST", page("input-add"), RECORD, data=input_form, ok=FOUND),
    Route("relationships:ledger-settings", "GET", page("ledger-settings"), SETTINGS),
    Route(
        "relationships:ledger-settings",
        "POST",
        page("ledger-settings"),
        SETTINGS,
        data=settings_form,
        ok=FOUND,
    ),
    Route("relationships:consultation-add", "GET", page("consultation-add"), CONSULT),
    Route(
        "relationships:consultation-add",
        "POST",
        page("consultation-add"),
        CONSULT,
        data=consultation_form,
        ok=FOUND,
    ),
    Route("relationships:input-detail", "GET", on_input("input-detail"), "view"),
    Route(
        "relationships:input-assign",
        "POST",
        on_input("input-assign"),
        TRIAGE,
        data=lambda cast, side: {"assignee": assignee(cast, side).pk},
        ok=FOUND,
    ),
    Route(
        "relationships:input-acknowledge", "POST", on_input("input-acknowledge"), TRIAGE, ok=FOUND
    ),
    Route(
        "relationships:input-respond",
        "POST",
        on_input("input-respond"),
        TRIAGE,
        data=lambda cast, side: {"response": "Thank you.", "give": "1"},
        ok=FOUND,
    ),
    Route(
        "relationships:input-close",
        "POST",
        on_input("input-close"),
        TRIAGE,
        data=lambda cast, side: {"close_reason": "duplicate"},
        ok=FOUND,
    ),
    Route("relationships:input-reopen", "POST", on_input("input-reopen"), TRIAGE, ok=FOUND),
    Route(
        "relationships:input-publish",
        "POST",
        on_input("input-publish"),
        PUBLISH,
        data=lambda cast, side: {"published": "1"},
        ok=FOUND,
    ),
    Route("relationships:input-archive", "POST", on_input("input-archive"), RECORD, ok=FOUND),
    Route(
        "relationships:input-action-add",
        "POST",
        on_input("input-action-add"),
        TRIAGE,
        data=lambda cast, side: {"text": "Added a bus."},
        ok=FOUND,
    ),
    Route("relationships:input-action-remove", "POST", action_remove, TRIAGE, ok=FOUND),
    # --- public pages -------------------------------------------------------------------------
    Route("relationships:public-input", "GET", public("public-input"), PUBLIC, scoped=False),
    Route(
        "relationships:public-input",
        "POST",
        public("public-input"),
        PUBLIC,
        scoped=False,
        data=public_form,
    ),
    Route("relationships:you-said-we-did", "GET", public("you-said-we-did"), PUBLIC, scoped=False),
    # --- API ----------------------------------------------------------------------------------
    Route(f"GET {LIST}", "GET", api(LIST), "view", api=True),
    Route(
        f"POST {LIST}",
        "POST",
        api(LIST),
        RECORD,
        api=True,
        data=lambda cast, side: {"subject": "Call", "text": "They called."},
        ok=CREATED,
    ),
    Route(f"GET {ONE}", "GET", api_input(), "view", api=True),
    Route(
        f"PATCH {ONE}",
        "PATCH",
        api_input(),
        TRIAGE,
        api=True,
        data=lambda cast, side: {"response": "Thanks again."},
    ),
    Route(f"DELETE {ONE}", "DELETE", api_input(), RECORD, api=True, ok=GONE),
    Route(
        f"POST {ONE}/close",
        "POST",
        api_input("/close"),
        TRIAGE,
        api=True,
        data=lambda cast, side: {"reason": "duplicate"},
    ),
    Route(
        f"PUT {ONE}/published",
        "PUT",
        api_input("/published"),
        PUBLISH,
        api=True,
        data=lambda cast, side: {"published": True},
    ),
    Route(
        f"POST {ONE}/actions",
        "POST",
        api_input("/actions"),
        TRIAGE,
        api=True,
        data=lambda cast, side: {"text": "Added a bus."},
        ok=CREATED,
    ),
    Route(f"GET {BASE}/consultations", "GET", api(BASE + "/consultations"), "view", api=True),
    Route(
        f"POST {BASE}/consultations",
        "POST",
        api(BASE + "/consultations"),
        CONSULT,
        api=True,
        data=consultation_form,
        ok=CREATED,
    ),
    Route(f"GET {BASE}/input-settings", "GET", api(BASE + "/input-settings"), "view", api=True),
    Route(
        f"PUT {BASE}/input-settings",
        "PUT",
        api(BASE + "/input-settings"),
        SETTINGS,
        api=True,
        data=lambda cast, side: {"ack_days": 4, "response_days": 20, "public_form": False},
    ),
    Route(f"GET {BASE}/responsiveness", "GET", api(BASE + "/responsiveness"), "view", api=True),
]
