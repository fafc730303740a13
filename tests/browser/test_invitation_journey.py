"""Invitations in a real Chromium: a steward asks for an invitation for a person of a member
organization, the request waits on the administrator's home page, the administrator sends it, and
the person opens their account from the link in the e-mail (real SMTP), choosing a password."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import check_a11y, sign_in
from tests.factories import (
    PASSWORD,
    MembershipFactory,
    OrganizationFactory,
    PartnershipFactory,
    PersonFactory,
    RoleFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_steward_asks_the_administrator_sends_and_the_person_opens_their_account(
    page: Page, live_server, smtp_server, settings
):
    settings.ACCORD_BASE_URL = live_server.url
    host = OrganizationFactory(name="Society of Test Engineers", kind="internal")
    partner = OrganizationFactory(name="Mesa State University")
    partnership = PartnershipFactory(title="Pathways into Civil Engineering")
    MembershipFactory(partnership=partnership, organization=host, kind="host")
    MembershipFactory(partnership=partnership, organization=partner)
    steward = PersonFactory(
        name="Sam Steward", organization=host, user=UserFactory(username="sam", first_name="Sam")
    )
    RoleFactory(partnership=partnership, person=steward, role="steward")
    PersonFactory(name="Nia Newcomer", email="nia@example.org", organization=partner)
    UserFactory(username="ada", first_name="Ada", is_superuser=True, is_staff=True)

    sign_in(page, live_server, "sam", PASSWORD)
    page.get_by_role("link", name="Ask for an invitation").click()
    check_a11y(page)
    page.get_by_label("E-mail address on record").fill("nia@example.org")
    page.get_by_label("Note for the administrator").fill("Our new dean of engineering.")
    page.get_by_role("button", name="Ask for the invitation").click()
    expect(page.get_by_role("status")).to_contain_text("waits for an administrator")
    check_a11y(page)
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, live_server, "ada", PASSWORD)
    line = (
        page.get_by_test_id("waiting-list")
        .get_by_role("listitem")
        .filter(has_text="Invitation requested")
    )
    expect(line).to_contain_text("Invite Nia Newcomer, asked by Sam")
    line.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1, name="Invitations")).to_be_visible()
    check_a11y(page)
    page.get_by_role("button", name="Send the invitation to Nia Newcomer").click()
    expect(page.get_by_role("status")).to_contain_text("on its way to nia@example.org")
    check_a11y(page)
    page.get_by_role("button", name="Sign out").click()

    [message] = smtp_server.wait_for(1)
    assert message["To"] == "nia@example.org"
    body = message.get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"http\S+/invitations/accept/\S+/", body).group(0)
    page.goto(link)
    expect(page.get_by_role("heading", level=1, name="Open your account")).to_be_visible()
    check_a11y(page)
    page.get_by_label("User name").fill("nia")
    page.locator("#id_password1").fill("a long and private passphrase")
    page.get_by_label("Password again").fill("a long and private passphrase")
    page.get_by_role("button", name="Open my account").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome, Nia")
    check_a11y(page)
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("This invitation no longer works")
    check_a11y(page)
