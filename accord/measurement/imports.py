"""Values from a file (M3): a template to download per period and organization, and CSV or XLSX
uploads checked whole before anything is written.

A file is one row per cell, with the columns of `collection.COLUMNS`:

    indicator, category_a, category_b, value, numerator, denominator, text

(the indicator and categories by name or id, as the template gives them; a ratio's numerator and
denominator; a qualitative indicator's text). The first row names the columns, in any order and
any case; only `indicator` and one of `value`, `numerator` or `text` are required. A row with an
empty value removes the cell's stored value; cells the file leaves out keep theirs.

What is a file is read from its content (accord/core/uploads.py), never its name, and a name that
says otherwise is refused with the reason. CSV is read as UTF-8 with or without a byte order mark;
any other encoding is refused naming the line and how to save the file as UTF-8. The delimiter
(comma, semicolon or tab) is found from the header row.

Two passes, each streaming, so that a file of any length is read in constant memory:

1. every row is checked (`Catalog.clean`) and its cell marked in a bit array of the catalog's size
   (a cell given twice is refused); nothing is kept of the rows themselves, and the report keeps
   the first `MAX_PROBLEMS` problems with the total count;
2. only when no row has a problem, the rows are read again and written through
   `collection.import_cells` (the bulk path), in one transaction: all or nothing.
"""

from __future__ import annotations

import csv
import io
import itertools
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

from django.core.exceptions import ValidationError

from accord.core.uploads import CSV, UTF16_BOMS, XLSX, accept_upload

from . import collection
from .collection import COLUMNS, Catalog, Cell
from .models import DataValue, Submission, SubmissionEvent

MAX_PROBLEMS = 200
CHUNK = 1024 * 1024
NUMBERS = ("value", "numerator", "denominator")
SHEET = "Values"
HOW_TO_SAVE_UTF8 = (
    "Save it as “CSV UTF-8 (Comma delimited)” in Excel (File → Save As), or tick “Edit filter "
    "settings” and choose “Unicode (UTF-8)” in LibreOffice, then upload it again."
)


class FileProblem(Exception):
    """A problem with the file as a whole (its kind, encoding or header): nothing is read."""

    def __init__(self, message: str, column: str = "file", line: int = 0):
        super().__init__(message)
        self.message, self.column, self.line = message, column, line


@dataclass
class Problem:
    line: int  # the file's line (CSV) or row (XLSX); 0 for the file as a whole
    column: str
    message: str


@dataclass
class Report:
    """What an upload found: the first problems, their count, and what was written."""

    kind: str = ""
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    total: int = 0
    event: SubmissionEvent | None = None

    def add(self, line: int, column: str, message: str) -> None:
        self.total += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(line, column, message))

    @property
    def ok(self) -> bool:
        return self.total == 0

    @property
    def unlisted(self) -> int:
        return self.total - len(self.problems)

    @property
    def written(self) -> int:
        return self.event.cells_changed if self.event else 0


# --- Reading a file -----------------------------------------------------------------------------
def _raw(upload):
    """The binary stream under a Django upload (or the stream itself)."""
    return getattr(upload, "file", upload)


def check_encoding(stream) -> None:
    """Read the whole file once, in chunks: UTF-8 (a byte order mark is fine), or FileProblem
    naming the line of the first byte that is not, and how to save the file as UTF-8."""
    stream.seek(0)
    if stream.read(2) in UTF16_BOMS:
        raise FileProblem(
            "This file is saved as UTF-16 (“Unicode text”), not UTF-8. " + HOW_TO_SAVE_UTF8
        )
    stream.seek(0)
    line, pending = 1, b""
    while True:
        chunk = stream.read(CHUNK)
        data, pending = pending + chunk, b""
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            if chunk and exc.reason == "unexpected end of data":
                # A character cut by the chunk's end: everything before it is UTF-8.
                data, pending = data[: exc.start], data[exc.start :]
            else:
                line += data[: exc.start].count(b"\n")
                bad = data[exc.start : exc.start + 1].hex().upper()
                raise FileProblem(
                    f"Line {line} is not UTF-8 text (it has the byte 0x{bad}): the file was "
                    "probably saved as Windows-1252 or Latin-1, as Excel's “CSV (Comma "
                    "delimited)” does. " + HOW_TO_SAVE_UTF8,
                    line=line,
                ) from None
        line += data.count(b"\n")
        if not chunk:
            break
    stream.seek(0)


def _name(header) -> str:
    return str(header or "").strip().lstrip("\ufeff").casefold().replace(" ", "_").replace("-", "_")


