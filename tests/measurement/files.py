"""Small files of every kind evidence takes, made here (no fixtures on disk), and near misses."""

import io
import zipfile

from PIL import Image

from tests.pdfs import PLAIN_PDF

OOXML = "application/vnd.openxmlformats-officedocument."


def image(fmt: str, size=(4, 3)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, fmt)
    return buffer.getvalue()


def ooxml(main: str, content_type: str, extra=()) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            f'<?xml version="1.0"?><Types><Override PartName="/{main}" '
            f'ContentType="{content_type}"/></Types>',
        )
        archive.writestr(main, "<document/>")
        for name in extra:
            archive.writestr(name, "x")
    return buffer.getvalue()


def odt(mimetype: str = "application/vnd.oasis.opendocument.text") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", mimetype)
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


DOCX = ooxml("word/document.xml", OOXML + "wordprocessingml.document.main+xml")
XLSX = ooxml("xl/workbook.xml", OOXML + "spreadsheetml.sheet.main+xml")
PPTX = ooxml("ppt/presentation.xml", OOXML + "presentationml.presentation.main+xml")

# content, media type stored, extension
ACCEPTED = {
    "pdf": (PLAIN_PDF, "application/pdf", "pdf"),
    "png": (image("PNG"), "image/png", "png"),
    "jpeg": (image("JPEG"), "image/jpeg", "jpg"),
    "gif": (image("GIF"), "image/gif", "gif"),
    "webp": (image("WEBP"), "image/webp", "webp"),
    "docx": (DOCX, OOXML + "wordprocessingml.document", "docx"),
    "xlsx": (XLSX, OOXML + "spreadsheetml.sheet", "xlsx"),
    "pptx": (PPTX, OOXML + "presentationml.presentation", "pptx"),
    "odt": (odt(), "application/vnd.oasis.opendocument.text", "odt"),
}

NOT_ANY_KIND = (
    "This file is not a PDF, PNG, JPEG, GIF, WebP, DOCX, XLSX, PPTX or ODT file, whatever its "
    "name says. Upload one of those."
)
# content, the message
REFUSED = {
    "html named .pdf": (b"<html><script>alert(1)</script></html>", NOT_ANY_KIND),
    "an executable": (b"MZ\x90\x00" + b"\x00" * 60, NOT_ANY_KIND),
    "a zip of something else": (ooxml("notes/a.xml", "text/xml"), NOT_ANY_KIND),
    "a PNG cut short": (
        image("PNG", (64, 64))[:60],
        "This file is not a readable PNG image: it could not be opened as one.",
    ),
    "a JPEG header only": (
        b"\xff\xd8\xff\xe0" + b"\x00" * 20,
        "This file is not a readable JPEG image: it could not be opened as one.",
    ),
    "RIFF that is not WebP": (b"RIFF\x10\x00\x00\x00WAVEfmt ", NOT_ANY_KIND),
    "a Word file with macros": (
        ooxml(
            "word/document.xml",
            "application/vnd.ms-word.document.macroEnabled.main+xml",
            ["word/vbaProject.bin"],
        ),
        "This Word document (DOCX) holds macros or ActiveX controls, which Accord refuses. Save "
        "it without them and upload it again.",
    ),
    "a DOCX whose main part is declared as something else": (
        ooxml("word/document.xml", "application/xml"),
        "This file is not a readable Word document (DOCX): it could not be opened as one.",
    ),
    "an ODT that says it is a spreadsheet": (
        odt("application/vnd.oasis.opendocument.spreadsheet"),
        "This file is not a readable OpenDocument text (ODT): it could not be opened as one.",
    ),
}
