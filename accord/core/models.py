"""Base models shared by every Accord app."""

import functools

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable


class StaleRevision(ValidationError):
    """A write refused because someone else saved the record after it was read."""

    def __init__(self, obj: models.Model, read_revision: int):
        self.obj, self.read_revision = obj, read_revision
        noun = obj._meta.verbose_name
        super().__init__(
            f"Someone else saved this {noun} after you opened it, so your changes were not saved.",
            code="stale",
        )


class VersionedQuerySet(models.QuerySet):
    """A queryset whose bulk `update()` is a change like any other: every row it touches moves
    to a new revision and, unless the call sets it, its time of change (`auto_now` fields)."""

    def update(self, **kwargs):
        fields = {f.name: f for f in self.model._meta.fields}
        if "revision" not in kwargs and "revision" in fields:
            kwargs["revision"] = F("revision") + 1
        for name, field in fields.items():
            if getattr(field, "auto_now", False) and name not in kwargs:
                kwargs[name] = timezone.now()
        return super().update(**kwargs)


@functools.cache
def _choice_labels(field) -> dict:
    """A field's choices as {value: label}, as Django's get_<field>_display reads them."""
    return dict(make_hashable(field.flatchoices))


class TimeStampedModel(models.Model):
    """A record that knows when it was created and last changed, and its revision.

    `revision` is the record's version number: it moves on with every write. An edit made from
    what a person read at revision N is saved only while the row is still at N
    (`expect_revision`): the UPDATE carries `WHERE revision = N`, so of two saves from the same
    reading exactly one wins.
    """

    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    revision = models.PositiveIntegerField(default=1, editable=False)

    objects = VersionedQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self._state.adding:
            super().save(*args, **kwargs)
            if self.expected_revision is not None:
                self._revision_expected = self.revision
            return
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "revision"}
        read, expected = self.revision, self.expected_revision
        # Unchecked saves still move on atomically in SQL; the new number comes back by RETURNING.
        self.revision = expected + 1 if expected is not None else F("revision") + 1
        try:
            super().save(*args, **kwargs)
        except BaseException:
            self.revision = read
            raise
        if expected is not None:
            self._revision_expected = self.revision

    def _get_FIELD_display(self, field):
        # Django builds the field's choices into a dict on every call: a list shows the label of
        # two or three fields on each of its rows. The dict is built once per field here.
        value = getattr(self, field.attname)
        return force_str(_choice_labels(field).get(make_hashable(value), value), strings_only=True)

    def _do_update(self, base_qs, using, pk_val, values, *args, **kwargs):
        expected = self.expected_revision
        if expected is None:
            return super()._do_update(base_qs, using, pk_val, values, *args, **kwargs)
        updated = super()._do_update(
            base_qs.filter(revision=expected), using, pk_val, values, *args, **kwargs
        )
        if not updated:
            raise StaleRevision(self, expected)
        return updated

    def delete(self, *args, **kwargs):
        expected = self.expected_revision
        if expected is None:
            return super().delete(*args, **kwargs)
        with transaction.atomic():
            current = type(self)._base_manager.select_for_update().filter(pk=self.pk)
            if not current.filter(revision=expected).exists():
                raise StaleRevision(self, expected)
            return super().delete(*args, **kwargs)

    @property
    def stored_revision(self) -> int:
        """The revision of the stored row; 0 before the first save."""
        return 0 if self._state.adding else self.revision

    @property
    def expected_revision(self) -> int | None:
        """The revision a write of this object is held to, if any (see `expect_revision`)."""
        return self.__dict__.get("_revision_expected")

    def expect_revision(self, revision: int) -> None:
        """Refuse this and every later save of this object unless the row is still at `revision`.

        0 stands for "not created yet": a record someone else created meanwhile is refused.
        """
        if revision != self.stored_revision:
            raise StaleRevision(self, revision)
        self._revision_expected = revision

    def touch(self) -> None:
        """A new revision for a change to rows this record holds (its values, its sections).

        No history row of its own: none of its fields changed.
        """
        rows = type(self)._base_manager.filter(pk=self.pk)
        expected = self.expected_revision
        if expected is not None:
            rows = rows.filter(revision=expected)
        if not rows.update(updated_at=timezone.now(), revision=F("revision") + 1):
            raise StaleRevision(self, expected)
        self.refresh_from_db(fields=["updated_at", "revision"])
        if expected is not None:
            self._revision_expected = self.revision


