"""The Survey section of a partnership: waves, opening one (a steward), the answering form, and
the results with their breakdowns and the trend across waves.

Partnerships and waves load through the policy (outsiders 404, members without the action 403);
writes go through services.py. Plain form posts; no JavaScript needed.
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
from accord.core.paging import paginate
from accord.partnerships.access import partnership_or_404

from . import queries, services
from .forms import DEFAULT_ROLES, AnswerForm, WaveForm
from .models import SurveyInvitation


def _may(request, action, obj) -> bool:
    partnership = getattr(obj, "partnership", obj)
    return not partnership.is_archived and can(request.user, action, obj)


@login_required
def waves(request, pk):
    """The partnership's survey waves, newest first."""
    partnership = partnership_or_404(request, pk)
    context = {
        "partnership": partnership,
        "page_obj": paginate(request, queries.waves_of(partnership)),
        "may_manage": _may(request, queries.MANAGE, partnership),
        "minimum": queries.min_respondents(),
    }
    return render(request, "surveys/waves.html", context)


@login_required
def wave_create(request, pk):
    """Open a wave (a steward): its title, dates, whom it asks and whether it is anonymous."""
    partnership = partnership_or_404(request, pk, queries.MANAGE)
    if request.method == "POST":
        form = WaveForm(request.POST)
    else:
        today = timezone.localdate()
        form = WaveForm(
            initial={
                "opens_on": today,
                "closes_on": today + timedelta(days=21),
                "roles": DEFAULT_ROLES,
                "anonymous": True,
            }
        )

    def save(**values):
        return services.wave_open(partnership=partnership, opened_by=request.user, **values)

    if wave := submitted(request, form, save):
        messages.success(
            request,
            f"“{wave.title}” is open: {wave.invitations.count()} people are asked to answer.",
        )
        return redirect(wave.get_absolute_url())
    context = {
        "partnership": partnership,
        "form": form,
        "instrument": services.default_instrument(),
        "minimum": queries.min_respondents(),
    }
    return render(request, "surveys/wave_form.html", context)


@login_required
def wave_detail(request, pk, wave_pk):
    """A wave: how many answered, and its results once enough people have."""
    wave = queries.wave_or_404(request.user, pk, wave_pk, queries.RESULTS)
    partnership = wave.partnership
    invitation = queries.invitation_of(request.user, wave)
    context = {
        "partnership": partnership,
        "wave": wave,
        "invitation": invitation,
        "may_answer": invitation is not None
        and invitation.answered_at is None
        and wave.is_open()
        and not partnership.is_archived,
        "may_manage": _may(request, queries.MANAGE, partnership) and wave.status != "closed",
        "found": queries.results_of(wave),
    }
    return render(request, "surveys/wave.html", context)


@login_required
@require_POST
def wave_close(request, pk, wave_pk):
    wave = queries.wave_or_404(request.user, pk, wave_pk, queries.MANAGE)
    try:
        services.wave_close(wave=wave)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"“{wave.title}” is closed: it takes no more answers.")
    return redirect(wave.get_absolute_url())


@login_required
def answer(request, pk, wave_pk):
    """The survey itself, on one page: a fieldset per factor, a radio group per statement."""
    wave = queries.wave_or_404(request.user, pk, wave_pk, queries.ANSWER)
    invitation = queries.invitation_of(request.user, wave)
    categories = queries.instrument_of(wave)
    form = AnswerForm(
        request.POST if request.method == "POST" else None,
        categories=categories,
        scale=wave.instrument.scale,
    )

    def save(answers):
        return services.answer_submit(
            wave=wave, person=getattr(request.user, "person", None), answers=answers
        )

    if submitted(request, form, save):
        messages.success(request, f"Thank you: your answer to “{wave.title}” is saved.")
        return redirect(wave.get_absolute_url())
    context = {
        "partnership": wave.partnership,
        "wave": wave,
        "invitation": invitation,
        "form": form,
        "scale": wave.instrument.scale,
        "minimum": queries.min_respondents(),
    }
    return render(request, "surveys/answer.html", context)


@login_required
def trends(request, pk):
    """Each factor's score across the partnership's last waves, with the change between them."""
    partnership = partnership_or_404(request, pk, queries.RESULTS)
    context = {"partnership": partnership, "trends": queries.trends_of(partnership)}
    return render(request, "surveys/trends.html", context)


@login_required
def invitation(request, token):
    """The link in an invitation: to the wave's answering page, while the token is unused."""
    found = (
        SurveyInvitation.objects.filter(token=token).select_related("wave").first()
        if 20 <= len(token) <= 64
        else None
    )
    if found is None:
        raise Http404("This invitation link has been used already, or it is not a valid link.")
    wave = queries.wave_or_404(
        request.user, found.wave.partnership_id, found.wave_id, queries.ANSWER
    )
    return redirect("surveys:answer", wave.partnership_id, wave.pk)
