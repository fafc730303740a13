"""Deliverables pages (M2): fulfilment side by side for every member (the host included) with
what is overdue; the deliverables, filtered and paged; one deliverable with its evidence and
history; setting, editing, reporting on and archiving one.

Deliverables load only through the access path (outsiders 404, members without the action 403);
writes go through services_deliverables.py. Plain form posts; no JavaScript.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accord.core.access import can
from accord.core.forms import submitted
from accord.core.paging import paginate
from accord.partnerships.access import partnership_or_404
from accord.partnerships.queries import memberships_of

from . import queries_deliverables as queries
from . import services_deliverables as services
from .forms_deliverables import (
    DeliverableFilterForm,
    DeliverableForm,
    DeliverableReportForm,
    initial_of,
)
from .models_evidence import Evidence

EVIDENCE_OFFERED = 100


def _may(request, action, obj, partnership) -> bool:
    return not partnership.is_archived and can(request.user, action, obj)


def _evidence_choices(partnership, deliverable=None) -> list[Evidence]:
    """The newest evidence of the partnership, and whatever the deliverable links already."""
    newest = list(
        Evidence.objects.active()
        .filter(partnership=partnership)
        .order_by("-created_at", "-pk")[:EVIDENCE_OFFERED]
    )
    if deliverable is not None:
        have = {e.pk for e in newest}
        newest += [e for e in queries.evidence_of_deliverable(deliverable) if e.pk not in have]
    return newest


def _organizations(partnership):
    return [m.organization for m in memberships_of(partnership)]


@login_required
def deliverables(request, pk):
    """Fulfilment side by side, what is overdue, and the deliverables (filtered, paged)."""
    partnership = partnership_or_404(request, pk)
    organizations = _organizations(partnership)
    form = DeliverableFilterForm(request.GET or None, organizations=organizations)
    status, organization_id = "", None
    if form.is_bound and form.is_valid():
        status = form.cleaned_data["status"]
        organization_id = form.cleaned_data["organization"] or None
    context = {
        "partnership": partnership,
        "report": queries.fulfilment_of(partnership),
        "filter_form": form,
        "filtered": bool(status or organization_id),
        "page_obj": paginate(
            request,
            queries.deliverables_of(partnership, status=status, organization_id=organization_id),
        ),
        "may_manage": _may(request, queries.MANAGE, partnership, partnership),
    }
    return render(request, "measurement/deliverables/list.html", context)


@login_required
def deliverable_create(request, pk):
    partnership = partnership_or_404(request, pk, queries.MANAGE)
    form = DeliverableForm(
        request.POST or None,
        initial={"status": "planned"},
        organizations=_organizations(partnership),
        evidence=_evidence_choices(partnership),
    )

    def save(**values):
        return services.deliverable_create(
            partnership=partnership, created_by=request.user, **values
        )

    if created := submitted(request, form, save):
        messages.success(request, f"“{created.title}” is set for {created.organization}.")
        return redirect(created)
    return render(
        request,
        "measurement/deliverables/form.html",
        {"partnership": partnership, "form": form, "title": "Set a deliverable"},
        status=422 if request.method == "POST" else 200,
    )


def _detail(request, deliverable, report_form=None, status=200):
    partnership = deliverable.partnership
    may_report = _may(request, queries.REPORT, deliverable, partnership) and (
        not deliverable.is_archived
    )
    context = {
        "partnership": partnership,
        "deliverable": deliverable,
        "evidence": list(queries.evidence_of_deliverable(deliverable)),
        "history": queries.deliverable_history(deliverable),
        "may_manage": _may(request, queries.MANAGE, deliverable, partnership)
        and not deliverable.is_archived,
        "may_report": may_report,
    }
    if may_report:
        context["report_form"] = report_form or DeliverableReportForm(
            initial=initial_of(deliverable),
            versioned=deliverable,
            evidence=_evidence_choices(partnership, deliverable),
        )
    return render(request, "measurement/deliverables/detail.html", context, status=status)


@login_required
def deliverable_detail(request, pk, item_pk):
    return _detail(request, queries.deliverable_or_404(request.user, pk, item_pk))


@login_required
@require_POST
def deliverable_report(request, pk, item_pk):
    """Where it stands: status, the day it was delivered, the evidence that shows it."""
    deliverable = queries.deliverable_or_404(request.user, pk, item_pk, queries.REPORT)
    form = DeliverableReportForm(
        request.POST,
        versioned=deliverable,
        evidence=_evidence_choices(deliverable.partnership, deliverable),
    )

    def save(**values):
        return services.deliverable_update(deliverable=deliverable, **values)

    if saved := submitted(request, form, save):
        messages.success(request, f"“{saved.title}” is now {saved.get_status_display().lower()}.")
        return redirect(saved)
    return _detail(request, deliverable, report_form=form, status=422)


@login_required
def deliverable_edit(request, pk, item_pk):
    deliverable = queries.deliverable_or_404(request.user, pk, item_pk, queries.MANAGE)
    partnership = deliverable.partnership
    form = DeliverableForm(
        request.POST or None,
        initial=initial_of(deliverable),
        versioned=deliverable,
        organizations=_organizations(partnership),
        evidence=_evidence_choices(partnership, deliverable),
    )

    def save(**values):
        return services.deliverable_update(deliverable=deliverable, **values)

    if saved := submitted(request, form, save):
        messages.success(request, f"“{saved.title}” is saved.")
        return redirect(saved)
    return render(
        request,
        "measurement/deliverables/form.html",
        {
            "partnership": partnership,
            "form": form,
            "deliverable": deliverable,
            "title": f"Edit “{deliverable.title}”",
        },
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def deliverable_archive(request, pk, item_pk):
    deliverable = queries.deliverable_or_404(request.user, pk, item_pk, queries.MANAGE)
    try:
        services.deliverable_archive(deliverable=deliverable)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(deliverable)
    messages.success(request, f"“{deliverable.title}” is archived: it no longer counts.")
    return redirect("measurement:deliverables", pk=deliverable.partnership_id)
