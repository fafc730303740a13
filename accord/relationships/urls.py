"""URL patterns of the relationships pillar, inside a partnership (R1)."""

from django.urls import path

from . import views, views_bodies

app_name = "relationships"

BASE = "partnerships/<int:pk>/stakeholders/"
BODIES = "partnerships/<int:pk>/bodies/"
BODY = BODIES + "<int:body_pk>/"

urlpatterns = [
    path(BASE, views.stakeholders, name="stakeholders"),
    path(BASE + "add/", views.affected_add, name="affected-add"),
    path(BASE + "<int:item_pk>/remove/", views.affected_remove, name="affected-remove"),
    path(BODIES, views_bodies.bodies, name="bodies"),
    path(BODIES + "new/", views_bodies.body_create, name="body-create"),
    path(BODY, views_bodies.body_detail, name="body-detail"),
    path(BODY + "seats/", views_bodies.seat_add, name="seat-add"),
    path(BODY + "seats/<int:seat_pk>/end/", views_bodies.seat_end, name="seat-end"),
    path(BODY + "meetings/", views_bodies.meeting_add, name="meeting-add"),
]

from .urls_engagements import urlpatterns as engagement_urls  # noqa: E402  (R4, R5)

urlpatterns += engagement_urls

from .urls_communication import urlpatterns as communication_urls  # noqa: E402  (R6)

urlpatterns += communication_urls
from .urls_trust import urlpatterns as trust_urls  # noqa: E402  (trust and value network, R6)

urlpatterns += trust_urls
from .urls_ledger import urlpatterns as ledger_urls  # noqa: E402  (R6)

urlpatterns += ledger_urls
