"""Guards shared by the MOU writes (L5): drafting (mous.py) and signing (signing.py).

An executed MOU is never edited and an archived partnership's MOUs no longer change: every write
refuses them. A write works on its version locked for the length of its transaction.
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone

from ..models import Mou, MouVersion
from ..mou_context import readable_date


def refuse(message: str, field: str = NON_FIELD_ERRORS):
    raise ValidationError({field: message})


def refuse_if_archived(partnership) -> None:
    if partnership.is_archived:
        refuse("This partnership is archived; its MOUs can no longer change.")


def refuse_executed(mou: Mou) -> None:
    if mou.status == Mou.Status.EXECUTED:
        when = readable_date(timezone.localdate(mou.executed_at)) if mou.executed_at else ""
        refuse(
            f"“{mou}” was executed{' on ' + when if when else ''}. An executed MOU is never "
            "edited: start an amendment to change it."
        )


def locked_version(version: MouVersion) -> MouVersion:
    return (
        MouVersion.objects.select_for_update(of=("self",))
        .select_related("mou__partnership", "mou__template", "mou__amends")
        .get(pk=version.pk)
    )


def save_mou_status(mou: Mou, status: str) -> None:
    if mou.status != status:
        mou.status = status
        mou.save(update_fields=["status", "updated_at"])
