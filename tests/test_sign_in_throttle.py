"""Sign-in failures counted per account across every address (accord/accounts/throttle.py).

Past ACCORD_ACCOUNT_FAILURE_LIMIT (10) failures from browsers that do not know the account, the
password alone signs in only in a browser that signed in to it before; anywhere else every
attempt gets one answer and a right password e-mails a one-time sign-in link (over real SMTP).
"""

import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accord.accounts.models import SignInThrottle, User
from tests.factories import PASSWORD

LOGIN = reverse("accounts:login")
LIMIT = 10
THROTTLED = "too many failed attempts to sign in to this account"
LINK = re.compile(r"http://testserver(/accounts/sign-in/link/[^/\s]+/)")


def attempt(n, password, username="contributor", *, client=None, behind_proxy=False, url=LOGIN):
    """One sign-in from address number `n`, in a new browser unless `client` is given."""
    client = client or Client()
    ip = f"203.0.113.{n}"
    # Behind the proxy every request comes from it; the client is the address it appended.
    where = (
        {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": f"192.0.2.1, {ip}"}
        if behind_proxy
        else {"REMOTE_ADDR": ip}
    )
    response = client.post(url, {"username": username, "password": password}, **where)
    return client, response


def fail_from_many_addresses(times, username="contributor", **kwargs):
    for n in range(1, times + 1):
        assert attempt(n, "wrong", username, **kwargs)[1].status_code == 200


def errors(response) -> list[str]:
    return response.context["form"].non_field_errors()


def signed_in(client) -> bool:
    return get_user(client).is_authenticated


@pytest.mark.django_db
class TestStuffingFromManyAddresses:
    @pytest.mark.parametrize("behind_proxy", [False, True], ids=["direct", "behind-proxy"])
    def test_twelve_addresses_then_the_right_password_from_a_thirteenth_does_not_sign_in(
        self, cast, settings, behind_proxy
    ):
        settings.ACCORD_BEHIND_PROXY = behind_proxy
        fail_from_many_addresses(12, behind_proxy=behind_proxy)
        right_client, right = attempt(13, PASSWORD, behind_proxy=behind_proxy)
        assert not signed_in(right_client)
        # The answer does not tell whether the password was right.
        _, wrong = attempt(14, "wrong again", behind_proxy=behind_proxy)
        assert right.status_code == wrong.status_code == 200
        assert errors(right) == errors(wrong)
        assert THROTTLED in errors(right)[0]

    def test_below_the_limit_the_right_password_still_signs_in(self, cast):
        fail_from_many_addresses(LIMIT - 1)
        client, response = attempt(LIMIT, PASSWORD)
        assert response.status_code == 302
        assert signed_in(client)

    def test_a_name_without_an_account_gets_the_same_answer(self, cast):
        fail_from_many_addresses(LIMIT, username="contributor")
        fail_from_many_addresses(LIMIT, username="nobody-by-this-name")
        _, real = attempt(50, "a guess", "contributor")
        _, unknown = attempt(51, "a guess", "nobody-by-this-name")
        assert errors(real) == errors(unknown)

    def test_the_admin_sign_in_page_is_throttled_too(self, cast):
        fail_from_many_addresses(LIMIT, username="admin")
        client, response = attempt(20, PASSWORD, "admin", url=reverse("admin:login"))
        assert response.status_code == 200
        assert not signed_in(client)

    def test_other_accounts_are_not_affected(self, cast):
        fail_from_many_addresses(LIMIT + 2)
        _, response = attempt(30, PASSWORD, "leader")
        assert response.status_code == 302


@pytest.mark.django_db
class TestTheOwnerGetsIn:
    def test_right_password_e_mails_a_one_time_link_that_signs_in(self, cast, smtp_server):
        fail_from_many_addresses(12)
        owner, response = attempt(40, PASSWORD)
        assert not signed_in(owner)
        (message,) = smtp_server.wait_for(1)
        assert message["To"] == "contributor@example.org"
        assert "sign in" in message["Subject"].lower()
        path = LINK.search(message.get_content()).group(1)

        # Opening the link shows a button; it signs in only when pressed (mail scanners open it).
        page = owner.get(path)
        assert page.status_code == 200
        assert page["Referrer-Policy"] == "same-origin"
        assert "Sign in with your link" in page.content.decode()
        assert not signed_in(owner)
        response = owner.post(path)
        assert response.status_code == 302
        assert response["Location"] == reverse("core:home")
        assert get_user(owner) == cast.users["contributor"]
        # It ended the throttle, and works once.
        assert not SignInThrottle.objects.filter(username="contributor").exists()
        again = Client().post(path)
        assert again.status_code == 200
        assert "This link no longer works" in again.content.decode()
        assert not signed_in_after(again)
        _, response = attempt(41, PASSWORD)
        assert response.status_code == 302

    def test_wrong_password_while_throttled_sends_nothing(self, cast, smtp_server):
        fail_from_many_addresses(LIMIT)
        attempt(40, "still wrong")
        attempt(41, "", "contributor")
        assert smtp_server.messages == []

    def test_one_link_per_lifetime_and_it_expires(self, cast, smtp_server):
        fail_from_many_addresses(LIMIT)
        start = timezone.now()
        attempt(40, PASSWORD)
        attempt(41, PASSWORD)
        (first,) = smtp_server.wait_for(1)
        path = LINK.search(first.get_content()).group(1)
        with time_machine.travel(start + timedelta(minutes=16), tick=False):
            response = Client().post(path)
            assert "This link no longer works" in response.content.decode()
            attempt(42, PASSWORD)
            assert len(smtp_server.wait_for(2)) == 2

    def test_a_browser_that_signed_in_before_still_signs_in_with_the_password(self, cast):
        owner, response = attempt(60, PASSWORD)
        assert response.status_code == 302
        owner.post(reverse("accounts:logout"))
        fail_from_many_addresses(12)
        _, response = attempt(60, PASSWORD, client=owner)
        assert response.status_code == 302
        assert signed_in(owner)

    def test_typos_in_the_owners_own_browser_do_not_count(self, cast):
        owner, _ = attempt(60, PASSWORD)
        owner.post(reverse("accounts:logout"))
        for n in range(61, 61 + LIMIT + 2):  # a new address each time: axes does not lock
            attempt(n, "a typo", client=owner)
        assert not SignInThrottle.objects.filter(username="contributor").exists()
        _, response = attempt(90, PASSWORD)
        assert response.status_code == 302

    def test_knowing_another_account_or_the_old_password_does_not_help(self, cast):
        browser, _ = attempt(60, PASSWORD, "leader")  # known to the leader's account only
        owner, _ = attempt(61, PASSWORD)
        fail_from_many_addresses(LIMIT)
        _, response = attempt(60, PASSWORD, client=browser)
        assert get_user(browser) == cast.users["leader"]  # still the leader, nobody else
        assert THROTTLED in errors(response)[0]
        # A new password makes every browser unknown again.
        user = User.objects.get(username="contributor")
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
        _, response = attempt(61, PASSWORD, client=owner)
        assert THROTTLED in errors(response)[0]

    def test_a_forged_link_or_an_inactive_account_does_not_sign_in(self, cast, smtp_server):
        bad = reverse("accounts:sign-in-link", args=["not-a-token"])
        assert "This link no longer works" in Client().get(bad).content.decode()
        client = Client()
        client.post(bad)
        assert not signed_in(client)

        fail_from_many_addresses(LIMIT)
        attempt(40, PASSWORD)
        path = LINK.search(smtp_server.wait_for(1)[0].get_content()).group(1)
        User.objects.filter(username="contributor").update(is_active=False)
        client = Client()
        assert "This link no longer works" in client.post(path).content.decode()
        assert not signed_in(client)

    def test_a_password_reset_ends_the_throttle(self, cast, smtp_server):
        fail_from_many_addresses(LIMIT)
        client = Client()
        client.post(reverse("accounts:password-reset"), {"email": "contributor@example.org"})
        body = smtp_server.wait_for(1)[0].get_content()
        link = re.search(r"http://testserver(/accounts/reset/\S+/)", body).group(1)
        form_url = client.get(link)["Location"]
        new = "a brand new passphrase 7"
        client.post(form_url, {"new_password1": new, "new_password2": new})
        assert not SignInThrottle.objects.filter(username="contributor").exists()
        _, response = attempt(70, new)
        assert response.status_code == 302


def signed_in_after(response) -> bool:
    return bool(response.wsgi_request.user.is_authenticated)
