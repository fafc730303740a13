"""Demo data for the alignment pillar: assessments."""


def seed(context) -> None:
    """Add this part's demo records (called by `accord seed --demo`; must be idempotent)."""
