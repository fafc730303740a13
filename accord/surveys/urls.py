"""URL patterns of the collaboration survey, inside a partnership (and the invitation link)."""

from django.urls import path

from . import views

app_name = "surveys"

BASE = "partnerships/<int:pk>/surveys/"
WAVE = BASE + "<int:wave_pk>/"

urlpatterns = [
    path(BASE, views.waves, name="waves"),
    path(BASE + "open/", views.wave_create, name="wave-create"),
    path(BASE + "trends/", views.trends, name="trends"),
    path(WAVE, views.wave_detail, name="wave"),
    path(WAVE + "close/", views.wave_close, name="wave-close"),
    path(WAVE + "answer/", views.answer, name="answer"),
    path("surveys/invitation/<str:token>/", views.invitation, name="invitation"),
]
