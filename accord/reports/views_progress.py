"""Pages of progress reports (M4): a partnership's reports, one report (its content, its files and
the steward's controls), the form of its written sections, the build status fragment polled with
htmx, the files (served after an access check, never from a public media URL), and a published
public report at its token's URL, without signing in.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accord.core.access import can, get_visible_or_404
from accord.core.forms import AccordForm, add_service_errors, submitted
from accord.partnerships.access import partnership_or_404

from . import content
from . import services_progress as services
from .models_progress import SECTIONS, ProgressReport

MANAGE = "reports.manage"
READ = "reports.report.read"
FILES = {
    "pdf": ("application/pdf", "pdf"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "csv": ("text/csv; charset=utf-8", "csv"),
}


def report_or_404(user, partnership_id, pk, action: str | None = None) -> ProgressReport:
    return get_visible_or_404(
        user,
        ProgressReport.objects.select_related(
            "partnership", "period__measures_version", "period__partnership", "organization"
        ),
        action,
        pk=pk,
        partnership_id=partnership_id,
    )


class CreateForm(AccordForm):
    period = forms.TypedChoiceField(label="Reporting period", coerce=int)
    audience = forms.ChoiceField(
        label="Audience",
        choices=ProgressReport.Audience.choices,
        widget=forms.RadioSelect,
        initial=ProgressReport.Audience.INTERNAL,
    )
    organization = forms.TypedChoiceField(
        label="Member organization (a partner report only)",
        coerce=int,
        required=False,
        empty_value=None,
    )

    def __init__(self, *args, periods=(), organizations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [(p.pk, p.label) for p in periods]
        self.fields["organization"].choices = [("", "—")] + [(o.pk, o.name) for o in organizations]


class SectionsForm(AccordForm):
    title = forms.CharField(label="Title", max_length=services.MAX_TITLE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in SECTIONS:
            self.fields[key] = forms.CharField(
                label=label,
                required=False,
                max_length=services.MAX_TEXT,
                widget=forms.Textarea(attrs={"rows": 5}),
                help_text="Plain text; a blank line starts a new paragraph.",
            )


def _create_choices(partnership):
    from accord.measurement.models import ReportingPeriod
    from accord.partnerships.models import Membership

    periods = list(
        ReportingPeriod.objects.filter(partnership=partnership).order_by("-starts_on", "-pk")
    )
    organizations = [
        m.organization
        for m in Membership.objects.current()
        .filter(partnership=partnership)
        .select_related("organization")
        .order_by("organization__name")
    ]
    return periods, organizations


@login_required
def reports(request, pk):
    """The partnership's reports the user may read, and (a steward) the form to start one."""
    partnership = partnership_or_404(request, pk)
    found = list(
        ProgressReport.objects.visible_to(request.user)
        .filter(partnership=partnership)
        .select_related("period", "organization")
        .order_by("-period__starts_on", "audience", "organization__name", "pk")
    )
    manage = can(request.user, MANAGE, partnership)
    form = None
    if manage:
        periods, organizations = _create_choices(partnership)
        form = CreateForm(periods=periods, organizations=organizations)
    context = {"partnership": partnership, "reports": found, "form": form, "manage": manage}
    return render(request, "reports/progress/list.html", context)


@login_required
def report_create(request, pk):
    partnership = partnership_or_404(request, pk, MANAGE)
    periods, organizations = _create_choices(partnership)
    form = CreateForm(request.POST or None, periods=periods, organizations=organizations)

    def save(period, audience, organization):
        return services.report_create(
            partnership=partnership,
            period_id=period,
            audience=audience,
            organization_id=organization if audience == "partner" else None,
            created_by=request.user,
        )

    if saved := submitted(request, form, save):
        messages.success(request, f"“{saved.title}” is started: write its sections.")
        return redirect("reports:report-edit", partnership.pk, saved.pk)
    status = 422 if request.method == "POST" else 200
    context = {"partnership": partnership, "reports": None, "form": form, "manage": True}
    return render(request, "reports/progress/create.html", context, status=status)


