"""URL patterns of the health scorecard."""

from django.urls import path

from . import views

app_name = "evaluation"

urlpatterns = [
    path("partnerships/<int:pk>/scorecard/", views.scorecard, name="scorecard"),
    path("scorecard/how-it-is-computed/", views.criteria, name="criteria"),
]
