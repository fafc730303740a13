"""E-mail digests (issue 15, item 2): what they say, to whom, sent once per period over real SMTP,
and the signed unsubscribe link that works without signing in."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accord.evaluation.models import ScorecardSnapshot
from accord.evaluation.queries import criteria_list
from accord.reports import digests, services_digests
from accord.reports.digests import DigestLine, DigestSection
from accord.reports.models_digests import Digest, DigestDelivery, DigestIssue, DigestUnsubscription

pytestmark = pytest.mark.django_db

MONDAY = datetime(2026, 11, 30, 7, 0, tzinfo=UTC)  # a Monday
AUDIENCE = ["steward", "project_director", "leader"]


def snapshot(partnership, *, status: str, open_actions: int = 3, at=MONDAY) -> ScorecardSnapshot:
    """The partnership's latest scorecard: one criterion of the first pillar at `status`."""
    ScorecardSnapshot.objects.filter(partnership=partnership).update(latest=False)
    first = criteria_list()[0]
    return ScorecardSnapshot.objects.create(
        partnership=partnership,
        computed_at=at - timedelta(hours=1),
        pillars={first.pillar: status},
        results={
            first.key: {
                "status": status,
                "evidence": "Evidence of the matrix",
                "action": "Fix the gap",
                "url_name": "partnerships:detail",
                "args": [partnership.pk],
            }
        },
        open_actions=open_actions,
        latest=True,
    )


def set_up(cast, *, level="detailed", roles=AUDIENCE, frequency="weekly") -> Digest:
    return services_digests.digest_create(
        partnership=cast.own,
        by=cast.users["steward"],
        title="Bridges weekly",
        roles=roles,
        level=level,
        frequency=frequency,
    )


def addressees(messages) -> list[str]:
    return sorted(message["To"] for message in messages)


class TestContent:
    def test_a_detailed_digest_has_pillars_criteria_and_links_and_hides_small_counts(self, cast):
        snapshot(cast.own, status="act", open_actions=3)
        digest = set_up(cast)
        content = digests.content_for(digest, cast.users["steward"], now=MONDAY)
        (part,) = content.parts
        first = criteria_list()[0]
        assert [line.status for line in part.pillars if line.title.startswith("Al")] == ["act"]
        (criterion,) = part.criteria
        assert criterion.title == first.title and criterion.action == "Fix the gap"
        assert criterion.url == f"http://127.0.0.1:8000/partnerships/{cast.own.pk}/"
        # 3 open next actions is a small count: a digest is an output outside data entry.
        assert part.open_actions_text == "<11"
        assert content.since is None and part.changes == []

    def test_a_summary_lists_no_criteria_and_a_large_count_shows(self, cast):
        snapshot(cast.own, status="watch", open_actions=12)
        content = digests.content_for(set_up(cast, level="summary"), None, now=MONDAY)
        assert content.parts[0].criteria == []
        assert content.parts[0].open_actions_text == "12"

    def test_what_changed_since_the_last_digest(self, cast):
        snapshot(cast.own, status="good")
        digest = set_up(cast, roles=["steward"])
        digests.send_digest(digest, now=MONDAY)
        snapshot(cast.own, status="act", at=MONDAY + timedelta(days=3))
        content = digests.content_for(digest, None, now=MONDAY + timedelta(days=7))
        assert content.since == MONDAY
        first = criteria_list()[0]
        assert f"{first.title}: Good → Act" in content.parts[0].changes
        changed = [line for line in content.parts[0].pillars if line.changed]
        assert [(line.before, line.status) for line in changed] == [("good", "act")]

    def test_a_registered_section_is_included_without_the_digest_importing_it(self, cast):
        snapshot(cast.own, status="good")
        calls = []

        def published(partnership, since, now):
            calls.append((partnership, since, now))
            return DigestSection("reports", "Reports published", [DigestLine("Q3", "/r/1/")])

        digests.register_digest_section("test-reports", published)
        try:
            content = digests.content_for(set_up(cast), None, now=MONDAY)
        finally:
            del digests.DIGEST_SECTIONS["test-reports"]
        (section,) = content.parts[0].sections
        assert section.lines == [DigestLine("Q3", "http://127.0.0.1:8000/r/1/")]
        assert calls == [(cast.own, None, MONDAY)]

    def test_periods(self):
        wednesday = MONDAY.date() + timedelta(days=2)
        assert digests.period_start("weekly", wednesday) == MONDAY.date()
        assert digests.period_start("monthly", wednesday).isoformat() == "2026-12-01"
        assert digests.next_period_start("monthly", wednesday.replace(day=1)).isoformat() == (
            "2027-01-01"
        )
        assert digests.next_period_start("weekly", MONDAY.date()).isoformat() == "2026-12-07"


