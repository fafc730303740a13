"""A real SMTP server on loopback for tests that send e-mail (aiosmtpd; no mocks).

`smtp_server` starts the server on a free port, points Django's default mailer at it for one
test, and collects every message that arrives as a parsed `email.message.EmailMessage`.
"""

import email
import email.policy
import threading

import pytest
from aiosmtpd.controller import Controller


class Inbox:
    """The aiosmtpd handler: keeps what arrives, in order."""

    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self._arrived = threading.Condition()

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._arrived:
            self.messages.append(message)
            self._arrived.notify_all()
        return "250 Message accepted for delivery"

    def wait_for(self, count: int = 1, timeout: float = 5) -> list[email.message.EmailMessage]:
        """Block until `count` messages have arrived (SMTP delivery ends before send() returns,
        so this rarely waits; it guards against a slow handler thread)."""
        with self._arrived:
            self._arrived.wait_for(lambda: len(self.messages) >= count, timeout=timeout)
        return self.messages


class LoopbackController(Controller):
    """An SMTP server on 127.0.0.1 at a port the kernel picks as it binds.

    Asking for a free port first and binding it afterwards leaves a moment in which another
    test process (pytest-xdist runs several) may take the same port; binding port 0 does not.
    """

    def __init__(self, handler):
        super().__init__(handler, hostname="127.0.0.1", port=0)

    def _create_server(self):
        return self._bind()

    async def _bind(self):
        server = await super()._create_server()
        self.port = server.sockets[0].getsockname()[1]
        return server


def mailer_settings(port: int, timeout: float = 5) -> dict:
    """Django's MAILERS setting for a default mailer that sends to 127.0.0.1:`port`."""
    return {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": timeout},
        }
    }


@pytest.fixture
def smtp_server(settings):
    """Yield the inbox of a real SMTP server that Django's default mailer sends to."""
    inbox = Inbox()
    controller = LoopbackController(inbox)
    controller.start()
    settings.MAILERS = mailer_settings(controller.port)
    try:
        yield inbox
    finally:
        controller.stop()
