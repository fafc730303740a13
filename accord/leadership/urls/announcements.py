"""URL patterns for announcements (L4), inside a partnership."""

from django.urls import path

from ..views import announcements as views

BASE = "partnerships/<int:pk>/announcements/"
ONE = BASE + "<int:announcement_pk>/"

urlpatterns = [
    path(BASE, views.announcement_list, name="announcements"),
    path(BASE + "new/", views.announcement_create, name="announcement-create"),
    path(ONE, views.announcement_detail, name="announcement-detail"),
    path(ONE + "edit/", views.announcement_edit, name="announcement-edit"),
    path(ONE + "send/", views.announcement_send, name="announcement-send"),
    path(ONE + "resume/", views.announcement_resume, name="announcement-resume"),
]
