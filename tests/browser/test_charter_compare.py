"""Comparing charter versions, and the partnership's History, in a real browser at 390 px wide:
readable word-level changes, accessible, and no sideways scrolling."""

import pytest
from playwright.sync_api import Page, expect

from accord.alignment.services.charter import (
    charter_version_create,
    charter_version_move,
    charter_version_update,
)
from accord.core.audit import acting_as
from tests.browser.alignment import create_pathways, open_partnership, open_section
from tests.browser.conftest import check_a11y, sign_in
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VISION = (
    "Students from every rural community find a clear path into civil engineering, from school "
    "to a first job and a professional license, with mentors from both partners."
)


def no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{page.url} is {width} px wide"


def test_a_steward_compares_two_versions_on_a_phone(page: Page, live_server):
    pathways = create_pathways()
    partnership, steward = (
        pathways["partnership"],
        pathways["partnership"].roles.get(role="steward").person.user,
    )
    with acting_as(steward):
        first = charter_version_create(partnership=partnership, created_by=steward)
        charter_version_update(
            version=first,
            vision=VISION,
            values=[{"id": None, "name": "Open doors", "meaning": "We pay every intern."}],
            benefits={pathways["host"].pk: "Engineers to hire."},
        )
        charter_version_move(version=first, to_status="open")
        charter_version_move(version=first, to_status="final")
        second = charter_version_create(partnership=partnership, created_by=steward)
        charter_version_update(version=second, vision=VISION.replace("a clear", "a paid, clear"))
    sign_in(page, live_server, "sam", PASSWORD)
    page.set_viewport_size({"width": 390, "height": 844})
    open_partnership(page, partnership.title)
    history = page.get_by_role("region", name="History")
    history.scroll_into_view_if_needed()  # the History loads (htmx) when it comes into view
    expect(history).to_contain_text("Charter version: Charter of")
    expect(history.locator("ins").first).to_contain_text("paid,")
    # The page as a whole is the layout item's; the History's own lines wrap.
    assert history.evaluate("e => e.scrollWidth <= e.clientWidth")
    check_a11y(page)
    open_section(page, "Charter")
    page.get_by_role("link", name="Compare two versions word by word").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Compare versions of the charter")
    vision = page.get_by_role("region", name="Shared vision")
    expect(vision.locator("ins")).to_contain_text("paid,")
    expect(page.get_by_role("region", name="Value: Open doors")).to_contain_text("Unchanged")
    no_sideways_scroll(page)
    check_a11y(page)
