"""The Planning bodies section of a partnership (R2): its committees and working groups, their
seats and meetings, and the representation analysis with each flag's evidence and next action.

Loaded through `partnership_or_404` and `queries_bodies.*_or_404` (outsiders 404, members
without the action 403); writes go through services_bodies.py. Plain form posts.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accord.core.access import can
from accord.core.forms import add_service_errors, submitted
from accord.directory.models import Organization, StakeholderGroup
from accord.partnerships.access import partnership_or_404
from accord.partnerships.models import Membership

from . import queries_bodies as queries
from . import services_bodies as services
from .forms import BodyForm, MeetingForm, SeatEndForm, SeatForm
from .models import AffectedGroup


def _seat_form(partnership, data=None):
    members = Membership.objects.current().filter(partnership=partnership).values("organization")
    named = AffectedGroup.objects.active().filter(partnership=partnership).values("group")
    return SeatForm(
        data,
        people=services.seat_candidates(partnership),
        organizations=Organization.objects.filter(pk__in=members).order_by("name"),
        groups=StakeholderGroup.objects.filter(pk__in=named).order_by("name"),
        initial={"votes": True},
    )


@login_required
def bodies(request, pk):
    """The partnership's bodies, each with its flags, and a form to set up one."""
    partnership = partnership_or_404(request, pk)
    may_manage = not partnership.is_archived and can(request.user, queries.MANAGE, partnership)
    context = {
        "partnership": partnership,
        "views": queries.analyses_of(partnership),
        "form": BodyForm() if may_manage else None,
    }
    return render(request, "relationships/bodies.html", context)


@login_required
@require_POST
def body_create(request, pk):
    partnership = partnership_or_404(request, pk, queries.MANAGE)
    form = BodyForm(request.POST)

    def save(**data):
        return services.body_create(partnership=partnership, **data)

    if body := submitted(request, form, save):
        messages.success(request, f"“{body}” set up.")
        return redirect("relationships:body-detail", pk=pk, body_pk=body.pk)
    context = {"partnership": partnership, "views": queries.analyses_of(partnership), "form": form}
    return render(request, "relationships/bodies.html", context)


def _detail(request, body, *, seat_form=None, meeting_form=None):
    partnership = body.partnership
    view = queries.analyses_of(partnership, [body])[0]
    open_ = not partnership.is_archived
    may_manage = open_ and can(request.user, queries.MANAGE, body)
    may_record = open_ and can(request.user, queries.RECORD, body)
    context = {
        "partnership": partnership,
        "body": body,
        "view": view,
        "figures": view.analysis.groups,
        "thresholds": settings.ACCORD_REPRESENTATION,
        "seat_form": (seat_form or _seat_form(partnership)) if may_manage else None,
        "end_form": SeatEndForm() if may_manage else None,
        "meeting_form": (meeting_form or MeetingForm(seats=view.seats)) if may_record else None,
    }
    return render(request, "relationships/body_detail.html", context)


@login_required
def body_detail(request, pk, body_pk):
    return _detail(request, queries.body_or_404(request.user, pk, body_pk))


@login_required
@require_POST
def seat_add(request, pk, body_pk):
    body = queries.body_or_404(request.user, pk, body_pk, queries.MANAGE)
    form = _seat_form(body.partnership, request.POST)

    def save(**data):
        return services.seat_add(body=body, **data)

    if seat := submitted(request, form, save):
        messages.success(request, f"{seat.person} seated on {body}.")
        return redirect("relationships:body-detail", pk=pk, body_pk=body.pk)
    return _detail(request, body, seat_form=form)


@login_required
@require_POST
def seat_end(request, pk, body_pk, seat_pk):
    seat = queries.seat_or_404(request.user, pk, body_pk, seat_pk, queries.MANAGE)
    form = SeatEndForm(request.POST)
    if not form.is_valid():
        messages.error(request, "The seat was not ended: give the date it ends.")
    else:
        try:
            services.seat_end(seat=seat, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, "The seat was not ended. " + " ".join(error.messages))
        else:
            messages.success(request, f"{seat.person}'s seat ends on {seat.until:%-d %B %Y}.")
    return redirect("relationships:body-detail", pk=pk, body_pk=body_pk)


@login_required
@require_POST
def meeting_add(request, pk, body_pk):
    body = queries.body_or_404(request.user, pk, body_pk, queries.RECORD)
    view = queries.analyses_of(body.partnership, [body])[0]
    form = MeetingForm(request.POST, seats=view.seats)
    if form.is_valid():
        data = form.cleaned_data
        entries = []
        if data.get("contribution_seat"):
            entries.append(
                services.ContributionEntry(
                    data["contribution_seat"], data["contribution_kind"], data["contribution_note"]
                )
            )
        try:
            meeting = services.meeting_record(
                body=body,
                held_on=data["held_on"],
                title=data["title"],
                present=data["present"],
                contributions=entries,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Meeting of {meeting.held_on:%-d %B %Y} recorded.")
            return redirect("relationships:body-detail", pk=pk, body_pk=body.pk)
    return _detail(request, body, meeting_form=form)
