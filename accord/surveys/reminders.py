"""Reminders of the collaboration survey: a wave closing soon, to each person it asked who has
not answered yet.

Registered with accord/core/reminders.py, so `accord remind` (daily) sends them with the other
reminders: once per invitation (notify() with a key), in the last REMIND_DAYS days of the wave.
The reminder links to the person's own invitation; it says nothing about who else answered.
"""

from datetime import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from accord.accounts.notifications import notify

from . import queries

KIND = "survey_reminder"
REMIND_DAYS = 3


def send_survey_reminders(now: datetime) -> list:
    """Remind each person an open wave asked, who has not answered, as it nears its close."""
    sent = []
    for invitation in queries.invitations_to_remind(timezone.localdate(now), REMIND_DAYS):
        wave = invitation.wave
        notification = notify(
            user=invitation.person.user,
            kind=KIND,
            title=Truncator(f"The collaboration survey “{wave.title}” closes soon").chars(200),
            body=f"“{wave.title}” in {wave.partnership} closes on {wave.closes_on:%-d %B %Y} and "
            "your answer is not in yet. It takes a few minutes"
            + (", and it is anonymous." if wave.anonymous else "."),
            url=reverse("surveys:answer", args=[wave.partnership_id, wave.pk]),
            key=f"survey-reminder:{invitation.pk}",
        )
        if notification is not None:
            sent.append(notification)
    return sent
