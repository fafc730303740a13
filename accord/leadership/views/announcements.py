"""Announcement pages (L4): the partnership's timeline of announcements, writing a draft,
sending it, and each announcement with its delivery log and history.

Objects are loaded only through `get_visible_or_404` (outsiders 404); writing needs a steward's,
project director's or leader's role (accord/core/policy.py; 403 otherwise), and editing or sending
a draft its writer or a steward. Drafts and delivery logs are shown to those who may write;
everyone taking part reads what was sent. Every form works as a plain post.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accord.core import health
from accord.core.access import can, get_visible_or_404, require
from accord.core.forms import AccordForm, add_service_errors
from accord.core.paging import paginate
from accord.directory.models import Organization, Person
from accord.partnerships.access import partnership_or_404

from ..models import Announcement, AnnouncementDelivery
from ..queries import announcements as queries
from ..services import announcements as services
from ..services.commitments import person_of

READ = "leadership.announcement.read"
WRITE = "leadership.announcement.write"
MANAGE = "leadership.announcement.manage"


# --- Forms --------------------------------------------------------------------------------------
class AnnouncementForm(AccordForm):
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="It is also the subject of the e-mail.",
    )
    body = forms.CharField(
        label="Text",
        max_length=services.MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Where the partnership is heading and why; plain words read best.",
    )
    audience_organizations = forms.ModelMultipleChoiceField(
        label="Organizations",
        required=False,
        queryset=Organization.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="None chosen: everyone who holds a role in the partnership, whatever their "
        "organization.",
        error_messages={"invalid_choice": "Choose an organization of the partnership's people."},
    )
    audience_levels = forms.MultipleChoiceField(
        label="Levels",
        required=False,
        choices=Person.Level.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="None chosen: people at every level.",
    )

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audience_organizations"].queryset = Organization.objects.filter(
            pk__in=queries.audience_organization_ids(partnership)
        ).order_by("name")
        self.style_checks()

    def full_clean(self):
        super().full_clean()
        self.style_checks()

    def style_checks(self):
        # Check boxes take Bootstrap's check style, not the text-field style of the rest.
        for name in ("audience_organizations", "audience_levels"):
            invalid = " is-invalid" if self._errors and name in self._errors else ""
            self.fields[name].widget.attrs["class"] = "form-check-input" + invalid


# --- Loading ------------------------------------------------------------------------------------
def _announcement(request, pk, announcement_pk) -> Announcement:
    queryset = queries.with_details(Announcement.objects.filter(partnership_id=pk))
    return get_visible_or_404(request.user, queryset, READ, pk=announcement_pk)


def _manageable(request, pk, announcement_pk) -> Announcement:
    announcement = _announcement(request, pk, announcement_pk)
    require(request.user, MANAGE, announcement)
    return announcement


def _named(announcements):
    """Give each announcement the names of its audience levels, for the pages."""
    for announcement in announcements:
        announcement.level_names = queries.level_labels(announcement.audience_levels)
    return announcements


# --- Pages --------------------------------------------------------------------------------------
@login_required
def announcement_list(request, pk):
    """The partnership's timeline of announcements, newest first; drafts for those who write."""
    partnership = partnership_or_404(request, pk)
    may_write = can(request.user, WRITE, partnership)
    page_obj = paginate(request, queries.timeline_of(partnership))
    page_obj.object_list = _named(list(page_obj.object_list))
    context = {
        "partnership": partnership,
        "may_write": may_write,
        "can_write": may_write and not partnership.is_archived,
        "drafts": _named(list(queries.drafts_of(partnership))) if may_write else [],
        "page_obj": page_obj,
    }
    return render(request, "leadership/announcements/list.html", context)


def _form_values(form) -> dict:
    data = dict(form.cleaned_data)
    data["audience_organizations"] = list(data["audience_organizations"])
    return data


