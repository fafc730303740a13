"""Reminders of the input ledger (R6): input past its deadline to acknowledge or answer.

Registered with accord/core/reminders.py, so `accord remind` (daily, from cron, through the
`send_reminders` task that `accord worker` runs) sends them with the leadership reminders. Each
reminder goes to the input's assignee, or to the partnership's stewards when nobody is assigned,
once per input, stage and person (notify() with a key): a second run sends nothing again.
"""

from datetime import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import Truncator

from accord.accounts.notifications import notify
from accord.core.access import Role
from accord.partnerships.models import PartnershipRole

from . import queries_ledger as queries

KIND = "input_overdue"


def _stewards(partnership_ids) -> dict[int, list]:
    """The active accounts of each partnership's current stewards (one query)."""
    roles = PartnershipRole.objects.filter(
        partnership_id__in=partnership_ids,
        role=Role.STEWARD,
        archived_at__isnull=True,
        person__archived_at__isnull=True,
        person__user__is_active=True,
    ).values_list("partnership_id", "person__user_id")
    user_ids = {user_id for _, user_id in roles}
    users = get_user_model().objects.in_bulk(user_ids)
    found: dict[int, list] = {}
    for partnership_id, user_id in roles:
        found.setdefault(partnership_id, []).append(users[user_id])
    return found


def send_input_reminders(now: datetime) -> list:
    """Remind whoever should acknowledge or answer input that is past its deadline."""
    overdue = queries.overdue_inputs(now)
    stewards = _stewards({item.partnership_id for item in overdue})
    sent = []
    for item in overdue:
        assignee = item.assignee
        if assignee is not None and assignee.user_id and assignee.archived_at is None:
            users = [assignee.user]
        else:
            users = stewards.get(item.partnership_id, [])
        stage = "acknowledge" if item.waiting_for == "acknowledgement" else "answer"
        due = item.ack_due if stage == "acknowledge" else item.response_due
        for user in users:
            notification = notify(
                user=user,
                kind=KIND,
                title=Truncator(f"Input to {stage} in {item.partnership}: {item.subject}").chars(
                    200
                ),
                body=f"Input received on {timezone.localdate(item.received_at):%-d %B %Y} was "
                f"due to be {'acknowledged' if stage == 'acknowledge' else 'answered'} by "
                f"{timezone.localdate(due):%-d %B %Y}. Open it to {stage} it, or assign it to "
                "someone who will.",
                url=item.get_absolute_url(),
                key=f"input-overdue:{item.pk}:{stage}:{user.pk}",
            )
            if notification is not None:
                sent.append(notification)
    return sent
