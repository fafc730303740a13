"""The health scorecard in a real Chromium: a steward reads the scorecard, sees that a member has
no project director, follows the next action to name one, and sees the criterion turn good (the
recompute task runs at once with the tests' task backend, after the naming is committed). The
scorecard and the page that explains it pass axe-core."""

import re

import pytest
from playwright.sync_api import Page, expect

from accord.evaluation.services import scorecard_recompute
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
    partner = OrganizationFactory(name="Mesa State University")
    partnership = PartnershipFactory(title="Pathways into Civil Engineering")
    MembershipFactory(partnership=partnership, organization=host, kind="host")
    MembershipFactory(partnership=partnership, organization=partner)
    user = UserFactory(username="sam", first_name="Sam")
    steward = PersonFactory(name="Sam Steward", organization=host, user=user)
    RoleFactory(partnership=partnership, person=steward, role="steward")
    RoleFactory(
        partnership=partnership,
        person=PersonFactory(name="Hana Host", organization=host),
        role="project_director",
    )
    PersonFactory(name="Pat Partner", organization=partner)
    scorecard_recompute(partnership=partnership)
    return partnership


def test_follow_a_next_action_and_see_the_criterion_turn_good(page: Page, live_server, world):
    sign_in(page, live_server, "sam", PASSWORD)
    page.goto(f"{live_server.url}/partnerships/{world.pk}/")
    check_a11y(page)
    page.get_by_role("link", name="Scorecard").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Health scorecard")
    row = page.locator("#criterion-leadershipdirectors")
    expect(row).to_contain_text("Mesa State University has no project director.")
    expect(row).to_contain_text("Act")
    check_a11y(page)

    row.get_by_role("link", name="Name a project director for Mesa State University").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Name the project director of Mesa State University"
    )
    check_a11y(page)
    page.get_by_label("Project director").select_option(label="Pat Partner")
    page.get_by_role("button", name="Name project director").click()
    expect(page.get_by_text("Pat Partner is now the project director")).to_be_visible()
    check_a11y(page)

    page.goto(f"{live_server.url}/partnerships/{world.pk}/scorecard/")
    row = page.locator("#criterion-leadershipdirectors")
    expect(row).to_contain_text("All 2 member organizations have a project director.")
    expect(row).to_contain_text("Good")
    # The history keeps the snapshot before and after: the leadership pillar moved from act.
    leadership = re.compile(r"^Leadership (Act )+Good$")
    expect(page.get_by_role("row", name=leadership)).to_be_visible()
    check_a11y(page)

    page.get_by_role("link", name="How the scorecard is computed").click()
    expect(page.get_by_text("leadership.directors")).to_be_visible()
    check_a11y(page)
