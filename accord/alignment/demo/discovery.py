"""Demo data for the alignment pillar: discovery."""


def seed(context) -> None:
    """Add this part's demo records (called by `accord seed --demo`; must be idempotent)."""
