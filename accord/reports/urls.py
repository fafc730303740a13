"""URL patterns of the reports app."""

from django.urls import path

from . import views, views_digests, views_exports

app_name = "reports"

DIGESTS = "partnerships/<int:pk>/digests/"
DIGEST = DIGESTS + "<int:digest_pk>/"

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
]
