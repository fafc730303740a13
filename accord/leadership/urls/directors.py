"""URL patterns for the project directors pages (L6), inside a partnership."""

from django.urls import path

from ..views import directors as views

DIRECTORS = "partnerships/<int:pk>/project-directors/"
MEMBER = DIRECTORS + "<int:organization_id>/"
HANDOVER = DIRECTORS + "handovers/<int:handover_pk>/"

urlpatterns = [
    path(DIRECTORS, views.directors, name="directors"),
    path(MEMBER + "name/", views.director_name, name="director-name"),
    path(MEMBER + "hand-over/", views.handover_create, name="director-handover-create"),
    path(HANDOVER, views.handover_detail, name="director-handover"),
    path(HANDOVER + "accept/", views.handover_accept, name="director-handover-accept"),
    path(HANDOVER + "decline/", views.handover_decline, name="director-handover-decline"),
    path(HANDOVER + "cancel/", views.handover_cancel, name="director-handover-cancel"),
]
