"""The background tasks that render MOU PDFs and store them (L5; see services/pdfs.py).

Run by `accord worker` (inline with Django's ImmediateBackend). Each is safe to run again, or
beside another run: it renders only what is still missing and stores one file.
"""

from django.tasks import task

from .services import pdfs


@task()
def render_preview(version_id: int, source: str) -> str:
    """The draft PDF of a version, for the document HTML whose SHA-256 is `source`."""
    return pdfs.store_preview(version_id, source)


@task()
def render_document(version_id: int, actor_id: int | None = None) -> str:
    """The document sent for signature; its storing is recorded for `actor_id`, who sent it."""
    return pdfs.store_document(version_id, actor_id)


@task()
def render_certificate(version_id: int, actor_id: int | None = None) -> str:
    """The executed document with its signing certificate, recorded for the last signer."""
    return pdfs.store_certificate(version_id, actor_id)
