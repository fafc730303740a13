"""The notifications page, its API and the e-mail preference: one's own notifications only,
newest first, unread ones marked, opened and marked read by a post, and one cheap query for the
unread badge on every page."""

import json
import re
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accord.accounts.models import Notification
from accord.accounts.notifications import notify

pytestmark = pytest.mark.django_db

PAGE = reverse("accounts:notifications")
API = "/api/v1/notifications"


def add(user, n=1, **fields) -> list[Notification]:
    now = timezone.now()
    made = []
    for index in range(n):
        values = {"kind": "reminder", "title": f"Notice {index}", "url": "/partnerships/"}
        made.append(
            Notification.objects.create(
                user=user, created_at=now - timedelta(minutes=n - index), **(values | fields)
            )
        )
    return made


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def post_json(client, url):
    return client.generic("POST", url, "", content_type="application/json")


class TestPage:
    def test_newest_first_unread_marked_and_the_badge(self, cast, client):
        user = cast.users["viewer"]
        read, unread = add(user, 2)
        read.read_at = timezone.now()
        read.save()
        add(cast.users["steward"], title="Someone else's")
        client.force_login(user)
        response = client.get(PAGE)
        text = response.text
        assert [n.pk for n in response.context["page_obj"]] == [unread.pk, read.pk]
        assert "Someone else's" not in text
        assert text.count("notification-unread") == 1
        assert '<span class="badge text-bg-primary me-1">New</span>' in text
        badge = re.search(r">Notifications <span class=\"badge[^>]*>(\d+)<", text)
        assert badge and badge.group(1) == "1"
        assert "Mark all as read" in text

    def test_unread_filter(self, cast, client):
        user = cast.users["viewer"]
        first, second = add(user, 2)
        first.read_at = timezone.now()
        first.save()
        client.force_login(user)
        response = client.get(PAGE, {"unread": "true"})
        assert [n.pk for n in response.context["page_obj"]] == [second.pk]
        assert 'aria-current="page">Unread (1)</a>' in response.text

    def test_opening_marks_read_and_goes_to_its_page(self, cast, client):
        user = cast.users["viewer"]
        [item] = add(user, url=f"/partnerships/{cast.own.pk}/")
        client.force_login(user)
        response = client.post(reverse("accounts:notification-open", args=[item.pk]))
        assert response.status_code == 302 and response.url == f"/partnerships/{cast.own.pk}/"
        item.refresh_from_db()
        assert item.read_at is not None
        first_read = item.read_at
        client.post(reverse("accounts:notification-open", args=[item.pk]))
        item.refresh_from_db()
        assert item.read_at == first_read  # reading again changes nothing

    def test_a_link_out_of_accord_is_not_followed(self, cast, client):
        user = cast.users["viewer"]
        [item] = add(user, url="//evil.example.org/")
        client.force_login(user)
        response = client.post(reverse("accounts:notification-open", args=[item.pk]))
        assert response.url == PAGE

    def test_a_notice_without_a_link_is_marked_read_in_place(self, cast, client):
        user = cast.users["viewer"]
        [item] = add(user, url="")
        client.force_login(user)
        assert "Mark as read" in client.get(PAGE).text
        response = client.post(reverse("accounts:notification-open", args=[item.pk]))
        assert response.url == PAGE

    def test_someone_elses_notification_is_404_for_everyone(self, cast, client):
        [item] = add(cast.users["steward"])
        for actor in ("viewer", "admin"):
            client.force_login(cast.users[actor])
            response = client.post(reverse("accounts:notification-open", args=[item.pk]))
            assert response.status_code == 404
        item.refresh_from_db()
        assert item.read_at is None

    def test_mark_all_as_read(self, cast, client):
        user = cast.users["viewer"]
        add(user, 3)
        [other] = add(cast.users["steward"])
        client.force_login(user)
        response = client.post(reverse("accounts:notifications-read-all"), follow=True)
        assert "3 notifications marked as read." in messages_of(response)
        assert not Notification.objects.filter(user=user, read_at__isnull=True).exists()
        other.refresh_from_db()
        assert other.read_at is None
        response = client.post(reverse("accounts:notifications-read-all"), follow=True)
        assert "There was nothing unread." in messages_of(response)

    def test_get_is_not_allowed_on_the_writes(self, cast, client):
        client.force_login(cast.users["viewer"])
        assert client.get(reverse("accounts:notifications-read-all")).status_code == 405

    def test_anonymous_is_sent_to_sign_in(self, client):
        assert client.get(PAGE).status_code == 302

    def test_same_queries_with_5_notifications_and_50(self, cast, client):
        user = cast.users["viewer"]
        client.force_login(user)

        def queries() -> int:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(PAGE).status_code == 200
            return len(captured)

        add(user, 5)
        five = queries()
        add(user, 45)
        assert queries() == five

    def test_the_badge_costs_one_query(self, cast, client):
        client.force_login(cast.users["viewer"])
        profile = reverse("accounts:profile")
        with CaptureQueriesContext(connection) as captured:
            client.get(profile)
        counted = [q["sql"] for q in captured if "accounts_notification" in q["sql"]]
        assert len(counted) == 1 and "COUNT(" in counted[0].upper()