def header_columns(cells) -> list[str | None]:
    """The column each position of the header row names (None: an empty header cell); a
    FileProblem naming what is wrong with the header."""
    names = [_name(cell) or None for cell in cells]
    given = [name for name in names if name]
    unknown = [name for name in given if name not in COLUMNS]
    expected = ", ".join(COLUMNS)
    if unknown:
        listed = ", ".join(f"“{name}”" for name in unknown[:10])
        raise FileProblem(
            f"The first row names columns Accord does not know: {listed}. The first row holds the "
            f"column names of the template: {expected}.",
            "header",
            1,
        )
    twice = sorted({name for name in given if given.count(name) > 1})
    if twice:
        raise FileProblem(f"The first row names {', '.join(twice)} more than once.", "header", 1)
    if "indicator" not in given or not {"value", "numerator", "text"} & set(given):
        raise FileProblem(
            "The first row must name the columns, at least “indicator” and “value” (and for "
            f"ratios “numerator” and “denominator”). The template's columns are: {expected}.",
            "header",
            1,
        )
    return names


def _row(columns: list[str | None], cells) -> tuple[dict, tuple[str, str] | None]:
    row, extra = {}, 0
    for position, cell in enumerate(cells):
        if position >= len(columns) or columns[position] is None:
            if cell not in (None, ""):
                extra += 1
            continue
        row[columns[position]] = cell
    if extra:
        return row, (
            "file",
            f"This row has {extra} value(s) beyond the named columns: is a delimiter inside a "
            "value? Put such a value in double quotes, or remove the extra cells.",
        )
    return row, None


