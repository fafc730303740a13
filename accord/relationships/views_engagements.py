"""The Engagements section of a partnership (R4, R5): engagements, their attendees and action
items, the cadence of meeting between member organizations, calendar files and each person's
private calendar feed.

Partnerships and records load through the policy (outsiders 404, members without the action 403);
writes go through services_engagements.py. Plain form posts; no JavaScript needed.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accord.core.access import can
from accord.core.forms import submitted
from accord.core.pickers import picker_response
from accord.directory.models import Organization, Person, StakeholderGroup
from accord.partnerships.access import partnership_or_404
from accord.partnerships.models import Membership

from . import queries_engagements as queries
from . import services_engagements as services
from .forms_engagements import (
    ActionItemForm,
    ActionStatusForm,
    AttendeeForm,
    EngagementForm,
    RhythmForm,
)
from .models import AffectedGroup
from .models_engagements import CalendarFeed


def _groups():
    return StakeholderGroup.objects.active().order_by("name")


def _organizations(partnership):
    members = Membership.objects.current().filter(partnership=partnership).values("organization")
    return Organization.objects.filter(pk__in=members).order_by("name")


def _people(partnership):
    return (
        Person.objects.active()
        .filter(organization__in=_organizations(partnership))
        .select_related("organization")
        .order_by("name", "pk")
    )


def _may(request, action, partnership) -> bool:
    return not partnership.is_archived and can(request.user, action, partnership)


@login_required
def engagements(request, pk, rhythm_form=None):
    """The partnership's engagements and the cadence of meeting between its members (R4, R5)."""
    partnership = partnership_or_404(request, pk)
    may_rhythm = _may(request, queries.RHYTHM_CHANGE, partnership)
    cadence = queries.cadence_of(partnership)
    if may_rhythm and rhythm_form is None:
        rhythm_form = RhythmForm(
            initial={"days": cadence.rhythm_days}, versioned=queries.rhythm_of(partnership)
        )
    context = {
        "partnership": partnership,
        "engagements": list(queries.engagements_of(partnership)),
        "cadence": cadence,
        "may_manage": _may(request, queries.MANAGE, partnership),
        "rhythm_form": rhythm_form if may_rhythm else None,
    }
    return render(request, "relationships/engagements/list.html", context)


@login_required
@require_POST
def rhythm(request, pk):
    """Set how often each pair of member organizations should meet."""
    partnership = partnership_or_404(request, pk, queries.RHYTHM_CHANGE)
    stored = queries.rhythm_of(partnership)
    form = RhythmForm(request.POST, versioned=stored)

    def save(days):
        return services.rhythm_set(partnership=partnership, days=days, rhythm=stored)

    if submitted(request, form, save):
        messages.success(
            request, f"Partners should now meet at least every {form.cleaned_data['days']} days."
        )
        return redirect("relationships:engagements", pk=pk)
    return engagements(request, pk, rhythm_form=form)


def _form_page(request, partnership, form, engagement=None):
    context = {"partnership": partnership, "form": form, "engagement": engagement}
    return render(request, "relationships/engagements/form.html", context)


@login_required
def engagement_add(request, pk):
    """Record an engagement: when, where, what kind, at what level, and who was present."""
    partnership = partnership_or_404(request, pk, queries.MANAGE)
    form = EngagementForm(request.POST or None, groups=_groups())
    if picked := picker_response(request, form):
        return picked

    def save(**values):
        return services.engagement_create(
            partnership=partnership, created_by=request.user, **values
        )

    if engagement := submitted(request, form, save):
        messages.success(request, f"“{engagement.title}” is recorded. Add who attended below.")
        return redirect(engagement.get_absolute_url())
    return _form_page(request, partnership, form)


@login_required
def engagement_edit(request, pk, item_pk):
    engagement = queries.engagement_or_404(request.user, pk, item_pk, queries.MANAGE)
    form = EngagementForm(request.POST or None, groups=_groups(), engagement=engagement)
    if picked := picker_response(request, form):
        return picked

    def save(**values):
        return services.engagement_update(engagement=engagement, **values)

    if submitted(request, form, save):
        messages.success(request, f"“{engagement.title}” is saved.")
        return redirect(engagement.get_absolute_url())
    return _form_page(request, engagement.partnership, form, engagement)


def _detail(request, engagement, attendee_form=None, action_form=None, status=200):
    partnership = engagement.partnership
    may_manage = _may(request, queries.MANAGE, partnership)
    if may_manage:
        attendee_form = attendee_form or AttendeeForm(
            people=_people(partnership), organizations=_organizations(partnership)
        )
        action_form = action_form or ActionItemForm(people=services.people_taking_part(partnership))
    queries.with_details(engagement)
    changeable = (
        set()
        if partnership.is_archived
        else queries.action_items_changeable(request.user, engagement)
    )
    for item in engagement.action_list:
        item.may_change = item.pk in changeable
    missing = []
    if engagement.kind == engagement.Kind.PLANNING:
        # Left out of planning (R3): the affected groups this session did not have present.
        present = {group.pk for group in engagement.group_list}
        missing = [
            affected.group
            for affected in AffectedGroup.objects.active()
            .filter(partnership=partnership)
            .select_related("group")
            .order_by("group__name", "pk")
            if affected.group_id not in present
        ]
    context = {
        "affected_missing": missing,
        "partnership": partnership,
        "engagement": engagement,
        "may_manage": may_manage,
        "attendee_form": attendee_form if may_manage else None,
        "action_form": action_form if may_manage else None,
        "statuses": ActionStatusForm.base_fields["status"].choices,
    }
    return render(request, "relationships/engagements/detail.html", context, status=status)


