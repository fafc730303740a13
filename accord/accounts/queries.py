"""Reads of a person's own things that the pages and the API share."""

from django.http import Http404

from .models import Notification


def own_notification(user, pk) -> Notification:
    """One of `user`'s notifications, or 404: anyone else's is not found, whoever asks."""
    try:
        return user.notifications.get(pk=pk)
    # OverflowError: an id past 64 bits, which SQLite's driver refuses.
    except (ValueError, TypeError, OverflowError, Notification.DoesNotExist) as exc:
        raise Http404("Not found.") from exc
