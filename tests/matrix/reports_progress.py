"""Access-matrix entries for progress reports (M4; see tests/matrix/__init__.py).

"reports.manage" (a steward) starts, writes, builds, publishes and unpublishes them;
"reports.report.read" reads one: everyone with a role an internal or public report, the steward
and the organization's own people a partner report (the matrix's partner report is the host's,
whose people the cast's role-holders are not). A published public report and its files are
PUBLIC at their token's URL. The matrix's period has no approved data, so starting or publishing
a report is refused (422, or a redirect with the message on a page).
"""

from django.core.files.base import ContentFile
from django.urls import reverse

from accord.reports.models_progress import ProgressReport, new_token
from tests.matrix import PUBLIC, Route, Target
from tests.matrix.measurement_collection import period

FOUND = frozenset({302})
ACCEPTED = frozenset({202})
UNPROCESSABLE = frozenset({422})
MANAGE = "reports.manage"
READ = "reports.report.read"


def report(cast, side, audience="internal", published=False, built=False) -> ProgressReport:
    found = period(cast, side)
    made = ProgressReport.objects.create(
        partnership=found.partnership,
        period=found,
        audience=audience,
        organization=cast.host if audience == "partner" else None,
        title=f"{found.label} {audience} report",
        token=new_token() if audience == "public" else "",
    )
    if published:
        from django.utils import timezone

        made.status, made.published_at = "published", timezone.now()
        made.save()
    if built:
        made.pdf.save("matrix.pdf", ContentFile(b"%PDF-1.7 matrix"), save=True)
    return made


def on_report(name: str, audience="internal", **extra):
    def build(cast, side):
        found = report(cast, side, audience, built=name.endswith("file"))
        args = [found.partnership_id, found.pk, *extra.values()]
        return Target(reverse(f"reports:{name}", args=args), found)

    return build


def public(name: str, **extra):
    def build(cast, side):
        found = report(cast, side, "public", published=True, built=True)
        return reverse(f"reports:{name}", args=[found.token, *extra.values()])

    return build


REPORTS = "/api/v1/partnerships/{partnership_id}/reports"
ONE = REPORTS + "/{report_id}"


def api_report(path: str, audience="internal", built=False):
    def build(cast, side):
        found = report(cast, side, audience, built=built)
        url = path.format(partnership_id=found.partnership_id, report_id=found.pk, kind="pdf")
        return Target(url, found)

    return build


def api_reports(cast, side):
    period(cast, side)
    return REPORTS.format(partnership_id=cast.partnership(side).pk)


def api_create_body(cast, side):
    found = cast.partnership(side).reporting_periods.get()
    return {"period_id": found.pk, "audience": "internal"}


ROUTES: list[Route] = [
    Route(
        "reports:reports",
        "GET",
        lambda c, s: reverse("reports:reports", args=[c.partnership(s).pk]),
        "view",
    ),
    Route(
        "reports:report-create",
        "GET",
        lambda c, s: reverse("reports:report-create", args=[c.partnership(s).pk]),
        MANAGE,
    ),
    Route(
        "reports:report-create",
        "POST",
        lambda c, s: reverse("reports:report-create", args=[c.partnership(s).pk]),
        MANAGE,
        data=lambda c, s: {},
        ok=UNPROCESSABLE,
    ),
    Route("reports:report", "GET", on_report("report"), READ),
    Route("reports:report-edit", "GET", on_report("report-edit"), MANAGE),
    Route(
        "reports:report-edit",
        "POST",
        on_report("report-edit"),
        MANAGE,
        data=lambda c, s: {"title": ""},
        ok=UNPROCESSABLE,
    ),
    Route("reports:report-publish", "POST", on_report("report-publish"), MANAGE, ok=FOUND),
    Route("reports:report-unpublish", "POST", on_report("report-unpublish"), MANAGE, ok=FOUND),
    Route("reports:report-build", "POST", on_report("report-build"), MANAGE, ok=FOUND),
    # A partner report (the host's): the steward's and the host's people's only.
    Route("reports:report-status", "GET", on_report("report-status", "partner"), READ),
    Route("reports:report-file", "GET", on_report("report-file", kind="pdf"), READ),
    Route("reports:public", "GET", public("public"), PUBLIC, scoped=False),
    Route("reports:public-file", "GET", public("public-file", kind="pdf"), PUBLIC, scoped=False),
    # --- API ----------------------------------------------------------------------------------
    Route(f"GET {REPORTS}", "GET", api_reports, "view", api=True),
    Route(
        f"POST {REPORTS}",
        "POST",
        api_reports,
        MANAGE,
        api=True,
        data=api_create_body,
        ok=UNPROCESSABLE,
    ),
    Route(f"GET {ONE}", "GET", api_report(ONE, "partner"), READ, api=True),
    Route(f"GET {ONE}/content", "GET", api_report(ONE + "/content"), READ, api=True),
    Route(
        f"PATCH {ONE}",
        "PATCH",
        api_report(ONE),
        MANAGE,
        api=True,
        data=lambda c, s: {"results": "Written by the matrix."},
    ),
    Route(
        f"POST {ONE}/publish",
        "POST",
        api_report(ONE + "/publish"),
        MANAGE,
        api=True,
        ok=UNPROCESSABLE,
    ),
    Route(
        f"POST {ONE}/unpublish",
        "POST",
        api_report(ONE + "/unpublish"),
        MANAGE,
        api=True,
        ok=UNPROCESSABLE,
    ),
    Route(f"POST {ONE}/build", "POST", api_report(ONE + "/build"), MANAGE, api=True, ok=ACCEPTED),
    Route(
        f"GET {ONE}/files/{{kind}}",
        "GET",
        api_report(ONE + "/files/{kind}", built=True),
        READ,
        api=True,
    ),
]
