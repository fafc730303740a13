"""URL patterns for the alignment pillar's discovery pages."""

urlpatterns: list = []
