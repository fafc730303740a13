"""The Input ledger section of a partnership (R6), and its two public pages.

Inside the partnership: the input received with its deadlines, the responsiveness figures, the
consultations, each input's triage (assign, acknowledge, respond, close, actions that followed,
publish) and the steward's settings. Records load through the policy (outsiders 404, members
without the action 403); writes go through services_ledger.py. Plain form posts; no JavaScript.

Public, without signing in: the input form (only while the steward has it on, else 404; limited
per client address, with a honeypot field) and "you said, we did", which shows only what was
published, never who gave it.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accord.core.access import can
from accord.core.forms import add_service_errors, submitted
from accord.core.http import client_ip
from accord.core.ratelimit import hit
from accord.partnerships.access import partnership_or_404

from . import queries_ledger as queries
from . import services_ledger as services
from .forms_ledger import (
    ActionForm,
    AssignForm,
    CloseForm,
    ConsultationForm,
    InputForm,
    PublicInputForm,
    RespondForm,
    SettingsForm,
)
from .models_engagements import ActionItem, Engagement
from .services_engagements import people_taking_part

PUBLIC_SCOPE = "relationships.public_input"
STATUSES = {"open": "Open", "closed": "Closed", "all": "All"}


def _may(request, action, partnership) -> bool:
    return not partnership.is_archived and can(request.user, action, partnership)


@login_required
def ledger(request, pk):
    """The partnership's input with deadlines, the responsiveness figures and consultations."""
    partnership = partnership_or_404(request, pk)
    status = request.GET.get("status", "open")
    if status not in STATUSES:
        status = "open"
    inputs = queries.input_list(partnership, None if status == "all" else status)
    context = {
        "partnership": partnership,
        "inputs": inputs,
        "status": status,
        "statuses": STATUSES,
        "overdue": sum(1 for item in inputs if item.overdue),
        "settings": queries.settings_of(partnership),
        "responsiveness": queries.responsiveness_of(partnership),
        "consultations": list(queries.consultations_of(partnership)),
        "may_record": _may(request, queries.RECORD, partnership),
        "may_consult": _may(request, queries.CONSULT, partnership),
        "may_settings": _may(request, queries.SETTINGS, partnership),
    }
    return render(request, "relationships/ledger/list.html", context)


@login_required
def input_add(request, pk):
    """Record input received by e-mail, at a meeting, or in answer to a consultation."""
    partnership = partnership_or_404(request, pk, queries.RECORD)
    form = InputForm(
        request.POST or None,
        consultations=queries.consultations_of(partnership),
        people=people_taking_part(partnership),
    )

    def save(**values):
        return services.input_record(partnership=partnership, **values)

    if item := submitted(request, form, save):
        messages.success(request, f"“{item.subject}” is in the ledger.")
        return redirect(item.get_absolute_url())
    return render(
        request, "relationships/ledger/input_form.html", {"partnership": partnership, "form": form}
    )


def _detail(request, item, forms=None, status=200):
    partnership = item.partnership
    live = not partnership.is_archived
    may_triage = live and can(request.user, queries.TRIAGE, item)
    may_publish = live and can(request.user, queries.PUBLISH, item)
    forms = forms or {}
    context = {
        "partnership": partnership,
        "item": item,
        "actions": queries.actions_of(item),
        "may_triage": may_triage,
        "may_publish": may_publish,
        "may_archive": _may(request, queries.RECORD, partnership),
    }
    if may_triage:
        context |= {
            "assign_form": forms.get("assign")
            or AssignForm(
                initial={"assignee": item.assignee_id}, people=people_taking_part(partnership)
            ),
            "respond_form": forms.get("respond")
            or RespondForm(initial={"response": item.response}, versioned=item),
            "close_form": forms.get("close") or CloseForm(),
            "action_form": forms.get("action") or _action_form(None, partnership),
        }
    return render(request, "relationships/ledger/detail.html", context, status=status)


