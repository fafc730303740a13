"""URL patterns of the relationships pillar, inside a partnership (R1)."""

from django.urls import path

from . import views

app_name = "relationships"

BASE = "partnerships/<int:pk>/stakeholders/"

urlpatterns = [
    path(BASE, views.stakeholders, name="stakeholders"),
    path(BASE + "add/", views.affected_add, name="affected-add"),
    path(BASE + "<int:item_pk>/remove/", views.affected_remove, name="affected-remove"),
]

from .urls_engagements import urlpatterns as engagement_urls  # noqa: E402  (R4, R5)

urlpatterns += engagement_urls
