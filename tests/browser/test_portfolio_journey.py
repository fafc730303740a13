"""The portfolio in a real Chromium: a steward of two partnerships finds it in the navigation,
reads the heat map (colour and a word in every cell), sorts it by a pillar and filters it by
stage; at 390 px the page does not scroll sideways (the heat map scrolls in its own box). Every
state passes axe-core."""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accord.evaluation.models import ScorecardSnapshot
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

PILLARS = ("alignment", "leadership", "relationships", "measurement")
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world():
    host = OrganizationFactory(name="Society of Test Engineers", kind="internal")
    person = PersonFactory(name="Sam Steward", organization=host, user=UserFactory(username="sam"))
    for title, stage, pillars in (
        ("Pathways into Civil Engineering", "forming", ("good", "act", "watch", "good")),
        ("Water Compact", "exploring", ("watch", "good", "good", "not_yet")),
    ):
        partnership = PartnershipFactory(title=title, stage=stage)
        MembershipFactory(partnership=partnership, organization=host, kind="host")
        RoleFactory(partnership=partnership, person=person, role="steward")
        # The scorecards the changes above computed give way to the statuses this test reads.
        ScorecardSnapshot.objects.filter(partnership=partnership).delete()
        ScorecardSnapshot.objects.create(
            partnership=partnership,
            computed_at=timezone.now(),
            pillars=dict(zip(PILLARS, pillars, strict=True)),
            open_actions=2,
            latest=True,
        )


def test_read_sort_and_filter_the_heat_map(page: Page, live_server, world):
    sign_in(page, live_server, "sam", PASSWORD)
    page.get_by_role("link", name="Portfolio").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Portfolio")
    heat = page.get_by_role("table", name="2 partnerships by pillar, sorted by partnership")
    expect(heat.get_by_role("row")).to_have_count(3)
    first = heat.get_by_role("row").nth(1)
    expect(first).to_contain_text("Pathways into Civil Engineering")
    expect(first).to_contain_text("Act")
    check_a11y(page)

    heat.get_by_role("link", name="Leadership").click()
    header = page.get_by_role("columnheader", name="Leadership")
    expect(header).to_have_attribute("aria-sort", "descending")
    expect(page.get_by_role("table").last.get_by_role("row").nth(1)).to_contain_text("Pathways")
    check_a11y(page)

    page.get_by_label("Stage").select_option("exploring")
    page.get_by_role("button", name="Filter").click()
    heat = page.get_by_role("table", name="1 partnership by pillar, sorted by leadership")
    expect(heat).to_contain_text("Water Compact")
    expect(heat).not_to_contain_text("Pathways")
    check_a11y(page)

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    check_a11y(page)
