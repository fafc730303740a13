"""Engagements (R4, R5) in a real Chromium: a steward records a workshop in its own time zone,
adds an attendee from outside Accord and an action item for a leader; the cadence flags the pair
that has not met; the leader finds the action item on the home page and marks it done. Every page
passes axe-core and does not scroll sideways at 390 px.
"""

import pytest
from playwright.sync_api import Page, expect

from accord.relationships.models import ActionItem, Engagement
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


def test_record_an_engagement_and_close_its_action_item(page: Page, live_server, world):
    sign_in(page, live_server, "sam", PASSWORD)
    page.goto(f"{live_server.url}/partnerships/{world.pk}/engagements/")
    expect(page.get_by_role("heading", name="One pair of partners has not met")).to_be_visible()
    check_a11y(page)
    no_sideways_scroll(page)
    page.get_by_role("link", name="Record an engagement").click()
    page.get_by_label("Title").fill("Design workshop")
    page.get_by_label("Kind").select_option("workshop")
    page.get_by_label("Participation level").select_option("collaborate")
    page.get_by_label("Starts").fill("2026-03-10T09:30")
    page.get_by_label("Time zone").select_option("America/Chicago")
    page.get_by_label("Place").fill("Community hall")
    check_a11y(page)
    no_sideways_scroll(page)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Design workshop")
    assert Engagement.objects.get().starts_at.isoformat() == "2026-03-10T14:30:00+00:00"
    page.get_by_text("Add an attendee").click()
    page.get_by_label("Name of someone outside Accord").fill("Ada Guest")
    page.get_by_label("For organization").select_option(label="Society of Test Engineers")
    page.get_by_role("button", name="Add the attendee").click()
    expect(page.get_by_role("rowheader", name="Ada Guest (outside Accord)")).to_be_visible()
    page.get_by_text("Add an action item").click()
    page.get_by_label("What is to be done").fill("Send the minutes")
    page.get_by_label("Owner").select_option(label="Lee Leader")
    page.get_by_label("Due").fill("2026-12-20")
    page.get_by_role("button", name="Add the action item").click()
    expect(page.get_by_role("rowheader", name="Send the minutes")).to_be_visible()
    check_a11y(page)
    no_sideways_scroll(page)
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, live_server, "lee", PASSWORD)
    line = page.get_by_test_id("waiting-list").get_by_role("listitem").filter(has_text="minutes")
    expect(line).to_contain_text("Action item")
    line.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Design workshop")
    page.get_by_label("Status of Send the minutes").select_option("done")
    page.get_by_role("row", name="Send the minutes").get_by_role("button", name="Save").click()
    expect(page.get_by_text("is done")).to_be_visible()
    assert ActionItem.objects.get().status == "done"
    page.goto(f"{live_server.url}/calendar/")
    check_a11y(page)
    page.get_by_role("button", name="Make my calendar feed").click()
    address = page.get_by_label("Your feed's address (shown only now)").input_value()
    assert address.startswith(f"{live_server.url}/calendar/feed/") and address.endswith(".ics")
    check_a11y(page)
    no_sideways_scroll(page)
