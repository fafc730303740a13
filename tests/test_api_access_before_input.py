"""Access before input: whoever may not use an operation learns that, not what is wrong with the
input they sent (404 for an outsider and on another partnership, 403 for a member without the
right), for every write operation of the API; whoever may use it gets the input error.

The cases come from the access matrix (tests/matrix): each route builds its own URL on either side
and says what each actor gets. The mechanism itself (accord/core/api_input.py) is tested on a small
API of its own below, for what the real routes never do.
"""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.urls import path
from ninja import File, NinjaAPI
from ninja.files import UploadedFile

from accord.api import api
from accord.core.access import get_visible_or_404
from accord.core.api_errors import install_error_handlers
from accord.core.api_input import install_strict_input
from accord.core.schemas import InputSchema
from accord.partnerships.models import Partnership
from tests.matrix import PUBLIC, SIGNED_IN, all_routes

REFUSALS = frozenset({403, 404})
WRITES = [
    route
    for route in all_routes()
    if route.api and route.method in ("POST", "PUT", "PATCH", "DELETE")
]
SCHEMA = api.get_openapi_schema()
# Who may use a route, to show that the same input is refused as input when access is granted.
ALLOWED_ORDER = ("steward", "project_director", "leader", "contributor", "stakeholder", "admin")


def request_body(route) -> dict:
    operation = SCHEMA["paths"][route.key.split(" ", 1)[1]][route.method.lower()]
    return operation.get("requestBody", {}).get("content", {})


