"""The Resources section of a partnership (M5): pledged against delivered per organization and
kind, the pledges, each pledge with its contributions, and the partnership's currency.

Records load through the policy (outsiders 404, members without the action 403); writes go
through services_resources.py, whose errors show on the form (422). Plain form posts; no
JavaScript.
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

from . import queries_resources as queries
from . import services_resources as services
from .forms_resources import ContributionForm, PledgeForm, ResourceSettingsForm
from .models_resources import Pledge


def _may(request, action, obj) -> bool:
    partnership = obj if not hasattr(obj, "partnership") else obj.partnership
    return not partnership.is_archived and can(request.user, action, obj)


def _may_log(request, pledge, loggable) -> bool:
    return not pledge.partnership.is_archived and (
        loggable is None or pledge.organization_id in loggable
    )


@login_required
def resources(request, pk):
    """Pledged against delivered for every member, and the pledges (paged)."""
    partnership = partnership_or_404(request, pk)
    organization = request.GET.get("organization", "")
    kind = request.GET.get("kind", "")
    if kind not in Pledge.Kind.values:
        kind = ""
    organization_id = (
        int(organization) if organization.isdigit() and len(organization) < 12 else None
    )
    page = paginate(request, queries.pledges_of(partnership, organization_id, kind))
    page.object_list = [queries.mark(p) for p in page.object_list]
    summary = queries.summary_of(partnership)
    context = {
        "partnership": partnership,
        "summary": summary,
        "page_obj": page,
        "kinds": Pledge.Kind.choices,
        "kind": kind,
        "organization_id": organization_id,
        "may_manage": _may(request, queries.MANAGE, partnership),
    }
    return render(request, "measurement/resources/page.html", context)


@login_required
def resource_settings(request, pk):
    """The partnership's one currency (a steward or project director)."""
    partnership = partnership_or_404(request, pk, queries.MANAGE)
    stored = queries.settings_of(partnership)
    form = ResourceSettingsForm(
        request.POST or None, initial={"currency": stored.currency}, versioned=stored
    )

    def save(**values):
        return services.settings_set(partnership=partnership, settings=stored, **values)

    if submitted(request, form, save):
        messages.success(request, "The partnership's currency is saved.")
        return redirect("measurement:resources", pk=pk)
    status = 422 if request.method == "POST" else 200
    context = {"partnership": partnership, "form": form, "stored": stored}
    return render(request, "measurement/resources/settings.html", context, status=status)


def _pledge_form(request, partnership, **kwargs):
    return PledgeForm(
        request.POST or None,
        organizations=queries.member_organizations(partnership),
        periods=queries.periods_of(partnership),
        **kwargs,
    )


@login_required
def pledge_add(request, pk):
    partnership = partnership_or_404(request, pk, queries.MANAGE)
    form = _pledge_form(request, partnership)

    def save(**values):
        return services.pledge_create(partnership=partnership, **values)

    if pledge := submitted(request, form, save):
        messages.success(request, f"The pledge of {pledge.organization.name} is recorded.")
        return redirect(pledge.get_absolute_url())
    status = 422 if request.method == "POST" else 200
    context = {
        "partnership": partnership,
        "form": form,
        "currency": queries.settings_of(partnership).currency,
    }
    return render(request, "measurement/resources/pledge_form.html", context, status=status)


@login_required
def pledge_edit(request, pk, pledge_pk):
    pledge = queries.pledge_or_404(request.user, pk, pledge_pk, queries.MANAGE)
    initial = {
        "organization": pledge.organization_id,
        "kind": pledge.kind,
        "unit": pledge.unit if pledge.kind == Pledge.Kind.PERSONNEL else "",
        "amount": pledge.amount,
        "description": pledge.description,
        "valuation_basis": pledge.valuation_basis,
        "period": pledge.period_id,
        "starts_on": None if pledge.period_id else pledge.starts_on,
        "ends_on": None if pledge.period_id else pledge.ends_on,
    }
    form = _pledge_form(request, pledge.partnership, initial=initial, versioned=pledge)

    def save(**values):
        if values.get("period") is not None:
            values["starts_on"] = values["ends_on"] = None
        return services.pledge_update(pledge=pledge, **values)

    if submitted(request, form, save):
        messages.success(request, "The pledge is saved.")
        return redirect(pledge.get_absolute_url())
    status = 422 if request.method == "POST" else 200
    context = {
        "partnership": pledge.partnership,
        "form": form,
        "pledge": pledge,
        "currency": pledge.unit_label if pledge.unit == Pledge.Unit.CURRENCY else "",
    }
    return render(request, "measurement/resources/pledge_form.html", context, status=status)


