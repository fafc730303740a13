"""Helpers shared by every app's services."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from accord.core.versioning import lock


def save_validated(obj: models.Model, *, update_fields: list[str] | None = None) -> models.Model:
    """Validate every field and constraint, then save."""
    obj.full_clean()
    obj.save(update_fields=update_fields)
    return obj


def apply_changes(obj: models.Model, changes: dict) -> list[str]:
    """Set the attributes in `changes` that differ; return the names of those that changed."""
    changed = []
    for field, value in changes.items():
        if getattr(obj, field) != value:
            setattr(obj, field, value)
            changed.append(field)
    return changed


def archive(obj: models.Model) -> models.Model:
    """Archive a record (it leaves working lists and is kept, with its history)."""
    if obj.archived_at is None:
        obj.archived_at = timezone.now()
        obj.save(update_fields=["archived_at", "updated_at"])
    return obj


# --- One default among a model's rows (a rubric, an MOU template) -------------------------------
# Callers run these inside their transaction; rows are locked so two choices cannot cross.
def make_default(obj: models.Model, *, noun: str) -> models.Model:
    """Make `obj` the one row of its model with `is_default`; an archived row is refused."""
    model = type(obj)
    locked = lock(obj)
    if locked.is_archived:
        raise ValidationError({"is_default": f"An archived {noun} cannot be the default."})
    if locked.is_default:
        return obj
    for previous in model.objects.select_for_update().filter(is_default=True):
        previous.is_default = False
        previous.save(update_fields=["is_default", "updated_at"])
    locked.is_default = True
    save_validated(locked, update_fields=["is_default", "updated_at"])
    obj.is_default, obj.updated_at, obj.revision = True, locked.updated_at, locked.revision
    return obj


def archive_unless_default(obj: models.Model, *, noun: str) -> models.Model:
    """Archive `obj` unless it is its model's default, which must be replaced first."""
    if lock(obj).is_default:
        raise ValidationError(
            {
                "is_default": f"The default {noun} cannot be archived. Make another {noun} the "
                "default first."
            }
        )
    return archive(obj)
