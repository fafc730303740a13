"""The health scorecard API: a partnership's stored scorecard and its history, and the criteria.

Read-only: the scorecard is computed by a task when the records change. Every role in the
partnership reads it; outsiders get 404.
"""

from ninja import Router
from ninja.pagination import paginate

from accord.core.schemas import ErrorOut
from accord.partnerships.access import partnership_or_404

from . import queries
from .criteria import AGGREGATION_RULE
from .schemas import ScorecardCriterionOut, ScorecardOut, ScorecardSnapshotOut

router = Router(tags=["Health scorecard"])

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
BASE = "/partnerships/{partnership_id}/scorecard"


@router.get(
    BASE,
    response={200: ScorecardOut, **ERRORS},
    summary="The partnership's health scorecard: each pillar's status and its criteria",
    description="The latest stored computation: each criterion's status (good, watch, act, "
    "not_yet), its evidence, the next action and the page where it is done.",
)
def get_scorecard(request, partnership_id: int):
    partnership = partnership_or_404(request, partnership_id)
    card = queries.scorecard_of(partnership, history=0)
    return {
        "partnership_id": partnership.pk,
        "computed_at": card.computed_at,
        "pending": card.pending,
        "rule": AGGREGATION_RULE,
        "pillars": [
            {
                "pillar": pillar.key,
                "title": pillar.title,
                "status": pillar.status,
                "criteria": [
                    {
                        "key": row.key,
                        "title": row.title,
                        "status": row.status,
                        "evidence": row.evidence,
                        "next_action": row.action,
                        "link": row.url,
                    }
                    for row in pillar.criteria
                ],
            }
            for pillar in card.pillars
        ],
    }


@router.get(
    BASE + "/history",
    response={200: list[ScorecardSnapshotOut], **ERRORS},
    summary="Each pillar's status at each kept snapshot, newest first",
    description="A snapshot is kept only when something in the scorecard changed.",
)
@paginate
def scorecard_history(request, partnership_id: int):
    partnership = partnership_or_404(request, partnership_id)
    return queries.snapshots_of(partnership)


@router.get(
    "/scorecard-criteria",
    response={200: list[ScorecardCriterionOut], 401: ErrorOut},
    summary="Every criterion of the health scorecard, with how it is computed",
)
def list_criteria(request):
    return [
        {"key": c.key, "pillar": c.pillar, "title": c.title, "description": c.description}
        for c in queries.criteria_list()
    ]


# The portfolio's routes (api_portfolio.py), mounted with the scorecard's.
from .api_portfolio import router as portfolio_router  # noqa: E402

router.add_router("", portfolio_router)
