"""URL patterns for leaders' learning and commitments (L1-L3), inside a partnership."""

from django.urls import path

from ..views import commitments as views

BASE = "partnerships/<int:pk>/commitments/"
LEARNING = BASE + "learning/"

urlpatterns = [
    path(BASE, views.commitments_overview, name="commitments"),
    path(BASE + "new/", views.commitment_create, name="commitment-create"),
    path(BASE + "<int:item_pk>/", views.commitment_detail, name="commitment-detail"),
    path(BASE + "<int:item_pk>/edit/", views.commitment_edit, name="commitment-edit"),
    path(BASE + "<int:item_pk>/status/", views.commitment_status, name="commitment-status"),
    path(LEARNING + "new/", views.learning_create, name="learning-create"),
    path(LEARNING + "<int:item_pk>/", views.learning_detail, name="learning-detail"),
    path(LEARNING + "<int:item_pk>/edit/", views.learning_edit, name="learning-edit"),
]
