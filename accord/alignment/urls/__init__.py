"""The alignment pillar's pages: rubrics under /alignment/, the rest inside a partnership."""

from . import assessments, charter, discovery, rubrics

app_name = "alignment"

urlpatterns = [
    *rubrics.urlpatterns,
    *discovery.urlpatterns,
    *assessments.urlpatterns,
    *charter.urlpatterns,
]
