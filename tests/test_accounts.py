"""Accounts: sign in and out, lockout, passwords (reset over real SMTP), profile and API tokens."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from accord.accounts.auth import BearerToken
from accord.accounts.models import ApiToken, User, hash_token
from accord.accounts.services import token_create
from tests.factories import PASSWORD

LOGIN = reverse("accounts:login")
NEW_PASSWORD = "a fresh and long passphrase 42"
RAW_TOKEN = re.compile(r"acc_[A-Za-z0-9_-]{43}")


def sign_in(client, username, password=PASSWORD, ip="127.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def signed_in_user(client):
    from django.contrib.auth import get_user

    return get_user(client)


@pytest.mark.django_db
class TestSignInAndOut:
    def test_right_password_signs_in_and_goes_home(self, cast, client):
        response = sign_in(client, "viewer")
        assert response.status_code == 302
        assert response["Location"] == reverse("core:home")
        assert signed_in_user(client) == cast.users["viewer"]

    def test_sign_in_returns_to_next(self, cast, client):
        profile = reverse("accounts:profile")
        response = client.get(profile)
        assert response.status_code == 302
        assert response["Location"] == f"{LOGIN}?next={profile}"
        response = client.post(LOGIN, {"username": "viewer", "password": PASSWORD, "next": profile})
        assert response["Location"] == profile

    def test_wrong_password_shows_a_plain_error(self, cast, client):
        response = sign_in(client, "viewer", "not the password")
        assert response.status_code == 200
        content = response.content.decode()
        assert 'role="alert"' in content
        assert "That user name and password do not match an account" in content
        assert not signed_in_user(client).is_authenticated

    def test_empty_fields_are_named(self, cast, client):
        response = client.post(LOGIN, {"username": "", "password": ""})
        assert response.status_code == 200
        assert response.context["form"].errors.keys() == {"username", "password"}
        assert 'id="id_username_error"' in response.content.decode()

    def test_sign_out_is_post_only(self, cast, client):
        client.force_login(cast.users["viewer"])
        assert client.get(reverse("accounts:logout")).status_code == 405
        assert signed_in_user(client).is_authenticated
        response = client.post(reverse("accounts:logout"))
        assert response.status_code == 302
        assert response["Location"] == LOGIN
        assert not signed_in_user(client).is_authenticated

    def test_passwords_are_hashed_with_argon2(self, cast, client, settings):
        from accord import settings as project_settings

        # The test run swaps in a fast hasher; put back the project's own list for this test.
        settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
        user = cast.users["stakeholder"]
        user.set_password(NEW_PASSWORD)
        user.save(update_fields=["password"])
        assert user.password.startswith("argon2$")
        assert sign_in(client, "stakeholder", NEW_PASSWORD).status_code == 302


@pytest.mark.django_db
class TestLockout:
    """django-axes: five failures lock a user name + IP address pair for a 15-minute cool-off."""

    def fail(self, client, times, ip="127.0.0.1", username="contributor"):
        return [sign_in(client, username, "wrong", ip).status_code for _ in range(times)]

    def test_fifth_failure_locks_the_pair_and_says_when_to_try_again(self, cast, client):
        assert self.fail(client, 4) == [200] * 4
        response = sign_in(client, "contributor", "wrong")
        assert response.status_code == 429
        content = response.content.decode()
        assert "Sign-in paused" in content
        assert "Try again in 15 minutes" in content
        # Locked: even the right password is refused.
        assert sign_in(client, "contributor").status_code == 429
        assert not signed_in_user(client).is_authenticated

    def test_other_ip_and_other_user_are_not_locked(self, cast, client):
        self.fail(client, 5)
        assert sign_in(Client(), "contributor", ip="192.0.2.7").status_code == 302
        assert sign_in(Client(), "leader").status_code == 302

    def test_behind_the_proxy_the_lock_is_per_client_not_per_proxy(self, cast, client, settings):
        # Every request arrives from the proxy (REMOTE_ADDR 10.0.0.2); the client's address is
        # the one the proxy appended to X-Forwarded-For, whatever the client wrote before it.
        settings.ACCORD_BEHIND_PROXY = True

        def try_from(ip, password="wrong", forwarded_by_client="192.0.2.99"):
            return (
                Client()
                .post(
                    LOGIN,
                    {"username": "contributor", "password": password},
                    REMOTE_ADDR="10.0.0.2",
                    HTTP_X_FORWARDED_FOR=f"{forwarded_by_client}, {ip}",
                )
                .status_code
            )

        assert [try_from("203.0.113.7") for _ in range(4)] == [200] * 4
        # Changing the part the client writes does not escape the lock.
        assert try_from("203.0.113.7", forwarded_by_client="192.0.2.1") == 429
        assert try_from("203.0.113.7", PASSWORD) == 429
        # Another client behind the same proxy still signs in.
        assert try_from("198.51.100.4", PASSWORD) == 302

    def test_unlocks_after_the_cool_off(self, cast, client):
        self.fail(client, 5)
        start = timezone.now()
        with time_machine.travel(start + timedelta(minutes=16), tick=False):
            assert sign_in(client, "contributor").status_code == 302
            assert signed_in_user(client) == cast.users["contributor"]

    def test_a_try_during_the_cool_off_starts_it_again(self, cast, client):
        # Every refused try counts as a failure, so guessing on through the lock keeps it shut.
        self.fail(client, 5)
        start = timezone.now()
        with time_machine.travel(start + timedelta(minutes=14), tick=False):
            assert sign_in(Client(), "contributor").status_code == 429
        with time_machine.travel(start + timedelta(minutes=16), tick=False):
            assert sign_in(Client(), "contributor").status_code == 429
        with time_machine.travel(start + timedelta(minutes=32), tick=False):
            assert sign_in(client, "contributor").status_code == 302

    def test_success_resets_the_count(self, cast, client):
        self.fail(client, 4)
        assert sign_in(Client(), "contributor").status_code == 302
        assert self.fail(client, 4) == [200] * 4


@pytest.mark.django_db
class TestPasswordChange:
    URL = reverse("accounts:password-change")

    def test_change_then_sign_in_with_the_new_password(self, cast, client):
        client.force_login(cast.users["steward"])
        assert client.get(self.URL).status_code == 200
        response = client.post(
            self.URL,
            {
                "old_password": PASSWORD,
                "new_password1": NEW_PASSWORD,
                "new_password2": NEW_PASSWORD,
            },
        )
        assert response.status_code == 302
        assert response["Location"] == reverse("accounts:password-change-done")
        # Still signed in on this browser after the change.
        assert client.get(response["Location"]).status_code == 200
        assert sign_in(Client(), "steward", PASSWORD).status_code == 200
        assert sign_in(Client(), "steward", NEW_PASSWORD).status_code == 302

    def test_wrong_old_password_changes_nothing(self, cast, client):
        client.force_login(cast.users["steward"])
        response = client.post(
            self.URL,
            {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        )
        assert response.status_code == 200
        assert "old_password" in response.context["form"].errors
        assert 'id="id_old_password_error"' in response.content.decode()
        assert User.objects.get(username="steward").check_password(PASSWORD)

    def test_weak_new_password_is_refused(self, cast, client):
        client.force_login(cast.users["steward"])
        response = client.post(
            self.URL, {"old_password": PASSWORD, "new_password1": "short", "new_password2": "short"}
        )
        assert response.status_code == 200
        assert "new_password2" in response.context["form"].errors
        assert User.objects.get(username="steward").check_password(PASSWORD)


@pytest.mark.django_db
class TestPasswordReset:
    def test_reset_by_email_over_smtp(self, cast, client, smtp_server):
        user = cast.users["leader"]
        response = client.post(reverse("accounts:password-reset"), {"email": user.email})
        assert response.status_code == 302
        assert response["Location"] == reverse("accounts:password-reset-done")

        (message,) = smtp_server.wait_for(1)
        assert message["To"] == user.email
        assert "Accord" in message["Subject"]
        assert message.get_content_type() == "text/plain"
        body = message.get_content()
        assert "Accord" in body
        link = re.search(r"http://testserver(/accounts/reset/\S+/)", body)
        assert link, body

        response = client.get(link.group(1))
        assert response.status_code == 302  # Django moves the token out of the address
        form_url = response["Location"]
        assert client.get(form_url).context["validlink"]
        response = client.post(
            form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
        )
        assert response.status_code == 302
        assert response["Location"] == reverse("accounts:password-reset-complete")
        assert client.get(response["Location"]).status_code == 200

        assert sign_in(Client(), "leader", NEW_PASSWORD).status_code == 302
        # The link works once.
        response = Client().get(link.group(1), follow=True)
        assert response.context["validlink"] is False
        assert "This link no longer works" in response.content.decode()

    def test_unknown_address_sends_nothing_and_says_the_same(self, cast, client, smtp_server):
        response = client.post(reverse("accounts:password-reset"), {"email": "nobody@example.org"})
        assert response.status_code == 302
        assert response["Location"] == reverse("accounts:password-reset-done")
        assert smtp_server.messages == []

    def test_invalid_address_is_named(self, cast, client, smtp_server):
        response = client.post(reverse("accounts:password-reset"), {"email": "not an address"})
        assert response.status_code == 200
        assert "email" in response.context["form"].errors
        assert smtp_server.messages == []


@pytest.mark.django_db
class TestProfile:
    URL = reverse("accounts:profile")

    def test_shows_account_person_organization_and_roles(self, cast, client):
        client.force_login(cast.users["project_director"])
        content = client.get(self.URL).content.decode()
        assert "project_director@example.org" in content
        assert "Project Director Person" in content
        assert "Partner University" in content
        assert "Own partnership" in content
        assert "Project director" in content
        assert "Other partnership" not in content

    def test_outsider_sees_no_partnership(self, cast, client):
        client.force_login(cast.users["outsider"])
        content = client.get(self.URL).content.decode()
        assert "You do not hold a role in any partnership yet." in content
        assert "Own partnership" not in content

    def test_query_count_does_not_grow_with_tokens(self, cast, client, django_assert_num_queries):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        user = cast.users["viewer"]
        client.force_login(user)

        def count():
            with CaptureQueriesContext(connection) as queries:
                assert client.get(self.URL).status_code == 200
            return len(queries)

        for i in range(5):
            token_create(user=user, name=f"token {i}")
        five = count()
        for i in range(45):
            token_create(user=user, name=f"more {i}")
        with django_assert_num_queries(five):
            client.get(self.URL)


@pytest.mark.django_db
class TestApiTokens:
    CREATE = reverse("accounts:token-create")

    def create(self, client, name="reporting script"):
        response = client.post(self.CREATE, {"name": name})
        assert response.status_code == 302
        assert response["Location"] == reverse("accounts:profile")
        page = client.get(response["Location"])
        return page, RAW_TOKEN.search(page.content.decode())

    def test_created_token_is_shown_once_and_only_its_hash_is_stored(self, cast, client):
        client.force_login(cast.users["viewer"])
        page, match = self.create(client)
        assert match, "the new token is shown after creation"
        raw = match.group(0)
        assert "no-store" in page["Cache-Control"]
        token = ApiToken.objects.get(user=cast.users["viewer"], name="reporting script")
        assert token.token_hash == hash_token(raw)
        assert token.hint == raw[4:12]
        assert raw not in (token.name, token.hint, token.token_hash)
        # Shown once: the next view of the profile lists the token without its secret.
        again = client.get(reverse("accounts:profile")).content.decode()
        assert raw not in again
        assert "reporting script" in again
        assert f"acc_{token.hint}" in again

    def test_empty_name_is_a_field_error_and_writes_nothing(self, cast, client):
        client.force_login(cast.users["viewer"])
        before = ApiToken.objects.count()
        for name in ("", "   "):
            response = client.post(self.CREATE, {"name": name})
            assert response.status_code == 200
            assert response.context["token_form"].errors["name"] == ["This field is required."]
            content = response.content.decode()
            assert 'id="id_name_error"' in content
            assert not RAW_TOKEN.search(content)
        assert ApiToken.objects.count() == before

    def test_too_long_name_is_a_field_error(self, cast, client):
        client.force_login(cast.users["viewer"])
        before = ApiToken.objects.count()
        response = client.post(self.CREATE, {"name": "x" * 101})
        assert response.status_code == 200
        assert "name" in response.context["token_form"].errors
        assert ApiToken.objects.count() == before

    def test_create_and_revoke_need_post(self, cast, client):
        client.force_login(cast.users["viewer"])
        token, _ = token_create(user=cast.users["viewer"], name="x")
        assert client.get(self.CREATE).status_code == 405
        assert client.get(reverse("accounts:token-revoke", args=[token.pk])).status_code == 405

    def test_token_authenticates_and_records_last_use(self, cast, client):
        user = cast.users["viewer"]
        token, raw = token_create(user=user, name="script")
        request = RequestFactory().get("/api/v1/partnerships")
        assert BearerToken().authenticate(request, raw) == user
        assert request.user == user
        token.refresh_from_db()
        assert token.last_used_at is not None

        response = client.get("/api/v1/partnerships", HTTP_AUTHORIZATION=f"Bearer {raw}")
        assert response.status_code == 200
        titles = [item["title"] for item in response.json()["items"]]
        assert titles == ["Own partnership"]

        client.force_login(user)
        assert "Never" not in client.get(reverse("accounts:profile")).content.decode()

    def test_revoke_stops_the_token(self, cast, client):
        user = cast.users["viewer"]
        token, raw = token_create(user=user, name="old script")
        client.force_login(user)
        response = client.post(reverse("accounts:token-revoke", args=[token.pk]))
        assert response.status_code == 302
        token.refresh_from_db()
        assert token.revoked_at is not None
        assert "Revoked" in client.get(reverse("accounts:profile")).content.decode()

        assert BearerToken().authenticate(RequestFactory().get("/"), raw) is None
        response = Client().get("/api/v1/partnerships", HTTP_AUTHORIZATION=f"Bearer {raw}")
        assert response.status_code == 401

    def test_unknown_or_malformed_token_is_rejected(self, cast):
        request = RequestFactory().get("/")
        assert BearerToken().authenticate(request, ApiToken.generate()) is None
        assert BearerToken().authenticate(request, "not-a-token") is None
        response = Client().get("/api/v1/partnerships", HTTP_AUTHORIZATION="Bearer acc_nope")
        assert response.status_code == 401

    @pytest.mark.parametrize("actor", ["steward", "admin"])
    def test_another_users_token_cannot_be_revoked(self, cast, client, actor):
        token, _ = token_create(user=cast.users["viewer"], name="mine")
        client.force_login(cast.users[actor])
        response = client.post(reverse("accounts:token-revoke", args=[token.pk]))
        assert response.status_code == 404
        token.refresh_from_db()
        assert token.revoked_at is None


@pytest.mark.django_db
class TestAdmin:
    def test_admin_lists_users_and_tokens_read_only(self, cast, client):
        token, raw = token_create(user=cast.users["viewer"], name="in admin")
        client.force_login(cast.users["admin"])
        assert client.get(reverse("admin:accounts_user_changelist")).status_code == 200
        assert client.get(reverse("admin:accounts_apitoken_changelist")).status_code == 200
        page = client.get(reverse("admin:accounts_apitoken_change", args=[token.pk]))
        assert page.status_code == 200
        content = page.content.decode()
        assert token.token_hash in content
        assert raw not in content
        assert 'name="name"' not in content  # read-only: no input
        assert client.get(reverse("admin:accounts_apitoken_add")).status_code == 403

    def test_admin_action_revokes(self, cast, client):
        token, _ = token_create(user=cast.users["viewer"], name="leaked")
        client.force_login(cast.users["admin"])
        response = client.post(
            reverse("admin:accounts_apitoken_changelist"),
            {"action": "revoke", "_selected_action": [token.pk]},
        )
        assert response.status_code == 302
        token.refresh_from_db()
        assert token.revoked_at is not None
