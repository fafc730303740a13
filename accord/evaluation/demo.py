"""The demo's scorecards: computed once every pillar's demo data is in (the last demo hook), so
that Bridges and Eastside tell their stories from the demo's records as they are."""

from django.utils import timezone

from . import triggers
from .services import scorecard_recompute


def seed_demo(context) -> None:
    now = timezone.now()
    partnerships = sorted(context.partnerships.values(), key=lambda p: p.pk)
    for partnership in partnerships:
        if scorecard_recompute(partnership=partnership, now=now) is not None:
            context.log.append(f"scorecard of {partnership}")
    # Computed from everything the demo wrote: the changes it made need no second computation.
    triggers.discard(p.pk for p in partnerships)
