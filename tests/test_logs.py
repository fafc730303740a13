"""Quiet logs (issue 10, item 12): an expected 403 or 404 logs one line, not a traceback, while a
server error keeps its traceback; WeasyPrint's advice to install HarfBuzz-Subset is dropped, its
other warnings are not. Read through the logging that settings.LOGGING configures."""

import io
import logging

import pytest
from django.urls import reverse

from tests.factories import UserFactory


@pytest.fixture
def django_log():
    """What the root logger's output would show, formatted with tracebacks, for one test."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    root = logging.getLogger()
    root.addHandler(handler)
    yield stream
    root.removeHandler(handler)


@pytest.mark.django_db
def test_an_expected_403_logs_one_line(client, django_log):
    client.force_login(UserFactory())
    # Only administrators see the invitations: a signed-in user is refused.
    assert client.get(reverse("invitations:list")).status_code == 403
    lines = django_log.getvalue().splitlines()
    assert lines == ["Forbidden (Permission denied): /invitations/"]


@pytest.mark.django_db
def test_an_expected_404_logs_one_line(client, django_log):
    client.force_login(UserFactory())
    assert client.get("/partnerships/999999/").status_code == 404
    assert django_log.getvalue().splitlines() == ["Not Found: /partnerships/999999/"]


def test_a_server_error_keeps_its_traceback(django_log):
    logger = logging.getLogger("django.request")
    try:
        raise RuntimeError("boom")
    except RuntimeError as error:
        logger.error("Internal Server Error: /x", exc_info=error, extra={"status_code": 500})
    assert "Traceback" in django_log.getvalue()


def test_weasyprint_subset_advice_is_dropped_and_other_warnings_kept(django_log):
    logger = logging.getLogger("weasyprint")
    logger.warning(
        'Using fontTools instead of HarfBuzz-Subset for font "%s". This will be unsupported in '
        "future versions of WeasyPrint. Please install HarfBuzz-Subset >= 4.1.0 with your "
        "package manager.",
        "DejaVu Serif",
    )
    logger.warning("Font-face %r cannot be loaded", "Accord Sans")
    assert django_log.getvalue().splitlines() == ["Font-face 'Accord Sans' cannot be loaded"]
