"""The API for collecting values (M3): periods, bulk writes all or nothing with bad rows named
(`values.3.value`), idempotent with one key, one value changed with If-Match (412 when stale),
the review moves, the events, and a locked submission refused with nothing written."""

import json

import pytest

from accord.measurement import collection
from accord.measurement.models import DataValue, ReportingPeriod, SubmissionEvent

from .intake import collecting_period

pytestmark = pytest.mark.django_db
API = "/api/v1/partnerships/{}/measures/periods"


def call(client, method, address, body=None, **headers):
    data = json.dumps(body) if body is not None else ""
    return client.generic(method, address, data, content_type="application/json", headers=headers)


def field_errors(response) -> dict:
    return {error["field"]: error["message"] for error in response.json()["errors"]}


@pytest.fixture
def period(cast):
    return collecting_period(cast)


def submission_url(cast, period, organization=None) -> str:
    organization = organization or cast.partner
    return f"{API.format(cast.own.pk)}/{period.pk}/submissions/{organization.pk}"


ROWS = [
    {"indicator": "Indicator 1", "value": "12"},
    {"indicator": "Share retained", "category_a": "Woman", "numerator": 3, "denominator": 4},
    {"indicator": "Students by group", "category_a": "Man", "category_b": "North", "value": 5},
]


class TestPeriods:
    def test_a_steward_adds_lists_and_changes_periods(self, cast, client, period):
        base = API.format(cast.own.pk)
        client.force_login(cast.users["steward"])
        response = call(
            client,
            "POST",
            base,
            {"label": "2026 Q2", "starts_on": "2026-04-01", "ends_on": "2026-06-30"},
        )
        assert response.status_code == 201, response.json()
        made = response.json()
        assert made["due_on"] == "2026-07-21" and made["measures_version_number"] == 1
        listed = call(client, "GET", base).json()
        assert [p["label"] for p in listed["items"]] == ["2026 Q1", "2026 Q2"]
        one = call(client, "GET", f"{base}/{made['id']}")
        etag = one.headers["ETag"]
        changed = call(
            client, "PATCH", f"{base}/{made['id']}", {"due_on": "2026-07-31"}, **{"If-Match": etag}
        )
        assert changed.status_code == 200, changed.json()
        assert changed.json()["due_on"] == "2026-07-31"
        stale = call(client, "PATCH", f"{base}/{made['id']}", {"label": "Q2"}, **{"If-Match": etag})
        assert stale.status_code == 412
        assert ReportingPeriod.objects.get(pk=made["id"]).label == "2026 Q2"

    def test_bad_dates_name_the_field(self, cast, client, period):
        client.force_login(cast.users["steward"])
        response = call(
            client,
            "POST",
            API.format(cast.own.pk),
            {"label": "Backwards", "starts_on": "2026-04-01", "ends_on": "2026-03-01"},
        )
        assert response.status_code == 422
        assert ReportingPeriod.objects.count() == 1

    def test_a_contributor_may_not_add_a_period(self, cast, client, period):
        client.force_login(cast.users["contributor"])
        response = call(
            client,
            "POST",
            API.format(cast.own.pk),
            {"label": "2026 Q2", "starts_on": "2026-04-01", "ends_on": "2026-06-30"},
        )
        assert response.status_code == 403


class TestBulkValues:
    def test_rows_are_written_with_one_event(self, cast, client, period):
        client.force_login(cast.users["leader"])
        response = call(client, "POST", submission_url(cast, period) + "/values", {"values": ROWS})
        assert response.status_code == 200, response.json()
        answer = response.json()
        assert answer["cells_changed"] == 3
        assert answer["event"]["action"] == "saved"
        assert answer["submission"]["value_count"] == 3
        assert {v["indicator"] for v in answer["submission"]["values"]} == {
            "Indicator 1",
            "Share retained",
            "Students by group",
        }
        got = call(client, "GET", submission_url(cast, period))
        assert got.status_code == 200
        assert got.headers["ETag"] == f'"{got.json()["revision"]}"'
        assert got.json()["status"] == "open"

    def test_a_bad_row_is_named_and_nothing_is_written(self, cast, client, period):
        client.force_login(cast.users["leader"])
        rows = [
            *ROWS,
            {"indicator": "Indicator 1", "category_a": "Woman", "value": "1"},
            {"indicator": "Students by group", "category_a": "Martian", "value": "2.5"},
        ]
        response = call(client, "POST", submission_url(cast, period) + "/values", {"values": rows})
        assert response.status_code == 422
        errors = field_errors(response)
        assert "values.3.category_a" in errors
        assert "Martian" in errors["values.4.category_a"]
        assert "not a count" in errors["values.4.value"]
        assert DataValue.objects.count() == 0 and SubmissionEvent.objects.count() == 0

    def test_ten_identical_posts_with_one_key_write_once(self, cast, client, period):
        client.force_login(cast.users["leader"])
        url = submission_url(cast, period) + "/values"
        answers = [
            call(client, "POST", url, {"values": ROWS}, **{"Idempotency-Key": "k-2026-q1"})
            for _ in range(10)
        ]
        assert {a.status_code for a in answers} == {200}
        assert [a.headers.get("Idempotent-Replayed") for a in answers[1:]] == ["true"] * 9
        assert SubmissionEvent.objects.count() == 1
        assert DataValue.objects.count() == 3
        other = call(
            client,
            "POST",
            url,
            {"values": [{"indicator": "Indicator 1", "value": "13"}]},
            **{"Idempotency-Key": "k-2026-q1"},
        )
        assert other.status_code == 422
        assert "Idempotency-Key" in field_errors(other)
        assert SubmissionEvent.objects.count() == 1

    def test_locked_values_are_refused(self, cast, client, period):
        client.force_login(cast.users["leader"])
        url = submission_url(cast, period)
        call(client, "POST", url + "/values", {"values": ROWS})
        assert call(client, "POST", url + "/submit").status_code == 200
        response = call(client, "POST", url + "/values", {"values": ROWS[:1]})
        assert response.status_code == 422
        assert "waiting for review" in response.json()["errors"][0]["message"]
        assert SubmissionEvent.objects.count() == 2

    def test_an_organization_enters_only_its_own_values(self, cast, client, period):
        client.force_login(cast.users["leader"])  # of the partner
        response = call(
            client, "POST", submission_url(cast, period, cast.host) + "/values", {"values": ROWS}
        )
        assert response.status_code == 403
        assert DataValue.objects.count() == 0

    def test_a_non_member_organization_has_no_submission(self, cast, client, period):
        from tests.factories import OrganizationFactory

        client.force_login(cast.users["steward"])
        stranger = OrganizationFactory(name="Elsewhere")
        assert call(client, "GET", submission_url(cast, period, stranger)).status_code == 404


