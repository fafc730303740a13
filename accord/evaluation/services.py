"""Writes of the health scorecard: computing a snapshot, and asking for one (coalesced).

A scorecard is recomputed by the task `recompute_scorecard` when the records its criteria read
change (triggers.py), by `accord scorecard --all` (daily from cron: time alone moves an MOU
toward its end and input past its deadline), and after the demo data is loaded.
"""

import logging
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from accord.partnerships.models import Partnership

from .criteria import ACT, WATCH, compute_all, pillars_of
from .models import ScorecardPending, ScorecardSnapshot

logger = logging.getLogger("accord.evaluation")
# A pending mark older than this is taken as lost (its task never ran) and queued again.
STALE_PENDING = timedelta(minutes=15)


def scorecard_recompute(*, partnership: Partnership, now=None) -> ScorecardSnapshot | None:
    """Compute `partnership`'s scorecard and keep it when anything differs from the latest
    snapshot (a status, an evidence or an action text); None when nothing changed."""
    now = now or timezone.now()
    results = compute_all(partnership, now)
    with transaction.atomic():
        latest = (
            ScorecardSnapshot.objects.filter(partnership=partnership)
            .order_by("-computed_at", "-pk")
            .values("results")
            .first()
        )
        if latest is not None and latest["results"] == results:
            return None
        ScorecardSnapshot.objects.filter(partnership=partnership, latest=True).update(latest=False)
        return ScorecardSnapshot.objects.create(
            partnership=partnership,
            computed_at=now,
            results=results,
            pillars=pillars_of(results),
            open_actions=open_actions_of(results),
            latest=True,
        )


def open_actions_of(results: dict[str, dict]) -> int:
    """How many criteria need watching or acting on and name the next action."""
    return sum(1 for r in results.values() if r.get("status") in (ACT, WATCH) and r.get("action"))


def scorecard_run(*, partnership_id: int) -> bool:
    """The task's work: clear the pending mark, then recompute (if the partnership still exists)."""
    ScorecardPending.objects.filter(partnership_id=partnership_id).delete()
    partnership = Partnership.objects.filter(pk=partnership_id).first()
    if partnership is None:
        return False
    return scorecard_recompute(partnership=partnership) is not None


def scorecard_request(*, partnership_id: int) -> bool:
    """Queue a recompute unless one is already pending for the partnership (coalesced): True
    when a task was queued. Runs after the commit of the change that asked for it."""
    try:
        with transaction.atomic():
            ScorecardPending.objects.create(partnership_id=partnership_id)
    except IntegrityError:
        # One is pending; queue again only if its task was lost long ago.
        stale = ScorecardPending.objects.filter(
            partnership_id=partnership_id, requested_at__lt=timezone.now() - STALE_PENDING
        ).update(requested_at=timezone.now())
        if not stale:
            return False
    from .tasks import recompute_scorecard

    recompute_scorecard.enqueue(partnership_id)
    return True


def scorecard_recompute_all(*, partnership_ids=None) -> tuple[int, int]:
    """Recompute every partnership's scorecard (or those of `partnership_ids`) here and now:
    (how many computed, how many changed)."""
    partnerships = Partnership.objects.order_by("pk")
    if partnership_ids is not None:
        partnerships = partnerships.filter(pk__in=partnership_ids)
    computed = changed = 0
    now = timezone.now()
    for partnership in partnerships.iterator(chunk_size=200):
        computed += 1
        if scorecard_recompute(partnership=partnership, now=now) is not None:
            changed += 1
    return computed, changed
