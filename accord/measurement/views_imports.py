"""Values from a file (M3): the upload page of an organization's values for a period, and its
templates (CSV and XLSX) to download.

The file is checked whole before anything is written (imports.py); the page shows the report, each
problem with its line and column, or what was written. Objects load through `get_visible_or_404`
(outsiders 404, members who may not enter the values 403). A plain form: no JavaScript.
"""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from accord.core.access import can
from accord.core.paging import paginate

from . import imports
from . import queries_imports as queries
from .forms_imports import UploadForm

FORMATS = {"csv": "text/csv; charset=utf-8", "xlsx": imports.XLSX.media_type}


def _submission(request, pk, period_pk, org_pk, action=None):
    period = queries.period_or_404(request, pk, period_pk)
    return queries.submission_or_404(request, period, org_pk, action)


@login_required
def upload(request, pk, period_pk, org_pk):
    """The upload form, the templates, and the report of the last upload or what it wrote."""
    submission = _submission(request, pk, period_pk, org_pk, queries.ENTER)
    form, report, status = UploadForm(), None, 200
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        form.is_valid()
        report = imports.import_upload(submission, request.FILES.get("file"))
        if report.ok:
            url = reverse("measurement:upload", args=[pk, period_pk, org_pk])
            event = report.event.pk if report.event else 0
            return redirect(f"{url}?imported={event}&rows={report.rows}")
        status = 422
    imported = None
    if "imported" in request.GET:
        number = request.GET["imported"]
        imported = {
            "event": queries.events_of(submission).filter(pk=number).first()
            if number.isdigit() and len(number) < 19
            else None,
            "rows": request.GET.get("rows", "")[:12],
        }
    period = submission.period
    context = {
        "partnership": period.partnership,
        "period": period,
        "submission": submission,
        "form": form,
        "report": report,
        "imported": imported,
        "values_page": paginate(
            request,
            queries.values_of(submission).order_by(
                "indicator__position", "indicator_id", "category_a_id", "category_b_id", "pk"
            ),
            per_page=50,
        ),
        "can_review": can(request.user, queries.REVIEW, submission),
    }
    return render(request, "measurement/imports/upload.html", context, status=status)


@login_required
def template(request, pk, period_pk, org_pk, fmt):
    """The period's template for the organization, prefilled with its stored values."""
    if fmt not in FORMATS:
        raise Http404("Not found.")
    submission = _submission(request, pk, period_pk, org_pk)
    name = imports.template_name(submission, fmt)
    if fmt == "csv":
        response = StreamingHttpResponse(
            imports.template_csv(submission), content_type=FORMATS["csv"]
        )
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    return FileResponse(
        imports.template_xlsx(submission),
        as_attachment=True,
        filename=name,
        content_type=FORMATS["xlsx"],
    )
