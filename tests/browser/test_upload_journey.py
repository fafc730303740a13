"""Values from a file (M3) in a real Chromium: a contributor downloads the Excel template of their
organization's values for a period, fills it in with one bad row, uploads it and reads the report
naming the row and column (nothing written), fixes the row, uploads again and sees the values.
The upload page passes axe-core and does not scroll sideways at 390 px; with ACCORD_SCREENSHOTS
set, screenshots of the page with its report are kept for people to look at.
"""

import os
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from accord.measurement import collection, services
from accord.measurement.models import DataValue, MeasuresVersion
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
    user = UserFactory(username="cora", first_name="Cora")
    person = PersonFactory(name="Cora Contributor", organization=partner, user=user)
    RoleFactory(partnership=partnership, person=person, role="contributor")
    gender = services.dimension_create(
        partnership=partnership, name="Gender identity", categories=["Woman", "Man"]
    )
    version = services.measures_version_create(partnership=partnership)
    base = {
        "definition": "Counted the same way by every partner.",
        "kind": "how_much",
        "direction": "up",
        "frequency": "quarterly",
        "responsible_organization_id": partner.pk,
    }
    services.indicator_add(
        version=version,
        values=base
        | {
            "name": "Students in the summer bridge",
            "type": "count",
            "dimension_version_ids": [gender.versions.get().pk],
        },
    )
    services.indicator_add(
        version=version,
        values=base
        | {
            "name": "Share retained",
            "type": "ratio",
            "numerator": "Retained",
            "denominator": "Enrolled",
            "kind": "better_off",
        },
    )
    for status in (MeasuresVersion.Status.OPEN, MeasuresVersion.Status.FINAL):
        services.measures_version_move(version=version, to_status=status)
    period = collection.period_create(
        partnership=partnership,
        label="2026 Q1",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 3, 31),
    )
    return period, partner


def look(page: Page, name: str) -> None:
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


def fill(path: Path, bad: bool) -> None:
    """Fill in the downloaded template: a count per category, a ratio; one bad count if `bad`."""
    book = load_workbook(path)
    sheet = book["Values"]
    for row in sheet.iter_rows(min_row=2):
        indicator, category = row[0].value, row[1].value
        if indicator == "Students in the summer bridge":
            row[3].value = {None: 40, "Woman": 22, "Man": 18}.get(category)
            if bad and category == "Woman":
                row[3].value = "twenty-two"
        elif indicator == "Share retained":
            row[4].value, row[5].value = 30, 40
    book.save(path)


def test_download_fill_upload_fix_and_see_the_values(page: Page, live_server, world, tmp_path):
    period, partner = world
    url = (
        f"{live_server.url}/partnerships/{period.partnership_id}/measures/periods/{period.pk}"
        f"/data/{partner.pk}/upload/"
    )
    sign_in(page, live_server, "cora", PASSWORD)
    page.goto(url)
    expect(page.get_by_role("heading", name="Upload values from a file")).to_be_visible()
    look(page, "upload")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the Excel template (.xlsx)").click()
    workbook = tmp_path / download.value.suggested_filename
    assert workbook.suffix == ".xlsx"
    download.value.save_as(workbook)
    fill(workbook, bad=True)

    page.get_by_label("File of values (CSV or XLSX)").set_input_files(str(workbook))
    page.get_by_role("button", name="Check and import").click()
    report = page.get_by_role("alert")
    expect(report.get_by_role("heading")).to_contain_text("Nothing was written")
    bad_row = report.get_by_role("row").filter(has_text="twenty-two")
    expect(bad_row.get_by_role("rowheader")).to_have_text("3")
    expect(bad_row).to_contain_text("value")
    expect(bad_row).to_contain_text("“twenty-two” is not a number.")
    assert DataValue.objects.count() == 0
    look(page, "upload-report")

    fill(workbook, bad=False)
    page.get_by_label("File of values (CSV or XLSX)").set_input_files(str(workbook))
    page.get_by_role("button", name="Check and import").click()
    expect(page.get_by_role("heading", name="File imported")).to_be_visible()
    expect(page.get_by_text("4 values changed")).to_be_visible()
    values = page.locator("section", has=page.get_by_role("heading", name="Stored values"))
    expect(values.get_by_text("30/40 = 0.75")).to_be_visible()
    expect(values.get_by_role("row").filter(has_text="Woman")).to_contain_text("22")
    assert DataValue.objects.count() == 4
    look(page, "upload-done")
