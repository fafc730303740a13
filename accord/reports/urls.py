"""URL patterns of the reports app."""

from django.urls import path

from . import views, views_exports

app_name = "reports"

urlpatterns = [
    path("partnerships/<int:pk>/export/", views.export, name="export"),
    path("partnerships/<int:pk>/export/archive.zip", views.export_download, name="export-download"),
    path("archives/import/", views.import_archive, name="import"),
    path("exports/<slug:table>.<slug:fmt>", views_exports.directory_export, name="export-list"),
    path(
        "partnerships/<int:pk>/exports/<slug:table>.<slug:fmt>",
        views_exports.partnership_export,
        name="export-table",
    ),
]
