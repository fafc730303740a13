"""Revisions of records: what changed since a person read one, and locking a row at its revision.

Every domain model has a `revision`, its version number (accord/core/models.py
`TimeStampedModel`). Edit forms carry
it in a hidden field (accord/core/forms.py `VersionedFormMixin`) and the API in its ETag and
`If-Match` header (accord/core/api_versions.py); both end in `expect_revision`, and a refused save
is described the same way by `stale_messages`.
"""

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format

from accord.core.audit import display_value
from accord.core.models import StaleRevision

# Bookkeeping fields, not what a person edits.
SKIPPED = {"id", "created_at", "updated_at", "revision"}


def etag(obj: models.Model) -> str:
    """The ETag of a record: its revision, quoted."""
    return f'"{obj.stored_revision}"'


def lock(obj: models.Model, queryset=None) -> models.Model:
    """Re-read `obj`'s row FOR UPDATE, still held to the revision `obj` was read at (if any)."""
    queryset = queryset if queryset is not None else type(obj)._default_manager
    locked = queryset.select_for_update().get(pk=obj.pk)
    expected = obj.expected_revision
    if expected is not None:
        locked.expect_revision(expected)
    return locked


def current_of(obj: models.Model) -> models.Model | None:
    """The row as it is now in the database (None when it is gone)."""
    return type(obj)._base_manager.filter(pk=obj.pk).first()


def changes_since(current: models.Model, read_revision: int | None) -> tuple[list, list[str]]:
    """The fields that changed since `read_revision`, as (field, label, value now), and by whom."""
    history = getattr(current, "history", None)
    if history is None or read_revision is None or read_revision >= current.stored_revision:
        return [], []
    baseline = history.filter(revision=read_revision).order_by("-history_date").first()
    later = history.filter(revision__gt=read_revision).select_related("history_user")
    who = list(
        dict.fromkeys(
            r.history_user.display_name if r.history_user else "Accord"
            for r in later.order_by("history_date")
        )
    )
    if baseline is None:
        return [], who
    model, changes = type(current), []
    for field in model._meta.concrete_fields:
        if field.name in SKIPPED or not hasattr(baseline, field.attname):
            continue  # bookkeeping, or a field the history does not keep
        before, now = getattr(baseline, field.attname), getattr(current, field.attname)
        if before != now:
            label = str(field.verbose_name).capitalize()
            changes.append((field.name, label, display_value(model, field.name, now)))
    return changes, who


def stale_messages(error: StaleRevision) -> tuple[str, list[tuple[str, str]], models.Model | None]:
    """What to tell a person whose save was refused: a sentence, the changed fields, the row now."""
    current = current_of(error.obj)
    noun = error.obj._meta.verbose_name
    if current is None:
        return f"Someone else removed this {noun} after you opened it.", [], None
    changes, who = changes_since(current, error.read_revision)
    by = " and ".join(who) if who else "Someone else"
    when = date_format(timezone.localtime(current.updated_at), "j M Y, H:i")
    sentence = (
        f"{by} saved this {noun} after you opened it, so your changes were not saved (their "
        f"last save: {when})."
    )
    fields = [(name, f"{label} is now “{_short(value)}”.") for name, label, value in changes]
    return sentence, fields, current


def _short(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
