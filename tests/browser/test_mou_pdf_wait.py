"""A draft PDF rendered by the task worker, in a real Chromium at 390 px (L5): the page shows
that it is being prepared, htmx asks again every 2 seconds, and once the worker has stored the
file the page offers it for download. The task goes to the database queue and the worker's own
steps run it in the test (tests/test_worker.py).
"""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from accord.leadership.models import Mou, MouSection, MouVersion
from tests.browser.conftest import check_a11y, sign_in
from tests.browser.test_mou_journey import partnership  # noqa: F401 (a fixture)
from tests.factories import PASSWORD
from tests.test_worker import make_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_draft_pdf_page_waits_for_the_worker_then_offers_the_download(
    page: Page,
    live_server,
    partnership,  # noqa: F811
    settings,
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    mou = Mou.objects.create(partnership=partnership, title="Pathways MOU")
    version = MouVersion.objects.create(mou=mou, number=1)
    MouSection.objects.create(
        version=version, key="purpose", heading="Purpose", body="Students find a path."
    )
    sign_in(page, live_server, "sam", PASSWORD)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + reverse("leadership:mou-pdf", args=[partnership.pk, mou.pk, 1]))
    status = page.locator("#pdf-status")
    expect(status).to_contain_text("Accord is preparing the draft PDF")
    check_a11y(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{page.url} is {width} px wide"

    worker = make_worker()
    while worker.step():
        pass
    link = page.get_by_role("link", name="Download the draft PDF")
    expect(link).to_be_visible(timeout=15_000)  # the next poll, within 2 seconds
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "pathways-mou-version-1-draft.pdf"
