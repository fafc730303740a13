"""URL patterns for the alignment pillar's assessments pages."""

urlpatterns: list = []
