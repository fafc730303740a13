"""Strict input for the API: JSON bodies, and access before validation.

- A JSON body is read only when it is sent as `application/json` (415 otherwise) and must be a JSON
  object (422 naming `body`, from `InputSchema` in schemas.py).
- Access comes before input: when a request's input does not validate, the caller who may not use
  the operation learns that (404 for an outsider, 403 for a member whose role lacks the right),
  not what was wrong with the input. The operation's own view decides, so access is written once:
  it is run again with every parameter that did not validate replaced by a stand-in, inside a
  transaction that is always rolled back. If the view refuses (Http404, PermissionDenied) before
  it reads a stand-in, that refusal is the answer; if it reads one, or gets any further, the input
  error stands. Views check access in their first lines, before they read their input, so this
  costs a few queries, and only on invalid requests. See docs/decisions.md.
"""

from __future__ import annotations

import json
from functools import wraps

import pydantic
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from ninja.errors import HttpError
from ninja.parser import Parser

JSON = "application/json"
UNSUPPORTED = 415


class BodyRefused(Exception):
    """A request body that is not JSON: answered with `status` and `message` about `body`."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def body_refused(exc: HttpError) -> BodyRefused | None:
    # ninja answers any error of the parser with its own HttpError(400) raised `from` it.
    cause = exc.__cause__
    return cause if isinstance(cause, BodyRefused) else None


class JsonParser(Parser):
    """ninja's parser, which reads any body as JSON whatever its content type, made strict."""

    def parse_body(self, request):
        # ninja hands the JSON parts of a multipart body over in a request of its own, which has
        # no content type at all (None); a client's request always has one, "" when unsent.
        if request.content_type is not None and request.content_type != JSON:
            sent = request.content_type or "no content type"
            raise BodyRefused(UNSUPPORTED, f"Send the body as {JSON} (this request sent {sent}).")
        try:
            return json.loads(request.body)
        except (ValueError, UnicodeDecodeError) as exc:
            where = f" (line {exc.lineno}, column {exc.colno})" if hasattr(exc, "lineno") else ""
            raise BodyRefused(400, f"The body is not valid JSON{where}.") from exc


class _UnreadInputUsed(Exception):
    """A view read a parameter that did not validate (raised by `_Unread`)."""


class _Probe:
    read = False


class _Unread:
    """Stands for a parameter that did not validate: any use of it is noted and stops the view."""

    __slots__ = ("_probe",)

    def __init__(self, probe: _Probe):
        object.__setattr__(self, "_probe", probe)

    def _use(self, *args, **kwargs):
        object.__getattribute__(self, "_probe").read = True
        raise _UnreadInputUsed

    def __repr__(self) -> str:
        return "<input that did not validate>"

    __getattribute__ = __setattr__ = __delattr__ = __call__ = _use
    __bool__ = __len__ = __iter__ = __contains__ = __getitem__ = __setitem__ = _use
    __eq__ = __ne__ = __lt__ = __le__ = __gt__ = __ge__ = __hash__ = _use
    __str__ = __format__ = __bytes__ = __int__ = __float__ = __index__ = _use
    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = __mod__ = __rmod__ = _use
    __enter__ = __exit__ = __fspath__ = _use


def install_strict_input(api) -> None:
    """Give `api` the strict parser, and let every operation keep itself on its request."""
    api.parser = JsonParser()
    api.add_decorator(remember_operation, mode="view")


def remember_operation(run):
    """Keep the operation and its path parameters on the request, for `refusal_before_input`.

    An API-wide decorator (`api.add_decorator(..., mode="view")`) around each operation's `run`,
    which is a method of the operation.
    """
    operation = run.__self__

    @wraps(run)
    def remembering(request, *args, **path_params):
        request.api_operation = (operation, path_params)
        return run(request, *args, **path_params)

    return remembering


def refusal_before_input(request) -> Http404 | PermissionDenied | None:
    """What the operation answers this caller whatever the input: 404, 403, or None."""
    operation, path_params = getattr(request, "api_operation", (None, None))
    if operation is None:
        return None
    probe = _Probe()
    values: dict = {}
    invalid = False
    for model in operation.models:
        try:
            values.update(model.resolve(request, operation.api, path_params))
        except (pydantic.ValidationError, HttpError):
            invalid = True
            values.update({name: _Unread(probe) for name in model.model_fields})
    if not invalid:
        return None
    if operation.signature.response_arg:
        values[operation.signature.response_arg] = operation.api.create_temporal_response(request)
    try:
        with transaction.atomic():
            try:
                operation.view_func(request, **values)
            finally:
                # Nothing the view did while looking is kept.
                transaction.set_rollback(True)
    except (Http404, PermissionDenied) as refusal:
        return None if probe.read else refusal
    except Exception:
        return None
    return None


def document_body_errors(schema: dict) -> dict:
    """Add 415 (a body sent as another content type) to every operation with a JSON body."""
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            content = operation.get("requestBody", {}).get("content", {})
            if JSON in content:
                operation.setdefault("responses", {}).setdefault(
                    UNSUPPORTED,
                    {
                        "description": f"The body was not sent as {JSON}.",
                        "content": {JSON: {"schema": {"$ref": "#/components/schemas/ErrorOut"}}},
                    },
                )
    return schema
