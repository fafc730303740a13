"""The one-time sign-in link of a throttled account, opened in a real Chromium: the page holds the
token in its address, so it keeps the token from other sites (Referrer-Policy), and its button
still signs in (the browser's Origin header must pass Django's CSRF check)."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from accord.accounts import throttle
from tests.browser.conftest import check_a11y
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_link_signs_in_from_the_browser(page: Page, live_server):
    user = UserFactory(username="lin", first_name="Lin")
    token = throttle.sign_in_link_token(user)
    response = page.goto(live_server.url + reverse("accounts:sign-in-link", args=[token]))
    assert response.headers["referrer-policy"] == "same-origin"
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in with your link")
    check_a11y(page)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("status")).to_contain_text("Signed in as Lin")
    check_a11y(page)
