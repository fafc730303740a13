"""A progress report as a page fragment, a tagged PDF (WeasyPrint, PDF/UA-1), an XLSX workbook and
a CSV file. Each renderer accepts only a `content.ReportContent`, whose figures are all disclosure
results (content.py): there is no path from a raw count to any of these outputs.

The PDF embeds nothing from outside (the URL fetcher refuses every URL; the charts are inline
SVG); it is laid out by the task worker only (services_progress.build_files).
"""

from __future__ import annotations

import csv as csv_module
import io
import re

from django.template.loader import render_to_string

from accord.core.pdfs import PDF_OPTIONS

from .content import Cell, ReportContent

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIME = "text/csv"
PDF_MIME = "application/pdf"


def _check(found) -> ReportContent:
    if not isinstance(found, ReportContent):
        raise TypeError("A report is rendered only from content.assemble(): a ReportContent.")
    return found


def _cell_text(value) -> str:
    return value.text() if isinstance(value, Cell) else str(value)


def html(found: ReportContent, *, for_pdf: bool = False) -> str:
    """The report's body (for a page), or the whole document laid out for the PDF."""
    _check(found)
    template = "reports/progress/document.html" if for_pdf else "reports/progress/body.html"
    return render_to_string(template, {"content": found, "for_pdf": for_pdf})


def pdf(found: ReportContent) -> bytes:
    import weasyprint

    _check(found)

    class NoFetch(weasyprint.URLFetcher):
        def fetch(self, url, headers=None):
            raise ValueError(f"Accord documents embed no external resources ({url[:80]}).")

    document = weasyprint.HTML(
        string=html(found, for_pdf=True), base_url=None, url_fetcher=NoFetch()
    ).render(**PDF_OPTIONS)
    return document.write_pdf(**PDF_OPTIONS)


def rows_of(found: ReportContent):
    """Every table as CSV rows: the section, the table's caption, its header, then its rows."""
    _check(found)
    yield ["Report", found.title]
    yield ["Partnership", found.partnership]
    yield ["Period", f"{found.period} ({found.period_dates})"]
    yield [
        "Audience",
        found.audience_label + (f": {found.organization}" if found.organization else ""),
    ]
    yield ["Disclosure control", found.suppression_note]
    yield []
    for _key, heading, text in found.sections:
        yield [heading, text]
    for block in found.blocks:
        for table in block.tables:
            yield []
            yield [block.heading, table.caption]
            yield list(table.columns)
            for label, cells in table.rows:
                yield [label, *(_cell_text(c) for c in cells)]


def csv(found: ReportContent) -> str:
    out = io.StringIO()
    writer = csv_module.writer(out)
    for row in rows_of(found):
        writer.writerow([_safe(v) for v in row])
    return out.getvalue()


def _safe(value: str) -> str:
    """A text cell that a spreadsheet would read as a formula, quoted (CSV injection)."""
    formula = isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r")
    if formula and not _numeric(value):
        return "'" + value
    return value


def _numeric(value: str) -> bool:
    try:
        float(value.replace(",", "").rstrip("%"))
    except ValueError:
        return False
    return True


def xlsx(found: ReportContent) -> bytes:
    """A workbook: a first sheet about the report and its sections, then one sheet per table.
    A hidden figure is an empty cell with the word "suppressed" beside nothing else: never a
    number."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    _check(found)
    book = Workbook()
    about = book.active
    about.title = "Report"
    bold = Font(bold=True)
    for row in (
        ["Report", found.title],
        ["Partnership", found.partnership],
        ["Period", f"{found.period} ({found.period_dates})"],
        [
            "Audience",
            found.audience_label + (f": {found.organization}" if found.organization else ""),
        ],
        ["Disclosure control", found.suppression_note],
        [],
        *[[heading, text] for _key, heading, text in found.sections],
    ):
        about.append([_safe(v) for v in row])
    for cell in about["A"]:
        cell.font = bold
    about.column_dimensions["A"].width = 28
    about.column_dimensions["B"].width = 100
    for row in about.iter_rows(min_col=2, max_col=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    used = {"Report"}
    for block in found.blocks:
        for table in block.tables:
            name = _sheet_name(table.caption.split(":")[0], used)
            sheet = book.create_sheet(name)
            sheet.append([_safe(table.caption)])
            sheet["A1"].font = bold
            sheet.append(list(table.columns))
            for cell in sheet[2]:
                cell.font = bold
            for label, cells in table.rows:
                values = [_safe(label)]
                for value in cells:
                    if isinstance(value, Cell):
                        number = value.plain()
                        values.append(number if number is not None else value.text())
                    else:
                        values.append(_safe(value))
                sheet.append(values)
            if table.note:
                sheet.append([])
                sheet.append([_safe(table.note)])
            sheet.column_dimensions["A"].width = 36
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_name(caption: str, used: set[str]) -> str:
    """A sheet's name from its table's caption: at most 31 characters, none of []:*?/\\."""
    base = re.sub(r"[\[\]:*?/\\]", " ", caption).strip()[:28] or "Table"
    name, n = base, 2
    while name in used:
        name = f"{base[:26]} {n}"
        n += 1
    used.add(name)
    return name
