"""No page scrolls sideways at 390 px: the second part of a partnership's pages (by section, see
part_of), walked as a steward (the other walks: tests/browser/test_narrow_screens*.py)."""

import pytest
from playwright.sync_api import Page

from tests.browser.test_narrow_screens import check_every_page, demo  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_no_partnership_page_of_the_second_part_scrolls_sideways_for_the_steward(
    demo,  # noqa: F811
    page: Page,
    live_server,
):
    check_every_page(demo, page, live_server, "steward", "partnerships_more")
