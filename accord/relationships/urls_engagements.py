"""URL patterns of engagements (R4, R5): inside a partnership, and each person's calendar feed."""

from django.urls import path

from . import views_engagements as views

BASE = "partnerships/<int:pk>/engagements/"
ONE = BASE + "<int:item_pk>/"

urlpatterns = [
    path(BASE, views.engagements, name="engagements"),
    path(BASE + "add/", views.engagement_add, name="engagement-add"),
    path(BASE + "rhythm/", views.rhythm, name="engagement-rhythm"),
    path(ONE, views.engagement_detail, name="engagement-detail"),
    path(ONE + "edit/", views.engagement_edit, name="engagement-edit"),
    path(ONE + "archive/", views.engagement_archive, name="engagement-archive"),
    path(ONE + "engagement.ics", views.engagement_ics, name="engagement-ics"),
    path(ONE + "attendees/add/", views.attendee_add, name="attendee-add"),
    path(
        ONE + "attendees/<int:attendee_pk>/remove/",
        views.attendee_remove,
        name="attendee-remove",
    ),
    path(ONE + "actions/add/", views.action_add, name="action-add"),
    path(BASE + "actions/<int:action_pk>/status/", views.action_status, name="action-status"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/new/", views.calendar_feed_create, name="calendar-feed-create"),
    path("calendar/revoke/", views.calendar_feed_revoke, name="calendar-feed-revoke"),
    path("calendar/feed/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
]
