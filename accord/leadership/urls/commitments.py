"""URL patterns for the leadership pillar's commitments pages."""

urlpatterns: list = []
