"""The audit trail: field-level changes of a record, read from django-simple-history."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone
from django.utils.formats import date_format


@dataclass
class FieldChange:
    field: str
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: datetime
    who: str
    action: str
    changes: list[FieldChange] = field(default_factory=list)


ACTIONS = {"+": "Created", "~": "Changed", "-": "Deleted"}


def display_value(model, field_name: str, value) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        # JSON lists (an organization's values, a profile's languages) read as a plain list.
        return ", ".join(str(item) for item in value)
    try:
        model_field = model._meta.get_field(field_name)
    except Exception:
        return str(value)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.is_relation:
        related = model_field.related_model._default_manager.filter(pk=value).first()
        if related is None:
            return f"#{value}"
        # A user reads as their name, not their login.
        return getattr(related, "display_name", None) or str(related)
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value), "j M Y, H:i")
    if isinstance(value, date):
        return date_format(value, "j M Y")
    return str(value)


def history_for(obj, limit: int = 50) -> list[HistoryEntry]:
    """Newest first: who changed what on `obj`, field by field, before and after."""
    records = list(
        obj.history.select_related("history_user").order_by("-history_date")[: limit + 1]
    )
    model = type(obj)
    entries = []
    for index, record in enumerate(records[:limit]):
        who = record.history_user.display_name if record.history_user else "Accord"
        entry = HistoryEntry(when=record.history_date, who=who, action=ACTIONS[record.history_type])
        previous = records[index + 1] if index + 1 < len(records) else None
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous)
            for change in delta.changes:
                if change.field == "updated_at":
                    continue
                label = str(model._meta.get_field(change.field).verbose_name).capitalize()
                entry.changes.append(
                    FieldChange(
                        field=change.field,
                        label=label,
                        old=display_value(model, change.field, change.old),
                        new=display_value(model, change.field, change.new),
                    )
                )
            # diff_against() skips non-editable fields such as archived_at: compare it directly.
            was, now = getattr(previous, "archived_at", None), getattr(record, "archived_at", None)
            if now is not None and was is None:
                entry.action = "Archived"
        entries.append(entry)
    return entries