class TestSending:
    def test_sent_once_per_period_to_the_audience_over_smtp(self, cast, smtp_server):
        snapshot(cast.own, status="act")
        digest = set_up(cast)
        services_digests.digest_unsubscribe(digest=digest, user=cast.users["leader"])
        out = []
        call_command("digests", "send", "--now", stdout=_Writer(out))
        # The command's clock is now; run the day's job again: nothing is sent twice.
        sent_first = len(smtp_server.wait_for(2))
        call_command("digests", "send", "--now", stdout=_Writer(out))
        assert "No digest was due" in out[-1]
        messages = smtp_server.messages
        assert sent_first == len(messages) == 2
        assert addressees(messages) == ["project_director@example.org", "steward@example.org"]
        message = messages[0]
        assert message["Subject"].startswith("[Accord] Bridges weekly: week of ")
        plain = message.get_body(("plain",)).get_content()
        html = message.get_body(("html",)).get_content()
        first = criteria_list()[0]
        assert first.title in plain and first.title in html and "Fix the gap" in plain
        assert "Open next actions: <11" in plain and "&lt;11" in html
        unsubscribe = message["List-Unsubscribe"].strip("<>")
        assert unsubscribe in plain and message["List-Unsubscribe-Post"]
        assert DigestDelivery.objects.filter(digest=digest).count() == 2
        assert DigestIssue.objects.filter(digest=digest).count() == 1

        # The link unsubscribes its reader, without signing in; next week they get nothing.
        path = unsubscribe.removeprefix("http://127.0.0.1:8000")
        assert Client().post(path).status_code == 200
        smtp_server.messages.clear()
        sent = digests.send_due(now=datetime.now(UTC) + timedelta(days=7))
        left = message["To"]
        assert [item.user.email for item in sent] == [
            a for a in ["project_director@example.org", "steward@example.org"] if a != left
        ]
        assert len(smtp_server.wait_for(1)) == 1

    def test_a_refused_e_mail_is_not_recorded_so_a_later_run_sends_it(self, cast, settings):
        snapshot(cast.own, status="good")
        digest = set_up(cast, roles=["steward"])
        settings.MAILERS = {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 1},
            }
        }
        assert digests.send_digest(digest, now=MONDAY) == []
        assert not DigestDelivery.objects.filter(digest=digest).exists()

    def test_a_stopped_digest_and_a_portfolio(self, cast, smtp_server):
        snapshot(cast.own, status="watch", open_actions=20)
        digest = set_up(cast)
        services_digests.digest_stop(digest=digest)
        portfolio = services_digests.portfolio_digest_save(
            user=cast.users["admin"], level="summary", frequency="monthly"
        )
        sent = digests.send_due(now=MONDAY)
        assert [(item.digest, item.user) for item in sent] == [(portfolio, cast.users["admin"])]
        (message,) = smtp_server.wait_for(1)
        plain = message.get_body(("plain",)).get_content()
        assert cast.own.title in plain and cast.other.title in plain
        assert "Open next actions: 20" in plain


class _Writer:
    def __init__(self, lines):
        self.lines = lines

    def write(self, text):
        self.lines.append(text)

    def flush(self):
        pass


class TestUnsubscribeLink:
    def test_a_get_shows_and_only_the_post_unsubscribes(self, cast):
        digest = set_up(cast)
        url = reverse(
            "reports:digest-unsubscribe",
            args=[digests.unsubscribe_token(digest, cast.users["leader"])],
        )
        page = Client().get(url)
        assert page.status_code == 200 and b"Unsubscribe" in page.content
        assert not DigestUnsubscription.objects.exists()
        done = Client().post(url)
        assert b"no longer receive" in done.content
        assert DigestUnsubscription.objects.get().user == cast.users["leader"]
        assert Client().post(url).status_code == 200  # again: nothing more to do
        assert DigestUnsubscription.objects.count() == 1

    @pytest.mark.parametrize(
        "tamper",
        [
            lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
            lambda token: "not-a-token",
            lambda token: token.split(":")[0] + ":" + "x" * 27,
        ],
        ids=["altered", "garbage", "forged-signature"],
    )
    def test_a_bad_or_forged_token_is_refused_and_nothing_written(self, cast, tamper):
        digest = set_up(cast)
        token = tamper(digests.unsubscribe_token(digest, cast.users["leader"]))
        url = reverse("reports:digest-unsubscribe", args=[token])
        assert Client().post(url).status_code == 404
        assert Client().get(url).status_code == 404
        assert not DigestUnsubscription.objects.exists()

    def test_a_token_signed_with_another_salt_is_refused(self, cast):
        from django.core import signing

        digest = set_up(cast)
        token = signing.dumps({"d": digest.pk, "u": cast.users["leader"].pk}, salt="other")
        response = Client().post(reverse("reports:digest-unsubscribe", args=[token]))
        assert response.status_code == 404
        assert not DigestUnsubscription.objects.exists()

    def test_resubscribing_from_your_digests_page(self, cast):
        digest = set_up(cast)
        services_digests.digest_unsubscribe(digest=digest, user=cast.users["leader"])
        client = Client()
        client.force_login(cast.users["leader"])
        page = client.get(reverse("reports:digest-mine"))
        assert b"Subscribe again" in page.content
        client.post(
            reverse("reports:digest-subscription", args=[cast.own.pk, digest.pk]),
            {"subscribe": "1"},
        )
        assert not DigestUnsubscription.objects.exists()
        assert cast.users["leader"] in digests.recipients_of(digest)


