"""The measures set (M1, M2) in a real Chromium: a steward drafts a version with two indicators,
opens it for comment; a leader comments; the steward makes it final; each member's leader
endorses, and the set shows as agreed. Every page passes axe-core and does not scroll sideways at
390 px; screenshots of each page at both widths are kept for people to look at.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from accord.measurement.models import Indicator, MeasuresVersion
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
SHOTS = os.environ.get("ACCORD_SCREENSHOTS")


@pytest.fixture
def world():
    host = OrganizationFactory(name="Society of Test Engineers", kind="internal")
    partner = OrganizationFactory(name="Mesa State University " + "with a long name " * 3)
    partnership = PartnershipFactory(title="Pathways into Civil Engineering")
    MembershipFactory(partnership=partnership, organization=host, kind="host")
    MembershipFactory(partnership=partnership, organization=partner)
    for username, name, organization, role in (
        ("sam", "Sam Steward", host, "steward"),
        ("hal", "Hal Host", host, "leader"),
        ("lee", "Lee Leader", partner, "leader"),
    ):
        user = UserFactory(username=username, first_name=name.split()[0])
        person = PersonFactory(name=name, organization=organization, user=user)
        RoleFactory(partnership=partnership, person=person, role=role)
    return partnership


def look(page: Page, name: str) -> None:
    """axe-core clean, no sideways scroll at 390 px; screenshots at both widths if asked."""
    check_a11y(page)
    page.set_viewport_size({"width": 390, "height": 844})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{page.url} is {width} px wide at 390 px"
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}-390.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}-desktop.png", full_page=True)


def add_indicator(page: Page, name: str, kind: str, targets: str) -> None:
    page.get_by_role("link", name="Add an indicator").click()
    page.get_by_label("Name").fill(name)
    page.get_by_label("Definition").fill(f"{name}, counted the same way by every partner.")
    page.get_by_label("Results-Based Accountability kind").select_option(kind)
    page.get_by_label("Targets").fill(targets)
    page.get_by_label("Responsible organization").select_option(label="Society of Test Engineers")
    page.get_by_role("button", name="Save the indicator").click()
    expect(page.get_by_text(f"Indicator “{name}” saved.")).to_be_visible()


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()


def test_draft_comment_finalize_and_endorse_a_measures_set(page: Page, live_server, world):
    base = f"{live_server.url}/partnerships/{world.pk}/measures/"
    sign_in(page, live_server, "sam", PASSWORD)
    page.goto(base)
    expect(page.get_by_text("No final version yet.")).to_be_visible()
    look(page, "measures-empty")
    page.get_by_role("button", name="Start the first version").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Measures set, version 1")
    page.get_by_role("link", name="Add an indicator").click()
    page.get_by_label("Name").fill("Students in the summer bridge")
    page.get_by_label("Type").select_option("qualitative")
    page.get_by_label("Definition").fill("Students who attended four of six weeks.")
    page.get_by_label("Results-Based Accountability kind").select_option("how_much")
    page.get_by_label("Targets").fill("2026 Q1 = 40")
    page.get_by_label("Responsible organization").select_option(label="Society of Test Engineers")
    page.get_by_role("button", name="Save the indicator").click()
    expect(page.get_by_text("A qualitative indicator has no numeric targets")).to_be_visible()
    look(page, "indicator-form-error")
    page.get_by_label("Type").select_option("count")
    page.get_by_role("button", name="Save the indicator").click()
    expect(page.get_by_text("Indicator “Students in the summer bridge” saved.")).to_be_visible()
    add_indicator(page, "Students continuing in engineering", "better_off", "2026 = 30")
    assert Indicator.objects.count() == 2
    look(page, "version-draft")
    page.get_by_role("link", name="Students continuing in engineering").click()
    expect(page.get_by_text("Is anyone better off?")).to_be_visible()
    look(page, "indicator")
    page.go_back()
    page.get_by_role("button", name="Open for comment").click()
    expect(page.get_by_text("is open for comment")).to_be_visible()
    sign_out(page)

    sign_in(page, live_server, "lee", PASSWORD)
    page.goto(base + "1/")
    page.get_by_label("Your comment").fill("Please count transfer students too.")
    page.get_by_role("button", name="Add comment").click()
    expect(page.get_by_text("Thank you: your comment was added.")).to_be_visible()
    look(page, "version-open")
    sign_out(page)

    sign_in(page, live_server, "sam", PASSWORD)
    page.goto(base + "1/")
    page.get_by_role("button", name="Make final").click()
    expect(page.get_by_text("each member organization can now endorse it")).to_be_visible()
    sign_out(page)

    for username, organization in (("lee", "Mesa State University"), ("hal", "Society")):
        sign_in(page, live_server, username, PASSWORD)
        page.goto(base)
        page.get_by_role("button", name=f"Endorse for {organization}").click()
        expect(page.get_by_text("You endorsed version 1")).to_be_visible()
        if username == "lee":
            look(page, "version-final")
            sign_out(page)
    expect(
        page.get_by_text("Every member organization has now endorsed it: agreed.")
    ).to_be_visible()
    page.goto(base)
    expect(page.get_by_text("Agreed.", exact=False).first).to_be_visible()
    look(page, "measures-agreed")
    page.goto(base + "dimensions/")
    look(page, "dimensions")
    assert MeasuresVersion.objects.get().agreed_at is not None
