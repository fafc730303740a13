"""Writes for announcements on the shared vision and direction (L4): drafts, sending, delivery.

An announcement is written as a draft, then sent once. Sending fixes its recipients (a delivery
row per person, the delivery log) and queues one background task that e-mails them; the task
records each e-mail as handed over before it goes to the mail server, then as sent or failed
with the error, and one failure does not stop the others. A send that stalled (its worker
stopped and nothing took it back) is resumed from its page. A sent announcement never changes
and is never sent again.
"""

import contextlib
import smtplib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, mailers
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accord.accounts.notifications import absolute_url, message_id
from accord.core.audit import current_actor_id
from accord.core.services import save_validated
from accord.core.versioning import lock
from accord.directory.models import Organization, Person
from accord.partnerships.models import Partnership

from ..models import Announcement, AnnouncementDelivery
from ..queries.announcements import (
    audience_organization_ids,
    is_stalled,
    last_progress,
    recipients_of,
)

Status = Announcement.Status
Delivery = AnnouncementDelivery.Status
MAX_BODY = 20_000


def _refuse_if_archived(partnership: Partnership) -> None:
    if partnership.is_archived:
        raise ValidationError("This partnership is archived; it sends no more announcements.")


def _organization_ids(values) -> list[int]:
    ids = []
    for value in values or ():
        ids.append(value.pk if isinstance(value, Organization) else value)
    return list(dict.fromkeys(ids))


def _clean(partnership: Partnership, values: dict) -> dict:
    """Check and tidy an announcement's fields; raise naming every wrong field."""
    errors: dict[str, list[str]] = {}
    cleaned = {}
    if "title" in values:
        # One line: it becomes the e-mail's subject.
        title = " ".join((values["title"] or "").split())
        if not title:
            errors["title"] = ["Give the announcement a title."]
        elif len(title) > 200:
            errors["title"] = ["Keep the title under 200 characters."]
        cleaned["title"] = title
    if "body" in values:
        body = (values["body"] or "").strip()
        if not body:
            errors["body"] = ["Write the announcement's text."]
        elif len(body) > MAX_BODY:
            errors["body"] = [f"Keep the text under {MAX_BODY:,} characters."]
        cleaned["body"] = body
    if "audience_organizations" in values:
        ids = _organization_ids(values["audience_organizations"])
        addressable = set(audience_organization_ids(partnership))
        strangers = [pk for pk in ids if pk not in addressable]
        if strangers:
            names = dict(Organization.objects.filter(pk__in=strangers).values_list("pk", "name"))
            listed = ", ".join(f"“{names.get(pk, pk)}”" for pk in strangers)
            errors["audience_organizations"] = [
                "Choose member organizations or organizations whose people hold a role in "
                f"the partnership; nobody takes part for {listed}."
            ]
        cleaned["audience_organizations"] = ids
    if "audience_levels" in values:
        levels = list(dict.fromkeys(values["audience_levels"] or ()))
        unknown = [level for level in levels if level not in Person.Level.values]
        if unknown:
            errors["audience_levels"] = [
                f"“{unknown[0]}” is not a level; choose from "
                + ", ".join(label.lower() for label in Person.Level.labels)
                + "."
            ]
        # Kept in the order of the levels, executive first.
        cleaned["audience_levels"] = [lv for lv in Person.Level.values if lv in levels]
    if errors:
        raise ValidationError(errors)
    return cleaned


def _refuse_empty_audience(partnership: Partnership, organization_ids, levels) -> None:
    if recipients_of(partnership, organization_ids, levels).exists():
        return
    field = "audience_levels" if levels else "audience_organizations"
    raise ValidationError(
        {
            field: "Nobody who takes part in the partnership matches this audience: choose more "
            "organizations or levels (none chosen means everyone who holds a role)."
        }
    )


@transaction.atomic
def announcement_create(
    *,
    partnership: Partnership,
    title: str,
    body: str,
    audience_organizations=(),
    audience_levels=(),
    author: Person | None = None,
    created_by=None,
) -> Announcement:
    """Write a draft announcement to chosen member organizations and levels (L4)."""
    _refuse_if_archived(partnership)
    fields = _clean(
        partnership,
        {
            "title": title,
            "body": body,
            "audience_organizations": audience_organizations,
            "audience_levels": audience_levels,
        },
    )
    _refuse_empty_audience(partnership, fields["audience_organizations"], fields["audience_levels"])
    announcement = save_validated(
        Announcement(
            partnership=partnership,
            author=author if author is not None and not author.is_archived else None,
            title=fields["title"],
            body=fields["body"],
            audience_levels=fields["audience_levels"],
            created_by=created_by if getattr(created_by, "pk", None) else None,
        )
    )
    announcement.audience_organizations.set(fields["audience_organizations"])
    return announcement


