"""Uploaded files: what a file is is decided by reading it, never by its name or declared type.

`accept_upload(upload, kinds=[PDF])` answers the kind of an uploaded file when its content is one
of `kinds` and a real parser reads it as such, and raises a ValidationError naming the form or API
field otherwise, so pages show it on the field and the API answers 422 naming it. A kind is its
leading bytes (to tell kinds apart) and a check that parses the whole file and refuses what is
unsafe to keep and show; later kinds (images, spreadsheets) add their own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject


class Unacceptable(Exception):
    """A file of the right kind that may not be kept: the message says why."""


@dataclass(frozen=True)
class FileKind:
    """A kind of file Accord takes: how it starts, how to read it, how to serve it."""

    name: str
    media_type: str
    extension: str
    magic: bytes
    check: Callable[[IO[bytes]], None]  # raises Unacceptable


def max_upload_bytes() -> int:
    """The largest file accepted (ACCORD_MAX_UPLOAD_MB, 10 MB unless set)."""
    return settings.ACCORD_MAX_UPLOAD_MB * 1024 * 1024


# --- PDF ----------------------------------------------------------------------------------------
# Keys and values that make a PDF run code or carry other files. Actions: /JS and /JavaScript
# (scripts, also as the document's name tree), /AA (actions that run on events such as opening a
# page), /Launch (start a program); files: /EmbeddedFiles (the name tree), /EF and /EmbeddedFile
# (a file specification's streams), /FileAttachment (an annotation holding a file).
PDF_SCRIPT_KEYS = {"/JS", "/JavaScript", "/AA"}
PDF_SCRIPT_ACTIONS = {"/JavaScript", "/Launch"}
PDF_FILE_KEYS = {"/EmbeddedFiles", "/EF"}
PDF_FILE_TYPES = {"/EmbeddedFile", "/FileAttachment"}

NOT_A_PDF = "This file is not a readable PDF: it could not be opened as one."
ENCRYPTED = "This PDF is encrypted (protected by a password). Upload a copy without protection."
SCRIPTED = "This PDF holds JavaScript or actions that run on their own, which Accord refuses."
ATTACHED = "This PDF holds embedded or attached files, which Accord refuses."


def _pdf_objects(root):
    """Every object reachable from `root` (the trailer), each indirect object once."""
    seen: set[tuple[int, int]] = set()
    stack = [root]
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            item = item.get_object()
        if isinstance(item, DictionaryObject):  # a stream too: its dictionary, not its data
            yield item
            stack.extend(item.values())
        elif isinstance(item, ArrayObject):
            stack.extend(item)


def _name(value) -> str | None:
    value = value.get_object() if isinstance(value, IndirectObject) else value
    return str(value) if isinstance(value, NameObject) else None


def check_pdf(stream: IO[bytes]) -> None:
    """Refuse a PDF that does not parse, has no pages, is encrypted, runs code or holds files."""
    try:
        reader = PdfReader(stream, strict=False)
        if reader.is_encrypted:
            raise Unacceptable(ENCRYPTED)
        if len(reader.pages) == 0:
            raise Unacceptable(NOT_A_PDF)
        for obj in _pdf_objects(reader.trailer):
            for key, value in obj.items():
                if key in PDF_SCRIPT_KEYS or (key == "/S" and _name(value) in PDF_SCRIPT_ACTIONS):
                    raise Unacceptable(SCRIPTED)
                if key in PDF_FILE_KEYS or (
                    key in ("/Type", "/Subtype") and _name(value) in PDF_FILE_TYPES
                ):
                    raise Unacceptable(ATTACHED)
    except Unacceptable:
        raise
    except Exception as exc:  # pypdf raises many kinds of error on a damaged or crafted file
        raise Unacceptable(NOT_A_PDF) from exc


PDF = FileKind("PDF", "application/pdf", "pdf", b"%PDF-", check_pdf)


# --- Spreadsheets: XLSX and CSV ------------------------------------------------------------------
NOT_A_WORKBOOK = (
    "This file is not a readable Excel workbook (.xlsx): it could not be opened as one."
)
MACROS = "This workbook holds macros (a .xlsm file), which Accord refuses. Save it as .xlsx."
# Leading bytes of files that are not text, to name what a file calls .csv really is.
BINARY_KINDS = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (an office document or a compressed folder)"),
    (b"\xd0\xcf\x11\xe0", "an Excel 97-2003 workbook (.xls) or another old Office file"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
)
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def check_xlsx(stream: IO[bytes]) -> None:
    """A zip holding [Content_Types].xml and xl/workbook.xml, without macros, that openpyxl opens
    (read-only: sheets are read as they stream, never held whole)."""
    import zipfile

    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
        if not {"[Content_Types].xml", "xl/workbook.xml"} <= names:
            raise Unacceptable(NOT_A_WORKBOOK)
        if "xl/vbaProject.bin" in names:
            raise Unacceptable(MACROS)
        stream.seek(0)
        load_workbook(stream, read_only=True, data_only=True).close()
    except Unacceptable:
        raise
    except Exception as exc:  # zipfile and openpyxl raise many kinds of error on a damaged file
        raise Unacceptable(NOT_A_WORKBOOK) from exc


def check_csv(stream: IO[bytes]) -> None:
    """Text, not a binary file renamed: no known binary signature and no NUL byte at its start
    (UTF-16 text has NULs: it passes here and its encoding is explained by the importer)."""
    head = stream.read(64 * 1024)
    for magic, name in BINARY_KINDS:
        if head.startswith(magic):
            raise Unacceptable(
                f"This file is {name}, not a CSV text file, whatever its name says. Upload a CSV "
                "or an Excel workbook (.xlsx)."
            )
    if b"\x00" in head and not head.startswith(UTF16_BOMS):
        raise Unacceptable(
            "This file holds binary data, not CSV text, whatever its name says. Upload a CSV or "
            "an Excel workbook (.xlsx)."
        )


XLSX = FileKind(
    "XLSX",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "xlsx",
    b"PK\x03\x04",
    check_xlsx,
)
# Text has no leading bytes of its own: CSV comes last among the kinds offered and takes what is
# left, then its check refuses binary files.
CSV = FileKind("CSV", "text/csv", "csv", b"", check_csv)


# --- Accepting a file ---------------------------------------------------------------------------
def accept_upload(upload, *, kinds: Sequence[FileKind], field: str = "file") -> FileKind:
    """The kind of `upload`, read from its content; ValidationError on `field` when it is
    missing, too large, none of `kinds`, or refused by its kind's check."""

    def refuse(message: str):
        raise ValidationError({field: message})

    if upload is None:
        refuse("Choose a file to upload.")
    limit = max_upload_bytes()
    if upload.size > limit:
        refuse(
            f"The file is {upload.size / 1024 / 1024:.1f} MB; the limit is "
            f"{limit // (1024 * 1024)} MB."
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    kind = next((k for k in kinds if head.startswith(k.magic)), None)
    if kind is None:
        names = " or ".join(k.name for k in kinds)
        refuse(f"This file is not a {names}, whatever its name says. Upload a {names} file.")
    try:
        kind.check(upload)
    except Unacceptable as exc:
        refuse(str(exc))
    finally:
        upload.seek(0)
    return kind
