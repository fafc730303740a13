"""One error shape for the API: {"detail": ..., "errors": [{"field": ..., "message": ...}]}.

The operations' errors are answered by the handlers below; `ApiErrorsMiddleware` gives the same
shape to what answers before or around them (an unknown path, a method the path does not take, a
missing or unknown Host header, a body too large, a server error).
"""

from http import HTTPStatus

from django.core.exceptions import NON_FIELD_ERRORS, DisallowedHost, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from accord.core.models import StaleRevision

from .api_input import body_refused, refusal_before_input

API_PREFIX = "/api/"


def error_body(detail: str, errors: list[dict] | None = None) -> dict:
    return {"detail": detail, "errors": errors or []}


SOURCES = ("body", "query", "path", "header", "cookie", "form", "file")
PARAMETER_NAMES = ("payload", "filters")  # the routes' own names for a body or a query schema


def _field_from_loc(loc) -> str:
    # ninja reports ("body", "payload", "name"); people want "name". Only the leading source and
    # parameter name go, so that a field that happens to be called "body" keeps its name.
    parts = [str(p) for p in loc]
    source = parts.pop(0) if parts and parts[0] in SOURCES else None
    if len(parts) == 1 and parts[0] in PARAMETER_NAMES and source == "body":
        return "body"  # the body as a whole (not a JSON object, or missing)
    if len(parts) > 1 and parts[0] in PARAMETER_NAMES:
        parts.pop(0)
    return ".".join(parts) or "__all__"


def django_errors(exc: DjangoValidationError) -> list[dict]:
    if hasattr(exc, "error_dict"):
        return [
            {
                "field": "__all__" if field == NON_FIELD_ERRORS else field,
                "message": message,
            }
            for field, errors in exc.message_dict.items()
            for message in errors
        ]
    return [{"field": "__all__", "message": message} for message in exc.messages]


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(NinjaValidationError)
    def on_ninja_validation(request, exc):
        # Access before input: someone who may not use the operation is told so, not what is
        # wrong with the input (api_input.py).
        if refusal := refusal_before_input(request):
            return api.on_exception(request, refusal)
        errors = [
            {"field": _field_from_loc(err.get("loc", ())), "message": err.get("msg", "Invalid.")}
            for err in exc.errors
        ]
        return api.create_response(
            request, error_body("The request has invalid fields.", errors), status=422
        )

    @api.exception_handler(DjangoValidationError)
    def on_django_validation(request, exc):
        return api.create_response(
            request, error_body("The request has invalid fields.", django_errors(exc)), status=422
        )

    @api.exception_handler(StaleRevision)
    def on_stale(request, exc):
        from accord.core.versioning import etag, stale_messages

        sentence, fields, current = stale_messages(exc)
        detail = f"{sentence} Read it again (GET) and send its new ETag in If-Match."
        errors = [{"field": name, "message": message} for name, message in fields]
        response = api.create_response(request, error_body(detail, errors), status=412)
        if current is not None:
            response["ETag"] = etag(current)
        return response

    @api.exception_handler(Http404)
    def on_not_found(request, exc):
        return api.create_response(request, error_body("Not found."), status=404)

    @api.exception_handler(PermissionDenied)
    def on_forbidden(request, exc):
        message = str(exc) or "You do not have permission to do this."
        return api.create_response(request, error_body(message), status=403)

    @api.exception_handler(AuthenticationError)
    def on_unauthenticated(request, exc):
        return api.create_response(
            request,
            error_body("Authentication required: send a Bearer token or sign in."),
            status=401,
        )

    @api.exception_handler(HttpError)
    def on_http_error(request, exc):
        if refused := body_refused(exc):
            if refusal := refusal_before_input(request):
                return api.on_exception(request, refusal)
            body = error_body(refused.message, [{"field": "body", "message": refused.message}])
            return api.create_response(request, body, status=refused.status)
        return api.create_response(request, error_body(str(exc)), status=exc.status_code)


class ApiErrorsMiddleware:
    """Every error under /api/ in the one JSON shape, whatever answered it (pages keep HTML).

    First in MIDDLEWARE, so that it also sees what Django answers before any view: 400 for a
    missing or unknown Host header, 404 for an unknown path, 405 from ninja, 500.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code >= 400
            and request.path_info.startswith(API_PREFIX)
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            return self.as_json(request, response)
        return response

    @staticmethod
    def as_json(request, response):
        status = response.status_code
        detail = f"{HTTPStatus(status).phrase}." if status in HTTPStatus else "Error."
        if status == 400:
            try:
                request.get_host()
            except DisallowedHost:
                detail = "The Host header is missing or names a host Accord does not answer to."
        elif status == 404:
            detail = "Not found."
        elif status == 405:
            detail = f"This path does not take {request.method}."
        replaced = JsonResponse(error_body(detail), status=status)
        for header in ("Allow", "Retry-After", "Vary"):
            if header in response:
                replaced[header] = response[header]
        return replaced
