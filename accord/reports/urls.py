"""URL patterns of the reports app: the partnership archive and progress reports (M4)."""

from django.urls import path

from . import views, views_digests, views_exports, views_progress

app_name = "reports"

DIGESTS = "partnerships/<int:pk>/digests/"
DIGEST = DIGESTS + "<int:digest_pk>/"
REPORT = "partnerships/<int:pk>/reports/<int:report_pk>/"

urlpatterns = [
    path("partnerships/<int:pk>/export/", views.export, name="export"),
    path("partnerships/<int:pk>/export/archive.zip", views.export_download, name="export-download"),
    path("archives/import/", views.import_archive, name="import"),
    # Digests (M4)
    path(DIGESTS, views_digests.digest_list, name="digest-list"),
    path(DIGESTS + "new/", views_digests.digest_create, name="digest-create"),
    path(DIGEST, views_digests.digest_edit, name="digest-edit"),
    path(DIGEST + "stop/", views_digests.digest_stop, name="digest-stop"),
    path(DIGEST + "preview/", views_digests.digest_preview, name="digest-preview"),
    path(DIGEST + "subscription/", views_digests.digest_subscription, name="digest-subscription"),
    path("digests/", views_digests.digest_mine, name="digest-mine"),
    path("digests/portfolio/", views_digests.digest_portfolio, name="digest-portfolio"),
    path(
        "digests/unsubscribe/<str:token>/",
        views_digests.digest_unsubscribe,
        name="digest-unsubscribe",
    ),
    path("exports/<slug:table>.<slug:fmt>", views_exports.directory_export, name="export-list"),
    path(
        "partnerships/<int:pk>/exports/<slug:table>.<slug:fmt>",
        views_exports.partnership_export,
        name="export-table",
    ),
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
