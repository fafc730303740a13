"""Real PDF files for upload tests: written here object by object, with a correct cross-reference
table, so that each test file holds exactly what its name says (pypdf encrypts one)."""

import io

from pypdf import PdfWriter

STREAM = "<< /Type /EmbeddedFile /Length 2 >>\nstream\nMZ\nendstream"


def build_pdf(*, catalog: str = "", page: str = "", objects: tuple[str, ...] = ()) -> bytes:
    """A one-page PDF; `catalog` and `page` add entries to those dictionaries and `objects` are
    the objects numbered 4, 5, … in order."""
    bodies = [
        f"<< /Type /Catalog /Pages 2 0 R {catalog}>>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] {page}>>",
        *objects,
    ]
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(bodies, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    start = len(out)
    out += f"xref\n0 {len(bodies) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(bodies) + 1} /Root 1 0 R >>\n".encode()
    out += f"startxref\n{start}\n%%EOF\n".encode()
    return bytes(out)


def encrypted_pdf() -> bytes:
    """A one-page PDF that opens without a password but is encrypted (an owner password)."""
    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    writer.encrypt("", "owner secret", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


PLAIN_PDF = build_pdf()
# What passed before: it starts with %PDF- and ends with %%EOF, and is a web page in between.
HTML_PDF = b"%PDF-1.4\n<!doctype html><html><body><script>alert(1)</script></body></html>\n%%EOF\n"

HOSTILE_PDFS = {
    "javascript on open": build_pdf(
        catalog="/OpenAction 4 0 R ",
        objects=("<< /Type /Action /S /JavaScript /JS (app.alert\\(1\\)) >>",),
    ),
    "javascript name tree": build_pdf(
        catalog="/Names << /JavaScript 4 0 R >> ",
        objects=("<< /Names [(x) 5 0 R] >>", "<< /S /JavaScript /JS 6 0 R >>", STREAM),
    ),
    "action on a page event": build_pdf(
        page="/AA << /O 4 0 R >> ", objects=("<< /S /GoTo /D [3 0 R /Fit] >>",)
    ),
    "script key spelled with an escape": build_pdf(
        catalog="/OpenAction << /S /GoTo /D [3 0 R /Fit] /J#53 (app.alert\\(1\\)) >> "
    ),
    "launch action": build_pdf(catalog="/OpenAction << /S /Launch /F (calc.exe) >> "),
}
ATTACHING_PDFS = {
    "embedded file": build_pdf(
        catalog="/Names << /EmbeddedFiles 4 0 R >> ",
        objects=(
            "<< /Names [(a.exe) 5 0 R] >>",
            "<< /Type /Filespec /F (a.exe) /EF << /F 6 0 R >> >>",
            STREAM,
        ),
    ),
    "file attachment annotation": build_pdf(
        page="/Annots [4 0 R] ",
        objects=("<< /Type /Annot /Subtype /FileAttachment /Rect [0 0 9 9] /FS (a.exe) >>",),
    ),
}
