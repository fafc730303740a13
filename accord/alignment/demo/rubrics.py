"""Demo data for the alignment pillar: rubrics (A1).

The demo uses the default rubric that migration 0002 writes for every installation; it adds
no rubric of its own, so that the demo shows what a new installation starts with.
"""


def seed(context) -> None:
    """Nothing to add: the default rubric comes from the migrations (idempotent by design)."""