@login_required
def announcement_create(request, pk):
    """Write a draft to chosen member organizations and levels; it is sent from its page."""
    partnership = partnership_or_404(request, pk)
    require(request.user, WRITE, partnership)
    if partnership.is_archived:
        messages.error(request, "This partnership is archived; it sends no more announcements.")
        return redirect("leadership:announcements", pk=partnership.pk)
    form = AnnouncementForm(request.POST or None, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        try:
            announcement = services.announcement_create(
                partnership=partnership,
                author=person_of(request.user),
                created_by=request.user,
                **_form_values(form),
            )
        except ValidationError as error:
            add_service_errors(form, error)
            form.style_checks()  # add_service_errors gave the check boxes the text-field style
        else:
            messages.success(
                request, "Draft saved. Check the text and who will receive it, then send it."
            )
            return redirect("leadership:announcement-detail", pk, announcement.pk)
    context = {"partnership": partnership, "form": form}
    return render(request, "leadership/announcements/form.html", context)


@login_required
def announcement_detail(request, pk, announcement_pk):
    """The announcement; for those who write, its recipients or its delivery log, and history."""
    announcement = _named([_announcement(request, pk, announcement_pk)])[0]
    partnership = announcement.partnership
    may_write = can(request.user, WRITE, partnership)
    context = {
        "partnership": partnership,
        "announcement": announcement,
        "may_write": may_write,
        "may_manage": can(request.user, MANAGE, announcement) and not partnership.is_archived,
    }
    if may_write:
        context["stalled"] = queries.is_stalled(announcement)
        if context["stalled"]:
            context["last_progress"] = queries.last_progress(announcement)
            context["no_worker"] = worker_missing()
        if announcement.status == Announcement.Status.DRAFT:
            recipients = queries.recipients_of_announcement(announcement)
            context["recipients_page"] = paginate(request, recipients, per_page=50)
        else:
            context["page_obj"] = paginate(
                request, queries.deliveries_of(announcement), per_page=50
            )
        context["history"] = queries.announcement_history(announcement)
    return render(request, "leadership/announcements/detail.html", context)


@login_required
def announcement_edit(request, pk, announcement_pk):
    announcement = _manageable(request, pk, announcement_pk)
    if announcement.status != Announcement.Status.DRAFT or announcement.partnership.is_archived:
        why = (
            "Only a draft changes; this announcement was sent."
            if announcement.status != Announcement.Status.DRAFT
            else "This partnership is archived; it sends no more announcements."
        )
        messages.error(request, why)
        return redirect("leadership:announcement-detail", pk, announcement.pk)
    initial = {
        "title": announcement.title,
        "body": announcement.body,
        "audience_organizations": list(announcement.audience_organizations.all()),
        "audience_levels": announcement.audience_levels,
    }
    form = AnnouncementForm(
        request.POST or None,
        initial=initial,
        partnership=announcement.partnership,
        versioned=announcement,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.announcement_update(announcement=announcement, **_form_values(form))
        except ValidationError as error:
            add_service_errors(form, error)
            form.style_checks()  # add_service_errors gave the check boxes the text-field style
        else:
            messages.success(request, "Draft saved.")
            return redirect("leadership:announcement-detail", pk, announcement.pk)
    context = {
        "partnership": announcement.partnership,
        "announcement": announcement,
        "form": form,
    }
    return render(request, "leadership/announcements/form.html", context)


@login_required
@require_POST
def announcement_send(request, pk, announcement_pk):
    """Send a draft: its recipients are fixed and e-mailed by a background task (L4)."""
    announcement = _manageable(request, pk, announcement_pk)
    try:
        services.announcement_send(announcement=announcement)
    except ValidationError as error:
        messages.error(request, "The announcement was not sent. " + " ".join(error.messages))
    else:
        count = AnnouncementDelivery.objects.filter(announcement=announcement).count()
        messages.success(
            request,
            f"Sending to {count} {'person' if count == 1 else 'people'}. The delivery log shows "
            "each e-mail as it goes.",
        )
    return redirect("leadership:announcement-detail", pk, announcement.pk)


@login_required
@require_POST
def announcement_resume(request, pk, announcement_pk):
    """Resume a send that stalled: the recipients still waiting are e-mailed (L4)."""
    announcement = _manageable(request, pk, announcement_pk)
    try:
        services.announcement_resume(announcement=announcement)
    except ValidationError as error:
        messages.error(request, "Sending was not resumed. " + " ".join(error.messages))
    else:
        messages.success(
            request,
            "Sending resumed for the recipients still waiting. The delivery log shows each e-mail "
            "as it goes.",
        )
    return redirect("leadership:announcement-detail", pk, announcement.pk)


def worker_missing() -> bool:
    """Whether tasks wait for a worker and none is running (then a resumed send waits too)."""
    if not health.uses_task_queue():
        return False
    try:
        return not health.workers_check(timezone.now())["ok"]
    except DatabaseError:
        return False
