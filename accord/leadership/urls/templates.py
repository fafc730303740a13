"""URL patterns for the MOU template pages (L5), under /leadership/mou-templates/."""

from django.urls import path

from ..views import templates as views

PREFIX = "leadership/mou-templates/"
SECTION = PREFIX + "<int:pk>/sections/<int:section_pk>/"

urlpatterns: list = [
    path(PREFIX, views.template_list, name="mou-template-list"),
    path(PREFIX + "new/", views.template_create, name="mou-template-create"),
    path(PREFIX + "<int:pk>/", views.template_detail, name="mou-template-detail"),
    path(PREFIX + "<int:pk>/edit/", views.template_edit, name="mou-template-edit"),
    path(PREFIX + "<int:pk>/archive/", views.template_archive, name="mou-template-archive"),
    path(
        PREFIX + "<int:pk>/make-default/",
        views.template_make_default,
        name="mou-template-make-default",
    ),
    path(PREFIX + "<int:pk>/copy/", views.template_copy, name="mou-template-copy"),
    path(PREFIX + "<int:pk>/sections/new/", views.section_add, name="mou-template-section-add"),
    path(SECTION + "edit/", views.section_edit, name="mou-template-section-edit"),
    path(SECTION + "remove/", views.section_remove, name="mou-template-section-remove"),
    path(SECTION + "move/", views.section_move, name="mou-template-section-move"),
]
