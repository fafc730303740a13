"""Users and their personal API tokens."""

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone


class User(AbstractUser):
    """Someone who signs in to Accord. Platform administrators are superusers."""

    email = models.EmailField("e-mail address", blank=True)
    email_notifications = models.BooleanField(
        "e-mail me reminders and alerts",
        default=True,
        help_text="They are always on your notifications page too.",
    )

    class Meta:
        ordering = ["username"]

    @property
    def is_platform_admin(self) -> bool:
        return self.is_active and self.is_superuser

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


TOKEN_PREFIX = "acc_"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 is stored; the token itself is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(
        max_length=100, help_text="What the token is for, e.g. 'reporting script'."
    )
    # The first characters after the prefix, shown so that a person can tell tokens apart.
    hint = models.CharField(max_length=12, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({TOKEN_PREFIX}{self.hint}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @classmethod
    def generate(cls) -> str:
        return TOKEN_PREFIX + secrets.token_urlsafe(32)


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """An in-app notice to one user (a reminder, an alert); e-mailed too if they wish.

    `key` makes a reminder idempotent: the same reminder (e.g. "MOU 7 expires in 30 days") is
    recorded once however often the reminder job runs.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=50)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    emailed_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.title


class SignInThrottle(models.Model):
    """Failed sign-ins for one user name, from browsers that do not know the account, counted
    across every address (see throttle.py). Kept for names without an account too, so that the
    answer never tells which names exist."""

    username = models.CharField(max_length=150, unique=True)
    failures = models.PositiveIntegerField(default=0)
    last_failure_at = models.DateTimeField(null=True, blank=True)
    # When a sign-in link was last e-mailed: one at most per link lifetime, so that someone who
    # knows the password cannot flood the owner's mailbox.
    link_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-last_failure_at"]

    def __str__(self) -> str:
        return f"{self.username}: {self.failures} failed sign-ins"
