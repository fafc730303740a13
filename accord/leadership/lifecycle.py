"""The leadership rule for the partnership lifecycle: formalized needs an executed MOU (L5).

Registered in LeadershipConfig.ready with `set_stage_requirement`, replacing the foundation's
refusal. An amendment alone does not count, nor an MOU that has expired.
"""

from django.utils import timezone

from accord.core.compiled import CompiledQuery

from .models import Mou
from .mou_context import readable_date

# The partnership page asks it for every partnership that may be formalized next: compiled once
# per process (accord/core/compiled.py).
_signed_or_signing = CompiledQuery(
    lambda partnership_id: Mou.objects.filter(
        partnership_id=partnership_id,
        status__in=(Mou.Status.EXECUTED, Mou.Status.OUT_FOR_SIGNATURE),
        amends__isnull=True,
    ).values_list("status", "title", "expires_on")
)


def executed_mou_missing(partnership) -> str | None:
    """None when the partnership has an executed MOU in effect; else what is missing. One query:
    the partnership's executed and out-for-signature MOUs (not amendments), newest first."""
    today = timezone.localdate()
    rows = _signed_or_signing(partnership.pk)
    executed = [
        (title, expires_on) for status, title, expires_on in rows if status == Mou.Status.EXECUTED
    ]
    if any(expires_on is None or expires_on >= today for _, expires_on in executed):
        return None
    if executed:
        title, expires_on = max(executed, key=lambda mou: mou[1])
        return (
            "A partnership can be formalized only with an executed memorandum of understanding "
            f"in effect: “{title}” expired on {readable_date(expires_on)}. Execute a "
            "new MOU first."
        )
    waiting = next((title for status, title, _ in rows if status != Mou.Status.EXECUTED), None)
    if waiting is not None:
        return (
            "A partnership can be formalized only with an executed memorandum of understanding: "
            f"“{waiting}” is still out for signature."
        )
    return (
        "A partnership can be formalized only with an executed memorandum of understanding, and "
        "this partnership has none yet. Draft one under MOU and send it for signature, or upload "
        "one signed outside Accord."
    )