def json_properties(route) -> list[str]:
    schema = request_body(route)["application/json"]["schema"]
    if "$ref" in schema:
        schema = SCHEMA["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return list(schema.get("properties", {}))


def invalid_requests(route) -> dict:
    """Name -> keyword arguments for client.generic: input this operation cannot accept."""
    content = request_body(route)
    if "multipart/form-data" in content:
        form = {
            "effective_on": "2026-13-45",
            "file": SimpleUploadedFile("mou.pdf", b"<html></html>", content_type="text/html"),
        }
        return {"invalid form": {"data": form}}
    kinds = {
        "not an object": {"data": "[]", "content_type": "application/json"},
        "not JSON": {"data": '{"title": "x"}', "content_type": "text/plain"},
    }
    if "application/json" in content:
        wrong = {name: [[]] for name in json_properties(route)}
        kinds["wrong types"] = {"data": json.dumps(wrong), "content_type": "application/json"}
    return kinds


def send(client, route, url, kwargs):
    if "content_type" in kwargs:
        return client.generic(route.method, url, kwargs["data"], kwargs["content_type"])
    return client.post(url, kwargs["data"])


# Each route is sent bad input by callers who may not use it (an outsider and a viewer on the
# actors' own partnership, a steward on another one) and by the first actor the policy lets use it.
ALLOWED = "allowed"
CALLERS = (("outsider", "own"), ("viewer", "own"), ("steward", "other"), (ALLOWED, "own"))


def cases():
    for route in WRITES:
        if route.access in (PUBLIC, SIGNED_IN) and not request_body(route):
            continue  # open to everyone signed in, and it reads nothing that could be invalid
        for actor, side in CALLERS:
            if side == "other" and not route.scoped:
                continue
            if actor == ALLOWED and not request_body(route):
                continue  # nothing is read from the body, so nothing in it can be invalid
            kinds = list(invalid_requests(route))
            if actor != ALLOWED:
                # A refusal does not depend on what the body holds: each refused caller sends
                # one kind of bad input, a different one each (the allowed caller sends them all),
                # which halves the cases; the mechanism itself is tested on every kind below.
                kinds = [kinds[CALLERS.index((actor, side)) % len(kinds)]]
            for kind in kinds:
                yield pytest.param(route, actor, side, kind, id=f"{route}|{actor}|{side}|{kind}")


@pytest.mark.django_db
class TestEveryWriteOperation:
    @pytest.mark.parametrize(("route", "actor", "side", "kind"), list(cases()))
    def test_access_is_answered_before_the_input(self, cast, client, route, actor, side, kind):
        target = route.build(cast, side)
        if actor == ALLOWED:
            actor = next(
                (
                    a
                    for a in ALLOWED_ORDER
                    if not route.expected(a, cast.users[a], target.obj) & REFUSALS
                ),
                None,
            )
            assert actor is not None, f"{route}: no actor in the matrix may use it"
        # The policy's answer, asked before the request.
        expected = route.expected(actor, cast.users[actor], target.obj)
        client.force_login(cast.users[actor])
        response = send(client, route, target.url, invalid_requests(route)[kind])
        if expected <= REFUSALS:
            assert response.status_code in expected, (
                f"{route} as {actor} on the {side} partnership with {kind}: got "
                f"{response.status_code}, expected {sorted(expected)}\n{response.content[:300]!r}"
            )
            assert response.json()["detail"]
        elif not request_body(route):
            # The operation reads no body: what was sent is ignored, and the call succeeds.
            assert response.status_code in route.ok, f"{route} as {actor} with {kind}"
        else:
            input_error = {"not JSON": 415}.get(kind, 422)
            assert response.status_code == input_error, (
                f"{route} as {actor} with {kind}: got {response.status_code}\n"
                f"{response.content[:300]!r}"
            )
            assert response.json()["errors"]

    def test_every_write_operation_of_the_schema_is_covered(self):
        operations = {
            f"{method.upper()} {path}"
            for path, methods in SCHEMA["paths"].items()
            for method in methods
            if method != "get"
        }
        assert {route.key for route in WRITES} == operations
        tried = {str(case.values[0]) for case in cases()}
        untried = {str(route) for route in WRITES} - tried
        # Only an operation without a body that every signed-in user may use has nothing to show.
        assert untried == {"POST POST /api/v1/notifications/read-all"}


# --- The mechanism, on an API of its own --------------------------------------------------------
class NameIn(InputSchema):
    name: str


probe = NinjaAPI(urls_namespace="access-before-input-test", auth=None)
install_error_handlers(probe)
install_strict_input(probe)


def _own(request, partnership_id):
    return get_visible_or_404(request.user, Partnership.objects, pk=partnership_id)


@probe.post("/checks-first/{partnership_id}")
def checks_first(request, partnership_id: int, payload: NameIn):
    _own(request, partnership_id)
    return {"name": payload.name}


@probe.post("/reads-first/{partnership_id}")
def reads_first(request, partnership_id: int, payload: NameIn):
    name = payload.name
    _own(request, partnership_id)
    return {"name": name}


@probe.post("/looks-up-input/{partnership_id}")
def looks_up_input(request, partnership_id: int, payload: NameIn):
    # The input itself is used to find the object: its 404 is about the input, not access.
    get_visible_or_404(request.user, Partnership.objects, title=payload)
    return {}


@probe.post("/writes-then-refuses/{partnership_id}")
def writes_then_refuses(request, partnership_id: int, payload: NameIn):
    Partnership.objects.filter(pk=partnership_id).update(title="Written while looking")
    raise Http404("Not found.")


@probe.post("/with-a-file")
def with_a_file(request, payload: NameIn, file: File[UploadedFile]):
    return {"name": payload.name, "size": file.size}


urlpatterns = [path("probe/", probe.urls)]


@pytest.mark.django_db
@pytest.mark.urls(__name__)
class TestTheMechanism:
    def post(self, client, route, partnership, body):
        return client.post(f"/probe/{route}/{partnership.pk}", body, "application/json")

    def test_a_refusal_before_the_input_is_read_is_the_answer(self, cast, client):
        client.force_login(cast.users["outsider"])
        assert self.post(client, "checks-first", cast.own, "[]").status_code == 404
        assert self.post(client, "checks-first", cast.own, '{"name": 5}').status_code == 404
        client.force_login(cast.users["viewer"])
        response = self.post(client, "checks-first", cast.own, '{"name": 5}')
        assert response.status_code == 422
        assert response.json()["errors"] == [
            {"field": "name", "message": "Input should be a valid string"}
        ]

    def test_a_refusal_after_the_input_is_read_leaves_the_input_error(self, cast, client):
        client.force_login(cast.users["outsider"])
        assert self.post(client, "reads-first", cast.own, '{"name": 5}').status_code == 422
        assert self.post(client, "looks-up-input", cast.own, '{"name": 5}').status_code == 422

    def test_nothing_the_view_writes_while_looking_is_kept(self, cast, client):
        client.force_login(cast.users["steward"])
        response = self.post(client, "writes-then-refuses", cast.own, "[]")
        assert response.status_code == 404
        cast.own.refresh_from_db()
        assert cast.own.title == "Own partnership"

    def test_valid_input_runs_the_view_once(self, cast, client):
        client.force_login(cast.users["viewer"])
        response = self.post(client, "checks-first", cast.own, '{"name": "Ada"}')
        assert response.status_code == 200 and response.json() == {"name": "Ada"}

    def test_json_beside_a_file_in_a_multipart_body_is_read(self, cast, client):
        client.force_login(cast.users["viewer"])
        file = SimpleUploadedFile("a.txt", b"four")
        response = client.post("/probe/with-a-file", {"payload": '{"name": "Ada"}', "file": file})
        assert response.status_code == 200 and response.json() == {"name": "Ada", "size": 4}
