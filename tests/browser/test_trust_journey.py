"""The trust survey (R6) in a real Chromium: a steward opens a wave; two member organizations'
respondents find it on their home page and fill it in, one leaving a partner unrated; the steward
reads the graph (an SVG with its title and description) and the table beside it, which say the
same. Every page passes axe-core, the SVG included, and does not scroll sideways at 390 px.
"""

import pytest
from playwright.sync_api import Page, expect

from accord.relationships.models import TrustRating, TrustResponse
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

HOST, PARTNER, THIRD = "Society of Test Engineers", "Mesa State University", "Canyon Tribal College"
ITEMS = (
    "Reliability",
    "Support of the shared mission",
    "Openness to discussion",
    "Power and influence",
    "Level of involvement",
    "Resource contribution",
    "Intensity of the relationship",
)


@pytest.fixture
def world():
    partnership = PartnershipFactory(title="Pathways into Civil Engineering")
    organizations = {}
    for name, kind in ((HOST, "host"), (PARTNER, "partner"), (THIRD, "partner")):
        organizations[name] = OrganizationFactory(name=name)
        MembershipFactory(partnership=partnership, organization=organizations[name], kind=kind)
    for username, name, organization, role in (
        ("sam", "Sam Steward", HOST, "steward"),
        ("pat", "Pat Director", HOST, "project_director"),
        ("lee", "Lee Leader", PARTNER, "leader"),
    ):
        user = UserFactory(username=username, first_name=name.split()[0])
        person = PersonFactory(name=name, organization=organizations[organization], user=user)
        RoleFactory(partnership=partnership, person=person, role=role)
    return partnership


def no_sideways_scroll(page: Page) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{page.url} is {width} px wide at 390 px"
    page.set_viewport_size({"width": 1280, "height": 900})


def rate(page: Page, organization: str, value: str) -> None:
    group = page.get_by_role("group", name=organization)
    for label in ITEMS:
        group.get_by_label(label).select_option(value)


def answer_from_home(page: Page, live_server, username: str, ratings: dict) -> None:
    sign_in(page, live_server, username, PASSWORD)
    line = page.get_by_test_id("waiting-list").get_by_role("listitem").filter(has_text="Spring")
    expect(line).to_contain_text("Trust survey")
    line.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Spring wave")
    check_a11y(page)
    no_sideways_scroll(page)
    for organization, value in ratings.items():
        rate(page, organization, value)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("answer to “Spring wave” is saved")).to_be_visible()
    page.goto(f"{live_server.url}/")
    expect(page.get_by_test_id("waiting-list").filter(has_text="Spring wave")).to_have_count(0)
    page.get_by_role("button", name="Sign out").click()


def test_two_organizations_answer_and_the_steward_reads_the_network(page: Page, live_server, world):
    sign_in(page, live_server, "sam", PASSWORD)
    page.goto(f"{live_server.url}/partnerships/{world.pk}/trust/")
    check_a11y(page)
    no_sideways_scroll(page)
    page.get_by_label("Title").fill("Spring wave")
    page.get_by_role("button", name="Open the wave").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Spring wave")
    expect(page.get_by_text("No organization has answered yet")).to_be_visible()
    check_a11y(page)
    page.get_by_role("button", name="Sign out").click()

    # A rating left out is refused with the field named, and nothing is written.
    sign_in(page, live_server, "pat", PASSWORD)
    page.goto(f"{live_server.url}/")
    page.get_by_test_id("waiting-list").get_by_role("link").first.click()
    rate(page, PARTNER, "4")
    page.get_by_role("group", name=PARTNER).get_by_label("Openness to discussion").select_option("")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text(f"Rate openness to discussion of {PARTNER} too")).to_be_visible()
    check_a11y(page)
    assert TrustResponse.objects.count() == 0
    page.get_by_role("button", name="Sign out").click()

    answer_from_home(page, live_server, "pat", {PARTNER: "4", THIRD: "2"})
    answer_from_home(page, live_server, "lee", {HOST: "2"})  # Mesa leaves Canyon unrated
    assert TrustResponse.objects.count() == 2 and TrustRating.objects.count() == 3

    sign_in(page, live_server, "sam", PASSWORD)
    page.goto(f"{live_server.url}/partnerships/{world.pk}/trust/")
    page.get_by_role("link", name="Spring wave").click()
    graph = page.get_by_role("img", name=f"Trust network of {world.title}, Spring wave")
    expect(graph).to_be_visible()
    assert "solid lines are reciprocated pairs" in graph.locator("desc").text_content()
    # Society ↔ Mesa differ by 2 (one-sided, dashed); Society → Canyon only (dashed with arrow).
    assert graph.locator("line").count() == 2
    assert graph.locator("line[stroke-dasharray]").count() == 2
    assert graph.locator("line[marker-end]").count() == 1
    pairs = page.get_by_role("table", name="Pairs")
    expect(pairs.get_by_role("row")).to_have_count(3)
    expect(pairs.get_by_role("row").filter(has_text=THIRD)).to_contain_text("not rated")
    expect(pairs.get_by_role("row").filter(has_text=PARTNER)).to_contain_text("dashed, one-sided")
    figures = page.get_by_role("table", name="The network's figures and how each is computed")
    expect(figures.get_by_role("row").filter(has_text="Network trust")).to_contain_text(
        "2.67 on 1\u20134 (67% of the maximum)"
    )
    expect(page.get_by_text("fewer than three raters").first).to_be_visible()
    check_a11y(page)
    no_sideways_scroll(page)
