from django.urls import path

from . import views

app_name = "invitations"

urlpatterns = [
    path("", views.invitation_list, name="list"),
    path("request/", views.invitation_request, name="request"),
    path("<int:pk>/send/", views.invitation_send, name="send"),
    path("<int:pk>/cancel/", views.invitation_cancel, name="cancel"),
    path("accept/<str:token>/", views.invitation_accept, name="accept"),
]
