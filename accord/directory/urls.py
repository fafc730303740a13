from django.urls import path

from . import views, views_groups, views_profiles

app_name = "directory"

urlpatterns = [
    path("organizations/", views.organization_list, name="organization-list"),
    path("organizations/new/", views.organization_create, name="organization-create"),
    path("organizations/<int:pk>/", views.organization_detail, name="organization-detail"),
    path("organizations/<int:pk>/edit/", views.organization_edit, name="organization-edit"),
    path(
        "organizations/<int:pk>/archive/", views.organization_archive, name="organization-archive"
    ),
    path(
        "organizations/<int:pk>/values/",
        views_profiles.organization_values,
        name="organization-values",
    ),
    path(
        "organizations/<int:pk>/culture/",
        views_profiles.organization_culture,
        name="organization-culture",
    ),
    path(
        "organizations/<int:pk>/culture/edit/",
        views_profiles.organization_culture_edit,
        name="organization-culture-edit",
    ),
    path("groups/", views_groups.group_list, name="group-list"),
    path("groups/new/", views_groups.group_create, name="group-create"),
    path("groups/<int:pk>/", views_groups.group_detail, name="group-detail"),
    path("groups/<int:pk>/edit/", views_groups.group_edit, name="group-edit"),
    path(
        "groups/<int:pk>/representations/",
        views_groups.representation_add,
        name="group-representation-add",
    ),
    path(
        "groups/<int:pk>/representations/<int:item_pk>/end/",
        views_groups.representation_archive,
        name="group-representation-end",
    ),
    path("people/", views.person_list, name="person-list"),
    path("people/new/", views.person_create, name="person-create"),
    path("people/<int:pk>/", views.person_detail, name="person-detail"),
    path("people/<int:pk>/edit/", views.person_edit, name="person-edit"),
    path("people/<int:pk>/archive/", views.person_archive, name="person-archive"),
]
