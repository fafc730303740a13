"""Planning and design bodies (R2) end to end: seats, meetings with attendance and contributions,
the representation analysis on the page and in the API with evidence and next actions; bad input
names the field and writes nothing; constant query counts at two sizes."""

import json
from datetime import date, timedelta

import pytest
from django.urls import reverse

from accord.directory.services_groups import group_create
from accord.relationships.models import Attendance, Body, BodyMeeting, Contribution, Seat
from accord.relationships.services import affected_group_add
from accord.relationships.services_bodies import (
    ContributionEntry,
    body_create,
    meeting_record,
    seat_add,
)

pytestmark = pytest.mark.django_db
START = date(2026, 1, 5)


def call(client, method, address, body=None):
    data = json.dumps(body) if body is not None else ""
    return client.generic(method, address, data, content_type="application/json")


def field_errors(response) -> dict:
    return {error["field"]: error["message"] for error in response.json()["errors"]}


def counts():
    return tuple(m.objects.count() for m in (Body, Seat, BodyMeeting, Attendance, Contribution))


def committee(cast, staff_seats=5):
    """A committee where a community holds one seat with no vote and never speaks."""
    tribal = group_create(name="Tribal community", reference_share="0.2")
    affected_group_add(partnership=cast.own, group=tribal)
    body = body_create(partnership=cast.own, name="Planning committee")
    staff = [
        seat_add(body=body, person=cast.people[role], since=START)
        for role in ("viewer", "stakeholder", "contributor", "leader", "project_director")[
            :staff_seats
        ]
    ]
    community = seat_add(
        body=body, person=cast.people["steward"], since=START, votes=False, group=tribal
    )
    for i in range(4):
        meeting_record(
            body=body,
            held_on=START + timedelta(days=14 * i + 1),
            present={s.pk for s in staff} | {community.pk},
            contributions=[ContributionEntry(staff[0].pk, "proposal", "Evening meetings")],
        )
    return body, community, tribal


class TestBodies:
    def test_the_body_page_flags_a_lone_seat_without_a_vote_never_heard(self, cast, client):
        body, _, _ = committee(cast)
        client.force_login(cast.users["viewer"])
        page = client.get(reverse("relationships:body-detail", args=[cast.own.pk, body.pk]))
        text = page.content.decode()
        assert "Tribal community hold a single seat: a lone representative." in text
        assert "Tribal community hold 1 seat(s) and no vote." in text
        assert "no recorded contribution in its last 3 attended meetings" in text
        assert "Next action:" in text and "Evidence: meetings of" in text
        assert "Kanter (1977)" in text and "Rose index" in text
        assert "Add a seat" not in text  # a viewer only reads
        listing = client.get(reverse("relationships:bodies", args=[cast.own.pk])).text
        assert "Planning committee" in listing and "flags" in listing

    def test_the_api_gives_figures_flags_and_evidence(self, cast, client):
        body, community, _ = committee(cast)
        client.force_login(cast.users["viewer"])
        detail = call(client, "GET", f"/api/v1/partnerships/{cast.own.pk}/bodies/{body.pk}")
        assert detail.status_code == 200
        data = detail.json()
        assert data["groups"][0]["seats"] == 1 and data["groups"][0]["band"] == "tilted"
        kinds = {(f["kind"], f["level"]) for f in data["flags"]}
        assert {("lone", "flag"), ("no_vote", "flag"), ("never_heard", "flag")} <= kinds
        heard = next(f for f in data["flags"] if f["kind"] == "never_heard")
        assert heard["seat_id"] == community.pk and len(heard["evidence"]) == 3
        assert 0 <= data["rose_index"] <= 1 and 0 <= data["expected_rose_index"] <= 1

    def test_a_steward_sets_up_a_body_seats_and_records_a_meeting(self, cast, client):
        client.force_login(cast.users["steward"])
        response = client.post(
            reverse("relationships:body-create", args=[cast.own.pk]),
            {"name": "Design working group", "kind": "working_group"},
        )
        body = Body.objects.get(name="Design working group")
        assert response.status_code == 302
        url = reverse("relationships:seat-add", args=[cast.own.pk, body.pk])
        response = client.post(
            url, {"person": cast.people["leader"].pk, "since": "2026-02-01", "votes": "on"}
        )
        assert response.status_code == 302
        seat = Seat.objects.get(body=body)
        response = client.post(
            reverse("relationships:meeting-add", args=[cast.own.pk, body.pk]),
            {
                "held_on": date.today().isoformat(),
                "present": [seat.pk],
                "contribution_seat": seat.pk,
                "contribution_kind": "agenda_item",
                "contribution_note": "Led the site visit.",
            },
        )
        assert response.status_code == 302
        meeting = BodyMeeting.objects.get(body=body)
        assert Attendance.objects.get(meeting=meeting).present
        assert Contribution.objects.get(meeting=meeting).kind == "agenda_item"
        for record in (body, seat, meeting):
            assert record.history.first().history_user == cast.users["steward"]
        response = client.post(
            reverse("relationships:seat-end", args=[cast.own.pk, body.pk, seat.pk]),
            {"until": "2026-01-01"},
            follow=True,
        )
        assert "cannot be before the start date" in response.text
