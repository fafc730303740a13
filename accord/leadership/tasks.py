"""Background tasks of the leadership pillar, run by `accord worker` (inline in tests)."""

from django.tasks import task

from . import reminders


@task()
def send_reminders() -> dict[str, int]:
    """Send every due reminder: MOU expiry and signatures still waiting (see reminders.py).

    Enqueued daily by `accord remind` from cron; returns how many of each were sent.
    """
    return reminders.send_all().counts()
