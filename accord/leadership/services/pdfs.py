"""MOU PDFs rendered by the task worker and stored; a request only ever serves a stored file (L5).

Laying out a PDF takes a quarter of a second warm and seconds for the first in a process, so no
request does it. Three documents are rendered by tasks (tasks_pdfs.py, run by `accord worker`):

- the draft PDF (`MouVersion.preview`): enqueued when a version is created or its text or term
  changes, and by a request for it that finds none for the draft as it is now. It is keyed by the
  SHA-256 of the document's HTML (`preview_source`): the HTML is cheap to make, and it is what
  the PDF is laid out from, so a stored preview is served exactly while the draft still renders
  to the same HTML, whatever changed it (its text, its term, the partnership's data);
- the document sent for signature (`document`, with its SHA-256): enqueued in the transaction
  that sends the version, so the queue holds it exactly when the send is committed; the
  signatories are asked once it is stored, and each signature records the SHA-256 of these
  stored bytes, which are what the signers read (signing before it is stored is refused);
- the executed document with its signing certificate (`certificate_document`): enqueued in the
  transaction of the last signature.

Every task is safe to run twice or beside another run: it renders only what is still missing
(a stale task, for HTML that is no longer the draft's, does nothing), and it stores its file
under the version's row lock after checking again, so one file is stored whatever the runs.
"""

from __future__ import annotations

import uuid

from django.core.files.base import ContentFile
from django.db import transaction

from accord.core.audit import acting_as, current_actor_id

from .. import rendering
from ..models import MouVersion

VS = MouVersion.Status
# How long a client waits before asking again for a PDF that is being rendered (seconds).
RETRY_AFTER = 2


# --- What is stored, what is pending -------------------------------------------------------------
def preview_html(version: MouVersion) -> tuple[str, str]:
    """The draft's document HTML as it is now, and its SHA-256 (what keys the stored preview)."""
    html = rendering.document_html(rendering.document_data(version))
    return html, rendering.sha256_bytes(html.encode())


def preview_stored(version: MouVersion, source: str) -> bool:
    return bool(version.preview) and version.preview_source == source


def document_pending(version: MouVersion) -> bool:
    """Sent for signature by Accord, and its document not rendered yet."""
    return not version.document and version.sent_at is not None and not version.external


def certificate_pending(version: MouVersion) -> bool:
    """Executed in Accord, and the executed document not rendered yet."""
    return (
        not version.certificate_document
        and version.status == VS.EXECUTED
        and not version.external
        and bool(version.document)
    )


# --- Enqueueing -----------------------------------------------------------------------------------
def queue_preview(version_id: int, source: str) -> None:
    """Have the worker render the draft PDF for `source` (the HTML's SHA-256), now."""
    from ..tasks_pdfs import render_preview

    render_preview.enqueue(version_id, source)


def preview_after_commit(version: MouVersion) -> None:
    """Once the write commits, have the worker render the draft PDF of the version as it is."""
    version_id = version.pk

    def queue() -> None:
        fresh = MouVersion.objects.filter(pk=version_id, status=VS.DRAFT).first()
        if fresh is None:
            return
        _, source = preview_html(fresh)
        if not preview_stored(fresh, source):
            queue_preview(version_id, source)

    transaction.on_commit(queue, robust=True)


def queue_document(version: MouVersion) -> None:
    """In the sending transaction: render the document sent for signature (once committed)."""
    from ..tasks_pdfs import render_document

    render_document.enqueue(version.pk, current_actor_id())


def queue_certificate(version: MouVersion) -> None:
    """In the transaction of the last signature: render the executed document."""
    from ..tasks_pdfs import render_certificate

    render_certificate.enqueue(version.pk, current_actor_id())


# --- Rendering (the worker's side) ------------------------------------------------------------
def store_preview(version_id: int, source: str) -> str:
    """Render and store the draft PDF for `source`; what happened: stored, already, stale."""
    version = MouVersion.objects.select_related("mou__partnership").filter(pk=version_id).first()
    if version is None or version.document or version.status != VS.DRAFT:
        return "stale"
    if preview_stored(version, source):
        return "already"
    html, current = preview_html(version)
    if current != source:
        return "stale"  # the draft changed since: the task queued for the change renders it
    pdf = rendering.pdf_of_html(html)
    with transaction.atomic():
        locked = MouVersion.objects.select_for_update().filter(pk=version_id).first()
        if locked is None or locked.document or locked.status != VS.DRAFT:
            return "stale"
        if preview_stored(locked, source):
            return "already"  # another run stored it while this one rendered
        old = locked.preview.name if locked.preview else ""
        locked.preview.save(f"{uuid.uuid4().hex}.pdf", ContentFile(pdf), save=False)
        # A cache of the draft, not a change of it: written without a history entry.
        MouVersion.objects.filter(pk=version_id).update(
            preview=locked.preview.name,
            preview_sha256=rendering.sha256_bytes(pdf),
            preview_source=source,
        )
        if old:
            storage = locked.preview.storage
            transaction.on_commit(lambda: storage.delete(old), robust=True)
    return "stored"


def store_document(version_id: int, actor_id: int | None = None) -> str:
    """Render and store the document sent for signature, with its SHA-256; stored or already."""
    version = MouVersion.objects.select_related("mou__partnership").filter(pk=version_id).first()
    if version is None or not document_pending(version):
        return "already"
    pdf = rendering.version_pdf(version)  # from the data and text frozen when it was sent
    # Recorded for whoever sent it (the sender named on the version when the queue named none).
    with transaction.atomic(), acting_as(actor_id or version.sent_by_id):
        locked = MouVersion.objects.select_for_update().get(pk=version_id)
        if not document_pending(locked):
            return "already"
        locked.document.save(f"{uuid.uuid4().hex}.pdf", ContentFile(pdf), save=False)
        locked.document_sha256 = rendering.sha256_bytes(pdf)
        locked.save(update_fields=["document", "document_sha256", "updated_at"])
        if locked.status == VS.OUT_FOR_SIGNATURE:
            from .signing import ask_next

            ask_next(locked)  # the signers are asked once there is a document to read and sign
    return "stored"


def store_certificate(version_id: int, actor_id: int | None = None) -> str:
    """Render and store the executed document: the signed pages, the signing certificate, and
    the exact bytes signed attached inside (rendering.executed_pdf); stored or already."""
    version = MouVersion.objects.select_related("mou__partnership").filter(pk=version_id).first()
    if version is None or not certificate_pending(version):
        return "already"
    pdf = rendering.executed_pdf(version, rendering.read_stored(version.document))
    with transaction.atomic(), acting_as(actor_id):
        locked = MouVersion.objects.select_for_update().get(pk=version_id)
        if not certificate_pending(locked):
            return "already"
        locked.certificate_document.save(f"{uuid.uuid4().hex}.pdf", ContentFile(pdf), save=False)
        locked.certificate_sha256 = rendering.sha256_bytes(pdf)
        locked.save(update_fields=["certificate_document", "certificate_sha256", "updated_at"])
    return "stored"
