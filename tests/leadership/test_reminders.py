"""Reminders (L5): MOU expiry 60, 30 and 7 days ahead, and signatures still waiting, with the
clock moved by time-machine; each sent once; e-mailed over real SMTP; `accord remind`."""

from datetime import UTC, date, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.urls import NoReverseMatch, reverse

from accord.accounts.models import Notification
from accord.leadership import reminders
from accord.leadership.models import Mou, MouVersion, Signatory
from accord.partnerships.models import Partnership
from tests.factories import (
    MembershipFactory,
    PartnershipFactory,
    PersonFactory,
    RoleFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

EXPIRES = date(2027, 6, 30)


def at(days_before: int, hour: int = 7) -> datetime:
    """07:00 UTC on the day `days_before` days before the MOU expires."""
    day = EXPIRES - timedelta(days=days_before)
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def run(days_before: int) -> list[Notification]:
    with time_machine.travel(at(days_before), tick=False):
        return reminders.send_all().mou_expiry


def executed_mou(partnership, expires_on=EXPIRES, **extra) -> Mou:
    return Mou.objects.create(
        partnership=partnership,
        title=f"MOU of {partnership}",
        status=Mou.Status.EXECUTED,
        executed_at=at(400),
        effective_on=date(2026, 7, 1),
        expires_on=expires_on,
        **extra,
    )


def expiry_keys() -> list[str]:
    return sorted(
        key.rsplit(":", 1)[0]
        for key in Notification.objects.filter(kind="mou_expiry").values_list("key", flat=True)
    )


def page_or(name, args, fallback):
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return fallback


class TestThresholds:
    @pytest.mark.parametrize(
        ("days_left", "due"),
        [(61, None), (60, 60), (31, 60), (30, 30), (8, 30), (7, 7), (6, 7), (0, 7), (-1, None)],
    )
    def test_which_reminder_is_due(self, days_left, due):
        assert reminders.due_threshold(days_left) == due


class TestMouExpiry:
    def test_a_daily_run_sends_each_reminder_once_on_its_day(self, cast):
        mou = executed_mou(cast.own)
        sent = {days: len(run(days)) for days in (61, 60, 59, 31, 30, 29, 8, 7, 6, 0, -1)}
        # Two recipients: the steward and the project director of Partner University.
        assert sent == {61: 0, 60: 2, 59: 0, 31: 0, 30: 2, 29: 0, 8: 0, 7: 2, 6: 0, 0: 0, -1: 0}
        assert expiry_keys() == [
            f"mou-expiry:{mou.pk}:30",
            f"mou-expiry:{mou.pk}:30",
            f"mou-expiry:{mou.pk}:60",
            f"mou-expiry:{mou.pk}:60",
            f"mou-expiry:{mou.pk}:7",
            f"mou-expiry:{mou.pk}:7",
        ]

    def test_to_the_stewards_and_the_directors_of_current_members(self, cast):
        mou = executed_mou(cast.own)
        former = MembershipFactory(
            partnership=cast.own, joined_on=date(2025, 1, 1), left_on=date(2026, 1, 1)
        )
        RoleFactory(
            partnership=cast.own,
            person=PersonFactory(organization=former.organization, user=UserFactory()),
            role="project_director",
        )
        [first, second] = run(60)
        assert {first.user.username, second.user.username} == {"steward", "project_director"}
        assert first.title == "The MOU of Own partnership expires in 60 days"
        assert first.body.startswith(f"“{mou.title}” expires on 30 June 2027.")
        assert first.url == page_or(
            "leadership:mou-detail", [cast.own.pk, mou.pk], cast.own.get_absolute_url()
        )

    @pytest.mark.parametrize(("days", "threshold"), [(31, 60), (8, 30), (6, 7)])
    def test_the_first_run_sends_the_nearest_due_reminder(self, cast, days, threshold):
        mou = executed_mou(cast.own)
        sent = run(days)
        assert {n.key.rsplit(":", 1)[0] for n in sent} == {f"mou-expiry:{mou.pk}:{threshold}"}
        assert sent[0].title == f"The MOU of Own partnership expires in {days} days"

    def test_after_missed_runs_only_the_nearest_due_reminder_is_sent(self, cast):
        mou = executed_mou(cast.own)
        assert len(run(45)) == 2  # the 60-day reminder, late
        # Nobody ran it for weeks: at 20 days the 30-day one is due, not the 60 again nor the 7.
        assert {n.key.split(":")[2] for n in run(20)} == {"30"}
        assert {n.key.split(":")[2] for n in run(1)} == {"7"}
        assert run(1) == [] and run(0) == []
        assert expiry_keys().count(f"mou-expiry:{mou.pk}:7") == 2
        assert Notification.objects.get(user=cast.users["steward"], key__contains=":7:").title == (
            "The MOU of Own partnership expires tomorrow"
        )

    def test_already_sent_keys_are_not_sent_again(self, cast):
        executed_mou(cast.own)
        assert len(run(30)) == 2
        assert run(30) == []
        with time_machine.travel(at(30, hour=18), tick=False):
            assert reminders.send_all().mou_expiry == []
        assert Notification.objects.filter(kind="mou_expiry").count() == 2

    def test_one_reminder_for_someone_who_is_steward_and_director(self, cast):
        executed_mou(cast.own)
        RoleFactory(
            partnership=cast.own,
            person=cast.people["steward"],
            role="project_director",
            organization=cast.host,
        )
        assert sorted(n.user.username for n in run(60)) == ["project_director", "steward"]

    def test_mous_not_reminded_of(self, cast):
        Mou.objects.create(partnership=cast.own, title="Draft", expires_on=EXPIRES)
        executed_mou(cast.other)
        Partnership.objects.filter(pk=cast.other.pk).update(archived_at=at(100))
        concluded = PartnershipFactory(stage="concluded")
        executed_mou(concluded)
        RoleFactory(partnership=concluded, person=cast.people["steward"], role="steward")
        # Replaced by a renewal that runs longer: only the renewal is reminded of (later).
        executed_mou(cast.own)
        renewal = executed_mou(cast.own, expires_on=EXPIRES + timedelta(days=365))
        assert run(30) == []
        assert run(30 - 365) and set(expiry_keys()) == {f"mou-expiry:{renewal.pk}:30"}


def version_out_for_signature(cast, **extra) -> MouVersion:
    mou = Mou.objects.create(
        partnership=cast.own, title="Bridges MOU", status=Mou.Status.OUT_FOR_SIGNATURE
    )
    return MouVersion.objects.create(
        mou=mou, number=1, status=MouVersion.Status.OUT_FOR_SIGNATURE, sent_at=at(10), **extra
    )


def signatory(version, actor, cast, status=Signatory.Status.PENDING, asked=None, **extra):
    return Signatory.objects.create(
        version=version,
        person=cast.people[actor],
        organization=cast.partner,
        status=status,
        asked_at=asked,
        **extra,
    )


def signature_run(moment: datetime) -> list[Notification]:
    with time_machine.travel(moment, tick=False):
        return reminders.send_all().signatures


class TestSignatures:
    def test_pending_signatories_are_reminded_every_third_day(self, cast):
        version = version_out_for_signature(cast)
        asked = datetime(2027, 3, 1, 9, tzinfo=UTC)
        leader = signatory(version, "leader", cast, asked=asked)
        days = {}
        for offset in range(0, 8):
            # The daily run at 07:00, a few seconds earlier on some days.
            moment = datetime(2027, 3, 1 + offset, 7, 0, offset % 3, tzinfo=UTC)
            days[offset] = len(signature_run(moment))
        assert days == {0: 0, 1: 0, 2: 0, 3: 1, 4: 0, 5: 0, 6: 1, 7: 0}
        keys = sorted(
            Notification.objects.filter(kind="signature_reminder").values_list("key", flat=True)
        )
        assert keys == [f"mou-sign:{leader.pk}:2027-03-04", f"mou-sign:{leader.pk}:2027-03-07"]
        leader.refresh_from_db()
        assert leader.last_reminded_at == datetime(2027, 3, 7, 7, 0, 0, tzinfo=UTC)

    def test_only_those_asked_who_have_not_signed(self, cast):
        version = version_out_for_signature(cast)
        signatory(version, "leader", cast)
        signatory(
            version,
            "project_director",
            cast,
            status=Signatory.Status.SIGNED,
            signed_at=at(5),
            signed_sha256="a" * 64,
        )
        signatory(version, "steward", cast, status=Signatory.Status.WAITING)
        signatory(version, "viewer", cast, status=Signatory.Status.DECLINED)
        [sent] = signature_run(at(3))
        assert sent.user == cast.users["leader"]
        assert sent.title == "Please sign the MOU of Own partnership"
        assert "for Partner University, and have not signed yet" in sent.body
        assert sent.url == page_or(
            "leadership:mou-sign", [cast.own.pk, version.mou_id, 1], cast.own.get_absolute_url()
        )

    def test_a_voided_version_reminds_nobody(self, cast):
        version = version_out_for_signature(cast)
        signatory(version, "leader", cast)
        MouVersion.objects.filter(pk=version.pk).update(status=MouVersion.Status.VOIDED)
        assert signature_run(at(3)) == []

    def test_a_reminder_is_bookkeeping_not_history(self, cast):
        version = version_out_for_signature(cast)
        leader = signatory(version, "leader", cast)
        rows = leader.history.count()
        assert len(signature_run(at(3))) == 1
        assert leader.history.count() == rows
        assert signature_run(at(3)) == []  # the same day again: nothing


class TestEmailAndCommand:
    def test_reminders_are_emailed_over_smtp(
        self, cast, smtp_server, settings, django_capture_on_commit_callbacks
    ):
        settings.ACCORD_BASE_URL = "https://accord.example.org"
        executed_mou(cast.own)
        version = version_out_for_signature(cast)
        signatory(version, "leader", cast)
        with (
            django_capture_on_commit_callbacks(execute=True),
            time_machine.travel(at(30), tick=False),
        ):
            report = reminders.send_all()
        counts = report.counts()  # the other pillars' reminders (none due here) are counted too
        assert {key: counts[key] for key in ("mou_expiry", "signatures")} == {
            "mou_expiry": 2,
            "signatures": 1,
        }
        messages = smtp_server.wait_for(3)
        by_to = {m["To"]: m for m in messages}
        assert set(by_to) == {
            "steward@example.org",
            "project_director@example.org",
            "leader@example.org",
        }
        expiry = by_to["steward@example.org"]
        assert expiry["Subject"].strip() == "[Accord] The MOU of Own partnership expires in 30 days"
        assert "https://accord.example.org/" in expiry.get_content()
        assert "Please sign" in by_to["leader@example.org"]["Subject"]

    def test_remind_enqueues_the_task(self, cast):
        executed_mou(cast.own)
        out = StringIO()
        with time_machine.travel(at(7), tick=False):
            call_command("remind", stdout=out)
        assert "Reminders queued (task " in out.getvalue()
        # Tests run tasks inline: the reminders are there.
        assert Notification.objects.filter(kind="mou_expiry").count() == 2

    def test_remind_now_prints_what_it_sent(self, cast):
        executed_mou(cast.own)
        out = StringIO()
        with time_machine.travel(at(7), tick=False):
            call_command("remind", "--now", stdout=out)
        text = out.getvalue()
        assert "  mou_expiry to steward: The MOU of Own partnership expires in 7 days" in text
        assert "Sent 2 reminders: 2 about MOU expiry, 0 about signatures." in text
        out = StringIO()
        with time_machine.travel(at(7), tick=False):
            call_command("remind", "--now", stdout=out)
        assert out.getvalue() == "No reminders were due.\n"
