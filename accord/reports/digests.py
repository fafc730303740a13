"""What a digest says, to whom, and its sending (M4: reports to every audience, by e-mail).

Everything comes from the pillars' records, never from self-report: the partnership's latest
scorecard snapshot (accord/evaluation), what changed since the digest last went out (the state kept
in `DigestIssue`), the collaboration survey's latest factor scores (shown only from the minimum
number of respondents, accord/surveys), and what is waiting for the recipient there
(accord/core/waiting.py). Every count goes through disclosure control (`protect_count`): a digest is
an output outside data entry.

Other parts of Accord add a section without this module importing them:
`register_digest_section(key, provider)`, where `provider(partnership, since, now)` returns a
`DigestSection` (or None when it has nothing to say) — e.g. the progress reports published since
the last digest.

Sending (`send_due`, run daily by `accord digests send`): a digest is due once per period (a week
from Monday, a month from the 1st), on the first run in that period. Each e-mail is recorded
(`DigestDelivery`, unique per digest, recipient and period) before it is handed to the mail
server, so a second run, or two at once, sends nothing twice; a refused e-mail is unrecorded again
so that a later run retries it. Every e-mail has a plain-text and an HTML part, and an unsubscribe
link (also as List-Unsubscribe) signed for its recipient that works without signing in.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accord.accounts.notifications import absolute_url, message_id
from accord.core.access import Role
from accord.core.disclosure import THRESHOLD, Figure, protect_count, text
from accord.core.waiting import Waiting, waiting_for
from accord.evaluation.criteria import ACT, NOT_YET, PILLARS, STATUS_LABELS, WATCH
from accord.evaluation.models import ScorecardSnapshot
from accord.evaluation.queries import link_of
from accord.partnerships.models import Partnership, PartnershipRole
from accord.surveys.queries import latest_factor_scores

from .models_digests import Digest, DigestDelivery, DigestIssue, DigestUnsubscription

log = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "accord.reports.digest-unsubscribe"
ROLE_VALUES = [choice.value for choice in Role]
WAITING_SHOWN = 10
# Audiences a steward picks from, as on the settings page.
AUDIENCES = {
    "everyone": ("All members", ROLE_VALUES),
    "leaders": (
        "Leaders and project directors",
        [Role.STEWARD, Role.PROJECT_DIRECTOR, Role.LEADER],
    ),
    "steward": ("The stewards only", [Role.STEWARD]),
}


# --- Periods ------------------------------------------------------------------------------------
def period_start(frequency: str, day: date) -> date:
    """The first day of the period `day` falls in: its week's Monday, or its month's 1st."""
    if frequency == Digest.Frequency.MONTHLY:
        return day.replace(day=1)
    return day - timedelta(days=day.weekday())


def next_period_start(frequency: str, start: date) -> date:
    if frequency == Digest.Frequency.MONTHLY:
        return (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    return start + timedelta(days=7)


def period_label(frequency: str, start: date) -> str:
    if frequency == Digest.Frequency.MONTHLY:
        return f"{start:%B %Y}"
    return f"week of {start:%-d %B %Y}"


# --- Sections other apps add ----------------------------------------------------------------------
@dataclass(frozen=True)
class DigestLine:
    text: str
    url: str = ""  # absolute, or a path inside Accord (made absolute when shown)


@dataclass(frozen=True)
class DigestSection:
    key: str
    title: str
    lines: list[DigestLine]


SectionProvider = Callable[[Partnership, datetime | None, datetime], DigestSection | None]
DIGEST_SECTIONS: dict[str, SectionProvider] = {}


def register_digest_section(key: str, provider: SectionProvider) -> None:
    """Add (or replace) the section called `key` (from an AppConfig.ready); its provider takes the
    partnership, the moment the last digest went out (None for the first) and now."""
    DIGEST_SECTIONS[key] = provider


def _sections(partnership, since, now) -> list[DigestSection]:
    found = []
    for key in sorted(DIGEST_SECTIONS):
        section = DIGEST_SECTIONS[key](partnership, since, now)
        if section is not None and section.lines:
            lines = [
                DigestLine(
                    line.text, absolute_url(line.url) if line.url.startswith("/") else line.url
                )
                for line in section.lines
            ]
            found.append(DigestSection(section.key, section.title, lines))
    return found


# --- Content ------------------------------------------------------------------------------------
def _label(status: str | None) -> str:
    return STATUS_LABELS.get(status or NOT_YET, status or "")


@dataclass
class PillarLine:
    title: str
    status: str
    before: str | None  # the status in the last digest; None when there was none

    @property
    def label(self) -> str:
        return _label(self.status)

    @property
    def changed(self) -> bool:
        return self.before is not None and self.before != self.status

    @property
    def before_label(self) -> str:
        return _label(self.before)


@dataclass
class CriterionLine:
    pillar: str
    title: str
    status: str
    evidence: str
    action: str
    url: str  # absolute

    @property
    def label(self) -> str:
        return _label(self.status)


@dataclass
class PartnershipPart:
    """What a digest says about one partnership."""

    partnership: Partnership
    url: str
    computed_at: datetime | None
    pillars: list[PillarLine]
    changes: list[str]
    criteria: list[CriterionLine]  # those to watch or act on (a detailed digest)
    open_actions: Figure
    factors: list[tuple[str, str, str]] = field(default_factory=list)  # name, score, status
    waiting: list[Waiting] = field(default_factory=list)
    waiting_more: Figure | None = None
    sections: list[DigestSection] = field(default_factory=list)

    @property
    def open_actions_text(self) -> str:
        return text(self.open_actions, THRESHOLD)


@dataclass
class DigestContent:
    digest: Digest
    recipient: object
    period_start: date
    period: str
    since: datetime | None
    parts: list[PartnershipPart]
    state: dict  # what the scorecard says now, kept by the issue for the next digest's changes
    unsubscribe_url: str = ""

    @property
    def subject(self) -> str:
        return f"[Accord] {self.digest.title}: {self.period}"


def _state_of(snapshot: ScorecardSnapshot | None) -> dict:
    if snapshot is None:
        return {"pillars": {}, "criteria": {}}
    return {
        "pillars": dict(snapshot.pillars),
        "criteria": {key: result.get("status") for key, result in snapshot.results.items()},
    }


def _titles() -> dict[str, tuple[str, str]]:
    from accord.evaluation.queries import criteria_list

    return {item.key: (item.title, item.pillar) for item in criteria_list()}


def _part(partnership, snapshot, before: dict | None, detailed: bool, titles) -> PartnershipPart:
    results = snapshot.results if snapshot else {}
    pillars_now = snapshot.pillars if snapshot else {}
    before_pillars = (before or {}).get("pillars", {}) if before is not None else None
    pillars = [
        PillarLine(
            title,
            pillars_now.get(key, NOT_YET),
            None if before_pillars is None else before_pillars.get(key, NOT_YET),
        )
        for key, title in PILLARS.items()
    ]
    changes = []
    if before is not None:
        for line in pillars:
            if line.changed:
                changes.append(f"{line.title}: {line.before_label} → {line.label}")
        before_criteria = before.get("criteria", {})
        for key, result in results.items():
            was, now = before_criteria.get(key, NOT_YET), result.get("status", NOT_YET)
            if was != now:
                title = titles.get(key, (key, ""))[0]
                changes.append(f"{title}: {_label(was)} → {_label(now)}")
    criteria = []
    if detailed:
        for key, result in results.items():
            if result.get("status") in (WATCH, ACT):
                title, pillar = titles.get(key, (key, ""))
                url = link_of(result)
                criteria.append(
                    CriterionLine(
                        PILLARS.get(pillar, pillar),
                        title,
                        result["status"],
                        result.get("evidence", ""),
                        result.get("action", ""),
                        absolute_url(url) if url else "",
                    )
                )
        criteria.sort(key=lambda c: (c.status != ACT, c.pillar, c.title))
    return PartnershipPart(
        partnership=partnership,
        url=absolute_url(partnership.get_absolute_url()),
        computed_at=snapshot.computed_at if snapshot else None,
        pillars=pillars,
        changes=changes,
        criteria=criteria,
        open_actions=protect_count(snapshot.open_actions if snapshot else 0),
    )


def _previous_issue(digest: Digest, start: date) -> DigestIssue | None:
    return digest.issues.filter(period_start__lt=start).order_by("-period_start").first()


def partnerships_of(digest: Digest) -> list[Partnership]:
    if not digest.is_portfolio:
        return [digest.partnership]
    return list(Partnership.objects.visible_to(digest.owner).order_by("title", "pk"))


def content_for(digest: Digest, recipient, *, now: datetime, start: date | None = None):
    """The digest for `recipient` for the period starting `start` (the current one by default)."""
    start = start or period_start(digest.frequency, timezone.localdate(now))
    previous = _previous_issue(digest, start)
    since = previous.sent_at if previous else None
    partnerships = partnerships_of(digest)
    snapshots = {
        s.partnership_id: s
        for s in ScorecardSnapshot.objects.filter(
            partnership__in=[p.pk for p in partnerships], latest=True
        )
    }
    detailed = digest.level == Digest.Level.DETAILED
    titles = _titles()
    waiting = list(waiting_for(recipient)) if recipient is not None else []
    parts, state = [], {}
    for partnership in partnerships:
        snapshot = snapshots.get(partnership.pk)
        key = str(partnership.pk)
        before = previous.state.get(key) if previous else None
        part = _part(partnership, snapshot, before, detailed, titles)
        state[key] = _state_of(snapshot)
        mine = [w for w in waiting if w.partnership_id == partnership.pk]
        part.waiting = mine[:WAITING_SHOWN]
        if len(mine) > WAITING_SHOWN:
            part.waiting_more = protect_count(len(mine) - WAITING_SHOWN)
        if not digest.is_portfolio:
            part.factors = [
                (factor.name, f"{score:.1f}" if score is not None else "not shown", status)
                for factor, score, status in latest_factor_scores(partnership)
            ]
            part.sections = _sections(partnership, since, now)
        parts.append(part)
    return DigestContent(
        digest=digest,
        recipient=recipient,
        period_start=start,
        period=period_label(digest.frequency, start),
        since=since,
        parts=parts,
        state=state,
    )


def next_period(digest: Digest, today: date) -> date:
    """The period the next digest is for: this one, unless it has gone out already."""
    start = period_start(digest.frequency, today)
    if digest.issues.filter(period_start=start).exists():
        return next_period_start(digest.frequency, start)
    return start


# --- Unsubscribing --------------------------------------------------------------------------------
def unsubscribe_token(digest: Digest, user) -> str:
    return signing.dumps({"d": digest.pk, "u": user.pk}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> tuple[int, int] | None:
    """(digest id, user id) from a token Accord signed; None for any other string."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    digest_id, user_id = data.get("d"), data.get("u")
    if not (isinstance(digest_id, int) and isinstance(user_id, int)):
        return None
    return digest_id, user_id


