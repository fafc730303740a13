"""Access-matrix entries for the collaboration survey. See tests/matrix/__init__.py for how
outcomes are derived.

Everyone with a role sees the waves and reads the results ("surveys.results.view"); a steward opens
and closes waves ("surveys.wave.manage"); the people a wave asked answer it ("surveys.wave.answer":
the matrix's wave asks every role-holder of its partnership, so the administrator, who holds no
role, is refused the answering page with 403, and outsiders get 404).
"""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from accord.surveys.models import Item, SurveyInvitation, SurveyWave
from accord.surveys.services import default_instrument
from tests.matrix import Route, Target

FOUND = frozenset({302})
CREATED = frozenset({201})
MANAGE = "surveys.wave.manage"
ANSWER = "surveys.wave.answer"
RESULTS = "surveys.results.view"
LIST = "/api/v1/partnerships/{partnership_id}/survey-waves"
ONE = LIST + "/{survey_wave_id}"
TRENDS = "/api/v1/partnerships/{partnership_id}/survey-trends"


def wave(cast, side) -> SurveyWave:
    """An open wave asking every current role-holder of the side's partnership."""
    partnership = cast.partnership(side)
    today = timezone.localdate()
    found = SurveyWave.objects.create(
        partnership=partnership,
        instrument=default_instrument(),
        title="Matrix wave",
        opens_on=today,
        closes_on=today + timedelta(days=7),
        roles=["steward", "viewer"],
    )
    for role in partnership.roles.filter(archived_at__isnull=True).select_related("person"):
        SurveyInvitation.objects.get_or_create(
            wave=found,
            person=role.person,
            defaults={"organization": role.organization, "token": f"matrix-token-{role.pk:040d}"},
        )
    return found


def page(name: str):
    def build(cast, side):
        return reverse(f"surveys:{name}", args=[cast.partnership(side).pk])

    return build


def on_wave(name: str):
    def build(cast, side):
        found = wave(cast, side)
        return Target(reverse(f"surveys:{name}", args=[found.partnership_id, found.pk]), found)

    return build


def invitation(cast, side):
    found = wave(cast, side)
    token = found.invitations.order_by("pk").first().token
    return Target(reverse("surveys:invitation", args=[token]), found)


def wave_form(cast, side):
    return {
        "title": "Spring",
        "opens_on": str(timezone.localdate()),
        "closes_on": str(timezone.localdate() + timedelta(days=5)),
        "roles": ["steward", "viewer"],
        "anonymous": "on",
    }


def api_wave_form(cast, side):
    return {**wave_form(cast, side), "anonymous": True}


def every_item() -> list[int]:
    return list(
        Item.objects.filter(factor__category__instrument=default_instrument()).values_list(
            "pk", flat=True
        )
    )


def answer_form(cast, side):
    return {f"item_{pk}": "4" for pk in every_item()}


def api_answers(cast, side):
    return {"answers": [{"item_id": pk, "value": 4} for pk in every_item()]}


def api(path: str):
    def build(cast, side):
        return path.replace("{partnership_id}", str(cast.partnership(side).pk))

    return build


def api_wave(suffix: str = ""):
    def build(cast, side):
        found = wave(cast, side)
        url = ONE.replace("{partnership_id}", str(found.partnership_id))
        return Target(url.replace("{survey_wave_id}", str(found.pk)) + suffix, found)

    return build


ROUTES: list[Route] = [
    # --- pages --------------------------------------------------------------------------------
    Route("surveys:waves", "GET", page("waves"), "view"),
    Route("surveys:wave-create", "GET", page("wave-create"), MANAGE),
    Route("surveys:wave-create", "POST", page("wave-create"), MANAGE, data=wave_form, ok=FOUND),
    Route("surveys:trends", "GET", page("trends"), RESULTS),
    Route("surveys:wave", "GET", on_wave("wave"), RESULTS),
    Route("surveys:wave-close", "POST", on_wave("wave-close"), MANAGE, ok=FOUND),
    Route("surveys:answer", "GET", on_wave("answer"), ANSWER),
    Route("surveys:answer", "POST", on_wave("answer"), ANSWER, data=answer_form, ok=FOUND),
    Route("surveys:invitation", "GET", invitation, ANSWER, ok=FOUND),
    # --- API ----------------------------------------------------------------------------------
    Route(f"GET {LIST}", "GET", api(LIST), "view", api=True),
    Route(f"POST {LIST}", "POST", api(LIST), MANAGE, api=True, data=api_wave_form, ok=CREATED),
    Route(f"GET {ONE}", "GET", api_wave(), "view", api=True),
    Route(f"POST {ONE}/close", "POST", api_wave("/close"), MANAGE, api=True),
    Route(
        f"POST {ONE}/answers",
        "POST",
        api_wave("/answers"),
        ANSWER,
        api=True,
        data=api_answers,
        ok=CREATED,
    ),
    Route(f"GET {ONE}/results", "GET", api_wave("/results"), RESULTS, api=True),
    Route(f"GET {TRENDS}", "GET", api(TRENDS), RESULTS, api=True),
]
