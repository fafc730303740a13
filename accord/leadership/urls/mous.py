"""URL patterns for the leadership pillar's mous pages."""

urlpatterns: list = []
