"""Home, health and error pages."""

import sys

from django.contrib.auth.decorators import login_required
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache

from . import health
from .home import panels_for
from .outage import is_outage, outage_response
from .waiting import waiting_for


@login_required
def home(request):
    """What is waiting for the signed-in person, then the panels the apps add."""
    return render(
        request,
        "core/home.html",
        {"waiting": waiting_for(request.user), "panels": panels_for(request)},
    )


@never_cache
def healthz(request):
    """Accord as a whole, for a monitor: the database, the task queue and the task workers.

    503 when one fails: the database does not answer, a task has waited too long, or no worker
    has written a heartbeat recently (accord/core/health.py).
    """
    healthy, checks = health.report()
    return JsonResponse(checks, status=200 if healthy else 503)


@never_cache
def healthz_web(request):
    """This web process, for a load balancer: it answers and reaches the database (else 503)."""
    check = health.database_check()
    body = {"status": "ok" if check["ok"] else "failing", "database": check}
    return JsonResponse(body, status=200 if check["ok"] else 503)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def permission_denied(request, exception=None):
    message = str(exception) if exception else ""
    return render(request, "403.html", {"message": message}, status=403)


def server_error(request):
    """handler500: Accord's 500 page, or 503 when the database is unavailable (outage.py).

    Rendered without the request, so neither needs the database (no context processor runs).
    Under /api/ ApiErrorsMiddleware turns either into the JSON error shape.
    """
    if is_outage(sys.exc_info()[1]):
        return outage_response(request)
    return HttpResponseServerError(loader.get_template("500.html").render())
