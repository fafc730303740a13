"""Documents made of ordered parts (a rubric and its criteria, an MOU template and its sections):
the reads and writes every kind shares. Each kind's queries and services call these with its own
model (a `Document`, accord/core/models.py) and keep what is its own: which changes a used
document refuses, how a part is checked.

Documents belong to no partnership: everyone signed in reads them, platform administrators change
them (the kind's `view_action` and `edit_action` in accord/core/policy.py). The writes expect to
run inside the caller's transaction.
"""

from collections.abc import Callable, Iterable

from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, Max, OuterRef, QuerySet

from .access import can, get_or_404, get_visible_or_404, require
from .models import Document
from .services import apply_changes, save_validated

SavePart = Callable[[object, dict], object]


# --- Reads --------------------------------------------------------------------------------------
def may_edit(user, model: type[Document]) -> bool:
    return can(user, model.edit_action)


def require_editor(user, model: type[Document]) -> None:
    require(user, model.edit_action)


def with_usage(documents: QuerySet) -> QuerySet:
    """Each document with its number of parts (`parts_count`) and whether it is in use."""
    model = documents.model
    used = model._meta.get_field(model.used_by)
    users = used.related_model._default_manager.filter(**{used.field.name: OuterRef("pk")})
    return documents.annotate(parts_count=Count(model.parts_name), in_use=Exists(users)).order_by(
        "-is_default", "name", "pk"
    )


def documents_for(user, model: type[Document], *, include_archived: bool = False) -> QuerySet:
    """The documents of a kind that `user` may read, the default first."""
    documents = model.objects.visible_to(user)
    if not include_archived:
        documents = documents.filter(archived_at__isnull=True)
    return with_usage(documents)


def document_or_404(user, model: type[Document], pk, *, edit: bool = False) -> Document:
    """One document the user may read (else 404); with `edit`, 403 unless they may change it."""
    action = model.edit_action if edit else None
    return get_visible_or_404(user, with_usage(model.objects.all()), action, pk=pk)


def part_or_404(user, model: type[Document], document_pk, pk, *, edit: bool = False):
    """One part of one document the user may read; with `edit`, 403 unless they may change it."""
    relation = model._meta.get_field(model.parts_name)
    to_document = relation.field.name
    parts = relation.related_model._default_manager.filter(
        **{f"{to_document}__in": model.objects.visible_to(user), f"{to_document}_id": document_pk}
    ).select_related(to_document)
    part = get_or_404(parts, pk=pk)
    if edit:
        require_editor(user, model)
    return part


def active(model: type[Document]) -> QuerySet:
    """The documents a new record may use, the default first."""
    return model.objects.active().order_by("-is_default", "name", "pk")


def default_of(model: type[Document]) -> Document | None:
    return model.objects.active().filter(is_default=True).first()


# --- Writes -------------------------------------------------------------------------------------
def new_part(document: Document, position: int, **values):
    """An unsaved part of `document` at `position`."""
    parts = document.parts
    return parts.model(**{parts.field.name: document, "position": position, **values})


def assign(part, values: dict, fields: Iterable[str]) -> None:
    """Set a part's fields from `values`; a field the kind does not edit is a programming error."""
    unknown = set(values) - set(fields)
    if unknown:
        raise ValueError(f"unknown {part._meta.verbose_name} fields {sorted(unknown)}")
    for field, value in values.items():
        setattr(part, field, value)


def document_create(
    model: type[Document],
    *,
    name: str,
    description: str,
    parts: Iterable[dict],
    save_part: SavePart,
) -> Document:
    """A new document with its parts in the order given; a refused part is named by its place."""
    document = save_validated(model(name=name, description=description))
    for index, values in enumerate(parts):
        try:
            save_part(new_part(document, index + 1), values)
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                raise
            # When several parts arrive at once, say which one is wrong ("criteria.2.weight").
            raise ValidationError(
                {
                    f"{model.parts_name}.{index}.{field}": messages
                    for field, messages in error.message_dict.items()
                }
            ) from error
    return document


def document_update(document: Document, changes: dict) -> Document:
    """Rename a document or change its description."""
    unknown = set(changes) - {"name", "description"}
    if unknown:
        raise ValueError(f"a {document._meta.verbose_name} update cannot change {sorted(unknown)}")
    changed = apply_changes(document, changes)
    if changed:
        save_validated(document, update_fields=[*changed, "updated_at"])
    return document


def document_copy(
    document: Document, *, name: str, description: str | None, fields: Iterable[str]
) -> Document:
    """A new document with the same parts (their `fields`, in their places): how a fixed one
    changes. The description is the original's unless given."""
    model = type(document)
    copy = save_validated(
        model(name=name, description=document.description if description is None else description)
    )
    for part in document.ordered_parts():
        values = {field: getattr(part, field) for field in fields}
        save_validated(new_part(copy, part.position, **values))
    return copy


def part_append(document: Document, values: dict, save_part: SavePart):
    """Add a part after the document's last one."""
    last = document.parts.aggregate(last=Max("position"))["last"] or 0
    return save_part(new_part(document, last + 1), values)


def part_update(part, values: dict, save_part: SavePart):
    """Save the fields of `values` that differ from the part's."""
    changed = apply_changes(part, values)
    if changed:
        save_part(part, {field: values[field] for field in changed})
    return part
