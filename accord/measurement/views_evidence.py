"""Evidence pages (M3): the partnership's stories, observations, quotes and files, filtered and
paged; one piece with its tags and consent; recording and editing one; its file as a download.

Evidence loads only through the access path (outsiders 404, members without the action 403);
writes go through services_evidence.py. Plain form posts (multipart for the file); no JavaScript.
A file is served as an attachment with the media type read from its content when it was
uploaded, and `nosniff`, so a browser never runs or renders it as something else.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accord.core.access import can
from accord.core.forms import submitted
from accord.core.paging import paginate
from accord.partnerships.access import partnership_or_404
from accord.partnerships.queries import memberships_of

from . import queries_evidence as queries
from . import services_evidence as services
from .forms_evidence import EvidenceFilterForm, EvidenceForm, initial_of


def _may(request, action, obj, partnership) -> bool:
    return not partnership.is_archived and can(request.user, action, obj)


def _form(request, partnership, evidence=None):
    tagged_indicators = list(evidence.indicators.select_related("version")) if evidence else []
    tagged_values = list(evidence.core_values.all()) if evidence else []
    return EvidenceForm(
        request.POST or None,
        request.FILES or None,
        initial=initial_of(evidence) if evidence else {"kind": "story"},
        versioned=evidence,
        editing=evidence is not None,
        organizations=[m.organization for m in memberships_of(partnership)],
        indicators=queries.indicator_tag_choices(partnership, tagged_indicators),
        core_values=queries.core_value_tag_choices(partnership, tagged_values),
        periods=list(queries.period_choices(partnership)),
    )


@login_required
def evidence_list(request, pk):
    """The partnership's evidence, newest first, filtered by kind, indicator and period."""
    partnership = partnership_or_404(request, pk)
    indicators = queries.indicator_choices(partnership)
    periods = list(queries.period_choices(partnership))
    form = EvidenceFilterForm(request.GET or None, indicators=indicators, periods=periods)
    kind, indicator, period = "", None, None
    if form.is_bound and form.is_valid():
        kind = form.cleaned_data["kind"]
        indicator = next((i for i in indicators if i.pk == form.cleaned_data["indicator"]), None)
        period = next((p for p in periods if p.pk == form.cleaned_data["period"]), None)
    found = queries.evidence_of(partnership, kind=kind, indicator=indicator, period=period)
    context = {
        "partnership": partnership,
        "filter_form": form,
        "filtered": bool(kind or indicator or period),
        "page_obj": paginate(request, found),
        "may_record": _may(request, queries.RECORD, partnership, partnership),
    }
    return render(request, "measurement/evidence/list.html", context)


@login_required
def evidence_create(request, pk):
    partnership = partnership_or_404(request, pk, queries.RECORD)
    form = _form(request, partnership)

    def save(file=None, **values):
        return services.evidence_create(
            partnership=partnership, upload=file, created_by=request.user, **values
        )

    if created := submitted(request, form, save):
        messages.success(request, f"“{created.title}” is recorded.")
        return redirect(created)
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "measurement/evidence/form.html",
        {"partnership": partnership, "form": form, "title": "Record evidence"},
        status=status,
    )


@login_required
def evidence_detail(request, pk, item_pk):
    evidence = queries.evidence_or_404(request.user, pk, item_pk)
    partnership = evidence.partnership
    context = {
        "partnership": partnership,
        "evidence": evidence,
        "indicators": list(evidence.indicators.select_related("version")),
        "core_values": list(evidence.core_values.all()),
        "periods": list(evidence.periods.order_by("starts_on")),
        "deliverables": list(
            evidence.deliverables.filter(archived_at__isnull=True).select_related("organization")
        ),
        "history": evidence.history.select_related("history_user").order_by("-history_date")[:20],
        "may_change": _may(request, queries.CHANGE, evidence, partnership)
        and not evidence.is_archived,
    }
    return render(request, "measurement/evidence/detail.html", context)


@login_required
def evidence_edit(request, pk, item_pk):
    evidence = queries.evidence_or_404(request.user, pk, item_pk, queries.CHANGE)
    partnership = evidence.partnership
    form = _form(request, partnership, evidence)

    def save(file=None, remove_file=False, **values):
        return services.evidence_update(
            evidence=evidence, upload=file, remove_file=remove_file, **values
        )

    if saved := submitted(request, form, save):
        messages.success(request, f"“{saved.title}” is saved.")
        return redirect(saved)
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "measurement/evidence/form.html",
        {
            "partnership": partnership,
            "form": form,
            "evidence": evidence,
            "title": f"Edit “{evidence.title}”",
        },
        status=status,
    )


@login_required
@require_POST
def evidence_archive(request, pk, item_pk):
    evidence = queries.evidence_or_404(request.user, pk, item_pk, queries.CHANGE)
    try:
        services.evidence_archive(evidence=evidence)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(evidence)
    messages.success(request, f"“{evidence.title}” is archived: it is no longer listed.")
    return redirect("measurement:evidence", pk=evidence.partnership_id)


def file_response(evidence) -> FileResponse:
    """The evidence's file as a download: an attachment, its stored media type, nosniff."""
    if not evidence.file:
        raise Http404("Not found.")
    try:
        handle = evidence.file.storage.open(evidence.file.name, "rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404("Not found.") from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=evidence.file_name or evidence.file.name.rsplit("/", 1)[-1],
        content_type=evidence.media_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def evidence_file(request, pk, item_pk):
    return file_response(queries.evidence_or_404(request.user, pk, item_pk))


__all__ = [
    "evidence_archive",
    "evidence_create",
    "evidence_detail",
    "evidence_edit",
    "evidence_file",
    "evidence_list",
]