class TestOneValue:
    def test_a_stale_update_answers_412(self, cast, client, period):
        client.force_login(cast.users["leader"])
        url = submission_url(cast, period)
        call(client, "POST", url + "/values", {"values": ROWS})
        value = DataValue.objects.get(category_a__isnull=True, indicator__name="Indicator 1")
        one = call(client, "GET", f"{url}/values/{value.pk}")
        etag = one.headers["ETag"]
        first = call(
            client, "PUT", f"{url}/values/{value.pk}", {"value": "14"}, **{"If-Match": etag}
        )
        assert first.status_code == 200, first.json()
        assert first.json()["value"] in ("14", "14.0000")
        second = call(
            client, "PATCH", f"{url}/values/{value.pk}", {"value": "15"}, **{"If-Match": etag}
        )
        assert second.status_code == 412
        value.refresh_from_db()
        assert value.value == 14
        events = SubmissionEvent.objects.order_by("pk")
        assert events.count() == 2
        assert events.last().changes[0]["old"] == "12" and events.last().changes[0]["new"] == "14"

    def test_a_ratio_patch_keeps_its_other_part(self, cast, client, period):
        client.force_login(cast.users["leader"])
        url = submission_url(cast, period)
        call(client, "POST", url + "/values", {"values": ROWS})
        ratio = DataValue.objects.get(indicator__name="Share retained")
        response = call(client, "PATCH", f"{url}/values/{ratio.pk}", {"numerator": "2"})
        assert response.status_code == 200, response.json()
        assert response.json()["value"] in ("0.5", "0.5000")
        bad = call(client, "PATCH", f"{url}/values/{ratio.pk}", {"denominator": "0"})
        assert bad.status_code == 422 and "denominator" in field_errors(bad)


class TestReview:
    def test_submit_return_approve_reopen(self, cast, client, period):
        url = submission_url(cast, period)
        client.force_login(cast.users["leader"])
        call(client, "POST", url + "/values", {"values": ROWS})
        assert call(client, "POST", url + "/submit").json()["status"] == "submitted"
        assert call(client, "POST", url + "/approve", {}).status_code == 403
        client.force_login(cast.users["steward"])
        empty = call(client, "POST", url + "/return", {"comment": ""})
        assert empty.status_code == 422 and "comment" in field_errors(empty)
        back = call(client, "POST", url + "/return", {"comment": "Check March."})
        assert back.json()["status"] == "returned"
        client.force_login(cast.users["leader"])
        call(client, "POST", url + "/submit")
        client.force_login(cast.users["steward"])
        assert call(client, "POST", url + "/approve", {}).json()["status"] == "approved"
        locked = call(client, "POST", url + "/values", {"values": ROWS[:1]})
        assert locked.status_code == 422 and "approved" in locked.json()["errors"][0]["message"]
        no_reason = call(client, "POST", url + "/reopen", {"reason": " "})
        assert no_reason.status_code == 422 and "reason" in field_errors(no_reason)
        assert call(client, "POST", url + "/reopen", {"reason": "Typo."}).json()["status"] == "open"
        events = call(client, "GET", url + "/events").json()["items"]
        assert [e["action"] for e in events] == [
            "saved",
            "submitted",
            "returned",
            "submitted",
            "approved",
            "reopened",
        ]
        assert events[2]["comment"] == "Check March."

    def test_a_stale_review_answers_412(self, cast, client, period):
        url = submission_url(cast, period)
        client.force_login(cast.users["steward"])
        call(client, "POST", url + "/values", {"values": ROWS})
        etag = call(client, "GET", url).headers["ETag"]
        call(
            client, "POST", url + "/values", {"values": [{"indicator": "Indicator 1", "value": 2}]}
        )
        assert call(client, "POST", url + "/submit", **{"If-Match": etag}).status_code == 412
        assert collection.submission_for(period, cast.partner).status == "open"


def test_the_lists_keep_a_constant_number_of_queries(cast, client, period):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(cast.users["steward"])
    url = submission_url(cast, period)
    counts = []
    for rows in (ROWS[:1], ROWS):
        call(client, "POST", url + "/values", {"values": rows})
        call(client, "POST", url + "/values", {"values": rows})
        for suffix in ("", "/values", "/events"):
            with CaptureQueriesContext(connection) as queries:
                assert call(client, "GET", url + suffix).status_code == 200
            counts.append((suffix, len(queries)))
    assert counts[:3] == counts[3:]
