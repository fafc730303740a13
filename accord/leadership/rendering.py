"""An MOU as a document: HTML for pages and print, PDF with WeasyPrint, and its SHA-256 (L5).

The PDF embeds nothing from outside: the stylesheet is inline, fonts come from the system, and
the URL fetcher refuses every URL, so rendering never reaches the network or the file system.
The document sent for signature is rendered once and stored as exact bytes; the executed
document is those pages again followed by a signing certificate, with the exact signed bytes
attached inside it. The PDFs are rendered by the task worker, never in a request: see
services/pdfs.py.
"""

from __future__ import annotations

import hashlib
import re

from django.http import FileResponse, Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from accord.accounts.notifications import absolute_url
from accord.core.pdfs import PDF_OPTIONS  # also read from here by the leadership app

from .mou_context import (
    charter_note,
    disagreement_messages,
    readable_date,
    section_texts,
    version_data,
)

PDF_MIME = "application/pdf"
CHUNK = 64 * 1024


# --- Text ---------------------------------------------------------------------------------------
BULLET = re.compile(r"^\s*[-*•]\s+")
NUMBERED = re.compile(r"^\s*\d{1,3}[.)]\s+")


def text_blocks(body: str) -> list[dict]:
    """A section's plain text as blocks: paragraphs, bulleted lists and numbered lists.

    A blank line separates paragraphs; consecutive lines starting with "- " form a list, and lines
    starting with "1. " a numbered one. Other single line breaks stay line breaks.
    """
    blocks: list[dict] = []
    for chunk in re.split(r"\n\s*\n", (body or "").strip()):
        current: dict | None = None
        for line in chunk.splitlines():
            if not line.strip():
                continue
            kind = "ul" if BULLET.match(line) else "ol" if NUMBERED.match(line) else "p"
            if current is None or current["kind"] != kind:
                current = {"kind": kind, "lines" if kind == "p" else "items": []}
                blocks.append(current)
            if kind == "p":
                current["lines"].append(line.strip())
            else:
                current["items"].append((BULLET if kind == "ul" else NUMBERED).sub("", line, 1))
    return blocks


def css_string(value: str) -> str:
    """`value` as a quoted CSS string in which only ASCII letters and digits stay literal, so
    that nothing in it can end the string or the stylesheet."""
    # Six-digit escapes, and spaces escaped too: a literal space after an escape would be eaten.
    escaped = "".join(c if c.isascii() and c.isalnum() else f"\\{ord(c):06x}" for c in value)
    return f'"{escaped}"'


# --- Document data ------------------------------------------------------------------------------
def document_data(version, sections=None, signatories=None, *, with_records: bool = False) -> dict:
    """Everything the document shows, from the version and its MOU (read in a few queries).

    Every value printed comes from `version_data`: the parties, the term and the sections'
    text alike, so that the cover, the clauses and the signature blocks cannot disagree. A
    section edited by hand keeps its text and is marked so.
    """
    mou = version.mou
    partnership = mou.partnership
    data = version_data(version)
    sections = list(sections if sections is not None else version.sections.order_by("position"))
    if signatories is None:
        signatories = list(
            version.signatories.select_related("person", "organization").order_by("order", "pk")
        )
    parties = [
        {"name": p["name"], "kind": p["kind"], "location": p["location"]} for p in data["parties"]
    ]
    texts = section_texts(version, sections, data)
    if signatories:
        blocks = [
            {
                "organization": s.organization.name,
                "name": s.person.name,
                "title": s.person.title,
                "record": s if with_records and s.status == s.Status.SIGNED else None,
                "status": s.get_status_display(),
            }
            for s in signatories
        ]
    else:  # a draft: one empty block per party, for whoever will sign
        blocks = [
            {"organization": p["name"], "name": "", "title": "", "record": None, "status": ""}
            for p in parties
        ]
    status = version.status
    if status == version.Status.DRAFT:
        dated = f"Draft of {readable_date(timezone.localdate())}"
    elif version.executed_at:
        dated = f"Executed on {readable_date(timezone.localdate(version.executed_at))}"
    elif version.sent_at:
        dated = f"Sent for signature on {readable_date(timezone.localdate(version.sent_at))}"
    else:
        dated = ""
    return {
        "mou": mou,
        "version": version,
        "partnership": partnership,
        "parties": parties,
        "sections": [
            {
                "number": n,
                "heading": t.heading,
                "blocks": text_blocks(t.body),
                "key": t.key,
                "edited": t.edited,
                "disagreements": t.disagreements,
                "error": t.error,
            }
            for n, t in enumerate(texts, start=1)
        ],
        "texts": texts,
        "disagreements": disagreement_messages(texts),
        "signature_blocks": blocks,
        "dated": dated,
        "is_draft": status == version.Status.DRAFT,
        "charter_note": charter_note(data) if status == version.Status.DRAFT else "",
        "effective_on": data["term"]["effective_on"],
        "expires_on": data["term"]["expires_on"],
        "amends": mou.amends,
        "header_left": css_string(mou.title[:90]),
        "header_right": css_string(f"Version {version.number}"),
        "footer_right": css_string("Draft — not for signature")
        if status == version.Status.DRAFT
        else "none",
    }


