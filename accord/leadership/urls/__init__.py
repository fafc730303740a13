"""The leadership pillar's pages: MOU templates under /leadership/, the rest in a partnership."""

from . import announcements, commitments, directors, mous, templates

app_name = "leadership"

urlpatterns = [
    *templates.urlpatterns,
    *mous.urlpatterns,
    *directors.urlpatterns,
    *commitments.urlpatterns,
    *announcements.urlpatterns,
]