def _action_form(data, partnership):
    return ActionForm(
        data,
        engagements=Engagement.objects.active()
        .filter(partnership=partnership)
        .order_by("-starts_at"),
        action_items=ActionItem.objects.filter(
            engagement__partnership=partnership, engagement__archived_at__isnull=True
        ).order_by("due_on", "pk"),
    )


@login_required
def input_detail(request, pk, item_pk):
    return _detail(request, queries.input_or_404(request.user, pk, item_pk))


def _triage(request, pk, item_pk, form_key, form, save, done: str):
    """Run one triage step from a posted form; its errors show on the input's page (422)."""
    item = queries.input_or_404(request.user, pk, item_pk, queries.TRIAGE)
    form = form(item)

    def run(**values):
        return save(item, **values)

    if submitted(request, form, run):
        messages.success(request, done.format(item=item))
        return redirect(item.get_absolute_url())
    return _detail(request, item, forms={form_key: form}, status=422)


@login_required
@require_POST
def input_assign(request, pk, item_pk):
    return _triage(
        request,
        pk,
        item_pk,
        "assign",
        lambda item: AssignForm(request.POST, people=people_taking_part(item.partnership)),
        lambda item, assignee: services.input_assign(item=item, assignee=assignee),
        "“{item.subject}” is assigned.",
    )


@login_required
@require_POST
def input_acknowledge(request, pk, item_pk):
    item = queries.input_or_404(request.user, pk, item_pk, queries.TRIAGE)
    try:
        services.input_acknowledge(item=item, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"“{item.subject}” is acknowledged.")
    return redirect(item.get_absolute_url())


@login_required
@require_POST
def input_respond(request, pk, item_pk):
    send = request.POST.get("give") == "1"
    done = "The response to “{item.subject}” is " + ("given." if send else "saved as a draft.")
    return _triage(
        request,
        pk,
        item_pk,
        "respond",
        lambda item: RespondForm(request.POST, versioned=item),
        lambda item, response: services.input_respond(
            item=item, response=response, by=request.user, send=send
        ),
        done,
    )


@login_required
@require_POST
def input_close(request, pk, item_pk):
    return _triage(
        request,
        pk,
        item_pk,
        "close",
        lambda item: CloseForm(request.POST),
        lambda item, **values: services.input_close(
            item=item, reason=values["close_reason"], explanation=values["close_explanation"]
        ),
        "“{item.subject}” is closed.",
    )


@login_required
@require_POST
def input_reopen(request, pk, item_pk):
    item = queries.input_or_404(request.user, pk, item_pk, queries.TRIAGE)
    try:
        services.input_reopen(item=item)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"“{item.subject}” is open again.")
    return redirect(item.get_absolute_url())


@login_required
@require_POST
def input_action_add(request, pk, item_pk):
    return _triage(
        request,
        pk,
        item_pk,
        "action",
        lambda item: _action_form(request.POST, item.partnership),
        lambda item, **values: services.input_action_add(item=item, **values),
        "The action is recorded with “{item.subject}”.",
    )


@login_required
@require_POST
def input_action_remove(request, pk, item_pk, action_pk):
    action = queries.action_or_404(request.user, pk, item_pk, action_pk, queries.TRIAGE)
    try:
        services.input_action_remove(action=action)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "The action is removed.")
    return redirect(action.input.get_absolute_url())


@login_required
@require_POST
def input_publish(request, pk, item_pk):
    """Publish the input with its response on "you said, we did" (or take it off)."""
    item = queries.input_or_404(request.user, pk, item_pk, queries.PUBLISH)
    published = request.POST.get("published") != "0"
    try:
        services.input_publish(item=item, published=published)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            f"“{item.subject}” is {'on' if published else 'off'} the public “you said, we did”"
            " page.",
        )
    return redirect(item.get_absolute_url())


