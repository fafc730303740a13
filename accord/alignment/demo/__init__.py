"""Demo data for pillar 1: a rubric in use, an assessment in progress, charters (A1-A3)."""

from . import assessments, charter, discovery, rubrics


def seed_demo(context) -> None:
    for part in (rubrics, discovery, assessments, charter):
        part.seed(context)
