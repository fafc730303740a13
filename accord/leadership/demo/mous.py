"""Demo data for the leadership pillar: mous."""


def seed(context) -> None:
    """Add this part's demo records (called by `accord seed --demo`; must be idempotent)."""
