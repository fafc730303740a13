"""URL patterns for the alignment pillar's rubrics pages."""

urlpatterns: list = []
