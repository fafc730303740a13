"""Deliverables and fulfilment (M2): set for a member (the host too) through a service that checks
every field; fulfilment per organization counts deliverables and the leaders' commitments the same
way (a Hypothesis property against a plain reading of the formula); overdue deliverables wait for
their organization's people and show on the timeline; the page side by side costs a fixed number
of queries."""

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.core.waiting import waiting_for
from accord.leadership.models import Commitment
from accord.measurement import queries_deliverables as queries
from accord.measurement import services_deliverables as services
from accord.measurement import services_evidence
from accord.measurement.models import Deliverable
from accord.partnerships.timeline import timeline_of
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def make(cast, organization=None, **values) -> Deliverable:
    values = {"title": "Bridge curriculum", "due_on": TODAY + timedelta(days=10)} | values
    return services.deliverable_create(
        partnership=cast.own, organization_id=(organization or cast.partner).pk, **values
    )


class TestServices:
    def test_the_host_has_deliverables_too(self, cast):
        made = make(cast, organization=cast.host, title="Data-sharing template")
        assert made.organization == cast.host
        assert made.history.count() == 1

    def test_bad_input_names_each_field_and_writes_nothing(self, cast):
        stranger = OrganizationFactory()
        theirs = services_evidence.evidence_create(
            partnership=cast.other, title="Theirs", body="Text."
        )
        with pytest.raises(ValidationError) as error:
            services.deliverable_create(
                partnership=cast.own,
                organization_id=stranger.pk,
                title=" ",
                due_on="soon",
                status="delivered",
                evidence_ids=[theirs.pk],
            )
        assert error.value.message_dict == {
            "organization_id": ["Choose a current member organization of this partnership."],
            "title": ["Give the deliverable a title (a few words)."],
            "due_on": ["Give the date it is due."],
            "delivered_on": ["Give the date it was delivered."],
            "evidence_ids": [f"Evidence {theirs.pk} is not this partnership's (or is archived)."],
        }
        assert not Deliverable.objects.exists()

    def test_only_a_delivered_deliverable_has_a_date_delivered_and_not_in_the_future(self, cast):
        with pytest.raises(ValidationError) as error:
            make(cast, delivered_on=TODAY)
        assert list(error.value.message_dict) == ["delivered_on"]
        with pytest.raises(ValidationError) as error:
            make(cast, status="delivered", delivered_on=TODAY + timedelta(days=1))
        assert error.value.message_dict == {
            "delivered_on": ["It cannot be delivered on a day still to come."]
        }

    def test_reporting_delivery_with_evidence_then_moving_back_clears_the_date(self, cast):
        made = make(cast)
        story = services_evidence.evidence_create(partnership=cast.own, title="S", body="T.")
        services.deliverable_update(
            deliverable=made, status="delivered", delivered_on=TODAY, evidence_ids=[story.pk]
        )
        made.refresh_from_db()
        assert (made.status, made.delivered_on) == ("delivered", TODAY)
        assert list(made.evidence.all()) == [story]
        services.deliverable_update(deliverable=made, status="in_progress")
        made.refresh_from_db()
        assert (made.status, made.delivered_on) == ("in_progress", None)

    def test_a_stale_change_is_refused(self, cast):
        from accord.core.models import StaleRevision

        made = make(cast)
        read = Deliverable.objects.get(pk=made.pk)
        services.deliverable_update(deliverable=made, title="Renamed")
        read.expect_revision(read.revision)
        with pytest.raises(StaleRevision):
            services.deliverable_update(deliverable=read, title="Mine")
        made.refresh_from_db()
        assert made.title == "Renamed"


# --- Fulfilment ---------------------------------------------------------------------------------
def reference(rows, today):
    """The formula read plainly: (due so far, fulfilled) over (due_on, status, delivered_on)."""
    due = [r for r in rows if r[0] < today and r[1] != "cancelled"]
    kept = [r for r in due if r[1] == "delivered" and r[2] <= r[0]]
    return len(due), len(kept)


DAYS = st.integers(min_value=-40, max_value=40)