class TestEmailPreference:
    def test_the_profile_shows_the_checkbox_and_saving_turns_email_off_and_on(
        self, cast, client, smtp_server
    ):
        user = cast.users["viewer"]
        client.force_login(user)
        text = client.get(reverse("accounts:profile")).text
        assert 'name="email_notifications"' in text and "checked" in text
        assert "E-mail me reminders and alerts" in text
        response = client.post(reverse("accounts:email-preference"), {}, follow=True)
        assert "No more e-mails: reminders and alerts stay on this site." in messages_of(response)
        user.refresh_from_db()
        assert user.email_notifications is False
        notify(user=user, kind="reminder", title="In the app only")
        assert smtp_server.messages == []
        client.post(reverse("accounts:email-preference"), {"email_notifications": "on"})
        user.refresh_from_db()
        assert user.email_notifications is True


class TestApi:
    def test_own_notifications_newest_first_paginated_and_filtered(self, cast, client):
        user = cast.users["viewer"]
        first, second, third = add(user, 3)
        first.read_at = timezone.now()
        first.save()
        add(cast.users["steward"])
        client.force_login(user)
        body = client.get(API).json()
        assert body["count"] == 3
        assert [item["id"] for item in body["items"]] == [third.pk, second.pk, first.pk]
        assert set(body["items"][0]) == {
            "id",
            "kind",
            "title",
            "body",
            "url",
            "created_at",
            "read_at",
            "emailed_at",
        }
        unread = client.get(API, {"unread": "true"}).json()
        assert [item["id"] for item in unread["items"]] == [third.pk, second.pk]
        page = client.get(API, {"page_size": 1, "page": 2}).json()
        assert [item["id"] for item in page["items"]] == [second.pk]
        assert client.get(API, {"unread": "perhaps"}).status_code == 422

    def test_read_one_and_read_all(self, cast, client):
        user = cast.users["viewer"]
        first, _second = add(user, 2)
        client.force_login(user)
        response = post_json(client, f"{API}/{first.pk}/read")
        assert response.status_code == 200 and response.json()["read_at"]
        assert post_json(client, f"{API}/read-all").json() == {"marked": 1}
        assert post_json(client, f"{API}/read-all").json() == {"marked": 0}

    def test_someone_elses_is_404_and_unknown_ids_too(self, cast, client):
        [item] = add(cast.users["steward"])
        client.force_login(cast.users["admin"])
        for pk in (item.pk, 999999, 2**70):
            response = post_json(client, f"{API}/{pk}/read")
            assert response.status_code == 404
            assert json.loads(response.content) == {"detail": "Not found.", "errors": []}

    def test_anonymous_is_401(self, client):
        assert client.get(API).status_code == 401

    def test_same_queries_with_5_notifications_and_50(self, cast, client):
        user = cast.users["viewer"]
        client.force_login(user)

        def queries() -> int:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(API, {"page_size": 100}).status_code == 200
            return len(captured)

        add(user, 5)
        five = queries()
        add(user, 45)
        assert queries() == five
