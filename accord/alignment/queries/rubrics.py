"""Reads of alignment rubrics (A1) shared by the pages and the API.

Rubrics belong to no partnership: everyone signed in reads them, because assessors need the
level descriptions; only platform administrators change them. The reads every document kind
shares (lists, loading one, its criteria) are in accord/core/documents.py.
"""

from django.db.models import QuerySet

from accord.core import documents
from accord.core.audit import ACTIONS, HistoryEntry, field_change, history_for

from ..models import Criterion, Rubric


def rubrics_visible_to(user) -> QuerySet[Rubric]:
    """Every rubric for a signed-in, active user; none for anyone else."""
    return Rubric.objects.visible_to(user)


def active_rubrics() -> QuerySet[Rubric]:
    """The rubrics a new assessment may use, the default first."""
    return documents.active(Rubric)


def default_rubric() -> Rubric | None:
    return documents.default_of(Rubric)


# --- History ------------------------------------------------------------------------------------
def _shown(model, field_name: str, value) -> str:
    if value is None or value == "":
        return "—"
    field = model._meta.get_field(field_name)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def related_history(records, *, model, describe, skip=("updated_at",)) -> list[HistoryEntry]:
    """Audit entries for the historical rows of related records, which may since be deleted.

    `records` are historical rows of `model` (any order); `describe(row)` names the record in
    the entry ("criterion “Mission fit”"). Each change lists the fields it changed.
    """
    rows = sorted(records, key=lambda row: (row.history_date, row.history_id))
    previous: dict[int, object] = {}
    entries = []
    for row in rows:
        before = previous.get(row.id)
        previous[row.id] = row
        action = ACTIONS[row.history_type]
        changes = []
        if before is not None and row.history_type == "~":
            for change in row.diff_against(before).changes:
                if change.field in skip:
                    continue
                change_read = field_change(model, change.field, change.old, change.new)
                change_read.old = _shown(model, change.field, change.old)
                change_read.new = _shown(model, change.field, change.new)
                changes.append(change_read)
            was, now = getattr(before, "archived_at", None), getattr(row, "archived_at", None)
            if now is not None and was is None:
                action = "Archived"
            elif not changes:
                continue  # a save that changed nothing anyone reads
        who = row.history_user.display_name if row.history_user else "Accord"
        entries.append(HistoryEntry(row.history_date, who, f"{action} {describe(row)}", changes))
    return entries


def rubric_history(rubric: Rubric, limit: int = 50) -> list[HistoryEntry]:
    """The rubric's own changes and those of its criteria, deleted ones included, newest first."""
    own = history_for(rubric, limit=limit)
    criteria = related_history(
        Criterion.history.filter(rubric_id=rubric.pk).select_related("history_user"),
        model=Criterion,
        describe=lambda row: f"criterion “{row.name}”",
    )
    merged = sorted([*own, *criteria], key=lambda entry: entry.when, reverse=True)
    return merged[:limit]
