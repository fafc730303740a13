"""Reviewing an organization's data (M3) through its grid: submitting locks it, a reviewer
returns it with a required comment, the contributor fixes and resubmits, the reviewer approves
(locked) and reopens with a required reason; the trail names every move and changed cell."""

import pytest

from accord.measurement.models import DataValue, Submission, SubmissionEvent

from .grid import collecting
from .test_grid_pages import key, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def period(cast):
    return collecting(cast)


def test_submit_return_resubmit_approve_reopen(client, cast, period):
    client.force_login(cast.users["contributor"])
    cell = key(period, "Students enrolled")
    client.get(url(cast, period))
    answer = client.post(url(cast, period), {f"{cell}-v": "40", "then": "submit"})
    assert answer.status_code == 302
    submission = Submission.objects.get(period=period, organization=cast.partner)
    assert submission.status == "submitted"
    html = client.get(url(cast, period)).content.decode()
    assert "waiting for review" in html
    assert 'id="grid-form"' not in html  # locked: read-only
    answer = client.post(url(cast, period), {f"{cell}-v": "41"})
    assert answer.status_code == 302 and DataValue.objects.get().value == 40
    # The contributor may not review.
    assert client.post(url(cast, period, "grid-review"), {"decision": "approve"}).status_code == 403
    client.force_login(cast.users["steward"])
    review = url(cast, period, "grid-review")
    answer = client.post(review, {"decision": "return", "comment": " "})
    assert answer.status_code == 422
    assert "Say what should change" in answer.content.decode()
    assert client.post(review, {"decision": "nonsense"}).status_code == 422
    answer = client.post(review, {"decision": "return", "comment": "Enrolment looks low."})
    assert answer.status_code == 302
    client.force_login(cast.users["contributor"])
    html = client.get(url(cast, period)).content.decode()
    assert "Enrolment looks low." in html and 'id="grid-form"' in html
    client.post(url(cast, period), {f"{cell}-v": "48", "then": "submit"})
    client.force_login(cast.users["steward"])
    assert client.post(review, {"decision": "approve"}).status_code == 302
    submission.refresh_from_db()
    assert submission.status == "approved"
    html = client.get(url(cast, period)).content.decode()
    assert "approved and locked" in html and "Reopen" in html
    assert client.post(review, {"decision": "reopen", "comment": ""}).status_code == 422
    assert (
        client.post(review, {"decision": "reopen", "comment": "Typo in enrolment."}).status_code
        == 302
    )
    actions = list(SubmissionEvent.objects.values_list("action", flat=True))
    assert actions == [
        "saved",
        "submitted",
        "returned",
        "saved",
        "submitted",
        "approved",
        "reopened",
    ]
    html = client.get(url(cast, period)).content.decode()
    assert "Typo in enrolment." in html and "Students enrolled, total: 40 → 48" in html
