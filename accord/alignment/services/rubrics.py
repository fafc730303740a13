"""Writes to alignment rubrics and their criteria (A1); platform administrators make them.

Once an assessment uses a rubric, its criteria and weights are fixed so that every score keeps
its meaning; an administrator who wants a different rubric copies it (`rubric_copy`).
"""

from collections.abc import Iterable

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Max

from accord.core.services import apply_changes, archive_unless_default, make_default, save_validated
from accord.core.versioning import lock

from ..models import Criterion, Rubric

CRITERION_FIELDS = (
    "name",
    "description",
    "weight",
    "level_1",
    "level_2",
    "level_3",
    "level_4",
    "level_5",
)


def _locked(rubric: Rubric) -> Rubric:
    # A row lock, so that an assessment cannot start on the rubric while its criteria change.
    return lock(rubric)


def refuse_criteria_changes(rubric: Rubric) -> None:
    """Raise when the rubric's criteria may no longer change (archived, or used)."""
    if rubric.is_archived:
        raise ValidationError(
            {NON_FIELD_ERRORS: f"“{rubric}” is archived; its criteria can no longer change."}
        )
    if rubric.is_in_use:
        raise ValidationError(
            {
                NON_FIELD_ERRORS: f"“{rubric}” is used by an assessment, so its criteria and "
                "weights are fixed. Copy the rubric to make a changed version."
            }
        )


@transaction.atomic
def rubric_create(
    *,
    name: str,
    description: str = "",
    is_default: bool = False,
    criteria: Iterable[dict] = (),
) -> Rubric:
    """A new rubric, with its criteria if given (all or nothing)."""
    rubric = save_validated(Rubric(name=name, description=description))
    for position, values in enumerate(criteria, start=1):
        _criterion_save(Criterion(rubric=rubric, position=position), values, index=position)
    if is_default:
        rubric_make_default(rubric=rubric)
    return rubric


@transaction.atomic
def rubric_update(*, rubric: Rubric, **changes) -> Rubric:
    """Change a rubric's name or description (allowed while it is used: scores keep meaning)."""
    unknown = set(changes) - {"name", "description"}
    if unknown:
        raise ValueError(f"rubric_update cannot change {sorted(unknown)}")
    changed = apply_changes(rubric, changes)
    if changed:
        save_validated(rubric, update_fields=[*changed, "updated_at"])
    return rubric


@transaction.atomic
def rubric_make_default(*, rubric: Rubric) -> Rubric:
    """Make `rubric` the one that new assessments use unless another is chosen."""
    return make_default(rubric, noun="rubric")


@transaction.atomic
def rubric_archive(*, rubric: Rubric) -> Rubric:
    """Archive a rubric: no new assessment can use it; assessments that did keep it."""
    return archive_unless_default(rubric, noun="rubric")


@transaction.atomic
def rubric_copy(*, rubric: Rubric, name: str, description: str | None = None) -> Rubric:
    """A new rubric with the same criteria, weights and levels: the way to change a used one."""
    copy = save_validated(
        Rubric(name=name, description=rubric.description if description is None else description)
    )
    for criterion in rubric.criteria.all():
        values = {field: getattr(criterion, field) for field in CRITERION_FIELDS}
        save_validated(Criterion(rubric=copy, position=criterion.position, **values))
    return copy


def _criterion_save(criterion: Criterion, values: dict, index: int | None = None) -> Criterion:
    unknown = set(values) - set(CRITERION_FIELDS)
    if unknown:
        raise ValueError(f"unknown criterion fields {sorted(unknown)}")
    for field, value in values.items():
        setattr(criterion, field, value)
    try:
        return save_validated(criterion)
    except ValidationError as error:
        if index is None or not hasattr(error, "error_dict"):
            raise
        # When several criteria arrive at once, say which one is wrong.
        raise ValidationError(
            {
                f"criteria.{index - 1}.{field}": messages
                for field, messages in error.message_dict.items()
            }
        ) from error


@transaction.atomic
def criterion_add(*, rubric: Rubric, **values) -> Criterion:
    """Add a criterion at the end of an unused rubric."""
    refuse_criteria_changes(_locked(rubric))
    last = rubric.criteria.aggregate(last=Max("position"))["last"] or 0
    return _criterion_save(Criterion(rubric=rubric, position=last + 1), values)


@transaction.atomic
def criterion_update(*, criterion: Criterion, **values) -> Criterion:
    """Change a criterion of an unused rubric."""
    refuse_criteria_changes(_locked(criterion.rubric))
    changed = apply_changes(criterion, values)
    if changed:
        _criterion_save(criterion, {field: values[field] for field in changed})
    return criterion


@transaction.atomic
def criterion_delete(*, criterion: Criterion) -> None:
    """Delete a criterion of an unused rubric (its history keeps the record of it)."""
    refuse_criteria_changes(_locked(criterion.rubric))
    criterion.delete()
