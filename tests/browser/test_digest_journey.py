"""Digests in a real Chromium: a steward sets up a digest for the partnership's leaders (the form
refuses no audience, naming the field), previews the next one, and a leader opens the unsubscribe
link of the e-mail without signing in: the page only asks until the button is pressed. Every page
passes axe-core and does not scroll sideways at 390 px."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from accord.reports.digests import unsubscribe_token
from accord.reports.models_digests import Digest, DigestUnsubscription
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


@pytest.fixture
def world():
    partnership = PartnershipFactory(title="Pathways into Civil Engineering")
    organization = OrganizationFactory(name="Mesa State University")
    MembershipFactory(partnership=partnership, organization=organization, kind="host")
    users = {}
    for username, role in (("sam", "steward"), ("lee", "leader")):
        users[username] = UserFactory(username=username)
        person = PersonFactory(
            name=username.title(), organization=organization, user=users[username]
        )
        RoleFactory(partnership=partnership, person=person, role=role)
    return partnership, users


def no_sideways_scroll(page: Page) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{page.url} is {width} px wide at 390 px"
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_steward_sets_up_a_digest_and_a_leader_unsubscribes_by_its_link(
    page: Page, live_server, world, browser
):
    partnership, users = world
    sign_in(page, live_server, "sam", PASSWORD)
    page.goto(f"{live_server.url}/partnerships/{partnership.pk}/digests/")
    check_a11y(page)
    page.get_by_role("link", name="Set up a digest").click()
    for role in ("Steward", "Project director", "Leader"):
        page.get_by_label(role, exact=True).uncheck()
    page.get_by_role("button", name="Set up the digest").click()
    expect(page.get_by_role("alert").first).to_contain_text("Choose at least one role")
    check_a11y(page)
    assert not Digest.objects.exists()
    page.get_by_label("Leader", exact=True).check()
    page.get_by_label("Detailed", exact=False).check()
    page.get_by_role("button", name="Set up the digest").click()
    expect(page.get_by_role("table")).to_contain_text("Leader")
    no_sideways_scroll(page)
    page.get_by_role("link", name="Preview").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Preview")
    check_a11y(page)
    no_sideways_scroll(page)

    digest = Digest.objects.get()
    link = reverse("reports:digest-unsubscribe", args=[unsubscribe_token(digest, users["lee"])])
    stranger = browser.new_context().new_page()
    stranger.goto(live_server.url + link)
    expect(stranger.get_by_role("heading", level=1)).to_contain_text("Unsubscribe")
    check_a11y(stranger)
    assert not DigestUnsubscription.objects.exists()
    stranger.get_by_role("button", name="Unsubscribe").click()
    expect(stranger.get_by_text("You will no longer receive")).to_be_visible()
    check_a11y(stranger)
    assert DigestUnsubscription.objects.get().user == users["lee"]
    stranger.context.close()
