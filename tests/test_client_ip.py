"""The client's IP address (accord/core/http.py): the connecting address when served directly,
the entry the reverse proxy appended to X-Forwarded-For behind it; never what the client wrote."""

import pytest
from django.test import RequestFactory

from accord.core.http import client_ip


def request(remote="10.0.0.2", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        ("203.0.113.7", None, "203.0.113.7"),
        # Served directly, a forwarded header is the client's own words: ignored.
        ("203.0.113.7", "198.51.100.1", "203.0.113.7"),
        ("2001:db8::1", None, "2001:db8::1"),
        ("not-an-ip", None, None),
        ("", None, None),
    ],
)
def test_served_directly_the_connecting_address(settings, remote, forwarded, expected):
    settings.ACCORD_BEHIND_PROXY = False
    assert client_ip(request(remote, forwarded)) == expected


@pytest.mark.parametrize(
    ("forwarded", "expected"),
    [
        ("203.0.113.7", "203.0.113.7"),
        # The client sent its own X-Forwarded-For; the proxy appended the real address last.
        ("198.51.100.1, 203.0.113.7", "203.0.113.7"),
        ("1.2.3.4,5.6.7.8 , 203.0.113.7", "203.0.113.7"),
        ("2001:db8::5", "2001:db8::5"),
        # No usable header: the connecting address, as without a proxy.
        (None, "10.0.0.2"),
        ("", "10.0.0.2"),
        ("203.0.113.7, garbage", "10.0.0.2"),
    ],
)
def test_behind_the_proxy_the_entry_it_appended(settings, forwarded, expected):
    settings.ACCORD_BEHIND_PROXY = True
    assert client_ip(request("10.0.0.2", forwarded)) == expected
