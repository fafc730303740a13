"""URL patterns for the alignment pillar's rubric pages (A1), under /alignment/rubrics/."""

from django.urls import path

from ..views import rubrics as views

PREFIX = "alignment/rubrics/"

urlpatterns: list = [
    path(PREFIX, views.rubric_list, name="rubric-list"),
    path(f"{PREFIX}new/", views.rubric_create, name="rubric-create"),
    path(f"{PREFIX}<int:pk>/", views.rubric_detail, name="rubric-detail"),
    path(f"{PREFIX}<int:pk>/edit/", views.rubric_edit, name="rubric-edit"),
    path(f"{PREFIX}<int:pk>/archive/", views.rubric_archive, name="rubric-archive"),
    path(f"{PREFIX}<int:pk>/make-default/", views.rubric_make_default, name="rubric-make-default"),
    path(f"{PREFIX}<int:pk>/copy/", views.rubric_copy, name="rubric-copy"),
    path(f"{PREFIX}<int:pk>/criteria/new/", views.criterion_add, name="criterion-add"),
    path(
        f"{PREFIX}<int:pk>/criteria/<int:criterion_pk>/edit/",
        views.criterion_edit,
        name="criterion-edit",
    ),
    path(
        f"{PREFIX}<int:pk>/criteria/<int:criterion_pk>/remove/",
        views.criterion_remove,
        name="criterion-remove",
    ),
]
