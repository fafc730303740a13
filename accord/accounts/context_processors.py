"""Template context for every page: the signed-in person's count of unread notifications."""

from django.utils.functional import SimpleLazyObject

from .models import Notification


def notifications(request) -> dict:
    """`unread_notifications` for the navigation badge: one indexed count, only when shown."""
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {}
    return {
        "unread_notifications": SimpleLazyObject(
            lambda: Notification.objects.filter(user=user, read_at__isnull=True).count()
        )
    }
