"""Planning and design bodies (R2): bad input names the field and writes nothing; pages and API
cost the same queries at two sizes."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accord.directory.services_groups import group_create
from accord.relationships.services_bodies import (
    body_create,
    meeting_record,
    seat_add,
)
from tests.factories import PersonFactory, RoleFactory
from tests.relationships.test_bodies import START, call, committee, counts, field_errors

pytestmark = pytest.mark.django_db


class TestBodiesInput:
    def test_bad_input_names_the_field_and_writes_nothing(self, cast, client):
        body, community, _ = committee(cast)
        client.force_login(cast.users["steward"])
        base = f"/api/v1/partnerships/{cast.own.pk}/bodies/{body.pk}"
        before = counts()
        # A seat for a person outside the body's partnership.
        outsider = cast.people["outsider"]
        response = call(
            client, "POST", f"{base}/seats", {"person_id": outsider.pk, "since": "2026-01-01"}
        )
        assert response.status_code == 422 and "person_id" in field_errors(response)
        # Dates out of order.
        response = call(
            client,
            "POST",
            f"{base}/seats",
            {"person_id": cast.people["leader"].pk, "since": "2026-03-01", "until": "2026-02-01"},
        )
        assert response.status_code == 422 and "until" in field_errors(response)
        # A group the partnership does not name as affected.
        other = group_create(name="Not named")
        response = call(
            client,
            "POST",
            f"{base}/seats",
            {"person_id": cast.people["leader"].pk, "since": "2026-03-01", "group_id": other.pk},
        )
        assert response.status_code == 422 and "group_id" in field_errors(response)
        before = counts()
        # A seat that is not the body's, and a contribution by someone absent.
        response = call(
            client,
            "POST",
            f"{base}/meetings",
            {"held_on": "2026-05-01", "present": [999999]},
        )
        assert response.status_code == 422 and "present" in field_errors(response)
        response = call(
            client,
            "POST",
            f"{base}/meetings",
            {
                "held_on": "2026-05-01",
                "present": [],
                "contributions": [{"seat_id": community.pk, "kind": "comment"}],
            },
        )
        assert response.status_code == 422 and "contributions" in field_errors(response)
        response = call(client, "POST", f"{base}/meetings", {"held_on": "2026-02-30"})
        assert response.status_code == 422 and "held_on" in str(response.json())
        assert counts() == before

    def test_pages_and_api_cost_the_same_queries_at_two_sizes(self, cast, client):
        body, _, tribal = committee(cast, staff_seats=2)
        client.force_login(cast.users["steward"])
        urls = [
            reverse("relationships:bodies", args=[cast.own.pk]),
            reverse("relationships:body-detail", args=[cast.own.pk, body.pk]),
            f"/api/v1/partnerships/{cast.own.pk}/bodies",
            f"/api/v1/partnerships/{cast.own.pk}/bodies/{body.pk}",
        ]

        def measure():
            result = []
            for url in urls:
                with CaptureQueriesContext(connection) as captured:
                    assert client.get(url).status_code == 200
                result.append(len(captured))
            return result

        small = measure()
        extra = body_create(partnership=cast.own, name="Second body")
        seats = []
        for _ in range(6):
            person = PersonFactory(organization=cast.partner)
            RoleFactory(partnership=cast.own, person=person, role="contributor")
            seats.append(seat_add(body=body, person=person, since=START, group=tribal))
            seat_add(body=extra, person=person, since=START)
        for i in range(6):
            meeting_record(
                body=body, held_on=START + timedelta(days=100 + i), present={s.pk for s in seats}
            )
        assert measure() == small
