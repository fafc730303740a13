"""Uploaded files: what a file is is decided by reading it, never by its name or declared type.

`accept_upload(upload, kinds=[PDF])` answers the kind of an uploaded file when its content is one
of `kinds` and a real parser reads it as such, and raises a ValidationError naming the form or API
field otherwise, so pages show it on the field and the API answers 422 naming it. A kind is its
leading bytes (to tell kinds apart; where several kinds share them, as office documents share
the zip container's, a `sniff` that looks inside) and a check that parses the whole file and
refuses what is unsafe to keep and show. Kinds: PDF; PNG, JPEG, GIF and WebP images (decoded in
full by Pillow, with a bound on their pixels); DOCX, XLSX, PPTX (Office Open XML) and ODT
(OpenDocument) as zip containers with the parts their kind needs, without macros, encrypted
members or a decompressed size out of proportion (`IMAGES`, `OFFICE`, `EVIDENCE_KINDS`).
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import Image, ImageFile
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
    # Where kinds share their leading bytes (zip containers): True when the file is this kind.
    sniff: Callable[[IO[bytes]], bool] | None = None


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
# --- Images -------------------------------------------------------------------------------------
# Pillow (a dependency of WeasyPrint, which Accord uses for its PDFs) decodes the whole image: a
# file cut short or damaged is refused, and so is one whose pixels would take too much memory.
MAX_PIXELS = 40_000_000


def _image_check(name: str, pillow_format: str) -> Callable[[IO[bytes]], None]:
    broken = f"This file is not a readable {name}: it could not be opened as one."

    def check(stream: IO[bytes]) -> None:
        # WeasyPrint turns Pillow's LOAD_TRUNCATED_IMAGES on for the whole process when it is
        # first imported (to draw what it can of a web page's broken images); with it on, an
        # image cut short loads without an error. Uploads are refused when cut short, whichever
        # ran first in this process: a PDF rendered or not.
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            with Image.open(stream, formats=[pillow_format]) as image:
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise Unacceptable(
                        f"This image is {width} by {height} pixels; Accord takes images of up to "
                        f"{MAX_PIXELS // 1_000_000} million pixels. Upload a smaller copy."
                    )
                image.load()
        except Unacceptable:
            raise
        except Exception as exc:  # Pillow raises many kinds of error on a damaged or crafted file
            raise Unacceptable(broken) from exc

    return check


def _webp(stream: IO[bytes]) -> bool:
    return stream.read(12)[8:12] == b"WEBP"


PNG = FileKind(
    "PNG image", "image/png", "png", b"\x89PNG\r\n\x1a\n", _image_check("PNG image", "PNG")
)
JPEG = FileKind(
    "JPEG image", "image/jpeg", "jpg", b"\xff\xd8\xff", _image_check("JPEG image", "JPEG")
)
GIF = FileKind("GIF image", "image/gif", "gif", b"GIF8", _image_check("GIF image", "GIF"))
WEBP = FileKind(
    "WebP image", "image/webp", "webp", b"RIFF", _image_check("WebP image", "WEBP"), _webp
)
IMAGES = (PNG, JPEG, GIF, WEBP)


# --- Office documents ---------------------------------------------------------------------------
# A zip container with the parts of its kind. Refused: a container that does not open or whose
# members do not check out (CRC), encrypted members, macros (a VBA project) and ActiveX controls,
# more members or more decompressed bytes than a document has (a "zip bomb").
ZIP_MAGIC = b"PK\x03\x04"
MAX_MEMBERS = 5_000
MAX_UNZIPPED = 200 * 1024 * 1024
MAX_RATIO = 200  # decompressed bytes per compressed byte, over the whole container
MACRO_PARTS = ("vbaproject.bin", "activex")
OOXML_TYPES = "[Content_Types].xml"


def _zip_names(stream: IO[bytes]) -> set[str]:
    try:
        with zipfile.ZipFile(stream) as archive:
            return set(archive.namelist())
    except Exception:
        return set()
    finally:
        stream.seek(0)


def _office_check(name: str, main_part: str, main_type: bytes) -> Callable[[IO[bytes]], None]:
    broken = f"This file is not a readable {name}: it could not be opened as one."

    def check(stream: IO[bytes]) -> None:
        try:
            with zipfile.ZipFile(stream) as archive:
                members = archive.infolist()
                if len(members) > MAX_MEMBERS:
                    raise Unacceptable(broken)
                packed = sum(m.compress_size for m in members) or 1
                unpacked = sum(m.file_size for m in members)
                if unpacked > MAX_UNZIPPED or unpacked / packed > MAX_RATIO:
                    raise Unacceptable(
                        f"This {name} unpacks to far more than its size, which Accord refuses."
                    )
                if any(m.flag_bits & 0x1 for m in members):
                    raise Unacceptable(
                        f"This {name} is encrypted (protected by a password). Upload a copy "
                        "without protection."
                    )
                lowered = [m.filename.lower() for m in members]
                if any(part in n for n in lowered for part in MACRO_PARTS):
                    raise Unacceptable(
                        f"This {name} holds macros or ActiveX controls, which Accord refuses. "
                        "Save it without them and upload it again."
                    )
                if main_part not in archive.namelist():
                    raise Unacceptable(broken)
                declared = _declared_type(archive, main_part)
                if main_type not in declared:
                    raise Unacceptable(broken)
                if archive.testzip() is not None:
                    raise Unacceptable(broken)
        except Unacceptable:
            raise
        except Exception as exc:
            raise Unacceptable(broken) from exc

    return check


def _declared_type(archive: zipfile.ZipFile, main_part: str) -> bytes:
    """What the container says its main part is: ODT's `mimetype` member, or OOXML's content
    types (read as bytes, at most 1 MB, never parsed as XML)."""
    member = "mimetype" if main_part == "content.xml" else OOXML_TYPES
    with archive.open(member) as handle:
        return handle.read(1024 * 1024)


def _office_kind(name, media_type, extension, main_part, main_type) -> FileKind:
    def sniff(stream: IO[bytes]) -> bool:
        names = _zip_names(stream)
        marker = "mimetype" if main_part == "content.xml" else OOXML_TYPES
        return main_part in names and marker in names

    return FileKind(
        name, media_type, extension, ZIP_MAGIC, _office_check(name, main_part, main_type), sniff
    )


_OOXML = "application/vnd.openxmlformats-officedocument."
DOCX = _office_kind(
    "Word document (DOCX)",
    _OOXML + "wordprocessingml.document",
    "docx",
    "word/document.xml",
    b"wordprocessingml.document.main+xml",
)
# An Excel workbook kept as a document (evidence); XLSX above is one read as data (imports).
OFFICE_XLSX = _office_kind(
    "Excel workbook (XLSX)",
    _OOXML + "spreadsheetml.sheet",
    "xlsx",
    "xl/workbook.xml",
    b"spreadsheetml.sheet.main+xml",
)
PPTX = _office_kind(
    "PowerPoint presentation (PPTX)",
    _OOXML + "presentationml.presentation",
    "pptx",
    "ppt/presentation.xml",
    b"presentationml.presentation.main+xml",
)
ODT = _office_kind(
    "OpenDocument text (ODT)",
    "application/vnd.oasis.opendocument.text",
    "odt",
    "content.xml",
    b"application/vnd.oasis.opendocument.text",
)
OFFICE = (DOCX, OFFICE_XLSX, PPTX, ODT)
# What evidence may be (M3): a PDF, an image or an office document.
EVIDENCE_KINDS = (PDF, *IMAGES, *OFFICE)
BY_MEDIA_TYPE = {kind.media_type: kind for kind in EVIDENCE_KINDS}


def _matches(kind: FileKind, head: bytes, upload) -> bool:
    if not head.startswith(kind.magic):
        return False
    if kind.sniff is None:
        return True
    try:
        return kind.sniff(upload)
    finally:
        upload.seek(0)


def names_of(kinds: Sequence[FileKind]) -> str:
    """How a list of kinds is named to a person: "PDF", or "PDF, PNG, … or ODT"."""
    if len(kinds) == 1:
        return kinds[0].name
    short = [kind.extension.upper() if kind.extension != "webp" else "WebP" for kind in kinds]
    short = ["JPEG" if s == "JPG" else s for s in short]
    return ", ".join(short[:-1]) + " or " + short[-1]


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
    kind = next((k for k in kinds if _matches(k, head, upload)), None)
    if kind is None:
        names = names_of(kinds)
        if len(kinds) == 1:
            refuse(f"This file is not a {names}, whatever its name says. Upload a {names} file.")
        refuse(f"This file is not a {names} file, whatever its name says. Upload one of those.")
    try:
        kind.check(upload)
    except Unacceptable as exc:
        refuse(str(exc))
    finally:
        upload.seek(0)
    return kind
