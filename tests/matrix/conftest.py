"""The signed-in sessions the access-matrix tests share (see tests/matrix/cases.py)."""

import pytest
from django.conf import settings
from django.test import Client

from tests.matrix import ACTORS


@pytest.fixture(scope="class")
def sessions(cast, django_db_blocker) -> dict[str, str]:
    """A signed-in session key for each actor, made once per class with the cast.

    Signing in for every case (a new session, the last-login update, django-axes' bookkeeping)
    took a fifth of the matrix's time; each case's changes are rolled back, so the sessions last.
    """
    keys = {}
    with django_db_blocker.unblock():
        for actor in ACTORS:
            if actor != "anonymous":
                client = Client()
                client.force_login(cast.users[actor])
                keys[actor] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return keys
