"""The Trust section of a partnership (R6): survey waves, each member organization's answer and
the results: the network drawn as SVG on the server, with a data table that says the same.

Partnerships and records load through the policy (outsiders 404, members without the action 403);
writes go through services_trust.py. Plain form posts; no JavaScript needed.
"""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accord.core.access import can
from accord.core.forms import submitted
from accord.partnerships.access import partnership_or_404

from . import queries_trust as queries
from . import services_trust as services
from .forms_trust import ResponseForm, WaveForm
from .models_trust import INTENSITY, ITEMS, SCALE, TrustResponse


def _may(request, action, partnership) -> bool:
    return not partnership.is_archived and can(request.user, action, partnership)


@login_required
def trust(request, pk, wave_form=None, status=200):
    """The partnership's survey waves; a steward opens one here."""
    partnership = partnership_or_404(request, pk)
    may_manage = _may(request, queries.MANAGE, partnership)
    if may_manage and wave_form is None:
        today = timezone.localdate()
        wave_form = WaveForm(initial={"opens_on": today, "closes_on": today + timedelta(days=21)})
    context = {
        "partnership": partnership,
        "waves": list(queries.waves_of(partnership)),
        "may_manage": may_manage,
        "wave_form": wave_form if may_manage else None,
    }
    return render(request, "relationships/trust/list.html", context, status=status)


@login_required
@require_POST
def wave_create(request, pk):
    partnership = partnership_or_404(request, pk, queries.MANAGE)
    form = WaveForm(request.POST)

    def save(**values):
        return services.wave_open(partnership=partnership, opened_by=request.user, **values)

    if wave := submitted(request, form, save):
        messages.success(
            request, f"“{wave.title}” is open; each member organization's respondent is asked."
        )
        return redirect(wave.get_absolute_url())
    return trust(request, pk, wave_form=form)


@login_required
def wave_detail(request, pk, wave_pk):
    """A wave's answers so far and its results, with each formula, the graph and its table."""
    wave = queries.wave_or_404(request.user, pk, wave_pk)
    partnership = wave.partnership
    context = {
        "partnership": partnership,
        "wave": wave,
        "found": queries.results_of(wave),
        "answerable": queries.answerable(request.user, wave)
        if wave.is_open() and not partnership.is_archived
        else [],
        "may_manage": _may(request, queries.MANAGE, partnership) and wave.status != "closed",
        "responses": queries.responses_of(wave),
        "graph": {
            "width": queries.GRAPH_WIDTH,
            "height": queries.GRAPH_HEIGHT,
            "node_radius": queries.NODE_RADIUS,
        },
    }
    return render(request, "relationships/trust/wave.html", context)


@login_required
@require_POST
def wave_close(request, pk, wave_pk):
    wave = queries.wave_or_404(request.user, pk, wave_pk, queries.MANAGE)
    try:
        services.wave_close(wave=wave)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"“{wave.title}” is closed; its answers are final.")
    return redirect(wave.get_absolute_url())


@login_required
def respond(request, pk, wave_pk, organization_pk):
    """The survey for one member organization: rate each other member of the wave."""
    partnership = partnership_or_404(request, pk, queries.RESPOND)
    wave = queries.wave_or_404(request.user, partnership.pk, wave_pk)
    organizations = queries.members_of(wave)
    organization = next((org for org in organizations if org.pk == organization_pk), None)
    if organization is None:
        raise Http404("This organization is not a member of the wave.")
    stored = TrustResponse.objects.filter(wave=wave, organization=organization).first()
    others = [org for org in organizations if org.pk != organization.pk]
    form = ResponseForm(
        request.POST if request.method == "POST" else None, others=others, response=stored
    )

    def save(ratings):
        return services.response_submit(
            wave=wave,
            organization=organization,
            respondent=getattr(request.user, "person", None),
            ratings=ratings,
            response=stored,
        )

    if submitted(request, form, save):
        messages.success(request, f"{organization.name}'s answer to “{wave.title}” is saved.")
        return redirect(wave.get_absolute_url())
    context = {
        "partnership": partnership,
        "wave": wave,
        "organization": organization,
        "form": form,
        "stored": stored,
        "items": ITEMS,
        "scale": SCALE,
        "intensity": INTENSITY,
    }
    return render(request, "relationships/trust/respond.html", context)