def unsubscribe_url(digest: Digest, user) -> str:
    return absolute_url(
        reverse("reports:digest-unsubscribe", args=[unsubscribe_token(digest, user)])
    )


# --- Recipients and sending -----------------------------------------------------------------------
def recipients_of(digest: Digest) -> list:
    """Active accounts with an address who receive `digest` and have not unsubscribed."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    if digest.is_portfolio:
        users = users.filter(pk=digest.owner_id)
    else:
        holders = PartnershipRole.objects.filter(
            partnership=digest.partnership_id,
            archived_at__isnull=True,
            person__archived_at__isnull=True,
            role__in=digest.roles,
        ).values("person__user")
        users = users.filter(pk__in=holders)
    gone = DigestUnsubscription.objects.filter(digest=digest).values("user")
    return list(users.exclude(pk__in=gone).order_by("pk"))


def render(content: DigestContent) -> tuple[str, str]:
    """The plain-text and HTML parts."""
    context = {"digest": content, "base_url": absolute_url("").rstrip("/")}
    body = render_to_string("reports/digests/email.txt", context)
    html = render_to_string("reports/digests/email.html", context)
    return body, html


def message_for(content: DigestContent) -> EmailMultiAlternatives:
    digest, user = content.digest, content.recipient
    content.unsubscribe_url = unsubscribe_url(digest, user)
    body, html = render(content)
    message = EmailMultiAlternatives(
        subject=content.subject,
        body=body,
        to=[user.email],
        headers={
            "Message-ID": message_id(
                "digest", digest.pk, user.pk, f"{content.period_start:%Y%m%d}"
            ),
            "List-Unsubscribe": f"<{content.unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": f"{digest.title} <digest-{digest.pk}.accord>",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


@dataclass
class Sent:
    digest: Digest
    user: object
    period_start: date


def due_digests(today: date):
    """Active digests with nothing sent yet for their current period."""
    found = []
    for digest in Digest.objects.filter(stopped_at__isnull=True).select_related(
        "partnership", "owner"
    ):
        if digest.partnership is not None and digest.partnership.is_archived:
            continue
        found.append(digest)
    return found


def send_digest(digest: Digest, *, now: datetime) -> list[Sent]:
    """Send `digest` for its current period to each recipient who has not had it yet."""
    start = period_start(digest.frequency, timezone.localdate(now))
    recipients = recipients_of(digest)
    sent: list[Sent] = []
    issue = None
    for user in recipients:
        if DigestDelivery.objects.filter(digest=digest, user=user, period_start=start).exists():
            continue
        content = content_for(digest, user, now=now, start=start)
        if issue is None:
            issue, _ = DigestIssue.objects.get_or_create(
                digest=digest,
                period_start=start,
                defaults={"sent_at": now, "state": content.state},
            )
        try:
            with transaction.atomic():
                delivery = DigestDelivery.objects.create(
                    digest=digest, user=user, period_start=start, sent_at=now
                )
        except IntegrityError:
            continue  # another run has it
        try:
            message_for(content).send()
        except Exception:
            # Refused or unreachable: unrecorded, so that a later run sends it.
            DigestDelivery.objects.filter(pk=delivery.pk).delete()
            log.exception("digest %s to user %s not sent", digest.pk, user.pk)
            continue
        sent.append(Sent(digest, user, start))
    return sent


def send_due(*, now: datetime | None = None) -> list[Sent]:
    """Send every digest due now (daily, from `accord digests send`); what was sent."""
    now = now or timezone.now()
    sent: list[Sent] = []
    for digest in due_digests(timezone.localdate(now)):
        sent.extend(send_digest(digest, now=now))
    return sent
