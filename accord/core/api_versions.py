"""ETags and If-Match for the API: one rule for every object.

Every object the API answers with carries its `revision`; the answer's ETag is that number. A
PUT, PATCH or DELETE (or a POST action on one object) with `If-Match` is applied only while the
object is still at that revision: 412 otherwise, 428 when `ACCORD_REQUIRE_IF_MATCH` is on and the
header is missing. The check ends in `expect_revision`, so the write itself is conditional too.
"""

from django.conf import settings
from ninja import NinjaAPI
from ninja.errors import HttpError

from accord.core.models import StaleRevision
from accord.core.versioning import etag

WRITE_METHODS = ("PUT", "PATCH", "DELETE")

IF_MATCH_PARAMETER = {
    "name": "If-Match",
    "in": "header",
    "required": False,
    "description": "The ETag the change was made from; a stale one is refused with 412.",
    "schema": {"type": "string"},
}
ETAG_HEADER = {"description": "The object's revision, quoted.", "schema": {"type": "string"}}


def _error_response(description: str) -> dict:
    ref = {"$ref": "#/components/schemas/ErrorOut"}
    return {"description": description, "content": {"application/json": {"schema": ref}}}


# For a POST route that acts on one existing object (archive, transition): `openapi_extra=`.
IF_MATCH_DOC = {
    "parameters": [IF_MATCH_PARAMETER],
    "responses": {412: _error_response("The object changed since the ETag in If-Match.")},
}


def _tags(header: str) -> list[str]:
    return [tag.strip() for tag in header.split(",") if tag.strip()]


def _revision_in(tag: str) -> int | None:
    digits = tag.strip('"')
    return int(digits) if digits.isdigit() and tag.startswith('"') else None


def if_match(request, obj) -> None:
    """Hold the write that follows to the revision the client names in If-Match."""
    header = request.headers.get("If-Match")
    if header is None:
        if settings.ACCORD_REQUIRE_IF_MATCH and request.method in WRITE_METHODS:
            raise HttpError(
                428, f"Send If-Match with the ETag of the {obj._meta.verbose_name} you change."
            )
        return
    tags = _tags(header)
    if "*" in tags and obj.stored_revision:
        obj.expect_revision(obj.stored_revision)
        return
    if etag(obj) not in tags:
        # W/"…" never matches: If-Match compares strongly.
        revisions = [r for r in map(_revision_in, tags) if r is not None]
        raise StaleRevision(obj, max(revisions) if revisions else None)
    obj.expect_revision(obj.stored_revision)


class VersionedNinjaAPI(NinjaAPI):
    """The API with an ETag on every answer that is one object, and If-Match in its schema."""

    def create_response(self, request, data, *, status=None, temporal_response=None):
        response = super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )
        if response.status_code in (200, 201) and isinstance(data, dict):
            revision = data.get("revision")
            if isinstance(revision, int) and not isinstance(revision, bool):
                response["ETag"] = f'"{revision}"'
        return response

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operations in schema["paths"].values():
            for method, operation in operations.items():
                if method.upper() in WRITE_METHODS:
                    _document_if_match(operation)
                ok = operation.get("responses", {}).get(200) or {}
                if _has_revision(schema, ok):
                    ok.setdefault("headers", {})["ETag"] = ETAG_HEADER
        return schema


def _document_if_match(operation: dict) -> None:
    parameters = operation.setdefault("parameters", [])
    if not any(p.get("name") == "If-Match" for p in parameters):
        parameters.append(IF_MATCH_PARAMETER)
    responses = operation.setdefault("responses", {})
    responses.setdefault(412, _error_response("The object changed since the ETag in If-Match."))
    responses.setdefault(
        428, _error_response("If-Match is required (ACCORD_REQUIRE_IF_MATCH) and was not sent.")
    )


def _has_revision(schema: dict, response: dict) -> bool:
    ref = response.get("content", {}).get("application/json", {}).get("schema", {}).get("$ref")
    if not ref:
        return False
    component = schema["components"]["schemas"].get(ref.rsplit("/", 1)[-1], {})
    return "revision" in component.get("properties", {})
