"""Log filters that keep Accord's logs readable (settings.LOGGING wires them in).

- An expected refusal, a 403 (PermissionDenied) or a 404 (Http404), is Accord working as meant:
  Django logs it with the exception's traceback, which buried real errors (a walk through the
  demo wrote 63 tracebacks). `ExpectedRefusals` keeps the one line ("Forbidden (Permission
  denied): /path") and drops the traceback. Errors (5xx) keep theirs.
- WeasyPrint advises, once per font of every PDF, installing HarfBuzz-Subset when it falls back to
  fontTools to subset fonts. The PDFs are the same either way (fontTools subsets them), so the
  advice is for the packager, not news for whoever runs Accord; `WeasyPrintSubsetAdvice` drops that
  one message and lets every other WeasyPrint warning through. Installing Debian's
  libharfbuzz-subset0 (README, "Production setup") makes WeasyPrint use HarfBuzz instead.
"""

import logging

from django.core.exceptions import PermissionDenied
from django.http import Http404

EXPECTED = (PermissionDenied, Http404)


class ExpectedRefusals(logging.Filter):
    """A logged 403 or 404 from an expected refusal keeps its line and loses its traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc_info = record.exc_info
        if (
            getattr(record, "status_code", None) in (403, 404)
            and isinstance(exc_info, tuple)
            and isinstance(exc_info[1], EXPECTED)
        ):
            record.exc_info = None
            record.exc_text = None
        return True


class WeasyPrintSubsetAdvice(logging.Filter):
    """Drop WeasyPrint's "Using fontTools instead of HarfBuzz-Subset" advice, and only it."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Using fontTools instead of HarfBuzz-Subset")
