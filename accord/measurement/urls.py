"""URL patterns of the measures set pages (M1, M2), inside a partnership."""

from django.urls import path

from . import urls_collection, urls_imports, views

app_name = "measurement"

BASE = "partnerships/<int:pk>/measures/"
VERSION = BASE + "<int:number>/"
INDICATOR = VERSION + "indicators/<int:indicator_pk>/"
DIMENSIONS = BASE + "dimensions/"

urlpatterns = [
    path(BASE, views.measures, name="measures"),
    path(BASE + "new/", views.version_create, name="version-create"),
    path(BASE + "compare/", views.compare, name="compare"),
    path(DIMENSIONS, views.dimensions, name="dimensions"),
    path(DIMENSIONS + "<int:dimension_pk>/", views.dimension, name="dimension"),
    path(VERSION, views.version, name="version"),
    path(VERSION + "edit/", views.version_edit, name="version-edit"),
    path(VERSION + "status/", views.version_status, name="version-status"),
    path(VERSION + "comments/", views.version_comment, name="version-comment"),
    path(VERSION + "endorse/", views.version_endorse, name="version-endorse"),
    path(VERSION + "indicators/new/", views.indicator_add, name="indicator-add"),
    path(INDICATOR, views.indicator, name="indicator"),
    path(INDICATOR + "edit/", views.indicator_edit, name="indicator-edit"),
    path(INDICATOR + "remove/", views.indicator_remove, name="indicator-remove"),
    *urls_imports.urlpatterns,
]
# Data collection (M3): periods and the grid.
urlpatterns += urls_collection.urlpatterns

# The analysis pages (M3): progress, trends, forecasts, gaps and the stories behind them.
from .urls_analysis import urlpatterns as analysis_urlpatterns  # noqa: E402

urlpatterns += analysis_urlpatterns

from .urls_evidence import urlpatterns as evidence_urls  # noqa: E402  (evidence, M3)

urlpatterns += evidence_urls

from .urls_deliverables import urlpatterns as deliverable_urls  # noqa: E402  (deliverables, M2)

urlpatterns += deliverable_urls

from .urls_resources import urlpatterns as resources_urls  # noqa: E402  (resources, M5)

urlpatterns += resources_urls
