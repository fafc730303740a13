"""The leadership pillar's API: MOU templates, MOUs and signatures, project directors,
commitments and learning, announcements."""

from ninja import Router

from . import announcements, commitments, directors, mous, templates, verify

router = Router()
for part in (templates, mous, directors, commitments, announcements, verify):
    router.add_router("/", part.router)
