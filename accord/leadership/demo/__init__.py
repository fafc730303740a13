"""Demo data for pillar 2: an executed MOU, one out for signature, commitments (L1-L6)."""

from . import announcements, commitments, directors, mous, templates


def seed_demo(context) -> None:
    for part in (templates, mous, directors, commitments, announcements):
        part.seed(context)
