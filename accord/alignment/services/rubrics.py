"""Writes to alignment rubrics and their criteria (A1); platform administrators make them.

Once an assessment uses a rubric, its criteria and weights are fixed so that every score keeps
its meaning; an administrator who wants a different rubric copies it (`rubric_copy`).
"""

from collections.abc import Iterable

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction

from accord.core import documents
from accord.core.services import archive_unless_default, make_default, save_validated
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
    rubric = documents.document_create(
        Rubric, name=name, description=description, parts=criteria, save_part=_criterion_save
    )
    if is_default:
        rubric_make_default(rubric=rubric)
    return rubric


@transaction.atomic
def rubric_update(*, rubric: Rubric, **changes) -> Rubric:
    """Change a rubric's name or description (allowed while it is used: scores keep meaning)."""
    return documents.document_update(rubric, changes)


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
    return documents.document_copy(
        rubric, name=name, description=description, fields=CRITERION_FIELDS
    )


def _criterion_save(criterion: Criterion, values: dict) -> Criterion:
    documents.assign(criterion, values, CRITERION_FIELDS)
    return save_validated(criterion)


@transaction.atomic
def criterion_add(*, rubric: Rubric, **values) -> Criterion:
    """Add a criterion at the end of an unused rubric."""
    refuse_criteria_changes(_locked(rubric))
    return documents.part_append(rubric, values, _criterion_save)


@transaction.atomic
def criterion_update(*, criterion: Criterion, **values) -> Criterion:
    """Change a criterion of an unused rubric."""
    refuse_criteria_changes(_locked(criterion.rubric))
    return documents.part_update(criterion, values, _criterion_save)


@transaction.atomic
def criterion_delete(*, criterion: Criterion) -> None:
    """Delete a criterion of an unused rubric (its history keeps the record of it)."""
    refuse_criteria_changes(_locked(criterion.rubric))
    criterion.delete()