def _csv_rows(stream) -> Iterator[tuple[int, dict, tuple | None]]:
    stream.seek(0)
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    try:
        first = text.readline()
        if not first.strip():
            raise FileProblem("The file is empty: its first row names the columns.", "header")
        try:
            dialect = csv.Sniffer().sniff(first, delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        reader = csv.reader(itertools.chain([first], text), dialect)
        columns = header_columns(next(reader))
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            row, problem = _row(columns, cells)
            yield reader.line_num, row, problem
    except csv.Error as exc:
        raise FileProblem(f"This CSV cannot be read: {exc}.") from None
    finally:
        text.detach()  # leave the upload open for the second pass


def _from_sheet(value):
    """A spreadsheet cell as the text a person reads in it."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value)


def _xlsx_rows(stream) -> Iterator[tuple[int, dict, tuple | None]]:
    from openpyxl import load_workbook

    stream.seek(0)
    book = load_workbook(stream, read_only=True, data_only=True)
    try:
        sheet = book[SHEET] if SHEET in book.sheetnames else book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None or not any(cell not in (None, "") for cell in header):
            raise FileProblem(
                f"The sheet “{sheet.title}” is empty: its first row names the columns.", "header"
            )
        columns = header_columns(header)
        for line, cells in enumerate(rows, start=2):
            cells = [_from_sheet(cell) for cell in cells]
            if not any(cell is not None and str(cell).strip() for cell in cells):
                continue
            row, problem = _row(columns, cells)
            yield line, row, problem
    finally:
        book.close()


def read_rows(stream, kind) -> Iterator[tuple[int, dict, tuple | None]]:
    """(line, row, problem) for each non-empty row of the file, streaming."""
    if kind == XLSX:
        return _xlsx_rows(stream)
    return _csv_rows(stream)


# --- Checking and writing -----------------------------------------------------------------------
def check_rows(catalog: Catalog, stream, kind, report: Report) -> None:
    """Pass 1: every row checked, each cell marked once; only the problems are kept."""
    seen = bytearray(catalog.size)
    for line, row, problem in read_rows(stream, kind):
        report.rows += 1
        if problem:
            report.add(line, *problem)
            continue
        if not str(row.get("indicator") or "").strip():
            report.add(line, "indicator", "Name the indicator, as the template does.")
            continue
        clean, errors = catalog.clean(row)
        if errors:
            for column, message in errors.items():
                report.add(line, column, message)
            continue
        where = catalog.locate(clean.cell)
        if seen[where]:
            report.add(
                line,
                "indicator",
                "An earlier row gives this cell (this indicator and categories) already: give "
                "each cell once.",
            )
        else:
            seen[where] = 1
    if report.rows == 0:
        report.add(0, "file", "The file has no rows of values under its first row.")


def _cleaned(catalog: Catalog, stream, kind):
    """Pass 2: the rows again, checked already, as cells to write."""
    for _, row, _ in read_rows(stream, kind):
        clean, _ = catalog.clean(row)
        yield clean


def import_stream(submission: Submission, stream, kind) -> Report:
    """Check a whole file, then (only when every row is right) write it: all or nothing."""
    report = Report(kind=kind.name)
    try:
        collection.refuse_if_locked(submission)
        if kind == CSV:
            check_encoding(stream)
        catalog = Catalog(submission.period)
        check_rows(catalog, stream, kind, report)
        if report.ok:
            report.event = collection.import_cells(
                submission, _cleaned(catalog, stream, kind), catalog=catalog
            )
    except FileProblem as problem:
        report.add(problem.line, problem.column, problem.message)
    except ValidationError as error:
        for column, messages in _by_field(error).items():
            for message in messages:
                report.add(0, column, message)
    return report


def _by_field(error: ValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {("file" if k == "__all__" else k): v for k, v in error.message_dict.items()}
    return {"file": error.messages}


def import_upload(submission: Submission, upload) -> Report:
    """An uploaded file: its kind read from its content and matched with its name, then
    `import_stream`. Every refusal is in the report."""
    report = Report()
    try:
        collection.refuse_if_locked(submission)
        kind = accept_upload(upload, kinds=[XLSX, CSV], field="file")
        name_matches(kind, getattr(upload, "name", "") or "")
    except FileProblem as problem:
        report.add(problem.line, problem.column, problem.message)
        return report
    except ValidationError as error:
        for column, messages in _by_field(error).items():
            for message in messages:
                report.add(0, column, message)
        return report
    return import_stream(submission, _raw(upload), kind)


def name_matches(kind, name: str) -> None:
    """A file whose name says another kind than its content is refused, saying which it is."""
    ending = name.rsplit(".", 1)[-1].casefold() if "." in name else ""
    if ending in ("xlsx", "xlsm", "xls") and kind == CSV:
        raise FileProblem(
            f"“{name}” is named as an Excel workbook but holds CSV text. Rename it to end in "
            ".csv, or save it from Excel as an Excel workbook (.xlsx)."
        )
    if ending in ("csv", "txt", "tsv") and kind == XLSX:
        raise FileProblem(
            f"“{name}” is named as a CSV file but is an Excel workbook. Rename it to end in "
            ".xlsx, or save it from Excel as “CSV UTF-8”."
        )


# --- Templates ----------------------------------------------------------------------------------
def template_rows(submission: Submission) -> Iterator[list]:
    """The header, then one row per cell the period asks of the organization, with its stored
    value if any (the period's catalog; the stored values of this submission, one query)."""
    catalog = Catalog(submission.period)
    stored = {
        Cell(v.indicator_id, v.category_a_id, v.category_b_id): v
        for v in DataValue.objects.filter(submission=submission).only(
            "indicator_id",
            "category_a_id",
            "category_b_id",
            "value",
            "numerator",
            "denominator",
            "text",
        )
    }
    yield list(COLUMNS)
    for spec in catalog:
        labels = {c.pk: c.label for categories in spec.categories for c in categories}
        ratio = spec.indicator.type == collection.Type.RATIO
        for cell in catalog.cells(spec):
            value = stored.get(cell)
            yield [
                spec.indicator.name,
                labels.get(cell.category_a_id, ""),
                labels.get(cell.category_b_id, ""),
                None if value is None or ratio or value.text else value.value,
                None if value is None else value.numerator,
                None if value is None else value.denominator,
                "" if value is None else value.text,
            ]


def _for_sheet(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def template_csv(submission: Submission) -> Iterator[str]:
    """The template as CSV text (UTF-8 with a byte order mark, which Excel needs), line by line."""

    class Line:
        def write(self, text):
            return text

    writer = csv.writer(Line())
    yield "\ufeff"
    for row in template_rows(submission):
        yield writer.writerow(
            [collection.plain(v) if isinstance(v, Decimal) else (v or "") for v in row]
        )


def template_xlsx(submission: Submission):
    """The template as an Excel workbook, written streaming to a temporary file; returned at its
    start, ready to send."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(SHEET)
    for row in template_rows(submission):
        sheet.append([_for_sheet(v) for v in row])
    about = book.create_sheet("About")
    period = submission.period
    for line in (
        [f"Values of {submission.organization} for {period} ({period.partnership})"],
        [f"Due on {period.due_on.isoformat()}."],
        [
            "Fill in the “value” column (a ratio: numerator and denominator; a qualitative "
            "indicator: text), then upload this workbook. Keep the first row and the names."
        ],
        ["An empty value removes a stored one; rows you delete leave their cells as they are."],
    ):
        about.append(line)
    out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 - sent, then closed
    book.save(out)
    out.seek(0)
    return out


def template_name(submission: Submission, extension: str) -> str:
    from django.utils.text import slugify

    period = submission.period
    return f"{slugify(str(period))}-{slugify(str(submission.organization))}-values.{extension}"
