"""Demo collaboration survey waves in "Bridges to Civil Engineering Careers".

Two waves of the default instrument, six months apart, asking everyone who holds a role. Most of
those asked answer each wave (through the service, so every rule applies), so every factor has
enough answers to show. Between the waves communication, clear roles and trust between partners
improve after a year of regular meetings; resources stay a concern, and "the right people at the
table" stays under 3, which the partnership's representation analysis explains. Each wave is
keyed by its title in the partnership, so loading the demo again changes nothing.
"""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from accord.core.access import Role

from .models import Item, SurveyWave
from .services import answer_submit, wave_close, wave_open

# factor key: (autumn, spring) means the demo's answers aim at
PROFILE = {
    "track-record": ("3.4", "3.6"),
    "standing": ("3.2", "3.5"),
    "climate": ("3.6", "3.7"),
    "respect": ("3.3", "4.1"),
    "right-people": ("2.6", "2.8"),
    "worth-it": ("3.9", "4.2"),
    "compromise": ("3.5", "3.6"),
    "ownership": ("3.0", "3.6"),
    "every-level": ("2.8", "3.2"),
    "adaptability": ("3.7", "3.8"),
    "clear-roles": ("2.7", "3.9"),
    "pace": ("3.4", "3.3"),
    "open-communication": ("2.9", "3.8"),
    "informal-ties": ("3.1", "3.9"),
    "clear-goals": ("4.1", "4.3"),
    "shared-vision": ("3.8", "4.2"),
    "unique-purpose": ("4.3", "4.4"),
    "means": ("2.5", "2.7"),
    "leadership": ("3.9", "4.1"),
}
# (title, opened days ago, closed days ago, which profile, how many of those asked answer)
WAVES = [("Autumn survey", 190, 170, 0, 11), ("Spring survey", 30, 9, 1, 12)]


def demo_value(target: Decimal, respondent: int, item: int) -> int:
    """An answer from 1 to 5 such that the answers of many respondents average about `target`:
    the integer below it or above it in the right proportion, and some spread either side."""
    low = int(target)
    share = int((target - low) * 10)
    value = low + (1 if (respondent * 7 + item * 3) % 10 < share else 0)
    if respondent % 6 == 0:
        value -= 1
    elif respondent % 6 == 1:
        value += 1
    return max(1, min(5, value))


def seed_surveys(context) -> None:
    partnership = context.partnerships["bridges"]
    today = timezone.localdate()
    for title, opened, closed, which, answering in WAVES:
        if SurveyWave.objects.filter(partnership=partnership, title=title).exists():
            continue
        wave = wave_open(
            partnership=partnership,
            title=title,
            opens_on=today - timedelta(days=opened),
            closes_on=today,
            roles=[role.value for role in Role],
            anonymous=True,
            opened_by=context.users.get("vega"),
            notify_invitees=False,  # waves of the past: nobody is asked today
        )
        items = list(
            Item.objects.filter(factor__category__instrument=wave.instrument)
            .select_related("factor")
            .order_by("pk")
        )
        invitations = list(wave.invitations.select_related("person").order_by("person__name"))
        for number, invitation in enumerate(invitations[:answering]):
            answers = [
                {
                    "item_id": item.pk,
                    "value": demo_value(Decimal(PROFILE[item.factor.key][which]), number, index),
                }
                for index, item in enumerate(items)
            ]
            answer_submit(wave=wave, person=invitation.person, answers=answers)
        wave_close(wave=wave)
        # The demo's history: the wave ran `opened` to `closed` days ago.
        SurveyWave.objects.filter(pk=wave.pk).update(
            closes_on=today - timedelta(days=closed),
            closed_at=timezone.now() - timedelta(days=closed),
        )
        # Answers came in while it was open: the day of each answer and invitation goes back too.
        answered = timezone.now() - timedelta(days=(opened + closed) // 2)
        wave.invitations.filter(answered_at__isnull=False).update(answered_at=answered)
        wave.responses.update(answered_on=timezone.localdate(answered))
        context.log.append(f"collaboration survey wave {title}")
