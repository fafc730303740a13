"""URL patterns for the alignment pillar's discovery pages."""

from django.urls import path

from accord.alignment.views import discovery as views

urlpatterns: list = [
    path("partnerships/<int:pk>/candidates/", views.candidate_list, name="candidates"),
]
