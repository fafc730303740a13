"""The alignment pillar's API: rubrics, candidate discovery, assessments and the charter."""

from ninja import Router

from . import assessments, charter, discovery, rubrics

router = Router()
router.add_router("/", rubrics.router)
router.add_router("/", discovery.router)
router.add_router("/", assessments.router)
router.add_router("/", charter.router)
