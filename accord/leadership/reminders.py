"""Reminders of the leadership pillar (L5): an MOU about to expire, a signature still waiting.

Plain functions with an explicit `today` / `now`, so that tests move the clock. The background
task `send_reminders` (tasks.py) runs them all; `accord remind` (cron, daily) enqueues it. Every
reminder goes through notify() with a key, so a second run on the same day sends nothing again.

- MOU expiry: 60, 30 and 7 days before `Mou.expires_on` of an executed MOU, to the partnership's
  stewards and the project directors of its current members. After a missed run only the
  nearest reminder that is due is sent (29 days ahead: the 30-day one, not the 60-day one too).
  An MOU that a later-expiring executed MOU of the same partnership replaces, or one of a
  concluded or archived partnership, is not reminded of.
- Signatures: a signatory asked to sign who has not signed is reminded at most every 3 days,
  counted from the last reminder, or from being asked.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Exists, OuterRef, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import dateformat, timezone

from accord.accounts.models import Notification
from accord.core.reminders import send_registered
from accord.partnerships.models import Stage

from .models import Mou, MouVersion, Signatory
from .queries.directors import director_users, steward_users
from .services.directors import send

EXPIRY_DAYS = (7, 30, 60)  # ascending: the nearest due one is the first that is not passed
SIGNATURE_INTERVAL_DAYS = 3
KIND_EXPIRY = "mou_expiry"
KIND_SIGNATURE = "signature_reminder"


@dataclass
class Report:
    """What one run sent."""

    mou_expiry: list[Notification] = field(default_factory=list)
    signatures: list[Notification] = field(default_factory=list)
    # What the other pillars' registered senders sent (accord/core/reminders.py), by key.
    others: dict[str, list[Notification]] = field(default_factory=dict)

    @property
    def sent(self) -> list[Notification]:
        return [*self.mou_expiry, *self.signatures, *(n for ns in self.others.values() for n in ns)]

    def counts(self) -> dict[str, int]:
        return {
            "mou_expiry": len(self.mou_expiry),
            "signatures": len(self.signatures),
            **{key: len(sent) for key, sent in self.others.items()},
        }


def page_url(name: str, args: list, fallback: str) -> str:
    """A page's path, or `fallback` where that page does not exist (yet)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return fallback


def _day(value: date) -> str:
    return dateformat.format(value, "j F Y")


# --- MOU expiry ---------------------------------------------------------------------------------
def due_threshold(days_left: int) -> int | None:
    """Which expiry reminder is due `days_left` days before expiry (None: none is).

    61 → None, 60…31 → 60, 30…8 → 30, 7…0 → 7, past expiry → None.
    """
    if days_left < 0:
        return None
    return next((days for days in EXPIRY_DAYS if days_left <= days), None)


def expiring_mous(today: date) -> QuerySet[Mou]:
    """Executed MOUs of live partnerships (not archived, not concluded) that expire within
    the longest reminder's reach."""
    replaced = Mou.objects.filter(
        partnership=OuterRef("partnership"),
        status=Mou.Status.EXECUTED,
        expires_on__gt=OuterRef("expires_on"),
    )
    return (
        Mou.objects.filter(
            status=Mou.Status.EXECUTED,
            expires_on__gte=today,
            expires_on__lte=today + timedelta(days=max(EXPIRY_DAYS)),
            partnership__archived_at__isnull=True,
        )
        .exclude(partnership__stage=Stage.CONCLUDED)
        .exclude(Exists(replaced))
        .select_related("partnership")
        .order_by("expires_on", "pk")
    )


def _expiry_title(mou: Mou, days_left: int) -> str:
    when = {0: "today", 1: "tomorrow"}.get(days_left, f"in {days_left} days")
    return f"The MOU of {mou.partnership} expires {when}"


def send_mou_expiry_reminders(*, today: date) -> list[Notification]:
    """Remind stewards and project directors of MOUs expiring in 60, 30 and 7 days (L5)."""
    sent = []
    for mou in expiring_mous(today):
        days_left = (mou.expires_on - today).days
        threshold = due_threshold(days_left)
        if threshold is None:
            continue
        partnership = mou.partnership
        url = page_url(
            "leadership:mou-detail", [partnership.pk, mou.pk], partnership.get_absolute_url()
        )
        body = (
            f"“{mou.title}” expires on {_day(mou.expires_on)}. Agree with the partners whether to "
            "renew it (an amendment with a new expiry date), or let it end as planned."
        )
        seen = set()
        for user in [*steward_users(partnership), *director_users(partnership)]:
            if user.pk in seen:
                continue
            seen.add(user.pk)
            notification = send(
                user=user,
                kind=KIND_EXPIRY,
                title=_expiry_title(mou, days_left),
                body=body,
                url=url,
                key=f"mou-expiry:{mou.pk}:{threshold}:{user.pk}",
            )
            if notification is not None:
                sent.append(notification)
    return sent


# --- Signatures ---------------------------------------------------------------------------------
def waiting_signatories() -> QuerySet[Signatory]:
    """Signatories asked to sign a version out for signature, who can sign in to do it."""
    return Signatory.objects.filter(
        status=Signatory.Status.PENDING,
        version__status=MouVersion.Status.OUT_FOR_SIGNATURE,
        version__mou__partnership__archived_at__isnull=True,
        person__archived_at__isnull=True,
        person__user__is_active=True,
    ).select_related("person__user", "organization", "version__mou__partnership")


def _reminder_due(signatory: Signatory, today: date) -> bool:
    # Counted in days on Accord's calendar, so that a daily run at 07:00 reminds every 3rd day
    # even when it starts a few seconds earlier than the run before.
    last = signatory.last_reminded_at or signatory.asked_at
    if last is None:
        return True
    return (today - timezone.localdate(last)).days >= SIGNATURE_INTERVAL_DAYS


def send_signature_reminders(*, now: datetime) -> list[Notification]:
    """Remind signatories who have not signed yet, at most every 3 days each (L5)."""
    today = timezone.localdate(now)
    sent = []
    for signatory in waiting_signatories():
        if not _reminder_due(signatory, today):
            continue
        version = signatory.version
        mou, partnership = version.mou, version.mou.partnership
        url = page_url(
            "leadership:mou-sign",
            [partnership.pk, mou.pk, version.number],
            partnership.get_absolute_url(),
        )
        asked = f" on {_day(timezone.localdate(signatory.asked_at))}" if signatory.asked_at else ""
        notification = send(
            user=signatory.person.user,
            kind=KIND_SIGNATURE,
            title=f"Please sign the MOU of {partnership}",
            body=f"You were asked{asked} to sign “{mou.title}” (version {version.number}) for "
            f"{signatory.organization}, and have not signed yet. Sign in to read and sign it, "
            "or decline with a reason.",
            url=url,
            key=f"mou-sign:{signatory.pk}:{today.isoformat()}",
        )
        if notification is not None:
            # A reminder time is bookkeeping, not a change to the signature: no history row.
            Signatory.objects.filter(pk=signatory.pk).update(last_reminded_at=now)
            sent.append(notification)
    return sent


def send_all(*, now: datetime | None = None) -> Report:
    """Run every reminder of the pillar once; what `accord remind` and its task do."""
    now = now or timezone.now()
    return Report(
        mou_expiry=send_mou_expiry_reminders(today=timezone.localdate(now)),
        signatures=send_signature_reminders(now=now),
        others=send_registered(now),
    )
