"""URL patterns of the reports app: the partnership archive and progress reports (M4)."""

from django.urls import path

from . import views, views_progress

app_name = "reports"

REPORT = "partnerships/<int:pk>/reports/<int:report_pk>/"

urlpatterns = [
    path("partnerships/<int:pk>/export/", views.export, name="export"),
    path("partnerships/<int:pk>/export/archive.zip", views.export_download, name="export-download"),
    path("archives/import/", views.import_archive, name="import"),
    # Progress reports (M4)
    path("partnerships/<int:pk>/reports/", views_progress.reports, name="reports"),
    path("partnerships/<int:pk>/reports/new/", views_progress.report_create, name="report-create"),
    path(REPORT, views_progress.report, name="report"),
    path(REPORT + "edit/", views_progress.report_edit, name="report-edit"),
    path(REPORT + "publish/", views_progress.report_publish, name="report-publish"),
    path(REPORT + "unpublish/", views_progress.report_unpublish, name="report-unpublish"),
    path(REPORT + "build/", views_progress.report_build, name="report-build"),
    path(REPORT + "status/", views_progress.report_status, name="report-status"),
    path(REPORT + "files/<str:kind>/", views_progress.report_file, name="report-file"),
    # A published public report: anyone, no sign-in, by its unguessable token.
    path("reports/<str:token>/", views_progress.public_report, name="public"),
    path("reports/<str:token>/files/<str:kind>/", views_progress.public_file, name="public-file"),
]
