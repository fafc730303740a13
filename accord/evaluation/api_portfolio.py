"""The portfolio in the API: GET /api/v1/portfolio (the partnerships, paged), /portfolio/totals and
/portfolio/export (CSV or XLSX), with the page's filters and sort. Everyone signed in; each lists
only the partnerships the caller may see."""

from ninja import Query, Router
from ninja.pagination import paginate

from accord.core.access import require
from accord.core.schemas import ErrorOut

from .portfolio import Portfolio, portfolio_for
from .schemas_portfolio import (
    PortfolioExportFilters,
    PortfolioFilters,
    PortfolioRowOut,
    PortfolioTotalsOut,
)
from .views_portfolio import VIEW, export_response

router = Router(tags=["Portfolio"])
ERRORS = {401: ErrorOut, 422: ErrorOut}


def _portfolio(request, filters: PortfolioFilters) -> Portfolio:
    require(request.user, VIEW)
    return portfolio_for(
        request.user,
        stage=filters.stage or "",
        scope=filters.scope or "",
        sort=str(filters.sort),
    )


def _money(value) -> str:
    return f"{value:.2f}"


@router.get(
    "/portfolio",
    response={200: list[PortfolioRowOut], **ERRORS},
    summary="The partnerships you may see, with each pillar's scorecard status and resources",
    description="The heat map of the portfolio page: each partnership's stage and scope, the "
    "status of each pillar in its latest scorecard (good, watch, act, not_yet), its open next "
    "actions and its resources in money, in its currency. Filtered by stage and scope, sorted "
    "by any column.",
)
@paginate
def list_portfolio(request, filters: Query[PortfolioFilters]):
    return [
        {
            "partnership_id": row.pk,
            "title": row.title,
            "stage": row.stage,
            "scope": row.scope,
            **row.pillars,
            "open_next_actions": row.open_actions,
            "scorecard_computed_at": row.computed_at,
            "currency": row.currency,
            "pledged": _money(row.pledged),
            "delivered": _money(row.delivered),
            "scorecard_url": row.scorecard_path(),
        }
        for row in _portfolio(request, filters).rows
    ]


@router.get(
    "/portfolio/totals",
    response={200: PortfolioTotalsOut, **ERRORS},
    summary="The portfolio's totals: partnerships by status in each pillar, actions, resources",
)
def portfolio_totals(request, filters: Query[PortfolioFilters]):
    totals = _portfolio(request, filters).totals
    return {
        "partnerships": totals.partnerships,
        "with_scorecard": totals.scored,
        "open_next_actions": totals.open_actions,
        "pillars": [{"pillar": p.key, "title": p.title, **p.counts} for p in totals.pillars],
        "money": [
            {
                "currency": m.currency,
                "pledged": _money(m.pledged),
                "delivered": _money(m.delivered),
            }
            for m in totals.money
        ],
    }


@router.get(
    "/portfolio/export",
    response={200: None, **ERRORS},
    summary="The portfolio's partnerships as CSV or XLSX (the XLSX with the totals)",
    openapi_extra={
        "responses": {
            200: {
                "description": "The file",
                "content": {
                    "text/csv": {},
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {},
                },
            }
        }
    },
)
def portfolio_export(request, filters: Query[PortfolioExportFilters]):
    found = _portfolio(request, filters)
    return export_response(found, filters.format, request.build_absolute_uri("/").rstrip("/"))
