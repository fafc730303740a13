"""What the API of every kind of document shares (rubrics, MOU templates; see documents.py)."""

from django.core.exceptions import ValidationError
from django.db import transaction

from .api_versions import if_match


def document_patch(request, document, payload, *, noun: str, update, make_default):
    """A PATCH of a document: rename it, change its description, or make it the default.

    `update(**changes)` and `make_default()` are the kind's services, bound to `document`.
    """
    if_match(request, document)
    changes = payload.dict(exclude_unset=True)
    if changes.get("is_default") is False and document.is_default:
        raise ValidationError(
            {"is_default": f"Make another {noun} the default instead; there is always one."}
        )
    becomes_default = changes.pop("is_default", None)
    changes = {field: value for field, value in changes.items() if value is not None}
    with transaction.atomic():  # a refused "default" leaves the name unchanged too
        update(**changes)
        if becomes_default:
            make_default()
    return document
