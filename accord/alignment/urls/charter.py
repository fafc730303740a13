"""URL patterns for the alignment pillar's charter pages."""

urlpatterns: list = []
