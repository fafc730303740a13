"""An unreachable database answers 503 with Retry-After, on pages and in the API.

When the database refuses connections, is restarting or does not answer within its timeouts
(ACCORD_DB_CONNECT_TIMEOUT, ACCORD_DB_STATEMENT_TIMEOUT, ACCORD_DB_SILENT_SECONDS), Django raises
`OperationalError`. That is not a bug in Accord but a moment to wait: the answer is 503 Service
Unavailable with `Retry-After`, the page `503.html` (which needs no database) or, under /api/, the
JSON error shape (ApiErrorsMiddleware). API writes run in one transaction that is rolled back
when the database fails before the commit (api_writes.py), so a 503 means "not written" unless the
failure hit the commit itself; a client retries with the same Idempotency-Key either way.

`DatabaseOutageMiddleware.process_exception` answers for the views (ninja passes unexpected errors
on to Django); `accord.core.views.server_error` (handler500) for what fails outside a view.
"""

import logging

from django.conf import settings
from django.db import OperationalError
from django.http import HttpResponse
from django.template import loader

logger = logging.getLogger("accord.outage")


def is_outage(exc: BaseException | None) -> bool:
    """Whether `exc` (or what caused it) says the database cannot be reached or answer now."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, OperationalError):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def outage_response(request) -> HttpResponse:
    """503 with Retry-After; rendered without the request, so no context processor queries."""
    seconds = settings.ACCORD_RETRY_AFTER_SECONDS
    body = loader.get_template("503.html").render({"retry_after": seconds})
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(seconds)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseOutageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_outage(exception):
            return None
        logger.warning(
            "The database is unavailable (%s: %s); answered 503 to %s %s.",
            type(exception).__name__,
            str(exception).strip().splitlines()[0] if str(exception).strip() else "",
            request.method,
            request.path,
        )
        return outage_response(request)
