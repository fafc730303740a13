"""Writes of the health scorecard: computing a snapshot, and asking for one (coalesced).

A scorecard is recomputed by the task `recompute_scorecard` when the records its criteria read
change (triggers.py), by `accord scorecard --all` (daily from cron: time alone moves an MOU
toward its end and input past its deadline), and after the demo data is loaded.
"""

import logging
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import JSONField, OuterRef, Subquery
from django.utils import timezone

from accord.partnerships.models import Partnership

from .criteria import ACT, WATCH, compute_all, compute_many, pillars_of
from .models import ScorecardPending, ScorecardSnapshot

logger = logging.getLogger("accord.evaluation")
# A pending mark older than this is taken as lost (its task never ran) and queued again.
STALE_PENDING = timedelta(minutes=15)
# Partnerships computed together: each of the criteria's loads reads this many at once.
CHUNK = 200


def scorecard_recompute(*, partnership: Partnership, now=None) -> ScorecardSnapshot | None:
    """Compute `partnership`'s scorecard and keep it when anything differs from the latest
    snapshot (a status, an evidence or an action text); None when nothing changed."""
    now = now or timezone.now()
    return store({partnership.pk: compute_all(partnership, now)}, now).get(partnership.pk)


def store(found: dict[int, dict], now) -> dict[int, ScorecardSnapshot]:
    """Keep the computed results (`{partnership id: results}`) that differ from each
    partnership's latest snapshot, as its new latest one: three queries at most, for any number.

    The partnerships are locked while their latest results are read (by id, so that two runs
    take them in the same order): a task and `accord scorecard --all` computing the same one
    keep one latest snapshot, in turn.
    """
    if not found:
        return {}
    with transaction.atomic():
        latest = dict(
            Partnership.objects.select_for_update()
            .filter(pk__in=list(found))
            .annotate(
                latest_results=Subquery(
                    ScorecardSnapshot.objects.filter(
                        partnership=OuterRef("pk"), latest=True
                    ).values("results")[:1],
                    output_field=JSONField(),
                )
            )
            .order_by("pk")
            .values_list("pk", "latest_results")
        )
        # A partnership deleted meanwhile is not in `latest`: nothing to keep for it.
        changed = [pk for pk, results in found.items() if pk in latest and latest[pk] != results]
        if not changed:
            return {}
        if any(latest[pk] is not None for pk in changed):
            ScorecardSnapshot.objects.filter(partnership_id__in=changed, latest=True).update(
                latest=False
            )
        created = ScorecardSnapshot.objects.bulk_create(
            ScorecardSnapshot(
                partnership_id=pk,
                computed_at=now,
                results=found[pk],
                pillars=pillars_of(found[pk]),
                open_actions=open_actions_of(found[pk]),
                latest=True,
            )
            for pk in changed
        )
    return {snapshot.partnership_id: snapshot for snapshot in created}


def open_actions_of(results: dict[str, dict]) -> int:
    """How many criteria need watching or acting on and name the next action."""
    return sum(1 for r in results.values() if r.get("status") in (ACT, WATCH) and r.get("action"))


def scorecard_run(*, partnership_id: int) -> bool:
    """The task's work: clear the pending mark, then recompute (if the partnership still exists)."""
    ScorecardPending.objects.filter(partnership_id=partnership_id).delete()
    now = timezone.now()
    found = compute_many([partnership_id], now)  # {} when the partnership no longer exists
    return bool(store(found, now))


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


def scorecard_recompute_all(*, partnership_ids=None, now=None) -> tuple[int, int]:
    """Recompute every partnership's scorecard (or those of `partnership_ids`) here and now, a
    chunk of CHUNK partnerships at a time (criteria.compute_many): (how many computed, how many
    changed)."""
    partnerships = Partnership.objects.order_by("pk")
    if partnership_ids is not None:
        partnerships = partnerships.filter(pk__in=partnership_ids)
    computed = changed = 0
    now = now or timezone.now()
    ids = list(partnerships.values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        found = compute_many(ids[start : start + CHUNK], now)
        computed += len(found)
        changed += len(store(found, now))
    return computed, changed
