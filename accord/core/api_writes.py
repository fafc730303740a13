"""API writes answer what happened: the answer is built before the write commits.

Every API operation that writes (POST, PUT, PATCH, DELETE) runs, answer and all, in one database
transaction (`answer_in_transaction`, an API-wide decorator around each operation's `run`):
the view, the service it calls (whose own `atomic` blocks become savepoints), every read that
builds the answer (a detail read back, the serialisation of lazy relations) and the idempotency
record (idempotency.py). Only then does the transaction commit. So:

- a failure while the answer is built rolls the write back: an error answer means "not written";
- once the commit has succeeded, nothing is left that could fail: a written row is answered 2xx;
- an error answer (4xx) rolls back whatever the view wrote before it refused, except a 429: a
  rate limit's refusal is itself the count it keeps (ratelimit.py), which must stay counted.

A connection lost during the COMMIT itself cannot say whether the write happened; the client
retries with the same Idempotency-Key and gets the stored answer or a fresh write, never both.
"""

from functools import wraps

from django.db import transaction

from .idempotency import document_idempotency, pending_key, replay_or_run

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def answer_in_transaction(run):
    @wraps(run)
    def answering(request, *args, **kwargs):
        if request.method not in WRITE_METHODS:
            return run(request, *args, **kwargs)
        # Read before the view reads the body (a multipart body can be read only once).
        request.idempotency = pending = pending_key(request)
        with transaction.atomic():
            response = run(request, *args, **kwargs)
            if response.status_code >= 400 and response.status_code != 429:
                transaction.set_rollback(True)
            elif pending is not None and pending.record is not None:
                pending.keep(response)
        return response

    return answering


def install_committed_answers(api) -> None:
    """Writes answered from inside their transaction, and Idempotency-Key on every POST."""
    api.add_decorator(answer_in_transaction, mode="view")
    api.add_decorator(replay_or_run, mode="operation")


__all__ = ["answer_in_transaction", "document_idempotency", "install_committed_answers"]
