"""Reads of a person's own things that the pages and the API share."""

from accord.core.access import get_or_404

from .models import Notification


def own_notification(user, pk) -> Notification:
    """One of `user`'s notifications, or 404: anyone else's is not found, whoever asks."""
    return get_or_404(user.notifications.all(), pk=pk)
