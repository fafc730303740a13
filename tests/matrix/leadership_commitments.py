"""Access-matrix entries for the leadership pillar's commitments pages and API operations.

See tests/matrix/__init__.py for how an entry's expected outcome is derived.
"""

from tests.matrix import Route

ROUTES: list[Route] = []
