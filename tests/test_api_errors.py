"""The API's one error shape, for every error: the field named as people know it, and the same
JSON for what Django answers before any operation runs (pages keep their HTML)."""

import pytest
from django.test import Client
from django.urls import path, reverse
from ninja import NinjaAPI

from accord.core.api_errors import _field_from_loc
from tests.matrix.leadership_mous import make_mou


def test_location_parts_are_dropped_from_the_front_only():
    assert _field_from_loc(("body", "payload", "name")) == "name"
    assert _field_from_loc(("body", "payload", "body")) == "body"
    assert _field_from_loc(("query", "filters", "page_size")) == "page_size"
    assert _field_from_loc(("body", "payload", "values", 3)) == "values.3"
    assert _field_from_loc(("body",)) == "__all__"


def test_the_body_as_a_whole_is_called_body():
    assert _field_from_loc(("body", "payload")) == "body"


def assert_error_shape(response, status):
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"detail", "errors"} and body["detail"] and body["errors"] == []
    return body


@pytest.mark.django_db
class TestErrorsBeforeAnyOperation:
    @pytest.mark.parametrize("host", ["", "evil.example", "bad host"])
    def test_a_missing_or_unknown_host_is_a_json_400_on_api_routes(self, cast, client, host):
        client.force_login(cast.users["viewer"])
        version = make_mou(cast, "own", "executed")
        base = f"/api/v1/partnerships/{cast.own.pk}"
        version_url = f"{base}/mous/{version.mou_id}/versions/{version.number}"
        for url in (
            f"{base}/mous",
            f"{version_url}/document",
            f"{version_url}/executed-document",
            "/api/v1/openapi.json",
        ):
            body = assert_error_shape(client.get(url, HTTP_HOST=host), 400)
            assert "Host header" in body["detail"]

    def test_pages_keep_their_html_400(self, cast, client):
        client.force_login(cast.users["viewer"])
        response = client.get(reverse("partnerships:detail", args=[cast.own.pk]), HTTP_HOST="")
        assert response.status_code == 400
        assert response["Content-Type"].startswith("text/html")

    def test_an_unknown_api_path_is_a_json_404(self, cast, client):
        client.force_login(cast.users["viewer"])
        assert_error_shape(client.get("/api/v1/no-such-thing"), 404)
        page = client.get("/no-such-page/")
        assert page.status_code == 404 and page["Content-Type"].startswith("text/html")

    def test_a_method_the_path_does_not_take_is_a_json_405(self, cast, client):
        client.force_login(cast.users["viewer"])
        response = client.put(f"/api/v1/partnerships/{cast.own.pk}/mous")
        body = assert_error_shape(response, 405)
        assert body["detail"] == "This path does not take PUT."
        assert set(response["Allow"].replace(" ", "").split(",")) == {"GET", "POST"}


broken = NinjaAPI(urls_namespace="api-errors-test", auth=None)


@broken.get("/boom")
def boom(request):
    raise RuntimeError("A bug.")


urlpatterns = [path("api/test/", broken.urls)]


@pytest.mark.urls(__name__)
def test_a_server_error_is_a_json_500():
    response = Client(raise_request_exception=False).get("/api/test/boom")
    body = assert_error_shape(response, 500)
    assert body["detail"] == "Internal Server Error."
    assert "A bug" not in response.text
