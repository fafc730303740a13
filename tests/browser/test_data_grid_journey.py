"""Collecting data (M3) in a real Chromium: a contributor fills the grid (each cell saved with
htmx as they tab on, its saved state and the computed sums shown), submits; the steward returns
it with a comment; the contributor fixes a cell and submits again; the steward approves, and the
grid is locked. Every page passes axe-core and does not scroll sideways at 390 px; with
ACCORD_SCREENSHOTS=<folder>, screenshots of each page at both widths are kept.
"""

import os
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from accord.measurement import collection, services
from accord.measurement.models import DataValue, Submission
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
    partner = OrganizationFactory(name="Mesa State University")
    partnership = PartnershipFactory(title="Pathways into Civil Engineering")
    MembershipFactory(partnership=partnership, organization=host, kind="host")
    MembershipFactory(partnership=partnership, organization=partner)
    for username, name, organization, role in (
        ("sam", "Sam Steward", host, "steward"),
        ("cai", "Cai Contributor", partner, "contributor"),
    ):
        user = UserFactory(username=username, first_name=name.split()[0])
        person = PersonFactory(name=name, organization=organization, user=user)
        RoleFactory(partnership=partnership, person=person, role=role)
    gender = services.dimension_create(
        partnership=partnership, name="Gender identity", categories=["Woman", "Man"]
    )
    version = services.measures_version_create(partnership=partnership)
    common = {
        "definition": "Counted the same way by every partner.",
        "kind": "how_much",
        "direction": "up",
        "frequency": "quarterly",
        "unit": "students",
        "responsible_organization_id": host.pk,
    }
    services.indicator_add(
        version=version,
        values=common
        | {
            "name": "Students enrolled",
            "type": "count",
            "plausible_min": Decimal(10),
            "plausible_max": Decimal(500),
        },
    )
    services.indicator_add(
        version=version,
        values=common
        | {
            "name": "Students placed",
            "type": "count",
            "dimension_version_ids": [gender.versions.get().pk],
        },
    )
    services.indicator_add(
        version=version,
        values=common
        | {
            "name": "Share retained",
            "type": "ratio",
            "numerator": "Students retained",
            "denominator": "Students enrolled",
        },
    )
    services.measures_version_move(version=version, to_status="open")
    services.measures_version_move(version=version, to_status="final")
    collection.period_create(
        partnership=partnership,
        label="2026 Q1",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 3, 31),
    )
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


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()


def type_cell(page: Page, label: str, value: str) -> None:
    """Type a value and tab on: htmx saves the cell as it changes."""
    field = page.get_by_label(label, exact=True)
    field.fill(value)
    field.press("Tab")


def test_fill_submit_return_fix_approve(page: Page, live_server, world):
    base = f"{live_server.url}/partnerships/{world.pk}/measures/periods/"
    sign_in(page, live_server, "cai", PASSWORD)
    page.goto(base)
    expect(page.get_by_role("heading", name="Reporting periods")).to_be_visible()
    look(page, "periods")
    row = page.get_by_role("row", name="Mesa State University")
    row.get_by_role("link", name="Missing").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "2026 Q1 data from Mesa State University"
    )

    type_cell(page, "Students enrolled, value", "900")
    status = page.locator("[id^='st-']").filter(has_text="Saved").first
    expect(status).to_be_visible()
    expect(page.get_by_text("Outside the usual range (10 to 500)")).to_be_visible()
    type_cell(page, "Students placed, Woman", "5")
    expect(page.get_by_text("3 of 4 cells missing")).to_be_visible()  # Woman of four categories
    type_cell(page, "Students placed, Man", "7")
    expect(page.get_by_text("2 of 4 cells missing")).to_be_visible()
    type_cell(page, "Students enrolled, value", "90")
    expect(page.get_by_text("Outside the usual range")).to_have_count(0)
    type_cell(page, "Share retained, value: numerator", "40")
    expect(
        page.get_by_text("A ratio needs both its numerator and its denominator.")
    ).to_be_visible()
    type_cell(page, "Share retained, value: denominator", "50")
    expect(page.get_by_text("= 0.8")).to_have_count(0)  # shown once the page is read again
    expect(page.get_by_text("A ratio needs both")).to_have_count(0)
    assert DataValue.objects.count() == 4
    look(page, "grid-filled")
    page.reload()
    expect(page.get_by_text("= 0.8")).to_be_visible()
    expect(page.get_by_text("Students enrolled, total: 900 → 90")).to_be_visible()
    page.get_by_role("button", name="Save and submit for review").click()
    expect(page.get_by_text("Submitted for review.", exact=False).first).to_be_visible()
    expect(page.get_by_label("Students enrolled, value")).to_have_count(0)
    look(page, "grid-submitted")
    sign_out(page)

    sign_in(page, live_server, "sam", PASSWORD)
    page.goto(page.url if False else f"{live_server.url}/")
    page.goto(Submission.objects.get(organization__name="Mesa State University").get_absolute_url())
    page.get_by_role("button", name="Return with comment").click()
    expect(page.get_by_text("Say what should change before returning the values.")).to_be_visible()
    look(page, "grid-review-error")
    page.get_by_label("Comment (required to return the values", exact=False).fill(
        "Placements for men look high: check March."
    )
    page.get_by_role("button", name="Return with comment").click()
    expect(page.get_by_text("Returned with your comment.")).to_be_visible()
    sign_out(page)

    sign_in(page, live_server, "cai", PASSWORD)
    page.goto(Submission.objects.get(organization__name="Mesa State University").get_absolute_url())
    expect(page.get_by_text("Placements for men look high: check March.").first).to_be_visible()
    look(page, "grid-returned")
    type_cell(page, "Students placed, Man", "6")
    expect(page.locator("[id^='st-']").filter(has_text="Saved").first).to_be_visible()
    page.get_by_role("button", name="Save and submit for review").click()
    expect(page.get_by_text("Submitted for review.", exact=False).first).to_be_visible()
    sign_out(page)

    sign_in(page, live_server, "sam", PASSWORD)
    page.goto(Submission.objects.get(organization__name="Mesa State University").get_absolute_url())
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_text("Approved: these values are now locked.")).to_be_visible()
    expect(page.get_by_text("approved and locked", exact=False)).to_be_visible()
    expect(page.get_by_label("Students placed, Man")).to_have_count(0)
    expect(page.get_by_role("button", name="Reopen")).to_be_visible()
    look(page, "grid-approved")
    assert Submission.objects.get(organization__name="Mesa State University").status == "approved"
    assert DataValue.objects.get(category_a__label="Man").value == 6
