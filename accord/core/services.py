"""Helpers shared by every app's services."""

from django.db import models
from django.utils import timezone


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
