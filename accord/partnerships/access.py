"""Loading the partnership named in a URL, for every page and API route inside one.

Every page inside a partnership starts here, so its read goes through the access policy as one
query compiled once per process for each kind of user (accord/core/compiled.py `UserQuery`),
with the user's id and the partnership's as parameters: building that filter through the ORM cost
more than running it.
"""

from django.http import Http404

from accord.core.access import require
from accord.core.compiled import UserObjects

from .models import Partnership

_visible = UserObjects(
    Partnership, lambda user, pk: Partnership.objects.visible_to(user).filter(pk=pk)
)

# The ids a database column holds (a larger number in a URL is no partnership's).
_LARGEST_ID = 2**63 - 1


def partnership_or_404(request, pk, action: str | None = None) -> Partnership:
    """The partnership `pk` if the user sees it (else 404), and may do `action` to it (else 403)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError) as exc:
        raise Http404("Not found.") from exc
    if not -_LARGEST_ID <= pk <= _LARGEST_ID:
        raise Http404("Not found.")
    found = _visible.objects(request.user, pk)
    if not found:
        raise Http404("Not found.")
    partnership = found[0]
    if action is not None:
        require(request.user, action, partnership)
    return partnership
