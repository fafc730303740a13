"""The digests' background task, run by `accord worker` (inline in tests)."""

from django.tasks import task

from . import digests


@task()
def send_digests() -> int:
    """Send every digest due today (enqueued daily by `accord digests send`); how many e-mails."""
    return len(digests.send_due())
