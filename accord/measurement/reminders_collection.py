"""Reminders of missing data (M3): before a period's data is due, and once after it is overdue.

Registered with accord/core/reminders.py, so `accord remind` (daily) sends them with the other
pillars' reminders. Each goes to the people of a member organization who enter its values (a role
that adds records, speaking for that organization), for each open period whose data the
organization has not submitted: once when the due date is `ACCORD_DATA_REMINDER_DAYS` days away
or nearer, and once after it has passed (notify() with a key: a second run sends nothing again).
"""

from datetime import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from accord.accounts.notifications import notify

from . import queries_collection as queries

KIND = "data_due"


def send_data_reminders(now: datetime) -> list:
    today = timezone.localdate(now)
    days = getattr(settings, "ACCORD_DATA_REMINDER_DAYS", 7)
    sent = []
    for missing in queries.missing_data(today, days):
        period = missing.period
        late = period.due_on < today
        stage = "overdue" if late else "due"
        url = reverse(
            "measurement:grid",
            args=[period.partnership_id, period.pk, missing.organization_id],
        )
        due = f"{period.due_on:%-d %B %Y}"
        if late:
            title = f"{period.label} data from {missing.organization_name} is overdue"
            body = (
                f"The {period.label} data of {missing.organization_name} for "
                f"{period.partnership} was due on {due} and has not been submitted. Enter the "
                "missing values and submit them for review."
            )
        else:
            title = f"{period.label} data from {missing.organization_name} is due on {due}"
            body = (
                f"The {period.label} data of {missing.organization_name} for "
                f"{period.partnership} is due on {due}. Enter the values and submit them for "
                "review."
            )
        for user in missing.users:
            notification = notify(
                user=user,
                kind=KIND,
                title=title[:200],
                body=body,
                url=url,
                key=f"data-due:{period.pk}:{missing.organization_id}:{stage}:{user.pk}",
            )
            if notification is not None:
                sent.append(notification)
    return sent