@login_required
def engagement_detail(request, pk, item_pk):
    return _detail(request, queries.engagement_or_404(request.user, pk, item_pk))


@login_required
@require_POST
def engagement_archive(request, pk, item_pk):
    engagement = queries.engagement_or_404(request.user, pk, item_pk, queries.MANAGE)
    try:
        services.engagement_archive(engagement=engagement)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(engagement.get_absolute_url())
    messages.success(request, f"“{engagement.title}” is archived.")
    return redirect("relationships:engagements", pk=pk)


@login_required
@require_POST
def attendee_add(request, pk, item_pk):
    engagement = queries.engagement_or_404(request.user, pk, item_pk, queries.MANAGE)
    partnership = engagement.partnership
    form = AttendeeForm(
        request.POST, people=_people(partnership), organizations=_organizations(partnership)
    )

    def save(**values):
        return services.attendee_add(engagement=engagement, **values)

    if attendee := submitted(request, form, save):
        messages.success(request, f"{attendee} is recorded as attending.")
        return redirect(engagement.get_absolute_url())
    return _detail(request, engagement, attendee_form=form)


@login_required
@require_POST
def attendee_remove(request, pk, item_pk, attendee_pk):
    attendee = queries.attendee_or_404(request.user, pk, item_pk, attendee_pk, queries.MANAGE)
    try:
        services.attendee_remove(attendee=attendee)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{attendee} is no longer recorded as attending.")
    return redirect(attendee.engagement.get_absolute_url())


@login_required
@require_POST
def action_add(request, pk, item_pk):
    engagement = queries.engagement_or_404(request.user, pk, item_pk, queries.MANAGE)
    form = ActionItemForm(request.POST, people=services.people_taking_part(engagement.partnership))

    def save(**values):
        return services.action_item_add(engagement=engagement, **values)

    if item := submitted(request, form, save):
        messages.success(request, f"“{item.title}” is on {item.owner.name}'s list.")
        return redirect(engagement.get_absolute_url())
    return _detail(request, engagement, action_form=form)


@login_required
@require_POST
def action_status(request, pk, action_pk):
    item = queries.action_item_or_404(request.user, pk, action_pk, queries.ACTION_CHANGE)
    form = ActionStatusForm(request.POST, versioned=item)
    if submitted(
        request, form, lambda status: services.action_item_update(item=item, status=status)
    ):
        messages.success(request, f"“{item.title}” is {item.get_status_display().lower()}.")
    else:
        errors = [message for messages_ in form.errors.values() for message in messages_]
        messages.error(request, " ".join(errors))
    return redirect(item.engagement.get_absolute_url())


def _ics(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def engagement_ics(request, pk, item_pk):
    """One engagement as an .ics file."""
    engagement = queries.engagement_or_404(request.user, pk, item_pk)
    base = request.build_absolute_uri("/").rstrip("/")
    content = queries.calendar_of([engagement], base, engagement.title)
    return _ics(content, f"engagement-{engagement.pk}.ics")


@login_required
def calendar(request, token=None):
    """The person's private calendar feed: its URL (once, when made), make a new one, revoke."""
    feed_url = (
        request.build_absolute_uri(reverse("relationships:calendar-feed", args=[token]))
        if token
        else None
    )
    context = {
        "has_feed": CalendarFeed.objects.filter(user=request.user).exists(),
        "feed_url": feed_url,
    }
    return render(request, "relationships/engagements/calendar.html", context)


@login_required
@require_POST
def calendar_feed_create(request):
    token = services.calendar_feed_create(user=request.user)
    messages.success(
        request, "Your calendar feed is ready. Copy its address now: Accord shows it only once."
    )
    return calendar(request, token=token)


@login_required
@require_POST
def calendar_feed_revoke(request):
    if services.calendar_feed_revoke(user=request.user):
        messages.success(request, "Your calendar feed is revoked; its address no longer works.")
    return redirect("relationships:calendar")


def calendar_feed(request, token):
    """The .ics feed behind a private URL: no sign-in, the secret in the URL is the key."""
    user = queries.feed_user(token)
    if user is None:
        raise Http404("No such calendar feed.")
    base = request.build_absolute_uri("/").rstrip("/")
    content = queries.calendar_of(queries.feed_engagements(user), base, "Accord engagements")
    response = _ics(content, "accord.ics")
    response["Cache-Control"] = "private, no-store"
    return response