@st.composite
def deliverable_rows(draw):
    due = TODAY + timedelta(days=draw(DAYS))
    status = draw(st.sampled_from(Deliverable.Status.values))
    delivered = None
    if status == "delivered":
        delivered = min(TODAY, due + timedelta(days=draw(st.integers(-10, 10))))
    return due, status, delivered


class TestFulfilment:
    def test_deliverables_and_commitments_side_by_side_with_the_host_first(self, cast):
        leader = cast.people["leader"]
        make(
            cast,
            due_on=TODAY - timedelta(days=9),
            status="delivered",
            delivered_on=TODAY - timedelta(days=10),
        )
        make(cast, due_on=TODAY - timedelta(days=9), status="delivered", delivered_on=TODAY)
        late_open = make(cast, due_on=TODAY - timedelta(days=2), status="in_progress")
        make(cast, due_on=TODAY - timedelta(days=2), status="cancelled")
        make(cast, organization=cast.host, due_on=TODAY - timedelta(days=1), status="missed")
        for status, ends in (("kept", -5), ("not_kept", -5), ("in_progress", -1), ("kept", 5)):
            Commitment.objects.create(
                partnership=cast.own,
                person=leader,
                organization=cast.partner,
                kind="time",
                description=f"A {status} commitment",
                starts_on=TODAY - timedelta(days=30),
                ends_on=TODAY + timedelta(days=ends),
                status=status,
            )
        report = queries.fulfilment_of(cast.own)
        host, partner = report.rows
        assert host.organization == cast.host and host.is_host
        assert (host.deliverables_due, host.delivered_on_time, host.combined_percent) == (1, 0, 0)
        assert (partner.deliverables_due, partner.delivered_on_time) == (3, 1)
        assert (partner.commitments_due, partner.commitments_kept) == (3, 1)
        assert partner.combined_rate == Decimal(2) / Decimal(6)
        assert partner.combined_percent == 33
        assert [d.pk for d in report.overdue_deliverables] == [late_open.pk]
        assert [c.description for c in report.overdue_commitments] == ["A in_progress commitment"]

    def test_nothing_due_yet_has_no_rate(self, cast):
        make(cast)
        report = queries.fulfilment_of(cast.own)
        assert all(row.combined_rate is None for row in report.rows)

    @settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(rows=st.lists(deliverable_rows(), max_size=12))
    def test_the_rate_is_the_formula_whatever_the_deliverables(self, cast, rows):
        Deliverable.objects.filter(partnership=cast.own).delete()
        Deliverable.objects.bulk_create(
            Deliverable(
                partnership=cast.own,
                organization=cast.partner,
                title=f"D{index}",
                due_on=due,
                status=status,
                delivered_on=delivered,
            )
            for index, (due, status, delivered) in enumerate(rows)
        )
        row = next(r for r in queries.fulfilment_of(cast.own).rows if not r.is_host)
        due, kept = reference(rows, TODAY)
        assert (row.deliverables_due, row.delivered_on_time) == (due, kept)
        if due == 0:
            assert row.deliverable_rate is None
        else:
            assert row.deliverable_rate == Decimal(kept) / Decimal(due)
            assert 0 <= row.deliverable_rate <= 1
            assert 0 <= row.deliverable_percent <= 100
        overdue = sum(1 for d, s, _ in rows if s in ("planned", "in_progress") and d < TODAY)
        assert row.deliverables_overdue == overdue


class TestWaitingAndTimeline:
    def test_an_overdue_deliverable_waits_for_its_organizations_people_who_add_records(self, cast):
        overdue = make(cast, due_on=TODAY - timedelta(days=3))
        make(cast, organization=cast.host, due_on=TODAY - timedelta(days=3), title="Host's")
        items = [i for i in waiting_for(cast.users["contributor"]) if "deliverable" in i.kind]
        assert [(i.kind, i.url) for i in items] == [
            ("measurement.deliverable.overdue", overdue.get_absolute_url())
        ]
        viewer_items = waiting_for(cast.users["viewer"])
        assert not [i for i in viewer_items if "deliverable" in i.kind]
        services.deliverable_update(deliverable=overdue, status="delivered", delivered_on=TODAY)
        assert not [i for i in waiting_for(cast.users["contributor"]) if "deliverable" in i.kind]

    def test_an_overdue_deliverable_shows_on_the_partnership_timeline(self, cast):
        overdue = make(cast, due_on=TODAY - timedelta(days=3), title="Mentor roster")
        make(cast, due_on=TODAY + timedelta(days=3), title="Not yet due")
        entries = [
            e for e in timeline_of(cast.own, cast.users["viewer"]) if "Deliverable" in e.label
        ]
        assert [(e.title, e.url) for e in entries] == [
            ("Mentor roster was due", overdue.get_absolute_url())
        ]
        assert entries[0].when.date() == overdue.due_on


