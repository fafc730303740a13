"""Demo data for the alignment pillar: rubrics."""


def seed(context) -> None:
    """Add this part's demo records (called by `accord seed --demo`; must be idempotent)."""
