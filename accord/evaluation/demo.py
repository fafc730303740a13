"""The demo's scorecards: computed once every pillar's demo data is in (the last demo hook), so
that Bridges and Eastside tell their stories from the demo's records as they are; and the
scorecards of the partnerships `accord seed --scale N` writes (the last scale hook)."""

from django.utils import timezone

from . import triggers
from .services import scorecard_recompute, scorecard_recompute_all


def seed_demo(context) -> None:
    now = timezone.now()
    partnerships = sorted(context.partnerships.values(), key=lambda p: p.pk)
    for partnership in partnerships:
        if scorecard_recompute(partnership=partnership, now=now) is not None:
            context.log.append(f"scorecard of {partnership}")
    # Computed from everything the demo wrote: the changes it made need no second computation.
    triggers.discard(p.pk for p in partnerships)


def seed_scale(context) -> dict[str, int]:
    """`accord seed --scale N` ends with every generated partnership's scorecard computed (the
    portfolio reads their latest snapshots), through the batched recompute: the last scale hook,
    inside the seed's transaction. On PostgreSQL the tables the criteria read are analyzed
    first, so that the planner knows the rows the generator just wrote, and the snapshots
    after."""
    from django.db import connection

    from accord.partnerships.scale import refresh_statistics

    from .models import ScorecardSnapshot

    refresh_statistics()
    computed, _ = scorecard_recompute_all(partnership_ids=context.partnerships)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE " + connection.ops.quote_name(ScorecardSnapshot._meta.db_table))
    return {"scorecards": computed}
