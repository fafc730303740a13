"""Template context for every page: the signed-in person's count of unread notifications."""

from django.db.models import F, Func, IntegerField
from django.utils.functional import SimpleLazyObject

from accord.core.compiled import CompiledQuery

from .models import Notification

# Every page asks it: compiled once per process (accord/core/compiled.py).
_unread_count = CompiledQuery(
    lambda user_id: (
        Notification.objects.filter(user_id=user_id, read_at__isnull=True)
        .order_by()
        .annotate(n=Func(F("pk"), function="COUNT", output_field=IntegerField()))
        .values_list("n")
    )
)


def notifications(request) -> dict:
    """`unread_notifications` for the navigation badge: one indexed count, only when shown."""
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: _unread_count(user.pk)[0][0])}