def _refuse_unless_draft(announcement: Announcement) -> None:
    if announcement.status != Status.DRAFT:
        sent = timezone.localtime(announcement.sent_at)
        when = f"{sent.day} {sent:%B %Y, %H:%M}"
        raise ValidationError(
            {
                "status": f"This announcement was already sent on {when}; it is not sent again "
                "and no longer changes."
            }
        )


EDITABLE = ("title", "body", "audience_organizations", "audience_levels")


@transaction.atomic
def announcement_update(*, announcement: Announcement, **changes) -> Announcement:
    """Change a draft's text or audience; a sent announcement never changes."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "This field cannot be changed."))
    locked = lock(announcement)
    _refuse_if_archived(locked.partnership)
    _refuse_unless_draft(locked)
    fields = _clean(locked.partnership, changes)
    organizations = fields.pop(
        "audience_organizations",
        list(locked.audience_organizations.values_list("pk", flat=True)),
    )
    levels = fields.get("audience_levels", locked.audience_levels)
    _refuse_empty_audience(locked.partnership, organizations, levels)
    changed = [name for name, value in fields.items() if getattr(locked, name) != value]
    for name in changed:
        setattr(locked, name, fields[name])
    if changed:
        save_validated(locked, update_fields=[*changed, "updated_at"])
    if "audience_organizations" in changes:
        locked.audience_organizations.set(organizations)
    for name in ("title", "body", "audience_levels", "updated_at"):
        setattr(announcement, name, getattr(locked, name))
    return announcement


@transaction.atomic
def announcement_send(*, announcement: Announcement) -> Announcement:
    """Send a draft: fix its recipients in the delivery log and queue the e-mails (L4).

    The e-mails go out from one background task after this transaction commits.
    """
    locked = lock(announcement)
    _refuse_if_archived(locked.partnership)
    _refuse_unless_draft(locked)
    organizations = list(locked.audience_organizations.values_list("pk", flat=True))
    people = list(recipients_of(locked.partnership_id, organizations, locked.audience_levels))
    if not people:
        _refuse_empty_audience(locked.partnership, organizations, locked.audience_levels)
    AnnouncementDelivery.objects.bulk_create(
        AnnouncementDelivery(
            announcement=locked,
            person=person,
            email=(person.email or "").strip(),
            status=Delivery.QUEUED if (person.email or "").strip() else Delivery.NO_ADDRESS,
        )
        for person in people
    )
    locked.sent_at = timezone.now()
    queued = locked.deliveries.filter(status=Delivery.QUEUED).exists()
    locked.status = Status.SENDING if queued else Status.SENT
    locked.delivery_queued_at = locked.sent_at if queued else None
    save_validated(locked, update_fields=["status", "sent_at", "delivery_queued_at", "updated_at"])
    if queued:
        _queue_delivery(locked.pk)
    announcement.status, announcement.sent_at = locked.status, locked.sent_at
    return announcement


def _queue_delivery(announcement_id: int) -> None:
    from ..tasks_announcements import deliver_announcement

    # The task acts for whoever sent or resumed: its writes name them in the audit trail.
    actor_id = current_actor_id()
    transaction.on_commit(
        lambda: deliver_announcement.enqueue(announcement_id, actor_id), robust=True
    )


@transaction.atomic
def announcement_resume(*, announcement: Announcement) -> Announcement:
    """Queue the e-mails of a send that has stalled once more (L4).

    Only recipients still waiting are e-mailed: one handed to the mail server before the send
    stopped is not sent again, so nobody receives the announcement twice.
    """
    locked = lock(announcement)
    if locked.status != Status.SENDING:
        raise ValidationError(
            {"status": "This announcement is not being sent; there is nothing to resume."}
        )
    moved = last_progress(locked)
    if not is_stalled(locked, moved):
        when = timezone.localtime(moved)
        wait = settings.ACCORD_ANNOUNCEMENT_STALL_MINUTES
        raise ValidationError(
            {
                "status": f"It is being sent: the last progress was at {when:%H:%M:%S}. It can "
                f"be resumed once nothing has moved for {wait} minutes."
            }
        )
    locked.delivery_queued_at = timezone.now()
    save_validated(locked, update_fields=["delivery_queued_at", "updated_at"])
    _queue_delivery(locked.pk)
    announcement.delivery_queued_at = locked.delivery_queued_at
    return announcement


# --- Delivery (the background task's work) ------------------------------------------------------
def announcement_url(announcement: Announcement) -> str:
    return reverse(
        "leadership:announcement-detail", args=[announcement.partnership_id, announcement.pk]
    )


def email_for(announcement: Announcement) -> tuple[str, str]:
    """The subject and text of an announcement's e-mail."""
    partnership = announcement.partnership
    subject = " ".join(f"[Accord] {partnership.title}: {announcement.title}".split())
    if announcement.author is not None:
        author = announcement.author.name
        if announcement.author.organization is not None:
            author += f", {announcement.author.organization.name}"
        signed = f"From {author}, for {partnership.title}."
    else:
        signed = f"From the stewards of {partnership.title}."
    lines = [
        announcement.title,
        announcement.body,
        signed,
        f"Read it in Accord: {absolute_url(announcement_url(announcement))}",
        f"You receive this because you take part in {partnership.title} in Accord.",
    ]
    return subject, "\n\n".join(lines)


