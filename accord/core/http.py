"""The client's IP address: one rule for the login lockout (django-axes) and signatures (L5).

Served directly, it is the connecting address (REMOTE_ADDR). Behind the reverse proxy
(ACCORD_BEHIND_PROXY=true), the connecting address is the proxy's; the client's is the last entry
of X-Forwarded-For, the one the proxy itself appended. Entries before it come from the client and
are never trusted. A value that is not an IP address is ignored.
"""

import ipaddress

from django.conf import settings


def _ip(value: str | None) -> str | None:
    value = (value or "").strip()
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    if settings.ACCORD_BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        appended = _ip(forwarded.rsplit(",", 1)[-1]) if forwarded else None
        if appended:
            return appended
    return _ip(request.META.get("REMOTE_ADDR"))
