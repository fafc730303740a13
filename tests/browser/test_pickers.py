"""A picker in a real Chromium: with more organizations than the select shows, a steward types part
of a name, the matching organization appears in the select, and the chosen one joins.

Every page visited is checked with axe-core (`check_a11y`); the `page` fixture fails the test on a
Content-Security-Policy violation, an uncaught script error or a page left unchecked.
"""

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
FIND = "Find an organization for “Organization”"


@pytest.fixture
def partnership(settings):
    """A partnership run by Sam, and more organizations that may join than the select shows."""
    settings.ACCORD_PICKER_LIMIT = 2
    host = OrganizationFactory(name="Society of Test Engineers")
    partnership = PartnershipFactory(title="Pathways into Structural Engineering")
    MembershipFactory(partnership=partnership, organization=host, kind="host")
    user = UserFactory(username="sam", first_name="Sam", last_name="Steward")
    person = PersonFactory(name="Sam Steward", organization=host, user=user)
    RoleFactory(partnership=partnership, person=person, role="steward")
    for name in ("Alder Foundation", "Birch Institute", "Cedar Society", "Mesa Community College"):
        OrganizationFactory(name=name)
    return partnership


def test_steward_finds_an_organization_beyond_the_first_few(page: Page, live_server, partnership):
    sign_in(page, live_server, "sam", PASSWORD)
    page.goto(f"/partnerships/{partnership.pk}/members/add/")
    select = page.get_by_role("combobox", name=re.compile(r"^Organization"))
    expect(select.locator("option")).to_have_count(3)  # the empty choice, Alder, Birch
    expect(page.get_by_text("Showing 2 of 4;")).to_be_visible()
    check_a11y(page)

    search = page.get_by_label(FIND)
    search.fill("mesa")
    # Enter searches at once; it does not submit the form around the picker.
    search.press("Enter")
    expect(page.get_by_text("1 match; choose below.")).to_be_visible()
    expect(select.locator("option")).to_have_text(
        ["- Select an option -", "Mesa Community College"]
    )
    assert page.url.endswith("/members/add/")
    check_a11y(page)

    search.fill("zzz")
    expect(page.get_by_text("Nothing matches “zzz”.")).to_be_visible()
    search.fill("mesa")
    expect(page.get_by_text("1 match; choose below.")).to_be_visible()
    select.select_option(label="Mesa Community College")
    page.get_by_label("Joined on").fill("2026-09-01")
    page.get_by_role("button", name="Add member").click()
    expect(page.get_by_role("status")).to_contain_text("Mesa Community College added as a member.")
    check_a11y(page)
    members = page.get_by_role("table", name=re.compile("Member organizations"))
    expect(members).to_contain_text("Mesa Community College")
    assert partnership.memberships.filter(organization__name="Mesa Community College").exists()


def test_a_refused_affected_group_still_finds_groups(page: Page, live_server, partnership):
    """Naming an affected group (R1) picks from the directory's groups; after a refused post the
    form is shown at the address it was posted to, and its search still asks the section."""
    from tests.factories import StakeholderGroupFactory

    for name in ("Alder tenants", "Birch elders", "Cedar students", "Mesa farmworkers"):
        StakeholderGroupFactory(name=name)
    sign_in(page, live_server, "sam", PASSWORD)
    page.goto(f"/partnerships/{partnership.pk}/stakeholders/")
    check_a11y(page)
    page.get_by_role("button", name="Name the group").click()  # no group chosen
    expect(page.get_by_text("This field is required.")).to_be_visible()
    assert page.url.endswith("/stakeholders/add/")
    search = page.get_by_label("Find a stakeholder group for “Stakeholder group”")
    search.fill("mesa")
    expect(page.get_by_text("1 match; choose below.")).to_be_visible()
    check_a11y(page)
