"""URL patterns of the data collection pages (M3): periods, a period, an organization's grid."""

from django.urls import path

from . import views_collection as views

BASE = "partnerships/<int:pk>/measures/periods/"
PERIOD = BASE + "<int:period_pk>/"
GRID = PERIOD + "data/<int:org_pk>/"

urlpatterns = [
    path(BASE, views.periods, name="periods"),
    path(BASE + "new/", views.period_create, name="period-create"),
    path(BASE + "next-quarter/", views.period_next, name="period-next"),
    path(PERIOD, views.period, name="period"),
    path(PERIOD + "edit/", views.period_edit, name="period-edit"),
    path(GRID, views.grid, name="grid"),
    path(GRID + "cell/", views.grid_cell, name="grid-cell"),
    path(GRID + "review/", views.grid_review, name="grid-review"),
]