def _pledge_page(request, pledge, form=None, status=200):
    partnership = pledge.partnership
    may_log = _may_log(request, pledge, queries.loggable_organizations(request.user, partnership))
    page = paginate(request, queries.contributions_of(pledge))
    context = {
        "partnership": partnership,
        "pledge": pledge,
        "page_obj": page,
        "may_manage": _may(request, queries.MANAGE, partnership),
        "may_log": may_log and not pledge.is_archived,
        "form": form
        or (ContributionForm(evidence=queries.evidence_choices(partnership)) if may_log else None),
    }
    return render(request, "measurement/resources/pledge.html", context, status=status)


@login_required
def pledge_detail(request, pk, pledge_pk):
    return _pledge_page(request, queries.pledge_or_404(request.user, pk, pledge_pk))


@login_required
@require_POST
def pledge_remove(request, pk, pledge_pk):
    pledge = queries.pledge_or_404(request.user, pk, pledge_pk, queries.MANAGE)
    try:
        services.pledge_remove(pledge=pledge)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(pledge.get_absolute_url())
    messages.success(request, f"The pledge of {pledge.organization.name} is removed.")
    return redirect("measurement:resources", pk=pk)


@login_required
@require_POST
def contribution_add(request, pk, pledge_pk):
    """Log what was delivered against a pledge; errors show on the pledge's page (422)."""
    pledge = queries.pledge_or_404(request.user, pk, pledge_pk, queries.LOG)
    form = ContributionForm(request.POST, evidence=queries.evidence_choices(pk))

    def save(**values):
        return services.contribution_log(pledge=pledge, **values)

    if submitted(request, form, save):
        messages.success(request, "The contribution is logged.")
        return redirect(pledge.get_absolute_url())
    return _pledge_page(request, pledge, form=form, status=422)


@login_required
def contribution_edit(request, pk, pledge_pk, contribution_pk):
    contribution = queries.contribution_or_404(
        request.user, pk, pledge_pk, contribution_pk, queries.LOG
    )
    pledge = contribution.pledge
    initial = {
        "delivered_on": contribution.delivered_on,
        "amount": contribution.amount,
        "note": contribution.note,
        "evidence": contribution.evidence_id,
    }
    form = ContributionForm(
        request.POST or None,
        evidence=queries.evidence_choices(pk),
        initial=initial,
        versioned=contribution,
    )

    def save(**values):
        return services.contribution_update(contribution=contribution, **values)

    if submitted(request, form, save):
        messages.success(request, "The contribution is saved.")
        return redirect(pledge.get_absolute_url())
    status = 422 if request.method == "POST" else 200
    context = {
        "partnership": pledge.partnership,
        "pledge": pledge,
        "contribution": contribution,
        "form": form,
    }
    return render(request, "measurement/resources/contribution_form.html", context, status=status)


@login_required
@require_POST
def contribution_remove(request, pk, pledge_pk, contribution_pk):
    contribution = queries.contribution_or_404(
        request.user, pk, pledge_pk, contribution_pk, queries.LOG
    )
    try:
        services.contribution_remove(contribution=contribution)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "The contribution is removed.")
    return redirect(contribution.pledge.get_absolute_url())


# --- The partnership page's card ----------------------------------------------------------------
def card_context(partnership, user) -> dict:
    """Pledged against delivered for the partnership page (one query)."""
    return {"partnership": partnership, "summary": queries.summary_of(partnership)}
