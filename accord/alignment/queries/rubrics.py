"""Reads of alignment rubrics (A1) shared by the pages and the API.

Rubrics belong to no partnership: everyone signed in reads them, because assessors need the
level descriptions; only platform administrators change them.
"""

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.http import Http404

from accord.core.access import can, require
from accord.core.audit import ACTIONS, FieldChange, HistoryEntry, history_for

from ..models import Assessment, Criterion, Rubric


def rubrics_visible_to(user) -> QuerySet[Rubric]:
    """Every rubric for a signed-in, active user; none for anyone else."""
    return Rubric.objects.visible_to(user)


MANAGE = "alignment.rubric.manage"


def can_edit_rubrics(user) -> bool:
    return can(user, MANAGE)


def require_rubric_editor(user) -> None:
    require(user, MANAGE)


def rubrics_for(user, *, include_archived: bool = False) -> QuerySet[Rubric]:
    """Rubrics with their number of criteria and whether an assessment uses them."""
    rubrics = rubrics_visible_to(user)
    if not include_archived:
        rubrics = rubrics.filter(archived_at__isnull=True)
    return rubrics.annotate(
        criteria_count=Count("criteria"),
        in_use=Exists(Assessment.objects.filter(rubric=OuterRef("pk"))),
    ).order_by("-is_default", "name", "pk")


def get_rubric_or_404(user, pk, *, edit: bool = False) -> Rubric:
    """One rubric the user may read (404 otherwise); with `edit`, 403 unless they may change it."""
    try:
        rubric = rubrics_for(user, include_archived=True).get(pk=pk)
    except (Rubric.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise Http404("Not found.") from exc
    if edit:
        require_rubric_editor(user)
    return rubric


def get_criterion_or_404(user, rubric_pk, pk, *, edit: bool = False) -> Criterion:
    """One criterion of one rubric the user may read; with `edit`, 403 unless they may change it."""
    queryset = Criterion.objects.filter(
        rubric__in=rubrics_visible_to(user), rubric_id=rubric_pk
    ).select_related("rubric")
    try:
        criterion = queryset.get(pk=pk)
    except (Criterion.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise Http404("Not found.") from exc
    if edit:
        require_rubric_editor(user)
    return criterion


def criteria_of(rubric: Rubric) -> QuerySet[Criterion]:
    return rubric.criteria.order_by("position", "pk")


def active_rubrics() -> QuerySet[Rubric]:
    """The rubrics a new assessment may use, the default first."""
    return Rubric.objects.active().order_by("-is_default", "name", "pk")


def default_rubric() -> Rubric | None:
    return Rubric.objects.active().filter(is_default=True).first()


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
                label = str(model._meta.get_field(change.field).verbose_name).capitalize()
                changes.append(
                    FieldChange(
                        field=change.field,
                        label=label,
                        old=_shown(model, change.field, change.old),
                        new=_shown(model, change.field, change.new),
                    )
                )
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
