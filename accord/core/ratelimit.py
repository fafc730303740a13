"""Rate limits kept in the database: one count per route, client address and window of time.

`hit(scope, client, limit, seconds)` counts one use and says whether it is within the limit. The
count is one row per (scope, client, window), raised by a single UPDATE (or created by one
INSERT), so concurrent requests in any number of web workers are all counted. Windows are fixed
(the clock divided by their length); windows that have passed are removed as new ones open.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .models import RateLimitWindow


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int  # seconds until the window ends


def client_key(address: str | None) -> str:
    """What a client is counted under: a digest of its address (no address: one shared key)."""
    return hashlib.sha256((address or "unknown").encode()).hexdigest()[:64]


def hit(scope: str, address: str | None, *, limit: int, seconds: int) -> Verdict:
    """Count one use of `scope` by the client at `address`; allowed while within `limit` uses in
    the current window of `seconds`."""
    now = timezone.now().timestamp()
    window = int(now // seconds)
    retry_after = max(1, int((window + 1) * seconds - now))
    client = client_key(address)
    rows = RateLimitWindow.objects.filter(scope=scope, client=client, window=window)
    if not rows.update(count=F("count") + 1):
        try:
            with transaction.atomic():
                RateLimitWindow.objects.create(scope=scope, client=client, window=window, count=1)
        except IntegrityError:  # another worker opened the window first
            rows.update(count=F("count") + 1)
        else:
            RateLimitWindow.objects.filter(scope=scope, window__lt=window).delete()
    count = rows.values_list("count", flat=True).first() or 0
    return Verdict(allowed=count <= limit, retry_after=retry_after)
