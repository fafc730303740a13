"""Access-matrix entries for this app's pages and API operations (see tests/matrix/__init__.py)."""

from django.urls import reverse  # noqa: F401

from tests.matrix import ADMIN, DIRECTORY_EDIT, PUBLIC, SIGNED_IN, Route  # noqa: F401

ROUTES: list[Route] = []
