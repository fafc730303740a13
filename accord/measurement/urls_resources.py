"""URL patterns of the Resources section (M5), inside a partnership."""

from django.urls import path

from . import views_resources as views

BASE = "partnerships/<int:pk>/resources/"
PLEDGE = BASE + "pledges/<int:pledge_pk>/"
CONTRIBUTION = PLEDGE + "contributions/<int:contribution_pk>/"

urlpatterns = [
    path(BASE, views.resources, name="resources"),
    path(BASE + "settings/", views.resource_settings, name="resource-settings"),
    path(BASE + "pledges/new/", views.pledge_add, name="pledge-add"),
    path(PLEDGE, views.pledge_detail, name="pledge"),
    path(PLEDGE + "edit/", views.pledge_edit, name="pledge-edit"),
    path(PLEDGE + "remove/", views.pledge_remove, name="pledge-remove"),
    path(PLEDGE + "contributions/", views.contribution_add, name="contribution-add"),
    path(CONTRIBUTION + "edit/", views.contribution_edit, name="contribution-edit"),
    path(CONTRIBUTION + "remove/", views.contribution_remove, name="contribution-remove"),
]
