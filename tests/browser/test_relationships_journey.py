"""A steward names an affected group, sets up a planning committee with a seat without a vote,
records a meeting and reads the flags, on a phone (390 px): accessible, no sideways scrolling."""

import pytest
from playwright.sync_api import Page, expect

from accord.directory.services_groups import group_create
from tests.browser.alignment import create_pathways, open_partnership, open_section
from tests.browser.conftest import check_a11y, sign_in
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{page.url} is {width} px wide"


def test_a_steward_seats_a_community_and_reads_the_flags(page: Page, live_server):
    pathways = create_pathways()
    group_create(name="River valley residents", reference_share="0.3")
    sign_in(page, live_server, "sam", PASSWORD)
    page.set_viewport_size({"width": 390, "height": 844})
    open_partnership(page, pathways["partnership"].title)

    open_section(page, "Stakeholders")
    page.get_by_label("Stakeholder group").select_option(label="River valley residents")
    page.get_by_role("button", name="Name the group").click()
    expect(page.locator("#messages")).to_contain_text("River valley residents")
    expect(page.get_by_text("No member organization represents this group")).to_be_visible()
    check_a11y(page)
    no_sideways_scroll(page)

    open_section(page, "Planning bodies")
    page.get_by_label("Name").fill("Corridor planning committee")
    page.get_by_role("button", name="Set up").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Corridor planning committee")
    page.get_by_label("Held by").select_option(label="Dana Director (Society of Bridge Engineers)")
    page.get_by_label("Speaks for the affected group").select_option(label="River valley residents")
    page.get_by_label("The seat carries a vote").uncheck()
    page.get_by_label("Since").fill("2026-01-05")
    page.get_by_role("button", name="Add the seat").click()
    flags = page.get_by_role("region", name="Representation")
    expect(flags).to_contain_text("River valley residents hold a single seat")
    expect(flags).to_contain_text("and no vote")
    expect(flags).to_contain_text("Next action:")
    page.locator("#id_held_on").fill("2026-02-02")
    page.get_by_label("Dana Director (River valley residents)").check()
    page.get_by_role("button", name="Record the meeting").click()
    expect(page.get_by_role("region", name="Meetings")).to_contain_text("2 Feb 2026")
    check_a11y(page)
    no_sideways_scroll(page)
