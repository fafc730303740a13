from django.urls import path

from . import views, views_profiles

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
    path("people/", views.person_list, name="person-list"),
    path("people/new/", views.person_create, name="person-create"),
    path("people/<int:pk>/", views.person_detail, name="person-detail"),
    path("people/<int:pk>/edit/", views.person_edit, name="person-edit"),
    path("people/<int:pk>/archive/", views.person_archive, name="person-archive"),
]
