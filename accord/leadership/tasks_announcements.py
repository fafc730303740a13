"""The background task that e-mails an announcement to its recipients (L4).

Run by `accord worker` (inline in tests, with Django's ImmediateBackend). It is enqueued when the
announcement is sent, after that transaction commits, and again when a stalled send is resumed;
it is safe to run again, or beside another run (see `announcement_deliver`).
"""

from django.tasks import task

from accord.core.audit import acting_as

from .services.announcements import announcement_deliver


@task()
def deliver_announcement(announcement_id: int, actor_id: int | None = None) -> dict[str, int]:
    """E-mail each queued delivery of the announcement; how many were sent and how many failed.

    Its writes are recorded for `actor_id`, whoever sent (or resumed) the announcement.
    """
    with acting_as(actor_id):
        return announcement_deliver(announcement_id=announcement_id)
