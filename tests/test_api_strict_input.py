"""Strict input: JSON bodies are application/json objects, dates are ISO 8601 strings, and every
operation's input keeps to both (accord/core/api_input.py, accord/core/schemas.py)."""

import json
import typing
from datetime import date, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pydantic import BaseModel, ValidationError

from accord.accounts.services import token_create
from accord.api import api
from accord.core.schemas import InputSchema, IsoDate, IsoDateTime
from accord.leadership.models import Mou, MouVersion
from tests.pdfs import PLAIN_PDF

API = "/api/v1/partnerships"


def mous(cast):
    return f"{API}/{cast.own.pk}/mous"


def rows():
    return Mou.objects.count(), MouVersion.objects.count()


@pytest.mark.django_db
class TestJsonBodies:
    @pytest.fixture
    def token(self, cast):
        return token_create(user=cast.users["steward"], name="strict input")[1]

    @pytest.mark.parametrize(
        "content_type", ["text/plain", "application/x-www-form-urlencoded", "application/xml", ""]
    )
    def test_a_json_body_sent_as_another_type_is_refused_with_415(
        self, cast, client, token, content_type
    ):
        before = rows()
        response = client.post(
            mous(cast),
            json.dumps({"title": "Sent as text"}),
            content_type=content_type,
            headers={"Authorization": f"Bearer {token}"},
        )
        assert response.status_code == 415
        body = response.json()
        assert "application/json" in body["detail"]
        assert [e["field"] for e in body["errors"]] == ["body"]
        assert rows() == before

    def test_a_charset_parameter_is_fine(self, cast, client, token):
        response = client.post(
            mous(cast),
            json.dumps({"title": "With a charset"}),
            content_type="application/json; charset=utf-8",
            headers={"Authorization": f"Bearer {token}"},
        )
        assert response.status_code == 201

    @pytest.mark.parametrize("body", ["[]", "42", "[null]", '"text"', "null", "true"])
    def test_a_body_that_is_not_an_object_is_refused_naming_the_body(self, cast, client, body):
        client.force_login(cast.users["steward"])
        before = rows()
        response = client.post(mous(cast), body, content_type="application/json")
        assert response.status_code == 422
        assert response.json()["errors"] == [{"field": "body", "message": "Send a JSON object."}]
        assert rows() == before

    def test_a_nested_value_that_is_not_an_object_is_refused_naming_it(self, cast, client):
        client.force_login(cast.users["steward"])
        response = client.post(
            f"{API}/{cast.own.pk}/learning",
            json.dumps({"title": "Course", "completed_on": "2026-01-05", "hours": 2}),
            content_type="application/json",
        )
        assert response.status_code == 201
        patch = client.patch(
            f"{mous(cast)}/0/versions/1",
            json.dumps({"sections": [42, []]}),
            content_type="application/json",
        )
        assert patch.status_code == 404  # no such MOU: access first
        version = client.post(mous(cast), "{}", content_type="application/json").json()
        response = client.patch(
            f"{mous(cast)}/{version['id']}/versions/1",
            json.dumps({"sections": [42, []]}),
            content_type="application/json",
        )
        assert response.status_code == 422
        assert response.json()["errors"] == [
            {"field": "sections.0", "message": "Send a JSON object."},
            {"field": "sections.1", "message": "Send a JSON object."},
        ]

    def test_a_body_that_is_not_json_is_a_400_in_the_error_shape(self, cast, client):
        client.force_login(cast.users["steward"])
        response = client.post(mous(cast), "{title: 'x'}", content_type="application/json")
        assert response.status_code == 400
        assert response.json()["errors"][0]["field"] == "body"
        assert "not valid JSON (line 1, column 2)" in response.json()["detail"]

    def test_a_missing_body_is_named(self, cast, client):
        client.force_login(cast.users["steward"])
        response = client.post(mous(cast), "", content_type="application/json")
        assert response.status_code == 422
        assert response.json()["errors"] == [{"field": "body", "message": "Field required"}]


