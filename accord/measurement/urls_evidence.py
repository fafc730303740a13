"""URL patterns of the evidence pages (M3), inside a partnership."""

from django.urls import path

from . import views_evidence as views

BASE = "partnerships/<int:pk>/evidence/"
ONE = BASE + "<int:item_pk>/"

urlpatterns = [
    path(BASE, views.evidence_list, name="evidence"),
    path(BASE + "new/", views.evidence_create, name="evidence-create"),
    path(ONE, views.evidence_detail, name="evidence-detail"),
    path(ONE + "edit/", views.evidence_edit, name="evidence-edit"),
    path(ONE + "archive/", views.evidence_archive, name="evidence-archive"),
    path(ONE + "file/", views.evidence_file, name="evidence-file"),
]
