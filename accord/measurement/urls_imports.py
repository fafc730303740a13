"""URL patterns of the ways values come in from a file (M3), inside a partnership's periods."""

from django.urls import path

from . import views_imports as views

DATA = "partnerships/<int:pk>/measures/periods/<int:period_pk>/data/<int:org_pk>/"

urlpatterns = [
    path(DATA + "upload/", views.upload, name="upload"),
    path(DATA + "template.<str:fmt>", views.template, name="upload-template"),
]
