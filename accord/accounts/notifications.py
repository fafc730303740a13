"""Notifications: an in-app notice to a user, and an e-mail unless they turned e-mail off.

Every reminder and alert in Accord goes through `notify`. A `key` makes it idempotent, so a
reminder job can run as often as cron likes: the same reminder is recorded, and e-mailed, once.
The e-mail is sent by a background task after the transaction commits.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.tasks import task
from django.utils import timezone

from .models import Notification, User


def notify(
    *,
    user: User,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    key: str | None = None,
    email: bool = True,
) -> Notification | None:
    """Record a notification for `user` and queue its e-mail; None if `key` was used before.

    `url` is a path inside Accord ("/partnerships/3/"); the e-mail makes it absolute with
    ACCORD_BASE_URL.
    """
    if not user.is_active:
        return None
    if key is not None and Notification.objects.filter(key=key).exists():
        return None
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                user=user, kind=kind, title=title, body=body, url=url, key=key
            )
    except IntegrityError:  # the same key, written by a concurrent run
        return None
    if email and user.email_notifications and user.email:
        transaction.on_commit(lambda: send_notification_email.enqueue(notification.pk), robust=True)
    return notification


def absolute_url(path: str) -> str:
    return settings.ACCORD_BASE_URL.rstrip("/") + path if path else settings.ACCORD_BASE_URL


def message_id(*parts) -> str:
    """A Message-ID fixed by what the e-mail is, so any copy is recognisably the same message."""
    domain = urlsplit(settings.ACCORD_BASE_URL).hostname or "accord.invalid"
    return f"<accord.{'.'.join(str(part) for part in parts)}@{domain}>"


@task()
def send_notification_email(notification_id: int) -> bool:
    """E-mail one notification to its user (a background task); False if already sent.

    The e-mail is recorded as sent before it goes to the mail server, so a task that runs again
    (its worker stopped, accord/core/worker.py) never sends it twice.
    """
    notification = Notification.objects.select_related("user").filter(pk=notification_id).first()
    if notification is None or notification.emailed_at is not None:
        return False
    unsent = Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True)
    if not unsent.update(emailed_at=timezone.now()):
        return False  # another run has it
    lines = [notification.body] if notification.body else []
    if notification.url:
        lines.append(f"Open it in Accord: {absolute_url(notification.url)}")
    lines.append(
        "You receive this because of your role in Accord. You can turn these e-mails off on "
        f"your account page: {absolute_url('/accounts/profile/')}"
    )
    message = EmailMessage(
        subject=f"[Accord] {notification.title}",
        body="\n\n".join(lines),
        to=[notification.user.email],
        headers={"Message-ID": message_id("notification", notification.pk)},
    )
    try:
        message.send()
    except Exception:
        # Refused or unreachable: not sent, so a later run may send it.
        Notification.objects.filter(pk=notification.pk).update(emailed_at=None)
        raise
    return True
