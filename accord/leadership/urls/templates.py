"""URL patterns for the leadership pillar's templates pages."""

urlpatterns: list = []