# --- PDF ----------------------------------------------------------------------------------------
def _weasyprint():
    import weasyprint

    class NoFetch(weasyprint.URLFetcher):
        """Refuses every URL: an Accord document embeds nothing from outside."""

        def fetch(self, url, headers=None):
            raise ValueError(f"Accord documents embed no external resources ({url[:80]}).")

    return weasyprint, NoFetch()


def _render(html: str):
    weasyprint, fetcher = _weasyprint()
    return weasyprint.HTML(string=html, base_url=None, url_fetcher=fetcher).render(**PDF_OPTIONS)


def document_html(data: dict) -> str:
    return render_to_string("leadership/mous/document.html", data)


def pdf_of_html(html: str) -> bytes:
    """A document's HTML laid out as a PDF: the slow part (a quarter of a second and more), which
    only the task worker runs (services/pdfs.py)."""
    return _render(html).write_pdf(**PDF_OPTIONS)


def version_pdf(version) -> bytes:
    """The version as a PDF, rendered now (a draft preview, or the document sent for signature)."""
    return pdf_of_html(document_html(document_data(version)))


def executed_pdf(version, signed_bytes: bytes) -> bytes:
    """The executed document: the signed pages, then the signing certificate (L5).

    The signed pages are rendered again from the same text and data, with each signature block
    filled in; the exact bytes every signature's SHA-256 refers to travel inside the file as an
    attachment ("signed-document.pdf").
    """
    weasyprint, _ = _weasyprint()
    signatories = list(
        version.signatories.select_related("person", "organization").order_by("order", "pk")
    )
    # Each party's signature block filled in: the signer, their title and organization, the date
    # and time, and the SHA-256 of the document they signed, as signing platforms do.
    data = document_data(version, signatories=signatories, with_records=True)
    signed = _render(document_html(data))
    certificate = _render(certificate_html(version, signatories, len(signed.pages)))
    combined = signed.copy([*signed.pages, *certificate.pages])
    combined.metadata.title = (
        f"{version.mou.title} — version {version.number}, executed, with its signing certificate"
    )
    attachment = weasyprint.Attachment(
        string=signed_bytes,
        name="signed-document.pdf",
        description=f"The exact document signed (SHA-256 {version.document_sha256})",
    )
    return combined.write_pdf(attachments=[attachment], **PDF_OPTIONS)


def certificate_html(version, signatories, pages_before: int) -> str:
    mou = version.mou
    verify = reverse("leadership:verify")  # public: the document is the key, never an id
    return render_to_string(
        "leadership/mous/certificate.html",
        {
            "mou": mou,
            "version": version,
            "partnership": mou.partnership,
            "signatories": signatories,
            "pages_before": pages_before,
            "header_left": css_string(mou.title[:90]),
            "header_right": css_string(f"Version {version.number} · Signing certificate"),
            "footer_right": "none",
            "verify_url": absolute_url(verify),
            "executed_at": version.executed_at or timezone.now(),
        },
    )


# --- Serving stored documents ------------------------------------------------------------------
def pdf_filename(version, suffix: str = "") -> str:
    return f"{slugify(version.mou.title)[:60] or 'mou'}-version-{version.number}{suffix}.pdf"


def pdf_attachment(field_file, filename: str) -> FileResponse:
    """A stored PDF as a download, for views that loaded its version through the access path."""
    if not field_file:
        raise Http404("Not found.")
    try:
        handle = field_file.storage.open(field_file.name, "rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404("Not found.") from exc
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=PDF_MIME)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- Hashes -------------------------------------------------------------------------------------
def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def stored_sha256(field_file) -> str | None:
    """The SHA-256 of a stored file as it is now; None when there is no file to read."""
    if not field_file or not field_file.name:
        return None
    digest = hashlib.sha256()
    try:
        with field_file.storage.open(field_file.name, "rb") as handle:
            for chunk in iter(lambda: handle.read(CHUNK), b""):
                digest.update(chunk)
    except (FileNotFoundError, OSError):
        return None
    return digest.hexdigest()


def read_stored(field_file) -> bytes:
    with field_file.storage.open(field_file.name, "rb") as handle:
        return handle.read()