class TestBadInput:
    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"roles": ["chair"]}, "roles"),
            ({"roles": []}, "roles"),
            ({"frequency": "daily"}, "frequency"),
            ({"level": "everything"}, "level"),
            ({"title": "  "}, "title"),
        ],
    )
    def test_the_service_names_the_field_and_writes_nothing(self, cast, changes, field):
        values = {
            "title": "Weekly",
            "roles": ["steward"],
            "level": "summary",
            "frequency": "weekly",
        }
        with pytest.raises(ValidationError) as refused:
            services_digests.digest_create(partnership=cast.own, by=None, **{**values, **changes})
        assert field in refused.value.message_dict
        assert not Digest.objects.exists()

    def test_the_api_refuses_an_unknown_role_and_frequency(self, cast):
        client = Client()
        client.force_login(cast.users["steward"])
        url = f"/api/v1/partnerships/{cast.own.pk}/digests"
        for body in (
            {"title": "W", "roles": ["chair"]},
            {"title": "W", "roles": ["steward"], "frequency": "daily"},
        ):
            response = client.post(url, json.dumps(body), content_type="application/json")
            assert response.status_code == 422, response.content
        assert not Digest.objects.exists()

    def test_the_form_shows_the_error_and_writes_nothing(self, cast):
        client = Client()
        client.force_login(cast.users["steward"])
        response = client.post(
            reverse("reports:digest-create", args=[cast.own.pk]),
            {"title": "Weekly", "roles": ["chair"], "level": "summary", "frequency": "weekly"},
        )
        assert response.status_code == 422
        assert b"chair" in response.content
        assert not Digest.objects.exists()


class TestApi:
    def test_create_is_idempotent_and_a_stale_change_is_refused(self, cast):
        client = Client()
        client.force_login(cast.users["steward"])
        url = f"/api/v1/partnerships/{cast.own.pk}/digests"
        body = json.dumps(
            {"title": "Monthly", "roles": ["leader", "steward"], "frequency": "monthly"}
        )
        first = client.post(url, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-1")
        again = client.post(url, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-1")
        assert first.status_code == again.status_code == 201
        assert again["Idempotent-Replayed"] == "true"
        assert Digest.objects.count() == 1
        created = first.json()
        assert created["roles"] == ["steward", "leader"] and created["active"] is True
        one = f"{url}/{created['id']}"
        etag = client.get(one)["ETag"]
        changed = client.patch(
            one, json.dumps({"active": False}), content_type="application/json", HTTP_IF_MATCH=etag
        )
        assert changed.status_code == 200 and changed.json()["active"] is False
        stale = client.patch(
            one,
            json.dumps({"level": "detailed"}),
            content_type="application/json",
            HTTP_IF_MATCH=etag,
        )
        assert stale.status_code == 412
        assert Digest.objects.get().level == "summary"


class TestPages:
    def test_the_list_costs_the_same_queries_for_one_and_for_many_digests(self, cast):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client = Client()
        client.force_login(cast.users["steward"])
        url = reverse("reports:digest-list", args=[cast.own.pk])
        set_up(cast)
        client.get(url)
        with CaptureQueriesContext(connection) as one:
            assert client.get(url).status_code == 200
        for n in range(5):
            set_up(cast, frequency="monthly" if n % 2 else "weekly")
        with CaptureQueriesContext(connection) as six:
            page = client.get(url)
        assert page.content.count(b"/preview/") == 6
        assert len(six) == len(one)

    def test_the_preview_shows_the_next_digest(self, cast):
        snapshot(cast.own, status="act")
        digest = set_up(cast)
        client = Client()
        client.force_login(cast.users["steward"])
        page = client.get(reverse("reports:digest-preview", args=[cast.own.pk, digest.pk]))
        assert page.status_code == 200
        assert criteria_list()[0].title.encode() in page.content
        assert not DigestIssue.objects.exists()  # a preview sends nothing

    def test_a_stale_edit_is_refused(self, cast):
        digest = set_up(cast)
        client = Client()
        client.force_login(cast.users["steward"])
        url = reverse("reports:digest-edit", args=[cast.own.pk, digest.pk])
        read = digest.revision
        services_digests.digest_update(digest=digest, title="Changed meanwhile")
        response = client.post(
            url,
            {
                "title": "Mine",
                "roles": ["steward"],
                "level": "summary",
                "frequency": "weekly",
                "active": "on",
                "read_revision": read,
            },
        )
        assert response.status_code == 422
        digest.refresh_from_db()
        assert digest.title == "Changed meanwhile"
