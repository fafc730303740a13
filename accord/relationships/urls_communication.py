"""URL patterns of the communication map (R6), inside a partnership."""

from django.urls import path

from . import views_communication as views

urlpatterns = [
    path("partnerships/<int:pk>/communication/", views.communication, name="communication"),
]