class TestPages:
    def test_the_page_costs_the_same_queries_at_two_sizes(self, client, cast):
        client.force_login(cast.users["viewer"])
        url = reverse("measurement:deliverables", args=[cast.own.pk])
        counts = []
        for n in (2, 8):
            while Deliverable.objects.count() < n:
                index = Deliverable.objects.count()
                make(
                    cast,
                    organization=cast.host if index % 2 else cast.partner,
                    title=f"Deliverable {index}",
                    due_on=TODAY - timedelta(days=index),
                )
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            assert response.status_code == 200
            counts.append(len(captured))
        assert counts[0] == counts[1], counts
        body = response.content.decode()
        assert "Host Society" in body and "Partner University" in body
        assert "Fulfilment = (deliverables delivered on or before their due date" in body

    def test_the_delivering_organizations_contributor_reports_but_does_not_edit(self, client, cast):
        made = make(cast, due_on=TODAY - timedelta(days=1))
        client.force_login(cast.users["contributor"])
        edit = reverse("measurement:deliverable-edit", args=[cast.own.pk, made.pk])
        assert client.get(edit).status_code == 403
        report = reverse("measurement:deliverable-report", args=[cast.own.pk, made.pk])
        response = client.post(
            report,
            {
                "status": "delivered",
                "delivered_on": TODAY.isoformat(),
                "read_revision": made.revision,
            },
        )
        assert response.status_code == 302
        made.refresh_from_db()
        assert made.status == "delivered"

    def test_a_host_deliverable_is_reported_by_a_steward_not_by_the_partners_contributor(
        self, client, cast
    ):
        made = make(cast, organization=cast.host)
        client.force_login(cast.users["contributor"])
        report = reverse("measurement:deliverable-report", args=[cast.own.pk, made.pk])
        assert client.post(report, {"status": "in_progress"}).status_code == 403
        client.force_login(cast.users["steward"])
        assert client.post(report, {"status": "in_progress"}).status_code == 302


class TestApi:
    def test_fulfilment_and_a_report_by_patch(self, client, cast):
        made = make(cast, due_on=TODAY - timedelta(days=1))
        client.force_login(cast.users["contributor"])
        base = f"/api/v1/partnerships/{cast.own.pk}"
        fulfilment = client.get(base + "/fulfilment").json()
        assert [row["organization"]["name"] for row in fulfilment["organizations"]] == [
            "Host Society",
            "Partner University",
        ]
        assert fulfilment["overdue"][0]["id"] == made.pk
        one = f"{base}/deliverables/{made.pk}"
        renamed = client.patch(one, json.dumps({"title": "Mine"}), content_type="application/json")
        assert renamed.status_code == 403
        reported = client.patch(
            one,
            json.dumps({"status": "delivered", "delivered_on": TODAY.isoformat()}),
            content_type="application/json",
        )
        assert reported.status_code == 200, reported.content
        assert reported.json()["overdue"] is False

    def test_bad_input_answers_422_naming_the_field(self, client, cast):
        client.force_login(cast.users["steward"])
        response = client.post(
            f"/api/v1/partnerships/{cast.own.pk}/deliverables",
            json.dumps(
                {
                    "organization_id": OrganizationFactory().pk,
                    "title": "X",
                    "due_on": date(2026, 1, 1).isoformat(),
                }
            ),
            content_type="application/json",
        )
        assert response.status_code == 422
        assert [e["field"] for e in response.json()["errors"]] == ["organization_id"]
        assert not Deliverable.objects.exists()
