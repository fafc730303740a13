"""URL patterns of the health scorecard."""

from django.urls import path

from . import views, views_portfolio

app_name = "evaluation"

urlpatterns = [
    path("partnerships/<int:pk>/scorecard/", views.scorecard, name="scorecard"),
    path("scorecard/how-it-is-computed/", views.criteria, name="criteria"),
    path("portfolio/", views_portfolio.portfolio, name="portfolio"),
    path(
        "portfolio/export.<str:fmt>",
        views_portfolio.portfolio_export,
        name="portfolio-export",
    ),
    path("portfolio/totals.csv", views_portfolio.portfolio_totals, name="portfolio-totals"),
]
