"""What the alignment pillar's browser journeys share: a partnership hosted by a society, with its
steward (sam) and project director (dana), and the steps of moving around it.

The journeys are in test_alignment_journeys.py (discovery and assessment) and
test_charter_journey.py (the charter), each module short enough to run in under a minute.
"""

import re

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

HOST = "Society of Bridge Engineers"
TITLE = "Rural Pathways into Civil Engineering"
PURPOSE = (
    "Paid summer internships and mentoring in civil engineering for first-generation college "
    "students from rural towns."
)


def person_with_login(username: str, name: str, organization, level: str, role=None, of=None):
    """A directory person who signs in as `username`, with a `role` in partnership `of` if given."""
    first, last = name.split()
    user = UserFactory(username=username, first_name=first, last_name=last)
    person = PersonFactory(name=name, organization=organization, user=user, level=level)
    if role:
        RoleFactory(partnership=of, person=person, role=role)
    return person


def create_pathways() -> dict:
    """A partnership with a purpose, hosted by a society; its steward and a project director."""
    mission = "Advance the practice of bridge engineering through standards and training."
    host = OrganizationFactory(name=HOST, kind="internal", subtype="committee", mission=mission)
    partnership = PartnershipFactory(title=TITLE, purpose=PURPOSE)
    MembershipFactory(partnership=partnership, organization=host, kind="host")
    person_with_login("sam", "Sam Steward", host, "manager", "steward", partnership)
    director = person_with_login(
        "dana", "Dana Director", host, "senior_leader", "project_director", partnership
    )
    return {"partnership": partnership, "host": host, "director": director}


def switch_user(page: Page, live_server, username: str) -> None:
    """Sign the current person out through the navigation bar and sign `username` in."""
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_label("User name")).to_be_visible()
    sign_in(page, live_server, username, PASSWORD)


def open_section(page: Page, name: str) -> None:
    """Follow one of the partnership's section tabs (Overview, Charter, Assessments, ...)."""
    sections = page.get_by_role("navigation", name=re.compile(r"^Sections of "))
    tab = sections.get_by_role("link", name=name, exact=True)
    tab.click()
    expect(tab).to_have_attribute("aria-current", "page")
    check_a11y(page)


def open_partnership(page: Page, title: str) -> None:
    """From the home page after signing in: the partnership listed under "Your partnerships"."""
    page.get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    check_a11y(page)


def row(table, first_cell: str):
    """The row of `table` whose first cell starts with `first_cell`."""
    return table.get_by_role("row", name=re.compile(rf"^{re.escape(first_cell)}"))
