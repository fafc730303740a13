"""URL patterns for the MOU pages (L5), inside a partnership; signing is in signing.py."""

from django.urls import path

from ..views import mous as views

MOUS = "partnerships/<int:pk>/mous/"
MOU = MOUS + "<int:mou_pk>/"
VERSION = MOU + "versions/<int:number>/"

urlpatterns: list = [
    path(MOUS, views.mou_list, name="mou-list"),
    path(MOUS + "new/", views.mou_create, name="mou-create"),
    path(MOUS + "upload/", views.mou_upload, name="mou-upload"),
    path(MOU, views.mou_detail, name="mou-detail"),
    path(MOU + "versions/new/", views.mou_version_create, name="mou-version-create"),
    path(MOU + "amend/", views.mou_amend, name="mou-amend"),
    path(MOU + "diff/", views.mou_diff, name="mou-diff"),
    path(VERSION, views.mou_version, name="mou-version"),
    path(VERSION + "print/", views.mou_print, name="mou-print"),
    path(VERSION + "pdf/", views.mou_pdf, name="mou-pdf"),
    path(VERSION + "document/", views.mou_document, name="mou-document"),
    path(VERSION + "term/", views.mou_term, name="mou-term"),
    path(VERSION + "regenerate/", views.mou_regenerate, name="mou-regenerate"),
    path(
        VERSION + "sections/<int:section_pk>/edit/", views.mou_section_edit, name="mou-section-edit"
    ),
]