@login_required
@require_POST
def input_archive(request, pk, item_pk):
    item = queries.input_or_404(request.user, pk, item_pk, queries.RECORD)
    try:
        services.input_archive(item=item)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(item.get_absolute_url())
    messages.success(request, f"“{item.subject}” is archived.")
    return redirect("relationships:ledger", pk=pk)


@login_required
def consultation_add(request, pk):
    partnership = partnership_or_404(request, pk, queries.CONSULT)
    form = ConsultationForm(request.POST or None)

    def save(**values):
        return services.consultation_create(partnership=partnership, **values)

    if consultation := submitted(request, form, save):
        messages.success(request, f"The consultation “{consultation.question}” is recorded.")
        return redirect("relationships:ledger", pk=pk)
    context = {"partnership": partnership, "form": form}
    return render(request, "relationships/ledger/consultation_form.html", context)


@login_required
def ledger_settings(request, pk):
    """The steward's settings: deadlines, and the public form on or off (with its warning)."""
    partnership = partnership_or_404(request, pk, queries.SETTINGS)
    stored = queries.settings_of(partnership)
    initial = {
        "ack_days": stored.ack_days,
        "response_days": stored.response_days,
        "public_form": stored.public_form,
        "form_question": stored.form_question,
    }
    form = SettingsForm(request.POST or None, initial=initial, versioned=stored)

    def save(**values):
        return services.settings_set(partnership=partnership, settings=stored, **values)

    if submitted(request, form, save):
        messages.success(request, "The input ledger's settings are saved.")
        return redirect("relationships:ledger", pk=pk)
    context = {"partnership": partnership, "form": form, "stored": stored}
    return render(request, "relationships/ledger/settings.html", context)


# --- Public pages -------------------------------------------------------------------------------
def _rate_limited(request):
    return hit(
        PUBLIC_SCOPE,
        client_ip(request),
        limit=settings.ACCORD_PUBLIC_INPUT_LIMIT,
        seconds=settings.ACCORD_PUBLIC_INPUT_WINDOW_SECONDS,
    )


@never_cache
def public_input(request, pk):
    """The partnership's public input form: 404 unless its steward turned it on."""
    partnership, ledger_settings = queries.public_partnership_or_404(pk)
    consultations = list(queries.open_consultations(partnership))
    posted = request.method == "POST"
    form = PublicInputForm(request.POST if posted else None, consultations=consultations)
    context = {
        "partnership": partnership,
        "question": ledger_settings.form_question or queries.DEFAULT_QUESTION,
        "form": form,
        "sent": False,
    }
    if not posted:
        return render(request, "relationships/ledger/public_form.html", context)
    verdict = _rate_limited(request)
    if not verdict.allowed:
        context |= {"limited": True, "retry_minutes": -(-verdict.retry_after // 60)}
        response = render(request, "relationships/ledger/public_form.html", context, status=429)
        response["Retry-After"] = str(verdict.retry_after)
        return response
    if form.is_valid() and form.cleaned_data.get("website"):
        # A robot filled in the hidden field: answer as if sent, keep nothing.
        return render(request, "relationships/ledger/public_form.html", context | {"sent": True})
    if form.is_valid():
        values = form.cleaned_data
        try:
            services.input_submit_public(
                partnership=partnership,
                subject=values["subject"],
                text=values["text"],
                anonymous=values["anonymous"],
                name=values["name"],
                email=values["email"],
                consultation=values.get("consultation"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            context |= {"sent": True, "form": PublicInputForm(consultations=consultations)}
            context["anonymous"] = values["anonymous"]
            return render(request, "relationships/ledger/public_form.html", context)
    return render(request, "relationships/ledger/public_form.html", context, status=422)


def you_said_we_did(request, pk):
    """What the partnership heard and did: only the input a steward published, never who."""
    partnership = queries.published_partnership_or_404(pk)
    context = {
        "partnership": partnership,
        "entries": queries.published_of(partnership),
        "form_on": queries.public_form_on(partnership),
    }
    return render(request, "relationships/ledger/public_page.html", context)
