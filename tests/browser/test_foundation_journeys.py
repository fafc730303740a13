"""The foundation's user journeys in a real Chromium: a steward starts a partnership, an outsider
cannot see it, and the same flow works with JavaScript switched off.

Every page visited is checked with axe-core (`check_a11y`); the `page` fixture fails the test on a
Content-Security-Policy violation, an uncaught script error or a page left unchecked.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from accord.partnerships.models import Partnership, Stage
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
def people():
    """A host society, a steward (who already runs one partnership) and an outsider."""
    host = OrganizationFactory(
        name="Society of Test Engineers", kind="internal", subtype="professional_society"
    )
    steward = UserFactory(username="sam", first_name="Sam", last_name="Steward")
    person = PersonFactory(name="Sam Steward", organization=host, user=steward, level="manager")
    running = PartnershipFactory(title="Earlier Outreach Pilot")
    MembershipFactory(partnership=running, organization=host, kind="host")
    RoleFactory(partnership=running, person=person, role="steward")
    outsider = UserFactory(username="olive", first_name="Olive", last_name="Outsider")
    PersonFactory(name="Olive Outsider", organization=host, user=outsider)
    return {"host": host, "steward": steward, "outsider": outsider}


def create_organization(page: Page, name: str) -> None:
    page.get_by_role("link", name="Organizations").first.click()
    expect(page.get_by_role("heading", level=1, name="Organizations")).to_be_visible()
    check_a11y(page)
    page.get_by_role("link", name="New organization").click()
    check_a11y(page)
    page.get_by_label("Name").fill(name)
    page.get_by_label("Internal or external").select_option("external")
    page.get_by_label("Type of organization").select_option("university")
    page.get_by_label("Mission").fill("Open engineering careers to first-generation students.")
    page.get_by_label("Website").fill("https://mesa.example.edu")
    page.get_by_label("City").fill("Albuquerque")
    page.get_by_label("Country").fill("United States")
    page.get_by_role("button", name="Add organization").click()
    expect(page.get_by_role("heading", level=1, name=name)).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("added to the directory")
    check_a11y(page)


def test_steward_starts_a_partnership_moves_it_and_finds_it(page: Page, live_server, people):
    sign_in(page, live_server, "sam", PASSWORD)
    create_organization(page, "Mesa Community University")

    page.get_by_role("link", name="Partnerships").first.click()
    check_a11y(page)
    page.get_by_role("link", name="New partnership").click()
    check_a11y(page)
    page.get_by_label("Title").fill("Pathways into Structural Engineering")
    page.get_by_label("Purpose").fill(
        "Mentoring and paid internships for first-generation students."
    )
    page.get_by_label("Scope").select_option("external")
    page.get_by_label("Host organization").select_option(label="Society of Test Engineers")
    page.get_by_label("Partner organizations").select_option(label="Mesa Community University")
    page.get_by_role("button", name="Create partnership").click()

    # The partnership page: two member organizations, the steward, the stage timeline.
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Pathways into Structural Engineering"
    )
    members = page.get_by_role("table", name=re.compile("Member organizations"))
    expect(members.get_by_role("row")).to_have_count(3)  # header + host + partner
    expect(members).to_contain_text("Society of Test Engineers")
    expect(members).to_contain_text("Mesa Community University")
    roles = page.locator("section", has=page.get_by_role("heading", name="People and their roles"))
    expect(roles).to_contain_text("Sam Steward")
    expect(roles).to_contain_text("Steward")
    check_a11y(page)

    # A move the lifecycle refuses is explained; the allowed one goes through.
    page.get_by_label("Move to").select_option("forming")
    page.get_by_label("Note").fill("Both partners named their project directors.")
    page.get_by_role("button", name="Move", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("The partnership is now forming.")
    timeline = page.locator("section", has=page.get_by_role("heading", name="Timeline"))
    expect(timeline).to_contain_text("Forming")
    expect(timeline).to_contain_text("Both partners named their project directors.")
    # The History loads when it scrolls into view.
    history = page.locator("#partnership-history")
    history.scroll_into_view_if_needed()
    expect(history).to_contain_text("by Sam Steward")
    check_a11y(page)
    partnership = Partnership.objects.get(title="Pathways into Structural Engineering")
    assert partnership.stage == Stage.FORMING
    assert partnership.memberships.current().count() == 2
    assert partnership.roles.get().person.user == people["steward"]

    # Live search on the list page narrows the results without a page load.
    page.get_by_role("link", name="Partnerships").first.click()
    results = page.locator("#partnership-results")
    expect(results).to_contain_text("Earlier Outreach Pilot")
    page.get_by_role("searchbox", name="Search").fill("Structural")
    expect(results).not_to_contain_text("Earlier Outreach Pilot")
    expect(results.get_by_role("link", name="Pathways into Structural Engineering")).to_be_visible()
    expect(page).to_have_url(re.compile(r"q=Structural"))
    check_a11y(page)
    # The filters narrow the same way: nothing is concluded.
    page.get_by_label("Stage").select_option("concluded")
    expect(results).to_contain_text("No partnerships match your search.")
    check_a11y(page)


def test_formalizing_without_an_mou_is_refused_with_the_reason(page: Page, live_server, people):
    partnership = Partnership.objects.get(title="Earlier Outreach Pilot")
    partnership.stage = Stage.FORMING
    partnership.save(update_fields=["stage"])
    sign_in(page, live_server, "sam", PASSWORD)
    page.goto(partnership.get_absolute_url())
    check_a11y(page)
    page.get_by_label("Move to").select_option("formalized")
    page.get_by_role("button", name="Move", exact=True).click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("The stage was not changed.")
    expect(alert).to_contain_text("executed memorandum of understanding")
    expect(alert).to_contain_text("this partnership has none yet")
    check_a11y(page)
    partnership.refresh_from_db()
    assert partnership.stage == Stage.FORMING


def test_outsider_gets_not_found_for_a_partnership_they_do_not_belong_to(
    page: Page, live_server, people
):
    partnership = Partnership.objects.get(title="Earlier Outreach Pilot")
    sign_in(page, live_server, "olive", PASSWORD)
    page.get_by_role("link", name="Partnerships").first.click()
    expect(page.get_by_text("You do not take part in any partnership yet.")).to_be_visible()
    check_a11y(page)
    response = page.goto(partnership.get_absolute_url())
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1, name="Not found")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Earlier Outreach Pilot")
    check_a11y(page)
    # The API answers the same with the browser's session.
    response = page.request.get(f"/api/v1/partnerships/{partnership.pk}")
    assert response.status == 404
    assert response.json() == {"detail": "Not found.", "errors": []}


@pytest.fixture
def page_without_javascript(browser, live_server):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    yield page
    context.close()


def test_core_flow_works_without_javascript(page_without_javascript: Page, live_server, people):
    """Sign in, start a partnership, move it and search for it, with JavaScript switched off."""
    page = page_without_javascript
    page.goto("/accounts/sign-in/")
    page.get_by_label("User name").fill("sam")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto("/partnerships/new/")
    page.get_by_label("Title").fill("Plain Forms Partnership")
    page.get_by_label("Purpose").fill("Works with every browser.")
    page.get_by_label("Host organization").select_option(label="Society of Test Engineers")
    page.get_by_role("button", name="Create partnership").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Plain Forms Partnership")
    page.get_by_label("Move to").select_option("forming")
    page.get_by_role("button", name="Move", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("The partnership is now forming.")
    # Without JavaScript the History is a link to its own page.
    page.get_by_role("link", name="Every change to this partnership").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("History of Plain Forms Partnership")
    expect(page.locator("main")).to_contain_text("by Sam Steward")
    page.goto("/partnerships/")
    page.get_by_role("searchbox", name="Search").fill("Plain Forms")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#partnership-results")).to_contain_text("Plain Forms Partnership")
    expect(page.locator("#partnership-results")).not_to_contain_text("Earlier Outreach Pilot")
