"""ETags and If-Match in the API, for every kind of object it changes.

Every object answers with an ETag (its revision). A PUT, PATCH or DELETE with a stale If-Match
is refused with 412 and changes nothing; with the current one it is applied and the answer
carries the new ETag; with ACCORD_REQUIRE_IF_MATCH on, a write without If-Match gets 428.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from accord.directory.models import CultureProfile
from accord.partnerships.models import Partnership
from tests.test_stale_edits import (
    _announcement,
    _charter,
    _commitment,
    _criterion,
    _culture_profile,
    _learning,
    _membership,
    _mou_term,
    _organization,
    _partnership,
    _person,
    _rubric,
    _scores,
    _template,
    _template_section,
)

pytestmark = pytest.mark.django_db

API = "/api/v1"


@dataclass
class Case:
    build: Callable  # (cast) -> record
    path: Callable  # (cast, record) -> the object's API path
    method: str
    body: dict
    changed: Callable  # (record) -> True once the write is applied
    get: Callable | None = None  # the GET path when it is not the write's own
    user: str = "admin"
    fields: list[str] = field(default_factory=list)  # named in a 412 after the change


def _fresh(record):
    return type(record)._base_manager.get(pk=record.pk)


def _record(builder):
    return lambda cast: builder(cast)[0]


def _mou_path(cast, version):
    return f"{API}/partnerships/{cast.own.pk}/mous/{version.mou_id}/versions/{version.number}"


def _scores_body(cast, score):
    criteria = score.assessor.assessment.rubric.criteria.all()
    return {"scores": [{"criterion_id": c.pk, "score": 2, "note": "Again."} for c in criteria]}


CASES = {
    "partnership": Case(
        _record(_partnership),
        lambda cast, p: f"{API}/partnerships/{p.pk}",
        "PATCH",
        {"purpose": "By the API."},
        lambda p: _fresh(p).purpose == "By the API.",
        fields=["purpose"],
    ),
    "membership": Case(
        _record(_membership),
        lambda cast, m: f"{API}/partnerships/{cast.own.pk}/members/{m.pk}",
        "PATCH",
        {"joined_on": "2024-01-02"},
        lambda m: str(_fresh(m).joined_on) == "2024-01-02",
        fields=["joined_on"],
    ),
    "role": Case(
        lambda cast: cast.own_role,
        lambda cast, r: f"{API}/partnerships/{cast.own.pk}/roles/{r.pk}",
        "PATCH",
        {"role": "contributor"},
        lambda r: _fresh(r).role == "contributor",
        fields=["role"],
    ),
    "organization": Case(
        _record(_organization),
        lambda cast, o: f"{API}/organizations/{o.pk}",
        "PATCH",
        {"vision": "By the API."},
        lambda o: _fresh(o).vision == "By the API.",
        fields=["vision"],
    ),
    "person": Case(
        _record(_person),
        lambda cast, p: f"{API}/people/{p.pk}",
        "PATCH",
        {"title": "By the API."},
        lambda p: _fresh(p).title == "By the API.",
        fields=["title"],
    ),
    "values profile": Case(
        _record(_organization),
        lambda cast, o: f"{API}/organizations/{o.pk}/values-profile",
        "PUT",
        {"mission": "By the API.", "values": ["Care"], "practices": []},
        lambda o: _fresh(o).mission == "By the API.",
        fields=["mission"],
    ),
    "culture profile": Case(
        lambda cast: _culture_profile(cast)[0].organization,
        lambda cast, o: f"{API}/organizations/{o.pk}/culture-profile",
        "PUT",
        {"notes": "By the API."},
        lambda o: CultureProfile.objects.get(organization=o).notes == "By the API.",
        fields=["notes"],
    ),
    "rubric": Case(
        _record(_rubric),
        lambda cast, r: f"{API}/rubrics/{r.pk}",
        "PATCH",
        {"description": "By the API."},
        lambda r: _fresh(r).description == "By the API.",
        fields=["description"],
    ),
    "criterion": Case(
        _record(_criterion),
        lambda cast, c: f"{API}/rubrics/{c.rubric_id}/criteria/{c.pk}",
        "PATCH",
        {"description": "By the API."},
        lambda c: _fresh(c).description == "By the API.",
        fields=["description"],
    ),
    "charter version": Case(
        _record(_charter),
        lambda cast, v: f"{API}/partnerships/{cast.own.pk}/charter/versions/{v.number}",
        "PATCH",
        {"vision": "By the API."},
        lambda v: _fresh(v).vision == "By the API.",
        fields=["vision"],
    ),
    "MOU version": Case(
        _record(_mou_term),
        _mou_path,
        "PATCH",
        {"expires_on": "2031-01-31"},
        lambda v: str(_fresh(v).expires_on) == "2031-01-31",
        fields=["expires_on"],
    ),
    "MOU template": Case(
        _record(_template),
        lambda cast, t: f"{API}/mou-templates/{t.pk}",
        "PATCH",
        {"description": "By the API."},
        lambda t: _fresh(t).description == "By the API.",
        fields=["description"],
    ),
    "MOU template section": Case(
        _record(_template_section),
        lambda cast, s: f"{API}/mou-templates/{s.template_id}/sections/{s.pk}",
        "PATCH",
        {"body": "By the API."},
        lambda s: _fresh(s).body == "By the API.",
        fields=["body"],
    ),
    "learning activity": Case(
        _record(_learning),
        lambda cast, a: f"{API}/partnerships/{cast.own.pk}/learning/{a.pk}",
        "PATCH",
        {"title": "By the API."},
        lambda a: _fresh(a).title == "By the API.",
        fields=["title"],
    ),
    "commitment": Case(
        _record(_commitment),
        lambda cast, c: f"{API}/partnerships/{cast.own.pk}/commitments/{c.pk}",
        "PATCH",
        {"description": "By the API."},
        lambda c: _fresh(c).description == "By the API.",
        fields=["description"],
    ),
    "announcement": Case(
        _record(_announcement),
        lambda cast, a: f"{API}/partnerships/{cast.own.pk}/announcements/{a.pk}",
        "PATCH",
        {"body": "By the API."},
        lambda a: _fresh(a).body == "By the API.",
        fields=["body"],
    ),
}


def send(client, method: str, path: str, body=None, **headers):
    data = json.dumps(body) if body is not None else None
    return client.generic(method, path, data, content_type="application/json", headers=headers)


def assert_error_shape(response, status: int):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"detail", "errors"} and body["detail"]
    return body


@pytest.mark.parametrize("kind", list(CASES))
def test_a_write_is_held_to_the_etag_it_names(kind, cast, client):
    case = CASES[kind]
    record = case.build(cast)
    path = case.path(cast, record)
    client.force_login(cast.users[case.user])

    read = client.get(case.get(cast, record) if case.get else path)
    assert read.status_code == 200
    etag = read["ETag"]
    assert etag == f'"{read.json()["revision"]}"'

    stale = send(client, case.method, path, case.body, if_match='"999"')
    assert_error_shape(stale, 412)
    assert stale["ETag"] == etag
    assert not case.changed(record)

    applied = send(client, case.method, path, case.body, if_match=etag)
    assert applied.status_code == 200, applied.content
    assert case.changed(record)
    assert applied["ETag"] != etag and applied["ETag"] == f'"{applied.json()["revision"]}"'

    # The first ETag is stale now: the refusal names what changed since, with its value now.
    again = send(client, case.method, path, case.body, if_match=etag)
    errors = assert_error_shape(again, 412)["errors"]
    assert {e["field"] for e in errors} >= set(case.fields)


@pytest.mark.parametrize("kind", list(CASES))
def test_without_if_match_a_write_is_refused_when_the_setting_requires_it(
    kind, cast, client, settings
):
    case = CASES[kind]
    record = case.build(cast)
    client.force_login(cast.users[case.user])
    settings.ACCORD_REQUIRE_IF_MATCH = True
    response = send(client, case.method, case.path(cast, record), case.body)
    assert "If-Match" in assert_error_shape(response, 428)["detail"]
    assert not case.changed(record)
    settings.ACCORD_REQUIRE_IF_MATCH = False
    assert send(client, case.method, case.path(cast, record), case.body).status_code == 200


def test_scores_are_held_to_the_etag_of_the_assessors_sheet(cast, client):
    score = _scores(cast)[0]
    assessment = score.assessor.assessment
    path = f"{API}/partnerships/{cast.own.pk}/assessments/{assessment.pk}/my-scores"
    client.force_login(cast.users["contributor"])
    body = _scores_body(cast, score)
    assert_error_shape(send(client, "PUT", path, body, if_match='"999"'), 412)
    etag = f'"{score.assessor.revision}"'
    applied = send(client, "PUT", path, body, if_match=etag)
    assert applied.status_code == 200 and applied["ETag"] != etag
    assert_error_shape(send(client, "PUT", path, body, if_match=etag), 412)


@pytest.mark.parametrize("builder", [_criterion, _template_section], ids=["criterion", "section"])
def test_a_delete_is_held_to_the_etag_it_names(builder, cast, client):
    record = builder(cast)[0]
    parent = "rubrics" if hasattr(record, "rubric_id") else "mou-templates"
    owner = getattr(record, "rubric_id", None) or record.template_id
    kind = "criteria" if parent == "rubrics" else "sections"
    path = f"{API}/{parent}/{owner}/{kind}/{record.pk}"
    client.force_login(cast.users["admin"])
    etag = client.get(path)["ETag"]
    type(record).objects.filter(pk=record.pk).update(updated_at=record.updated_at)  # a write
    assert_error_shape(send(client, "DELETE", path, if_match=etag), 412)
    assert type(record).objects.filter(pk=record.pk).exists()
    fresh = client.get(path)["ETag"]
    assert send(client, "DELETE", path, if_match=fresh).status_code == 204
    assert not type(record).objects.filter(pk=record.pk).exists()


def test_a_culture_profile_not_yet_filled_in_is_etag_0(cast, client):
    organization = cast.partner
    path = f"{API}/organizations/{organization.pk}/culture-profile"
    client.force_login(cast.users["admin"])
    assert client.get(path)["ETag"] == '"0"'
    assert send(client, "PUT", path, {"notes": "First."}, if_match='"0"').status_code == 200
    # Someone else meanwhile also read "0": their first save must not overwrite this one.
    assert_error_shape(send(client, "PUT", path, {"notes": "Second."}, if_match='"0"'), 412)
    assert CultureProfile.objects.get(organization=organization).notes == "First."


def test_actions_on_an_object_honour_if_match(cast, client):
    client.force_login(cast.users["admin"])
    path = f"{API}/partnerships/{cast.own.pk}"
    etag = client.get(path)["ETag"]
    moved = send(client, "POST", f"{path}/transition", {"to_stage": "forming"}, if_match=etag)
    assert moved.status_code == 200 and moved["ETag"] != etag
    assert_error_shape(send(client, "POST", f"{path}/archive", if_match=etag), 412)
    assert Partnership.objects.get(pk=cast.own.pk).archived_at is None
    assert send(client, "POST", f"{path}/archive", if_match=moved["ETag"]).status_code == 200


def test_if_match_star_and_lists_and_weak_tags(cast, client):
    client.force_login(cast.users["admin"])
    path = f"{API}/partnerships/{cast.own.pk}"
    etag = client.get(path)["ETag"]
    assert send(client, "PATCH", path, {"purpose": "A"}, if_match="*").status_code == 200
    etag = client.get(path)["ETag"]
    listed = send(client, "PATCH", path, {"purpose": "B"}, if_match=f'"998", {etag}')
    assert listed.status_code == 200
    # If-Match compares strongly: a weak tag never matches.
    weak = send(client, "PATCH", path, {"purpose": "C"}, if_match=f"W/{listed['ETag']}")
    assert_error_shape(weak, 412)


def test_the_schema_documents_if_match_and_etags(client, cast):
    client.force_login(cast.users["admin"])
    schema = client.get(f"{API}/openapi.json").json()
    writes = [
        (path, method, operation)
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if method in ("put", "patch", "delete")
    ]
    assert writes
    for path, method, operation in writes:
        names = {p["name"] for p in operation.get("parameters", [])}
        assert "If-Match" in names, (method, path)
        assert {"412", "428"} <= set(map(str, operation["responses"])), (method, path)
    one = schema["paths"]["/api/v1/partnerships/{partnership_id}"]["get"]["responses"]["200"]
    assert "ETag" in one["headers"]
