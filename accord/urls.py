"""Accord's URL map: one namespaced include per app, and the API under /api/v1."""

from django.contrib import admin
from django.urls import include, path

from accord.api import api

urlpatterns = [
    path("", include("accord.core.urls")),
    path("accounts/", include("accord.accounts.urls")),
    path("directory/", include("accord.directory.urls")),
    path("partnerships/", include("accord.partnerships.urls")),
    path("invitations/", include("accord.invitations.urls")),
    path("", include("accord.alignment.urls")),
    path("", include("accord.leadership.urls")),
    path("", include("accord.relationships.urls")),
    path("", include("accord.measurement.urls")),
    path("", include("accord.reports.urls")),
    path("", include("accord.evaluation.urls")),
    path("", include("accord.surveys.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

handler403 = "accord.core.views.permission_denied"
handler404 = "accord.core.views.page_not_found"
handler500 = "accord.core.views.server_error"
