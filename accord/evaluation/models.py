"""What the health scorecard stores: a snapshot of every criterion's result when it changes, and
the one pending recompute per partnership that coalesces the changes made meanwhile."""

from django.db import models
from django.utils import timezone

from accord.partnerships.models import Partnership


class ScorecardSnapshot(models.Model):
    """A partnership's scorecard as computed at one moment: kept only when it differs from the
    snapshot before it, so the rows are the history of each pillar's status."""

    partnership_path = "partnership"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="scorecard_snapshots"
    )
    computed_at = models.DateTimeField(default=timezone.now)
    # {criterion key: {status, evidence, action, url_name, args}}
    results = models.JSONField(default=dict)
    # {pillar: status}, by the aggregation rule (criteria.AGGREGATION_RULE)
    pillars = models.JSONField(default=dict)
    # How many criteria say "watch" or "act" with a next action (the portfolio's open actions).
    open_actions = models.PositiveIntegerField(default=0)
    # True on the partnership's newest snapshot only (one per partnership, kept by
    # services.scorecard_recompute): the portfolio reads every partnership's current scorecard
    # with one indexed filter instead of a "newest per group" query.
    latest = models.BooleanField(default=False)

    class Meta:
        ordering = ["-computed_at", "-pk"]
        indexes = [
            models.Index(fields=["partnership", "-computed_at"], name="evaluation_snapshot_latest")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership"],
                condition=models.Q(latest=True),
                name="evaluation_one_latest_snapshot",
            )
        ]

    def __str__(self) -> str:
        return (
            f"Scorecard of partnership {self.partnership_id} at {self.computed_at:%Y-%m-%d %H:%M}"
        )


class ScorecardPending(models.Model):
    """A recompute queued for a partnership and not started yet: at most one per partnership."""

    partnership = models.OneToOneField(
        Partnership, on_delete=models.CASCADE, related_name="scorecard_pending"
    )
    requested_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Scorecard recompute pending for partnership {self.partnership_id}"
