"""The leadership rule for the partnership lifecycle: formalized needs an executed MOU (L5).

Registered in LeadershipConfig.ready with `set_stage_requirement`, replacing the foundation's
refusal. An amendment alone does not count, nor an MOU that has expired.
"""

from django.utils import timezone

from .models import Mou
from .mou_context import readable_date


def executed_mou_missing(partnership) -> str | None:
    """None when the partnership has an executed MOU in effect; else what is missing."""
    today = timezone.localdate()
    executed = Mou.objects.filter(
        partnership=partnership, status=Mou.Status.EXECUTED, amends__isnull=True
    )
    if executed.filter(expires_on__isnull=True).exists():
        return None
    if executed.filter(expires_on__gte=today).exists():
        return None
    expired = executed.order_by("-expires_on").first()
    if expired is not None:
        return (
            "A partnership can be formalized only with an executed memorandum of understanding "
            f"in effect: “{expired}” expired on {readable_date(expired.expires_on)}. Execute a "
            "new MOU first."
        )
    waiting = Mou.objects.filter(
        partnership=partnership, status=Mou.Status.OUT_FOR_SIGNATURE, amends__isnull=True
    ).first()
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
