"""URL patterns for alignment assessments (A1), inside a partnership."""

from django.urls import path

from ..views import assessments as views

BASE = "partnerships/<int:pk>/assessments/"
ONE = BASE + "<int:assessment_pk>/"

urlpatterns: list = [
    path(BASE, views.assessment_list, name="assessment-list"),
    path(f"{BASE}new/", views.assessment_create, name="assessment-create"),
    path(ONE, views.assessment_detail, name="assessment-detail"),
    path(f"{ONE}assessors/add/", views.assessor_add, name="assessment-assessor-add"),
    path(
        f"{ONE}assessors/<int:assessor_pk>/remove/",
        views.assessor_remove,
        name="assessment-assessor-remove",
    ),
    path(f"{ONE}score/", views.assessment_score, name="assessment-score"),
    path(f"{ONE}decide/", views.assessment_decide, name="assessment-decide"),
]
