"""What progress reports add to digests: the reports published since the last digest (M4).

Registered with `digests.register_digest_section` from the app's ready(), so that the digest
never imports reports. Internal and public reports are named (every recipient is a member of the
partnership); a partner report is one organization's own view and is not announced to the rest.
"""

from django.urls import reverse

from .digests import DigestLine, DigestSection
from .models_progress import ProgressReport


def published_reports(partnership, since, now) -> DigestSection | None:
    reports = ProgressReport.objects.filter(
        partnership=partnership,
        status=ProgressReport.Status.PUBLISHED,
        audience__in=(ProgressReport.Audience.INTERNAL, ProgressReport.Audience.PUBLIC),
        published_at__lte=now,
    )
    if since is not None:
        reports = reports.filter(published_at__gt=since)
    lines = []
    for report in reports.order_by("-published_at", "-pk")[:10]:
        if report.audience == ProgressReport.Audience.PUBLIC:
            url, who = reverse("reports:public", args=[report.token]), "public"
        else:
            url = reverse("reports:report", args=[partnership.pk, report.pk])
            who = "for the partnership's members"
        lines.append(DigestLine(f"{report.title}, {who}", url))
    if not lines:
        return None
    return DigestSection("reports", "Progress reports published", lines)
