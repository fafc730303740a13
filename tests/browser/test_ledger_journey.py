"""The input ledger (R6) in a real Chromium: a member of the public sends anonymous input through
the partnership's public form; a steward finds it waiting on the home page, assigns, acknowledges,
answers and publishes it, with the action that followed; the public "you said, we did" page shows
it, and nothing of who sent it. Every page passes axe-core and does not scroll sideways at 390 px.
"""

import pytest
from playwright.sync_api import Page, expect

from accord.relationships.models import Input
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
    host = OrganizationFactory(name="Society of Test Engineers", kind="internal")
    partner = OrganizationFactory(name="Mesa State University " + "with a long name " * 4)
    partnership = PartnershipFactory(title="Pathways into Civil Engineering")
    MembershipFactory(partnership=partnership, organization=host, kind="host")
    MembershipFactory(partnership=partnership, organization=partner)
    for username, name, organization, role in (
        ("sam", "Sam Steward", host, "steward"),
        ("lee", "Lee Leader", partner, "leader"),
    ):
        user = UserFactory(username=username, first_name=name.split()[0])
        person = PersonFactory(name=name, organization=organization, user=user)
        RoleFactory(partnership=partnership, person=person, role=role)
    return partnership


def no_sideways_scroll(page: Page) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{page.url} is {width} px wide at 390 px"
    page.set_viewport_size({"width": 1280, "height": 900})


def test_public_input_is_answered_and_published(page: Page, live_server, world):
    # The steward turns the public form on, after reading what that makes public.
    sign_in(page, live_server, "sam", PASSWORD)
    page.goto(f"{live_server.url}/partnerships/{world.pk}/ledger/")
    check_a11y(page)
    no_sideways_scroll(page)
    page.get_by_role("link", name="Settings").click()
    expect(page.get_by_text("makes things public")).to_be_visible()
    check_a11y(page)
    no_sideways_scroll(page)
    page.get_by_label("Turn the public input form on").check()
    page.get_by_label("Question on the public form").fill("How could the pathway work better?")
    page.get_by_role("button", name="Save the settings").click()
    expect(page.get_by_text("The public input form is")).to_contain_text("on")
    page.get_by_role("button", name="Sign out").click()

    # A member of the public, not signed in, sends input anonymously.
    page.goto(f"{live_server.url}/public/partnerships/{world.pk}/input/")
    expect(page.get_by_text("How could the pathway work better?")).to_be_visible()
    expect(page.get_by_text("Anonymous means anonymous.")).to_be_visible()
    check_a11y(page)
    no_sideways_scroll(page)
    page.get_by_label("Subject").fill("Childcare")
    page.get_by_label("Send it anonymously").check()
    page.get_by_role("button", name="Send your input").click()
    expect(page.get_by_text("Nothing was sent.")).to_be_visible()  # the input itself is missing
    expect(page.get_by_text("Your input: Write the input.")).to_be_visible()
    check_a11y(page)
    page.get_by_label("Your input").fill("Is there childcare during the summer bridge?")
    page.get_by_role("button", name="Send your input").click()
    expect(page.get_by_text("your input is sent")).to_be_visible()
    check_a11y(page)
    item = Input.objects.get()
    assert item.anonymous and item.history.get().history_user_id is None

    # The steward finds it waiting, triages, answers and publishes it.
    sign_in(page, live_server, "sam", PASSWORD)
    line = page.get_by_test_id("waiting-list").get_by_role("listitem").filter(has_text="Childcare")
    expect(line).to_contain_text("Input to acknowledge")
    line.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Childcare")
    expect(page.get_by_text("no identity, no IP address kept")).to_be_visible()
    check_a11y(page)
    no_sideways_scroll(page)
    page.get_by_label("Assignee").select_option(label="Sam Steward")
    page.get_by_role("button", name="Assign").click()
    page.get_by_role("button", name="Mark as acknowledged").click()
    expect(page.get_by_text("is acknowledged")).to_be_visible()
    page.get_by_role("textbox", name="Response").fill(
        "Yes: the summer bridge now has a free childcare room."
    )
    page.get_by_role("button", name="Save as a draft").click()
    expect(page.get_by_text("saved as a draft")).to_be_visible()
    page.get_by_role("button", name="Give the response").click()
    expect(page.get_by_text("is given")).to_be_visible()
    page.get_by_text("Record an action that followed").click()
    page.get_by_label("Or in words: what was done").fill("Opened a childcare room on campus.")
    page.get_by_role("button", name="Record the action").click()
    expect(page.get_by_text("Opened a childcare room on campus.")).to_be_visible()
    page.get_by_role("button", name="Publish on “you said, we did”").click()
    expect(page.get_by_text("is on the public")).to_be_visible()
    check_a11y(page)
    no_sideways_scroll(page)
    page.get_by_role("button", name="Sign out").click()

    # The public page shows it, and nothing of who sent it.
    page.goto(f"{live_server.url}/public/partnerships/{world.pk}/you-said-we-did/")
    expect(page.get_by_role("heading", name="Childcare")).to_be_visible()
    expect(page.get_by_text("free childcare room")).to_be_visible()
    expect(page.get_by_text("Opened a childcare room on campus.")).to_be_visible()
    assert "Sam Steward" not in page.content() and "Anonymous" not in page.content()
    check_a11y(page)
    no_sideways_scroll(page)
    item.refresh_from_db()
    assert item.published_at and item.responded_at and item.assignee.name == "Sam Steward"
