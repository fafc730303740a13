"""The URL of an object's page without a reverse() per row.

A list of 25 people links each person and their organization: fifty reverse() calls, each
walking the URL resolver. `object_url` reverses a view once per process (and URLconf and script
prefix, so an override or a mounted prefix gets its own), with a marker for the id, and then only
puts the id in.
"""

from functools import cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

_MARK = 8_070_450_532_247_928_832  # an id no table reaches, so it appears once in the path


@cache
def _around_the_id(viewname: str, urlconf: str, prefix: str) -> tuple[str, str]:
    before, after = reverse(viewname, urlconf=urlconf, args=[_MARK]).split(str(_MARK))
    return before, after


def object_url(viewname: str, pk: int) -> str:
    """reverse(viewname, args=[pk]) for a view whose only argument is an integer id."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    before, after = _around_the_id(viewname, urlconf, get_script_prefix())
    return f"{before}{int(pk)}{after}"
