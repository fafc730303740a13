"""Demo trust survey waves (R6) in "Bridges to Civil Engineering Careers".

Two waves, six months apart, each answered by all five member organizations. Between them the
trust between the society (SCEE) and Red Cedar Tribal College rises from about 2 to above 3, after
a year of meeting; in the second wave Carver State rates Rio Bravo College far higher than Rio Bravo
rates Carver State, so that pair shows as one-sided. Each wave is keyed by its title in the
partnership, so loading the demo again changes nothing.
"""

from datetime import timedelta

from django.utils import timezone

from .models_trust import RATING_FIELDS, TrustWave
from .services_trust import response_submit, wave_close, wave_open

# The organization each respondent answers for (a project director of it in the partnership).
RESPONDENTS = {
    "scee": "grant",
    "carver": "mensah",
    "riobravo": "mendoza",
    "redcedar": "whitehorse",
    "eec": "fischer",
}
# (title, opened days ago, closed days ago, the usual rating, {(rater, rated): rating}); a rating
# is reliability, mission, openness, power, involvement, resources, intensity.
WAVES = [
    (
        "Autumn wave",
        200,
        180,
        (3, 3, 3, 3, 2, 3, 2),
        {
            ("scee", "redcedar"): (2, 2, 3, 2, 2, 2, 1),
            ("redcedar", "scee"): (2, 2, 2, 3, 2, 2, 1),
            ("eec", "redcedar"): (2, 3, 2, 2, 2, 2, 1),
            ("redcedar", "eec"): (2, 2, 3, 3, 2, 2, 1),
        },
    ),
    (
        "Spring wave",
        25,
        4,
        (3, 4, 3, 3, 3, 3, 2),
        {
            ("scee", "redcedar"): (3, 4, 3, 3, 3, 3, 3),
            ("redcedar", "scee"): (3, 3, 4, 3, 3, 3, 2),
            ("carver", "riobravo"): (4, 4, 4, 4, 3, 3, 3),
            ("riobravo", "carver"): (3, 3, 2, 3, 2, 2, 2),
            ("eec", "redcedar"): (2, 3, 3, 2, 2, 2, 1),
            ("redcedar", "eec"): (3, 2, 3, 3, 2, 2, 1),
        },
    ),
]


def seed_trust(context) -> None:
    partnership = context.partnerships["bridges"]
    organizations, people = context.organizations, context.people
    today = timezone.localdate()
    for title, opened, closed, usual, special in WAVES:
        if TrustWave.objects.filter(partnership=partnership, title=title).exists():
            continue
        wave = wave_open(
            partnership=partnership,
            title=title,
            opens_on=today - timedelta(days=opened),
            closes_on=today,
            opened_by=context.users.get("vega"),
        )
        members = set(wave.members.values_list("organization_id", flat=True))
        for rater, person in RESPONDENTS.items():
            if organizations[rater].pk not in members:
                continue
            ratings = [
                {
                    "rated": organizations[rated],
                    **dict(zip(RATING_FIELDS, special.get((rater, rated), usual), strict=True)),
                }
                for rated in RESPONDENTS
                if rated != rater and organizations[rated].pk in members
            ]
            response_submit(
                wave=wave,
                organization=organizations[rater],
                respondent=people[person],
                ratings=ratings,
            )
        wave_close(wave=wave)
        # The demo's history: the wave ran `opened` to `closed` days ago.
        TrustWave.objects.filter(pk=wave.pk).update(
            closes_on=today - timedelta(days=closed),
            closed_at=timezone.now() - timedelta(days=closed),
        )
        context.log.append(f"trust survey wave {title}")
