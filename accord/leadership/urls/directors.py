"""URL patterns for the leadership pillar's directors pages."""

urlpatterns: list = []