# What one e-mail may fail with: the server refused it, the network failed, or the address was
# one that the mail library refuses.
SEND_ERRORS = (smtplib.SMTPException, OSError, ValueError)


def delivery_message_id(delivery: AnnouncementDelivery) -> str:
    return message_id("announcement", delivery.announcement_id, "delivery", delivery.pk)


def announcement_deliver(*, announcement_id: int) -> dict[str, int]:
    """E-mail every queued delivery of an announcement, recording each as sent or failed.

    Safe to run again, and beside another run: each delivery is taken (queued → handed over,
    with its Message-ID) in the database before its e-mail goes to the mail server, and only
    deliveries still queued are taken. A run that stops half-way is resumed by running this
    again; a recipient whose e-mail was being handed over when it stopped is not e-mailed again.
    """
    announcement = (
        Announcement.objects.select_related("partnership", "author__organization")
        .filter(pk=announcement_id)
        .first()
    )
    if announcement is None or announcement.status == Status.DRAFT:
        return {}
    subject, text = email_for(announcement)
    queued = list(
        AnnouncementDelivery.objects.filter(announcement=announcement, status=Delivery.QUEUED)
        .only("pk", "announcement_id", "email")
        .order_by("pk")
    )
    outcome = {Delivery.SENT.value: 0, Delivery.FAILED.value: 0}
    mailer = None
    try:
        for delivery in queued:
            if not _take(delivery):
                continue  # another run took it
            message = EmailMessage(
                subject=subject,
                body=text,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[delivery.email],
                headers={"Message-ID": delivery.message_id},
            )
            try:
                if mailer is None:
                    mailer = mailers.default
                    mailer.open()
                mailer.send_messages([message])
            except SEND_ERRORS as error:
                status, problem = Delivery.FAILED, str(error) or type(error).__name__
                # Start afresh for the next recipient: the connection may be what failed.
                if mailer is not None:
                    _close(mailer)
                mailer = None
            else:
                status, problem = Delivery.SENT, ""
            AnnouncementDelivery.objects.filter(pk=delivery.pk).update(
                status=status, error=problem[:2000], attempted_at=timezone.now()
            )
            outcome[status.value] += 1
    finally:
        if mailer is not None:
            _close(mailer)
    done = not AnnouncementDelivery.objects.filter(
        announcement=announcement, status=Delivery.QUEUED
    ).exists()
    if done and announcement.status != Status.SENT:
        announcement.status = Status.SENT
        save_validated(announcement, update_fields=["status", "updated_at"])
    return outcome


def _take(delivery: AnnouncementDelivery) -> bool:
    """Record that this delivery's e-mail is being handed over; False if it is not queued now."""
    delivery.message_id = delivery_message_id(delivery)
    return bool(
        AnnouncementDelivery.objects.filter(pk=delivery.pk, status=Delivery.QUEUED).update(
            status=Delivery.SENDING, message_id=delivery.message_id, attempted_at=timezone.now()
        )
    )


def _close(mailer) -> None:
    with contextlib.suppress(SEND_ERRORS):
        mailer.close()
