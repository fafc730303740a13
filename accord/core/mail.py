"""Writing e-mails to files, one complete message per file (`ACCORD_EMAIL=file`, `make run`).

Django's file backend appends every message of a connection to one `.log` file with separator
lines, which no mail program opens. Accord writes each message on its own under `file_path`
(`var/mail/`) as `<date>-<time>-<microseconds>-<random>.eml`, the RFC 5322 message exactly as it
would be sent (headers, MIME parts, attachments), so the names sort by time and a double click
opens it in a mail program. A file appears complete or not at all: it is written under a
temporary name and renamed.
"""

import os
import secrets
from pathlib import Path

from django.core.mail.backends.filebased import EmailBackend as FileEmailBackend
from django.utils import timezone


class EmlFileBackend(FileEmailBackend):
    """One `.eml` file per message under the mailer's `file_path`."""

    def open(self):
        return False  # no stream: each message opens its own file

    def close(self):
        pass

    def send_messages(self, email_messages):
        if not email_messages:
            return 0
        written = 0
        with self._lock:
            for message in email_messages:
                try:
                    self.write_message(message)
                except Exception:
                    if not self.fail_silently:
                        raise
                else:
                    written += 1
        return written

    def write_message(self, message):
        directory = Path(self.file_path)
        name = f"{timezone.now():%Y%m%d-%H%M%S-%f}-{secrets.token_hex(4)}.eml"
        partial = directory / f".{name}.part"
        with open(partial, "xb") as stream:
            stream.write(message.message().as_bytes())
        os.replace(partial, directory / name)
