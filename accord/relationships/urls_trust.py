"""URL patterns of the trust and value network (R6), inside a partnership."""

from django.urls import path

from . import views_trust as views

BASE = "partnerships/<int:pk>/trust/"
WAVE = BASE + "<int:wave_pk>/"

urlpatterns = [
    path(BASE, views.trust, name="trust"),
    path(BASE + "open/", views.wave_create, name="trust-wave-create"),
    path(WAVE, views.wave_detail, name="trust-wave"),
    path(WAVE + "close/", views.wave_close, name="trust-wave-close"),
    path(WAVE + "answer/<int:organization_pk>/", views.respond, name="trust-respond"),
]