def _page_context(request, report):
    return {
        "partnership": report.partnership,
        "report": report,
        "content": content.assemble(report),
        "manage": can(request.user, MANAGE, report),
        "status_url": _status_url(report),
    }


def _status_url(report) -> str:
    from django.urls import reverse

    return reverse("reports:report-status", args=[report.partnership_id, report.pk])


@login_required
def report(request, pk, report_pk):
    found = report_or_404(request.user, pk, report_pk)
    return render(request, "reports/progress/detail.html", _page_context(request, found))


@login_required
def report_edit(request, pk, report_pk):
    found = report_or_404(request.user, pk, report_pk, MANAGE)
    initial = {"title": found.title, **{key: getattr(found, key) for key, _ in SECTIONS}}
    form = SectionsForm(request.POST or None, initial=initial, versioned=found)

    def save(**values):
        return services.report_update(report=found, **values)

    if request.method == "POST" and found.is_published:
        form.is_valid()
        form.add_error(None, services.PUBLISHED)
    elif saved := submitted(request, form, save):
        messages.success(request, f"“{saved.title}” is saved.")
        return redirect(saved)
    context = {"partnership": found.partnership, "report": found, "form": form}
    status = 422 if request.method == "POST" else 200
    return render(request, "reports/progress/edit.html", context, status=status)


def _act(request, pk, report_pk, act, done: str):
    found = report_or_404(request.user, pk, report_pk, MANAGE)
    try:
        act(found)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done.format(title=found.title))
    return redirect(found)


@login_required
@require_POST
def report_publish(request, pk, report_pk):
    return _act(
        request,
        pk,
        report_pk,
        lambda r: services.report_publish(report=r, by=request.user),
        "“{title}” is published; its files are being built.",
    )


@login_required
@require_POST
def report_unpublish(request, pk, report_pk):
    return _act(
        request,
        pk,
        report_pk,
        lambda r: services.report_unpublish(report=r),
        "“{title}” is no longer published.",
    )


@login_required
@require_POST
def report_build(request, pk, report_pk):
    return _act(
        request,
        pk,
        report_pk,
        services.queue_build,
        "Accord is building the files of “{title}”.",
    )


@never_cache
@login_required
def report_status(request, pk, report_pk):
    """The build's progress (polled every 2 s while it runs), then the download links."""
    found = report_or_404(request.user, pk, report_pk)
    return render(
        request,
        "reports/progress/_status.html",
        {"report": found, "status_url": _status_url(found), "public": False},
    )


def _serve(report, kind: str, *, public: bool) -> FileResponse:
    if kind not in FILES:
        raise Http404("Not found.")
    field_file = getattr(report, kind)
    if not field_file:
        raise Http404("Not found.")
    try:
        handle = field_file.storage.open(field_file.name, "rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404("Not found.") from exc
    mime, extension = FILES[kind]
    name = f"{slugify(report.title)[:80] or 'report'}.{extension}"
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=mime)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=300" if public else "private, no-store"
    return response


@login_required
def report_file(request, pk, report_pk, kind):
    return _serve(report_or_404(request.user, pk, report_pk), kind, public=False)


# --- Public -------------------------------------------------------------------------------------
def public_or_404(token: str) -> ProgressReport:
    """A published public report by its token: 404 for anything else (unpublished, not public,
    no such token), never a hint that it exists."""
    found = (
        ProgressReport.objects.select_related(
            "partnership", "period__measures_version", "period__partnership", "organization"
        )
        .filter(
            token=token,
            audience=ProgressReport.Audience.PUBLIC,
            status=ProgressReport.Status.PUBLISHED,
            partnership__archived_at__isnull=True,
        )
        .exclude(token="")
        .first()
    )
    if found is None:
        raise Http404("Not found.")
    return found


def public_report(request, token):
    found = public_or_404(token)
    context = {"report": found, "content": content.assemble(found), "public": True}
    return render(request, "reports/progress/public.html", context)


def public_file(request, token, kind):
    return _serve(public_or_404(token), kind, public=True)


__all__ = ["add_service_errors"]
