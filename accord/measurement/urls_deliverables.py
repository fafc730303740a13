"""URL patterns of the deliverables pages and fulfilment (M2), inside a partnership."""

from django.urls import path

from . import views_deliverables as views

BASE = "partnerships/<int:pk>/deliverables/"
ONE = BASE + "<int:item_pk>/"

urlpatterns = [
    path(BASE, views.deliverables, name="deliverables"),
    path(BASE + "new/", views.deliverable_create, name="deliverable-create"),
    path(ONE, views.deliverable_detail, name="deliverable-detail"),
    path(ONE + "edit/", views.deliverable_edit, name="deliverable-edit"),
    path(ONE + "report/", views.deliverable_report, name="deliverable-report"),
    path(ONE + "archive/", views.deliverable_archive, name="deliverable-archive"),
]
