"""Access-matrix entries for the trust and value network (R6). See tests/matrix/__init__.py for
how outcomes are derived.

Everyone with a role sees the waves, the answers and the results; "relationships.trust.manage" (a
steward) opens and closes waves; "relationships.trust.respond" (a leader or project director, who
speaks for a member organization) answers. The actors' people belong to the partner organization,
so they answer for it and rate the host.
"""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from accord.relationships.models import TrustRating, TrustResponse, TrustWave, TrustWaveMember
from tests.matrix import Route, Target

FOUND = frozenset({302})
CREATED = frozenset({201})
MANAGE = "relationships.trust.manage"
RESPOND = "relationships.trust.respond"
LIST = "/api/v1/partnerships/{partnership_id}/trust-waves"
ONE = LIST + "/{wave_id}"
ANSWERS = ONE + "/responses"
ANSWER = ANSWERS + "/{response_id}"
ITEMS = ("reliability", "mission", "openness", "power", "involvement", "resources", "intensity")


def wave(cast, side) -> TrustWave:
    today = timezone.localdate()
    found = TrustWave.objects.create(
        partnership=cast.partnership(side),
        title="Matrix wave",
        opens_on=today,
        closes_on=today + timedelta(days=7),
    )
    organizations = {cast.partner, cast.host if side == "own" else cast.partner}
    for organization in organizations:
        TrustWaveMember.objects.create(wave=found, organization=organization)
    return found


def response(cast, side) -> TrustResponse:
    found = wave(cast, side)
    answer = TrustResponse.objects.create(
        wave=found, organization=cast.partner, respondent=cast.people["leader"]
    )
    TrustRating.objects.create(response=answer, rated=cast.host, **dict.fromkeys(ITEMS, 3))
    return answer


def page(name: str):
    def build(cast, side):
        return reverse(f"relationships:{name}", args=[cast.partnership(side).pk])

    return build


def on_wave(name: str, *extra):
    def build(cast, side):
        found = wave(cast, side)
        args = [found.partnership_id, found.pk, *(e(cast) for e in extra)]
        return Target(reverse(f"relationships:{name}", args=args), found)

    return build


def respond(cast, side):
    # The form for the partner organization in the side's partnership (the policy decides on it).
    found = wave(cast, side)
    args = [found.partnership_id, found.pk, cast.partner.pk]
    return reverse("relationships:trust-respond", args=args)


def wave_form(cast, side):
    """A new wave's dates; the other partnership gets a second member, as a wave needs two."""
    if side == "other":
        from accord.partnerships.models import Membership

        Membership.objects.get_or_create(partnership=cast.other, organization=cast.host)
    return {
        "title": "Spring",
        "opens_on": str(timezone.localdate()),
        "closes_on": str(timezone.localdate() + timedelta(days=5)),
    }


def rating_form(cast, side):
    return {f"o{cast.host.pk}_{name}": "3" for name in ITEMS}


def api(path: str):
    def build(cast, side):
        return path.replace("{partnership_id}", str(cast.partnership(side).pk))

    return build


def api_wave(suffix: str = ""):
    def build(cast, side):
        found = wave(cast, side)
        url = ONE.replace("{partnership_id}", str(found.partnership_id))
        return Target(url.replace("{wave_id}", str(found.pk)) + suffix, found)

    return build


def api_response(cast, side):
    found = response(cast, side)
    url = ANSWER.replace("{partnership_id}", str(found.wave.partnership_id))
    url = url.replace("{wave_id}", str(found.wave_id)).replace("{response_id}", str(found.pk))
    return Target(url, found)


def api_answers(cast, side):
    # Answering is decided on the partnership (who speaks for an organization in it).
    found = wave(cast, side)
    url = ANSWERS.replace("{partnership_id}", str(found.partnership_id))
    return url.replace("{wave_id}", str(found.pk))


def api_rating_body(cast, side):
    return {"organization_id": cast.partner.pk, "ratings": [rating(cast)]}


def rating(cast) -> dict:
    return {"organization_id": cast.host.pk, **dict.fromkeys(ITEMS, 3)}


ROUTES: list[Route] = [
    # --- pages --------------------------------------------------------------------------------
    Route("relationships:trust", "GET", page("trust"), "view"),
    Route(
        "relationships:trust-wave-create",
        "POST",
        page("trust-wave-create"),
        MANAGE,
        data=wave_form,
        ok=FOUND,
    ),
    Route("relationships:trust-wave", "GET", on_wave("trust-wave"), "view"),
    Route("relationships:trust-wave-close", "POST", on_wave("trust-wave-close"), MANAGE, ok=FOUND),
    Route("relationships:trust-respond", "GET", respond, RESPOND),
    Route(
        "relationships:trust-respond",
        "POST",
        respond,
        RESPOND,
        data=rating_form,
        ok=FOUND,
    ),
    # --- API ----------------------------------------------------------------------------------
    Route(f"GET {LIST}", "GET", api(LIST), "view", api=True),
    Route(
        f"POST {LIST}",
        "POST",
        api(LIST),
        MANAGE,
        api=True,
        data=wave_form,
        ok=CREATED,
    ),
    Route(f"GET {ONE}", "GET", api_wave(), "view", api=True),
    Route(f"POST {ONE}/close", "POST", api_wave("/close"), MANAGE, api=True),
    Route(f"GET {ONE}/results", "GET", api_wave("/results"), "view", api=True),
    Route(f"GET {ANSWERS}", "GET", api_wave("/responses"), "view", api=True),
    Route(
        f"POST {ANSWERS}",
        "POST",
        api_answers,
        RESPOND,
        api=True,
        data=api_rating_body,
        ok=CREATED,
    ),
    Route(f"GET {ANSWER}", "GET", api_response, "view", api=True),
    Route(
        f"PUT {ANSWER}",
        "PUT",
        api_response,
        RESPOND,
        api=True,
        data=lambda cast, side: {"ratings": [rating(cast)]},
    ),
]
