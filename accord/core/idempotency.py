"""Idempotency keys for every API create: a retried POST writes once.

A client sends `Idempotency-Key: <any 1-255 visible ASCII characters, e.g. a UUID>` with a POST.
The first request with a key runs as usual and, when it succeeds (2xx), its answer (status,
body, ETag and Location) is stored in `IdempotencyRecord`, in the same transaction as the write
(api_writes.py), for ACCORD_IDEMPOTENCY_HOURS. The same key again from the same user:

- with the same request (method, path with query, and body byte for byte): the stored answer, with
  `Idempotent-Replayed: true`; nothing runs and nothing is written;
- with another request: 422 naming `Idempotency-Key`; nothing is written.

A request refused with an error (4xx, 5xx) is rolled back with its record, so the key stays free
for a corrected retry. Two requests with one key at once: the first inserts the record at its
start; the second's insert waits for the first to commit (PostgreSQL's unique index; on SQLite
writers take turns) and then replays its answer, so one row is written.

One mechanism for the whole API: `answer_in_transaction` (around each operation's `run`) reads the
key and the body, and keeps the answer; `replay_or_run` (around each view, after authentication)
claims the key or answers from the record. `document_idempotency` adds the header to every POST
in the OpenAPI schema.
"""

import hashlib
import json
import re
from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.utils import timezone

from .models import IdempotencyRecord

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
KEPT_HEADERS = ("ETag", "Location")
KEY_PATTERN = r"^[!-~]{1,255}$"
_KEY = re.compile(KEY_PATTERN)

PARAMETER = {
    "name": HEADER,
    "in": "header",
    "required": False,
    "description": (
        "Any unique value (a UUID) that makes a retry of this POST safe: the same key with the "
        "same body returns the first answer and writes nothing (`Idempotent-Replayed: true`); "
        "with another body, 422. Kept for ACCORD_IDEMPOTENCY_HOURS (24 by default)."
    ),
    "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": KEY_PATTERN},
}


def _refuse(message: str):
    raise ValidationError({HEADER: [message]})


def _content(request) -> bytes:
    """The body as sent; a multipart body as its fields and files, whatever its boundary (a
    client's retry draws a new one)."""
    if request.content_type != "multipart/form-data":
        return request.body
    files = []
    for name, uploaded in sorted(request.FILES.lists()):
        for upload in uploaded:
            content = hashlib.sha256()
            for chunk in upload.chunks():
                content.update(chunk)
            upload.seek(0)
            files.append([name, upload.name, upload.content_type, content.hexdigest()])
    fields = sorted([name, values] for name, values in request.POST.lists())
    return json.dumps([fields, files]).encode()


class Pending:
    """The key of one request, and the record it claimed (None until claimed)."""

    def __init__(self, request, key: str):
        self.key = key
        digest = hashlib.sha256()
        for part in (request.method.encode(), request.get_full_path().encode(), _content(request)):
            digest.update(len(part).to_bytes(8, "big"))
            digest.update(part)
        self.fingerprint = digest.hexdigest()
        self.record: IdempotencyRecord | None = None

    def claim(self, request) -> IdempotencyRecord | None:
        """Insert this key's record, or return the record another request stored with it."""
        oldest = timezone.now() - timedelta(hours=settings.ACCORD_IDEMPOTENCY_HOURS)
        records = IdempotencyRecord.objects.filter(user_id=request.user.pk, key=self.key)
        for _ in range(3):
            try:
                with transaction.atomic():
                    self.record = IdempotencyRecord.objects.create(
                        user_id=request.user.pk,
                        key=self.key,
                        fingerprint=self.fingerprint,
                        method=request.method,
                        path=request.get_full_path(),
                    )
                return None
            except IntegrityError:
                stored = records.first()
                if stored is None:
                    continue  # pruned meanwhile
                if stored.created_at < oldest:
                    stored.delete()
                    continue
                return stored
        raise IntegrityError(f"Could not claim the idempotency key {self.key!r}.")

    def keep(self, response) -> None:
        """Store the answer in the record, before the transaction commits."""
        record = self.record
        record.status = response.status_code
        record.content_type = response.get("Content-Type", "")
        record.headers = {name: response[name] for name in KEPT_HEADERS if name in response}
        record.body = response.content
        record.save(update_fields=["status", "content_type", "headers", "body"])


def pending_key(request) -> Pending | None:
    """The request's idempotency key, read before anything else reads the body."""
    if request.method != "POST":
        return None
    key = request.headers.get(HEADER)
    return None if key is None else Pending(request, key)


def replay(stored: IdempotencyRecord, pending: Pending) -> HttpResponse:
    if stored.fingerprint != pending.fingerprint:
        _refuse(
            "This key was already used with another request (a different address or body). "
            "Use a new key for a new request."
        )
    if stored.status is None:  # not reachable: a record is committed with its answer
        _refuse("The request first sent with this key has not finished; try again shortly.")
    response = HttpResponse(
        bytes(stored.body), status=stored.status, content_type=stored.content_type or None
    )
    for name, value in stored.headers.items():
        response[name] = value
    response[REPLAYED_HEADER] = "true"
    return response


def replay_or_run(view_func):
    """Around each view, after authentication: answer from the key's record, or claim the key."""

    @wraps(view_func)
    def idempotent(request, *args, **kwargs):
        pending = getattr(request, "idempotency", None)
        if pending is None or not request.user.is_authenticated:
            return view_func(request, *args, **kwargs)
        if not _KEY.match(pending.key):
            _refuse("Send 1 to 255 visible ASCII characters, such as a UUID.")
        stored = pending.claim(request)
        if stored is not None:
            return replay(stored, pending)
        return view_func(request, *args, **kwargs)

    return idempotent


def document_idempotency(schema: dict) -> dict:
    """The Idempotency-Key header on every POST of the OpenAPI schema."""
    for operations in schema.get("paths", {}).values():
        operation = operations.get("post")
        if operation is None:
            continue
        parameters = operation.setdefault("parameters", [])
        if not any(p.get("name") == HEADER for p in parameters):
            parameters.append(PARAMETER)
        operation.setdefault("responses", {}).setdefault(
            422,
            {
                "description": "Invalid input, or an Idempotency-Key used with another request.",
                "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}
                },
            },
        )
    return schema


def prune(now=None) -> int:
    """Delete the records older than ACCORD_IDEMPOTENCY_HOURS; return how many went."""
    oldest = (now or timezone.now()) - timedelta(hours=settings.ACCORD_IDEMPOTENCY_HOURS)
    deleted, _ = IdempotencyRecord.objects.filter(created_at__lt=oldest).delete()
    return deleted
