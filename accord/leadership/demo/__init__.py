"""Demo data for pillar 2: an executed MOU, one out for signature, commitments (L1-L6)."""

from . import announcements, commitments, directors, mous, templates


def seed_demo(context) -> None:
    # Commitments before MOUs, so that an MOU's Resources clause lists them.
    for part in (templates, commitments, mous, directors, announcements):
        part.seed(context)
