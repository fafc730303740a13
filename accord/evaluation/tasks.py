"""Background tasks of the health scorecard, run by `accord worker` (inline in tests)."""

from django.tasks import task


@task()
def recompute_scorecard(partnership_id: int) -> bool:
    """Recompute one partnership's scorecard; True when a new snapshot was kept.

    The pending mark goes first, so that a change made while this runs queues one more
    recompute instead of being missed.
    """
    from . import services

    return services.scorecard_run(partnership_id=partnership_id)
