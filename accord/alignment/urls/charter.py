"""URL patterns for the charter pages (A2, A3), inside a partnership."""

from django.urls import path

from ..views import charter as views

CHARTER = "partnerships/<int:pk>/charter/"
VERSION = CHARTER + "<int:number>/"

urlpatterns = [
    path(CHARTER, views.charter_overview, name="charter"),
    path(CHARTER + "new/", views.charter_version_create, name="charter-version-create"),
    path(CHARTER + "text-stats/", views.charter_text_stats, name="charter-text-stats"),
    path(CHARTER + "compare/", views.charter_compare, name="charter-compare"),
    path(VERSION, views.charter_version, name="charter-version"),
    path(VERSION + "edit/", views.charter_edit, name="charter-edit"),
    path(VERSION + "status/", views.charter_status, name="charter-status"),
    path(VERSION + "comments/", views.charter_comment, name="charter-comment"),
    path(VERSION + "endorse/", views.charter_endorse, name="charter-endorse"),
]
