"""Access-matrix entries for the portfolio: everyone signed in opens it (policy:
"evaluation.portfolio.view"), and it lists only the partnerships they may see (that is tested in
tests/evaluation/test_portfolio.py). See tests/matrix/__init__.py for how outcomes are derived."""

from django.urls import reverse

from tests.matrix import Route

VIEW = "evaluation.portfolio.view"


def fixed(url: str):
    return lambda cast, side: url


ROUTES: list[Route] = [
    Route("evaluation:portfolio", "GET", fixed("/portfolio/?sort=-alignment"), VIEW, scoped=False),
    Route(
        "evaluation:portfolio-export",
        "GET",
        lambda cast, side: reverse("evaluation:portfolio-export", args=["xlsx"]),
        VIEW,
        scoped=False,
    ),
    Route(
        "evaluation:portfolio-totals",
        "GET",
        lambda cast, side: reverse("evaluation:portfolio-totals"),
        VIEW,
        scoped=False,
    ),
    Route("GET /api/v1/portfolio", "GET", fixed("/api/v1/portfolio"), VIEW, scoped=False, api=True),
    Route(
        "GET /api/v1/portfolio/totals",
        "GET",
        fixed("/api/v1/portfolio/totals?stage=forming"),
        VIEW,
        scoped=False,
        api=True,
    ),
    Route(
        "GET /api/v1/portfolio/export",
        "GET",
        fixed("/api/v1/portfolio/export?format=csv"),
        VIEW,
        scoped=False,
        api=True,
    ),
]
