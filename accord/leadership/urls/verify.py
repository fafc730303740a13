"""The public verification page (L5): no sign-in, no ids in the URL."""

from django.urls import path

from ..views import verify as views

urlpatterns: list = [
    path("verify/", views.verify, name="verify"),
]
