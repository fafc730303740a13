"""URL patterns of the analysis pages (M3), included in the measurement app's urls.py."""

from django.urls import path

from . import views_analysis

BASE = "partnerships/<int:pk>/measures/analysis/"

urlpatterns = [
    path(BASE, views_analysis.overview, name="overview"),
    path(BASE + "<uuid:lineage>/", views_analysis.indicator, name="analysis"),
]
