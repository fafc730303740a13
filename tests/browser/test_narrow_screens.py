"""Every page of the demo at 390 px wide (a phone): no page scrolls sideways, and a 200-character
organization name wraps in every table it appears in.

The demo steward and the platform administrator each walk every page they can reach by following
links from the home page (one page per kind of URL, ids aside), and each page's document must be
no wider than the viewport.
"""

import re
from collections import deque
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

from accord.directory.models import Organization
from accord.partnerships.management.commands.demo_logins import DEMO_PASSWORD
from accord.partnerships.models import Membership, Partnership
from tests.browser.conftest import check_a11y, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

WIDTH = 390
# 200 characters, with a 60-character word no screen of 390 px holds on one line.
LONG_NAME = (
    "The Intercontinental Consortium of Community Colleges and "
    + "Polytechnicinstitutesforengineeringeducationandresearchxyz"
    + " for Justice, Equity, Diversity and Inclusion in Civil Engineering Programs Worldwide"
)[:200]
# Links that leave the page's purpose: signing out, files, the API's documentation.
SKIP = re.compile(
    r"/accounts/sign-out|/api/|\.pdf$|/download|/export|/media/|/admin/|/executed/|/certificate"
)


def kind_of(path: str) -> str:
    """The kind of page a path is: its ids replaced, so each kind is visited once."""
    return re.sub(r"/\d+(?=/|$)", "/N", path)


def document_width(page: Page) -> int:
    return page.evaluate(
        "Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
    )


# What makes a page wide, for the failure message: the widest boxes of the main column and the
# deepest elements that reach past the right edge.
STICKING_OUT = """
() => [...document.querySelectorAll("main > *, main > * > *")]
  .filter((el) => el.scrollWidth > window.innerWidth)
  .map((el) => el.tagName + "." + el.className + " is " + el.scrollWidth + " px wide")
  .concat([...document.querySelectorAll("body *")]
    .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1
      && ![...el.children].some((c) => c.getBoundingClientRect().right > window.innerWidth + 1))
    .slice(0, 4)
    .map((el) => el.outerHTML.slice(0, 160)))
"""


# The walk is split in four areas (each user walks each in a module of its own, so that every
# module stays within the module time limit): a partnership's own pages, in three parts by their
# section, and everything else. Every part walks the list and the partnership's page, where the
# sections' links are; a section not named in FIRST_SECTIONS (a new one too) is in the second
# part when its name sorts before LAST_PART_FROM, in the third otherwise.
INSIDE_A_PARTNERSHIP = re.compile(r"^/partnerships/\d")
SECTION = re.compile(r"^/partnerships/\d+/([^/]+)")
FIRST_SECTIONS = frozenset(
    {
        "announcements",
        "archive",
        "assessments",
        "bodies",
        "candidates",
        "charter",
        "commitments",
        "communication",
        "edit",
        "engagements",
        "history",
    }
)
LAST_PART_FROM = "r"


def part_of(section: str) -> int:
    if section in FIRST_SECTIONS:
        return 1
    return 2 if section < LAST_PART_FROM else 3


def in_part(path: str, part: int) -> bool:
    """Whether `path` is in the given part (1, 2 or 3) of a partnership's pages."""
    if path == "/partnerships/" or re.fullmatch(r"/partnerships/\d+/?", path):
        return True
    section = SECTION.match(path)
    return bool(section) and part_of(section.group(1)) == part


AREAS = {
    "partnerships": ("/partnerships/", lambda path: in_part(path, 1)),
    "partnerships_more": ("/partnerships/", lambda path: in_part(path, 2)),
    "partnerships_rest": ("/partnerships/", lambda path: in_part(path, 3)),
    "elsewhere": ("/", lambda path: not INSIDE_A_PARTNERSHIP.match(path)),
}


def walk(page: Page, live_server, area: str, limit: int = 120) -> dict[str, object]:
    """Follow same-site links of one area breadth-first from its start; each page's width."""
    start, inside = AREAS[area]
    widths: dict[str, int] = {}
    seen: set[str] = set()
    queue = deque([start])
    while queue and len(widths) < limit:
        path = queue.popleft()
        try:
            response = page.goto(f"{live_server.url}{path}")
        except PlaywrightError as error:  # a file to download, not a page
            assert "Download is starting" in str(error), error
            continue
        if (
            response is None
            or response.status >= 400
            or not response.headers.get("content-type", "").startswith("text/html")
        ):
            continue
        check_a11y(page)
        width = document_width(page)
        widths[path] = width if width <= WIDTH else (width, page.evaluate(STICKING_OUT))
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
            parts = urlsplit(href)
            if (
                parts.netloc != urlsplit(live_server.url).netloc
                or SKIP.search(parts.path)
                or not inside(parts.path)
            ):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            key = kind_of(parts.path) + ("?" if parts.query else "")
            if key not in seen:
                seen.add(key)
                queue.append(target)
    return widths


@pytest.fixture
def demo():
    call_command("seed", "--demo", stdout=StringIO())
    organization = Organization.objects.create(name=LONG_NAME, subtype="university")
    partnership = Partnership.objects.order_by("pk").first()
    Membership.objects.create(partnership=partnership, organization=organization)
    return partnership


def test_no_partnership_page_of_the_demo_scrolls_sideways_at_390_px_for_the_steward(
    demo, page: Page, live_server
):
    check_every_page(demo, page, live_server, "steward", "partnerships")


def check_every_page(demo, page: Page, live_server, username: str, area: str) -> None:
    """Walk one area of the demo as `username` at 390 px; each walk (a user, an area) is a module of
    its own (test_narrow_screens*.py), so that each stays within the module time limit."""
    sign_in(page, live_server, username, DEMO_PASSWORD)
    page.set_viewport_size({"width": WIDTH, "height": 844})
    widths = walk(page, live_server, area)
    assert len(widths) > 5  # the walk reached the area's pages, not only its start
    too_wide = {path: width for path, width in widths.items() if not isinstance(width, int)}
    assert too_wide == {}, f"Pages wider than {WIDTH} px: {too_wide}"
    # The long name appears (and wraps) on the partnership's page and the directory's list.
    path = demo.get_absolute_url() if area != "elsewhere" else "/directory/organizations/"
    page.goto(f"{live_server.url}{path}")
    check_a11y(page)
    assert page.get_by_text(LONG_NAME[:40]).first.is_visible()
    assert document_width(page) <= WIDTH
