"""No page scrolls sideways at 390 px: the pages outside a partnership (home, directory, calendar,
account), walked as a steward (the other walks: tests/browser/test_narrow_screens*.py)."""

import pytest
from playwright.sync_api import Page

from tests.browser.test_narrow_screens import check_every_page, demo  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_no_other_page_scrolls_sideways_for_the_steward(demo, page: Page, live_server):  # noqa: F811
    check_every_page(demo, page, live_server, "steward", "elsewhere")
