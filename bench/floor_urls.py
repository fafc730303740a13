"""Accord's URLs plus the floor: what a page costs when it does (almost) nothing.

The floor view sits behind the same middleware as every page (sessions, authentication, CSRF,
messages, htmx), requires a signed-in user as they do, runs one indexed query (a partnership by
primary key) and renders a tiny template. bench/lists.py measures each list and page against it,
in the same process, as a ratio.
"""

from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template import Context, Engine
from django.urls import path

from accord.urls import urlpatterns as accord_urlpatterns

FLOOR_TEMPLATE = Engine().from_string(
    (Path(__file__).parent / "templates" / "floor.html").read_text()
)


@login_required
def floor(request, pk):
    from accord.partnerships.models import Partnership

    partnership = Partnership.objects.only("title").get(pk=pk)
    return HttpResponse(FLOOR_TEMPLATE.render(Context({"partnership": partnership})))


urlpatterns = [*accord_urlpatterns, path("bench-floor/<int:pk>/", floor, name="bench-floor")]