@pytest.mark.django_db
class TestDates:
    @pytest.mark.parametrize(
        "value",
        [
            *(0, 1_700_000_000, 20260105.0, True, [2026, 1, 5]),
            *("0", "1700000000", "2026-1-5", "20260105", "2026-01-05T00:00:00", "05/01/2026"),
        ],
    )
    def test_a_date_that_is_not_an_iso_string_is_refused_naming_the_field(
        self, cast, client, value
    ):
        client.force_login(cast.users["steward"])
        before = rows()
        response = client.post(
            mous(cast), json.dumps({"effective_on": value}), content_type="application/json"
        )
        assert response.status_code == 422
        (error,) = response.json()["errors"]
        assert error["field"] == "effective_on"
        assert "YYYY-MM-DD" in error["message"]
        assert rows() == before

    def test_an_impossible_day_is_refused(self, cast, client):
        client.force_login(cast.users["steward"])
        response = client.post(
            mous(cast), json.dumps({"effective_on": "2026-02-30"}), content_type="application/json"
        )
        assert response.json()["errors"] == [
            {
                "field": "effective_on",
                "message": "There is no such day: give a real date as YYYY-MM-DD.",
            }
        ]

    def test_an_iso_date_is_taken(self, cast, client):
        client.force_login(cast.users["steward"])
        response = client.post(
            mous(cast),
            json.dumps({"effective_on": "2026-01-05", "expires_on": "2028-01-05"}),
            content_type="application/json",
        )
        assert response.status_code == 201
        version = MouVersion.objects.get(mou_id=response.json()["id"])
        assert (version.effective_on, version.expires_on) == (date(2026, 1, 5), date(2028, 1, 5))

    def test_form_dates_are_iso_strings_too(self, cast, client):
        client.force_login(cast.users["steward"])
        before = rows()
        response = client.post(
            f"{mous(cast)}/upload",
            {
                "title": "Signed on paper",
                "effective_on": "0",
                "file": SimpleUploadedFile("mou.pdf", PLAIN_PDF, content_type="application/pdf"),
            },
        )
        assert response.status_code == 422
        assert [e["field"] for e in response.json()["errors"]] == ["effective_on"]
        assert rows() == before

    def test_a_moment_needs_its_utc_offset(self):
        class Moment(InputSchema):
            at: IsoDateTime

        utc = Moment.model_validate({"at": "2026-03-31T14:30:00Z"}).at
        assert utc == datetime.fromisoformat("2026-03-31T14:30:00+00:00")
        paris = Moment.model_validate({"at": "2026-03-31T16:30+02:00"}).at
        assert paris == utc and paris.utcoffset().seconds == 7200
        for wrong in ["2026-03-31T14:30:00", "2026-03-31", 1_700_000_000, "2026-02-30T10:00Z"]:
            with pytest.raises(ValidationError):
                Moment.model_validate({"at": wrong})


# --- Every operation keeps to the rules ---------------------------------------------------------
def _types(annotation) -> typing.Iterator:
    """Every type inside an annotation: in unions, lists and `Annotated`."""
    yield annotation
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) is typing.Annotated:
        args = args[:1]
    for arg in args:
        yield from _types(arg)


def input_models() -> dict[type, str]:
    """Every model an operation's input is validated with, each with where it was found."""
    found: dict[type, str] = {}

    def visit(model, where):
        if model in found:
            return
        found[model] = where
        for name, field in model.model_fields.items():
            for tp in _types(field.annotation):
                if isinstance(tp, type) and issubclass(tp, BaseModel):
                    visit(tp, f"{where}.{name}")

    for path, path_view in _path_views():
        for operation in path_view.operations:
            for model in operation.models:
                visit(model, f"{operation.methods[0]} {path} ({model.__ninja_param_source__})")
    return found


def _path_views():
    for router in api._get_bound_routers():
        yield from router.path_operations.items()


def date_fields():
    for model, where in input_models().items():
        for name, field in model.model_fields.items():
            if any(tp in (date, datetime) for tp in _types(field.annotation)):
                yield model, name, where


def test_every_input_schema_takes_only_objects():
    loose = sorted(
        where
        for model, where in input_models().items()
        if not issubclass(model, InputSchema) and model.__module__.startswith("accord")
    )
    assert not loose, f"Input models that are not InputSchema: {loose}"


def test_every_date_input_refuses_a_number():
    fields = list(date_fields())
    assert len(fields) >= 15  # members, MOUs and their upload, learning, commitments
    for model, name, where in fields:
        with pytest.raises(ValidationError) as refused:
            model.model_validate({name: 0})
        errors = [e for e in refused.value.errors() if e["loc"][:1] == (name,)]
        assert errors and errors[0]["type"] in ("iso_date", "iso_datetime"), f"{where}.{name}"


def test_iso_types_keep_their_openapi_formats():
    class Dates(InputSchema):
        day: IsoDate
        at: IsoDateTime | None = None

    properties = Dates.model_json_schema()["properties"]
    assert properties["day"] == {"format": "date", "title": "Day", "type": "string"}
    assert {"format": "date-time", "type": "string"} in properties["at"]["anyOf"]


def test_the_schema_documents_415_for_json_bodies_only():
    schema = api.get_openapi_schema()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            takes_json = "application/json" in operation.get("requestBody", {}).get("content", {})
            assert (415 in operation["responses"]) == takes_json, f"{method} {path}"
