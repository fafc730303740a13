"""CSV and XLSX exports of Accord's lists (issue 15, item 6): one mechanism for every table.

A table (`Table`) says how to read its rows for one user, through the same queries and the same
policy as the list page it comes from (`rows(user, partnership, params)`: the GET parameters of
the list's filters), and which columns to write (`Column`: a header in words, a function of the
row, a kind). Rows are read with their relations loaded, so that writing them asks the database
nothing more, whatever their number.

Both formats stream or spool, never hold a whole sheet in memory:

- CSV: UTF-8 with a byte-order mark (so that spreadsheet programs read the accents), written a
  row at a time through `StreamingHttpResponse`;
- XLSX: an openpyxl write-only workbook written to a temporary file, then sent with
  `FileResponse`; dates are dates, numbers are numbers, the header row is bold and frozen.

A text that a spreadsheet would run as a formula (it starts with = + - @, a tab or a carriage
return) is written with a leading apostrophe in CSV and as a typed string in XLSX. A figure hidden
by disclosure control (accord/core/disclosure.py, `Hidden`) is written as "suppressed", never as
its number.
"""

from __future__ import annotations

import csv
import datetime
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.http import FileResponse, Http404, StreamingHttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify

from accord.core.disclosure import Hidden

CSV = "csv"
XLSX = "xlsx"
FORMATS = (CSV, XLSX)
CONTENT_TYPES = {
    CSV: "text/csv; charset=utf-8",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
BOM = "\ufeff"
# What a spreadsheet program reads as the start of a formula (OWASP, "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

TEXT = "text"
NUMBER = "number"
DATE = "date"
DATETIME = "datetime"
KINDS = (TEXT, NUMBER, DATE, DATETIME)
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
WIDTHS = {TEXT: 28, NUMBER: 14, DATE: 12, DATETIME: 17}


@dataclass(frozen=True)
class Column:
    """One column: its header in words, the value of a row, and what kind of value it is."""

    header: str
    value: Callable[[Any], Any]
    kind: str = TEXT
    width: int | None = None

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}")


@dataclass(frozen=True)
class Table:
    """One exportable table. `rows(user, partnership, params)` returns the rows `user` may see,
    filtered by `params` (a QueryDict: the list page's GET parameters); `partnership` is None
    for a directory table. `columns(user, partnership)` gives the columns (fixed, or depending
    on what the user may see)."""

    name: str  # the URL's name of the table: "engagements"
    title: str  # in words, for the sheet and the links: "Engagements"
    rows: Callable[[Any, Any, Any], Iterable]
    columns: Callable[[Any, Any], list[Column]] | list[Column] = field(default_factory=list)
    scope: str = "partnership"  # or "directory"
    list_url: str = ""  # the list page it comes from (URL name), for the docs and the links

    def columns_for(self, user, partnership) -> list[Column]:
        return self.columns(user, partnership) if callable(self.columns) else list(self.columns)


# --- cells ---------------------------------------------------------------------------------------
def neutralized(text: str) -> str:
    """A text a spreadsheet program will not run as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _number(value):
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return int(value)
        return float(value.normalize())
    return value


def _local(value: datetime.datetime) -> datetime.datetime:
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(tzinfo=None, microsecond=0)


def csv_cell(value, kind: str = TEXT) -> str:
    """A value as CSV text: dates in ISO form, a hidden figure as "suppressed", None empty."""
    if value is None:
        return ""
    if isinstance(value, Hidden):
        return value.text()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime.datetime):
        return _local(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, (int, float, Decimal)):
        return str(_number(value))
    return neutralized(str(value))


def _xlsx_value(value):
    if isinstance(value, Hidden):
        return value.text()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime.datetime):
        return _local(value)
    if isinstance(value, (datetime.date, int, float)):
        return value
    if isinstance(value, Decimal):
        return _number(value)
    return str(value)


# --- writing -------------------------------------------------------------------------------------
class _Echo:
    """A file-like object whose `write` returns what it was given (for csv.writer)."""

    def write(self, value):
        return value


def csv_lines(columns: list[Column], rows: Iterable) -> Iterator[bytes]:
    """The CSV file, a line at a time: the byte-order mark and the header, then each row."""
    writer = csv.writer(_Echo())
    yield (BOM + writer.writerow([column.header for column in columns])).encode()
    for row in rows:
        yield writer.writerow([csv_cell(c.value(row), c.kind) for c in columns]).encode()


def write_xlsx(out, title: str, columns: list[Column], rows: Iterable) -> None:
    """The rows as an XLSX workbook (write-only: one row in memory at a time) into `out`."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_sheet_title(title))
    sheet.freeze_panes = "A2"
    for index, column in enumerate(columns, start=1):
        width = column.width or max(WIDTHS[column.kind], min(len(column.header) + 2, 40))
        sheet.column_dimensions[get_column_letter(index)].width = width
    bold = Font(bold=True)
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=column.header)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows:
        cells = []
        for column in columns:
            value = column.value(row)
            if value is None:
                cells.append(None)
                continue
            cell = WriteOnlyCell(sheet, value=_xlsx_value(value))
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
            elif isinstance(cell.value, datetime.datetime):
                cell.number_format = DATETIME_FORMAT
            elif isinstance(cell.value, datetime.date):
                cell.number_format = DATE_FORMAT
            cells.append(cell)
        sheet.append(cells)
    workbook.save(out)


def _sheet_title(title: str) -> str:
    for character in "[]:*?/\\":
        title = title.replace(character, " ")
    return title[:31] or "Export"


def filename(table: Table, partnership, extension: str, today=None) -> str:
    """accord-<partnership>-<table>-<date>.<csv|xlsx> (or accord-<table>-<date> for the
    directory)."""
    today = today or timezone.localdate()
    parts = ["accord"]
    if partnership is not None:
        parts.append(slugify(partnership.title)[:60] or str(partnership.pk))
    parts += [table.name, today.isoformat()]
    return "-".join(parts) + "." + extension


def response(table: Table, user, partnership, params, fmt: str):
    """The export of `table` for `user` as an HTTP response (404 for an unknown format)."""
    if fmt not in FORMATS:
        raise Http404("Accord exports CSV and XLSX.")
    columns = table.columns_for(user, partnership)
    rows = table.rows(user, partnership, params)
    name = filename(table, partnership, fmt)
    if fmt == CSV:
        answer = StreamingHttpResponse(csv_lines(columns, rows), content_type=CONTENT_TYPES[CSV])
        answer["Content-Disposition"] = content_disposition_header(True, name)
    else:
        # Closed by FileResponse once sent (and deleted by the system then).
        spool = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115
        write_xlsx(spool, table.title, columns, rows)
        spool.seek(0)
        answer = FileResponse(
            spool, as_attachment=True, filename=name, content_type=CONTENT_TYPES[XLSX]
        )
    answer["Cache-Control"] = "private, no-store"
    return answer


# --- the registry --------------------------------------------------------------------------------
TABLES: dict[str, Table] = {}


def register(table: Table) -> Table:
    TABLES[table.name] = table
    return table


def table_or_404(name: str, scope: str) -> Table:
    from . import export_tables  # noqa: F401  (registers the tables)

    table = TABLES.get(name)
    if table is None or table.scope != scope:
        raise Http404("No such export.")
    return table


def tables(scope: str) -> list[Table]:
    from . import export_tables  # noqa: F401

    return [t for t in TABLES.values() if t.scope == scope]
