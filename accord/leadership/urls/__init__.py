"""The leadership pillar's pages: MOU templates under /leadership/, the rest in a partnership."""

from . import announcements, commitments, directors, mous, signing, templates, verify

app_name = "leadership"

urlpatterns = [
    *templates.urlpatterns,
    *mous.urlpatterns,
    *signing.urlpatterns,
    *verify.urlpatterns,
    *directors.urlpatterns,
    *commitments.urlpatterns,
    *announcements.urlpatterns,
]
