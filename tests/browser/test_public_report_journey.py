"""A progress report in a real Chromium: a steward starts a public report of a quarter whose data
are approved, writes its sections and publishes it; a member of the public, not signed in, opens
it at its address and reads the figures with small counts suppressed, and downloads its PDF; once
unpublished, the address finds nothing. The files are built by the worker while the page shows
the build's progress (htmx polling). Every page passes axe-core. Screenshots go to
ACCORD_SCREENSHOTS when it is set.
"""

import os
from types import SimpleNamespace

import pytest
from playwright.sync_api import Page, expect

from accord.reports.models_progress import ProgressReport
from accord.reports.services_progress import build_files
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
from tests.reports.helpers import measured

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(settings):
    settings.ACCORD_DISCLOSURE_K = 50  # so that the women (43) and 11 others are suppressed
    # The worker's queue holds the build until the test runs it, as `accord worker` would.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    partnership = PartnershipFactory(title="Pathways into Civil Engineering")
    host = OrganizationFactory(name="Host Society", kind="internal")
    partner = OrganizationFactory(name="Partner University", subtype="university")
    MembershipFactory(partnership=partnership, organization=host, kind="host")
    MembershipFactory(partnership=partnership, organization=partner)
    people, users = {}, {}
    for username, role in (("sam", "steward"), ("lee", "leader")):
        users[username] = UserFactory(username=username, first_name=username.title())
        people[role] = PersonFactory(name=f"{username.title()} Person", organization=partner,
                                     user=users[username])  # fmt: skip
        RoleFactory(partnership=partnership, person=people[role], role=role)
    cast = SimpleNamespace(
        own=partnership, host=host, partner=partner, people=people, users={"steward": users["sam"]}
    )
    measured(cast)
    return partnership


def screenshot(page: Page, name: str) -> None:
    folder = os.environ.get("ACCORD_SCREENSHOTS")
    if folder:
        page.screenshot(path=os.path.join(folder, f"{name}.png"), full_page=True)


def test_a_steward_publishes_a_report_and_the_public_reads_it_without_signing_in(
    page: Page, live_server, world
):
    sign_in(page, live_server, "sam", PASSWORD)
    page.goto(f"{live_server.url}/partnerships/{world.pk}/reports/")
    check_a11y(page)
    page.get_by_label("Reporting period").select_option(label="2026 Q1")
    page.get_by_label("Public").check()
    page.get_by_role("button", name="Start the report").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Write")
    check_a11y(page)
    page.get_by_label("Results").fill("- Internships started\n- Mentors matched")
    page.get_by_label("Challenges").fill("One college sent its data late.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("2026 Q1 public progress report")
    check_a11y(page)
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("is published")).to_be_visible()
    # The files are built by the worker: the page shows the build's progress, polled by htmx
    # every 2 s, and then the download links.
    status = page.locator("#report-status")
    expect(status.get_by_role("progressbar")).to_be_visible()
    check_a11y(page)
    build_files(ProgressReport.objects.get().pk)
    expect(status.get_by_role("link", name="PDF")).to_be_visible(timeout=15_000)
    check_a11y(page)
    screenshot(page, "report-page")
    address = page.get_by_role("link", name="/reports/")
    public_url = address.get_attribute("href")
    page.get_by_role("button", name="Sign out").click()

    # A member of the public, not signed in.
    page.goto(f"{live_server.url}{public_url}")
    expect(page.get_by_role("heading", level=1)).to_have_text("2026 Q1 public progress report")
    table = page.get_by_role("table", name="Reached: each period by gender identity")
    row = table.get_by_role("row").filter(has_text="2026 Q1")
    expect(row).to_contain_text("suppressed")
    expect(row).to_contain_text("130")
    expect(row).not_to_contain_text("43")
    expect(page.get_by_text("Internships started")).to_be_visible()
    expect(page.get_by_text("Each criterion of the scorecard")).to_have_count(0)
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    check_a11y(page)
    screenshot(page, "report-public")
    pdf = page.request.get(page.get_by_role("link", name="PDF").get_attribute("href"))
    assert pdf.ok and pdf.body().startswith(b"%PDF")

    ProgressReport.objects.update(status="draft", published_at=None)
    response = page.goto(f"{live_server.url}{public_url}")
    assert response.status == 404
