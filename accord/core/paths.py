"""The URL of an object's page without a reverse() per row.

A list of 25 people links each person and their organization: fifty reverse() calls, each
walking the URL resolver. `object_url` reverses a view once per process (and URLconf and script
prefix, so an override or a mounted prefix gets its own), with a marker for each id, and then
only puts the ids in. Templates use it as `{% path 'app:view' id %}` (accord/core/templatetags/
paths.py) where `{% url %}` would reverse on every row.
"""

from functools import cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

_MARK = 8_070_450_532_247_928_832  # an id no table reaches, so it appears once in the path


@cache
def _around_the_ids(viewname: str, count: int, urlconf: str, prefix: str) -> tuple[str, ...]:
    """The path of `viewname` cut at each of its `count` ids: count + 1 pieces."""
    marks = [str(_MARK + index) for index in range(count)]
    rest = reverse(viewname, urlconf=urlconf, args=marks)
    pieces = []
    for mark in marks:
        before, rest = rest.split(mark, 1)
        pieces.append(before)
    return (*pieces, rest)


def object_url(viewname: str, *ids: int) -> str:
    """reverse(viewname, args=ids) for a view whose arguments are integer ids (or none)."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    pieces = _around_the_ids(viewname, len(ids), urlconf, get_script_prefix())
    if not ids:
        return pieces[0]
    parts = [pieces[0]]
    for pk, piece in zip(ids, pieces[1:], strict=True):
        parts += [str(int(pk)), piece]
    return "".join(parts)