class ArchivableQuerySet(VersionedQuerySet):
    def active(self):
        return self.filter(archived_at__isnull=True)

    def archived(self):
        return self.filter(archived_at__isnull=False)


class ArchivableModel(TimeStampedModel):
    """A record that is archived (hidden from working lists, kept for history), never deleted."""

    archived_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class Document(ArchivableModel):
    """A named record made of ordered parts, one of its kind the default (a rubric, an MOU
    template); accord/core/documents.py holds the reads and writes every kind shares.

    Platform administrators edit documents (`edit_action`). Each kind names the related name of
    its parts (`parts_name`, each part has a `position`) and of the records that use it
    (`used_by`): what a used document says is fixed where the kind says so, and a changed one
    is a copy.
    """

    name = models.CharField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    is_default = models.BooleanField(default=False)

    parts_name = ""
    used_by = ""

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def parts(self):
        """The manager of this document's parts (`rubric.criteria`, `template.sections`)."""
        return getattr(self, self.parts_name)

    def ordered_parts(self):
        return self.parts.order_by("position", "pk")

    @property
    def is_in_use(self) -> bool:
        return getattr(self, self.used_by).exists()


def one_default(name: str, noun: str) -> models.UniqueConstraint:
    """The constraint that at most one row of a document model is the default."""
    return models.UniqueConstraint(
        fields=["is_default"],
        condition=models.Q(is_default=True),
        name=name,
        violation_error_message=f"Another {noun} is already the default.",
    )


class WorkerHeartbeat(models.Model):
    """A running task worker (`accord worker`) and when it last said it was alive.

    Operational state, not a domain record: no history, and a row is removed when its worker stops.
    """

    worker_id = models.CharField(max_length=64, unique=True)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    queues = models.CharField(max_length=255)
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField(db_index=True)
    # The task the worker is running (a django-tasks-db result id), set when it claims one.
    task_id = models.UUIDField(null=True, blank=True)

    class Meta:
        ordering = ["-beat_at"]

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.hostname}, pid {self.pid})"


class RateLimitWindow(models.Model):
    """How many times one client used one rate-limited route in one window of time.

    Kept in the database, so that the limit holds across every web worker and process
    (accord/core/ratelimit.py). Operational state, not a domain record: no history; windows
    that have passed are removed as new ones open.
    """

    scope = models.CharField(max_length=50)
    client = models.CharField(max_length=64)
    window = models.BigIntegerField(help_text="The window's number: its start in seconds / length.")
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "client", "window"], name="one_rate_limit_window"
            )
        ]
        indexes = [models.Index(fields=["scope", "window"], name="rate_limit_scope_window")]

    def __str__(self) -> str:
        return f"{self.scope} {self.client}: {self.count} in window {self.window}"


class IdempotencyRecord(models.Model):
    """The answer to an API POST sent with an `Idempotency-Key` (accord/core/idempotency.py).

    Written in the same transaction as the write it answers, so it exists exactly when the write
    does. A key belongs to one user; it is kept ACCORD_IDEMPOTENCY_HOURS, then pruned
    (`accord prune_idempotency_keys`). Operational state: no history.
    """

    user_id = models.BigIntegerField()
    key = models.CharField(max_length=255)
    # SHA-256 of the method, the path with its query and the body: "the same request".
    fingerprint = models.CharField(max_length=64)
    method = models.CharField(max_length=10)
    path = models.TextField()
    status = models.PositiveSmallIntegerField(null=True)
    content_type = models.CharField(max_length=255, blank=True)
    headers = models.JSONField(default=dict)
    body = models.BinaryField(default=b"")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user_id", "key"], name="one_answer_per_key_and_user")
        ]

    def __str__(self) -> str:
        return f"{self.method} {self.path} ({self.key})"
