"""URL patterns for the leadership pillar's announcements pages."""

urlpatterns: list = []
