"""The MOU template API (L5): reads for everyone signed in, writes for platform administrators,
section text checked on save (422 naming the section), and a query budget for the lists."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accord.leadership.models import MouTemplate, MouTemplateSection
from accord.leadership.queries.templates import default_template
from tests.matrix.leadership_templates import make_template

pytestmark = pytest.mark.django_db
API = "/api/v1/mou-templates"


def call(client, method, address, body=None):
    data = json.dumps(body) if body is not None else ""
    return client.generic(method, address, data, content_type="application/json")


def field_errors(response) -> dict:
    return {error["field"]: error["message"] for error in response.json()["errors"]}


def counts():
    return MouTemplate.objects.count(), MouTemplateSection.objects.count()


class TestTemplatesApi:
    def test_read_the_default(self, cast, client):
        client.force_login(cast.users["viewer"])
        body = client.get(API).json()
        assert body["items"][0]["is_default"] is True and body["items"][0]["sections_count"] == 12
        detail = client.get(f"{API}/{default_template().pk}").json()
        assert [s["key"] for s in detail["sections"]][:3] == [
            "parties",
            "purpose",
            "vision-and-values",
        ]

    def test_create_with_a_broken_section_writes_nothing(self, cast, client):
        client.force_login(cast.users["admin"])
        before = counts()
        response = call(
            client,
            "POST",
            API,
            {
                "name": "Broken",
                "sections": [
                    {"heading": "Fine", "body": "Fine."},
                    {"heading": "Loads", "body": "{% load static %}"},
                ],
            },
        )
        assert response.status_code == 422
        assert field_errors(response)["sections.1.body"].startswith(
            "The text of the section “Loads” has an error: Line 1: the tag “load” is not allowed."
        )
        assert counts() == before

    def test_sections_crud_and_move(self, cast, client):
        client.force_login(cast.users["admin"])
        template = make_template(sections=2)
        response = call(
            client,
            "POST",
            f"{API}/{template.pk}/sections",
            {"heading": "Publicity", "body": "Ask first."},
        )
        assert response.status_code == 201 and response.json()["key"] == "publicity"
        section_id = response.json()["id"]
        response = call(
            client,
            "PATCH",
            f"{API}/{template.pk}/sections/{section_id}",
            {"position": 1, "body": "Ask in writing first."},
        )
        assert (response.json()["position"], response.json()["body"]) == (
            1,
            "Ask in writing first.",
        )
        response = call(
            client,
            "PATCH",
            f"{API}/{template.pk}/sections/{section_id}",
            {"body": "{% if %}x{% endif %}"},
        )
        assert response.status_code == 422 and "“Publicity”" in field_errors(response)["body"]
        assert (
            call(client, "DELETE", f"{API}/{template.pk}/sections/{section_id}").status_code == 204
        )
        assert template.sections.count() == 2

    def test_default_and_archive_rules(self, cast, client):
        client.force_login(cast.users["admin"])
        default = default_template()
        response = call(client, "PATCH", f"{API}/{default.pk}", {"is_default": False})
        assert response.status_code == 422
        response = call(client, "POST", f"{API}/{default.pk}/archive")
        assert response.status_code == 422 and "is_default" in field_errors(response)
        other = make_template()
        assert call(client, "PATCH", f"{API}/{other.pk}", {"is_default": True}).json()["is_default"]
        default.refresh_from_db()
        assert default.is_default is False

    def test_writes_are_for_administrators(self, cast, client):
        client.force_login(cast.users["steward"])
        response = call(client, "POST", API, {"name": "Mine"})
        assert response.status_code == 403
        assert response.json()["detail"] == "Only platform administrators may change MOU templates."

    def test_list_budget(self, cast, client):
        client.force_login(cast.users["viewer"])

        def cost(n):
            for _ in range(MouTemplate.objects.count(), n):
                make_template(sections=1)
            with CaptureQueriesContext(connection) as captured:
                assert client.get(API, {"page_size": 100}).status_code == 200
            return len(captured)

        assert cost(5) == cost(50)
