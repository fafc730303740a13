"""Loading the partnership named in a URL, for every page and API route inside one."""

from accord.core.access import get_visible_or_404

from .models import Partnership


def partnership_or_404(request, pk, action: str | None = None) -> Partnership:
    """The partnership `pk` if the user sees it (else 404), and may do `action` to it (else 403)."""
    return get_visible_or_404(request.user, Partnership.objects, action, pk=pk)
