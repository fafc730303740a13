"""How the portfolio is written out: the heat map's rows as HTML, and the CSV and XLSX exports.

The rows are written out in Python, not through the template engine: a thousand rows of a dozen
cells through Django's templates cost more than the rest of the page together, and each cell's
markup (its colour class, symbol and text label) is the same for every row, so it is built once.
Every text that comes from the data (a title, a currency code) goes through `escape`.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterator
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .criteria import NOT_YET, PILLARS, STATUS_LABELS
from .portfolio import PILLAR_KEYS, STATUS_ORDER, Portfolio, Row
from .templatetags.scorecard import CLASSES, SYMBOLS

# One cell per status: colour, a symbol for the eye, and the label in words for everyone.
CELLS = {
    status: (
        f'<td class="text-nowrap {CLASSES[status]}"><span aria-hidden="true">'
        f"{SYMBOLS[status]}</span>&nbsp;{label}</td>"
    )
    for status, label in STATUS_LABELS.items()
}


def amount(value: Decimal) -> str:
    """12,500 or 12,500.50: whole amounts without cents, grouped by thousands."""
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value:,.2f}"


def _money(value: Decimal, currency: str, default: str) -> str:
    shown = amount(value)
    return shown if currency == default else f"{escape(currency)}&nbsp;{shown}"


def rows_html(portfolio: Portfolio) -> SafeString:
    """The heat map's table rows (<tr>…</tr> for each partnership)."""
    default = portfolio.currency
    unknown = CELLS[NOT_YET]
    parts = []
    append = parts.append
    for row in portfolio.rows:
        actions = "–" if row.open_actions is None else str(row.open_actions)  # noqa: RUF001
        append(
            f'<tr><th scope="row" class="fw-normal"><a href="{row.scorecard_path()}">'
            f"{escape(row.title)}</a></th>"
            f'<td class="text-nowrap">{row.stage_label}</td>'
            f'<td class="text-nowrap">{row.scope_label}</td>'
            + "".join(CELLS.get(status, unknown) for status in row.statuses)
            + f'<td class="text-end">{actions}</td>'
            f'<td class="text-end text-nowrap">{_money(row.pledged, row.currency, default)}</td>'
            f'<td class="text-end text-nowrap">{_money(row.delivered, row.currency, default)}</td>'
            "</tr>"
        )
    # Every datum above is escaped or one of the fixed labels.
    return mark_safe("".join(parts))


# --- Exports ------------------------------------------------------------------------------------
HEADER = [
    "partnership_id",
    "title",
    "stage",
    "scope",
    *(f"{key}_status" for key in PILLAR_KEYS),
    "open_next_actions",
    "currency",
    "pledged",
    "delivered",
    "scorecard_computed_at",
    "scorecard_url",
]
TOTALS_HEADER = ["pillar", *(STATUS_LABELS[s] for s in STATUS_ORDER)]
ABOUT = (
    "The health scorecard's status of each partnership in each pillar (good, watch, act, "
    "not_yet), its open next actions and its resources in money (financial pledges and in-kind "
    "valuations), in the partnership's currency."
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: str) -> str:
    """A text that a spreadsheet will not read as a formula (a leading ' where it could)."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def row_values(row: Row, base_url: str = "") -> list:
    return [
        row.pk,
        safe_text(row.title),
        row.stage,
        row.scope,
        *row.statuses,
        "" if row.open_actions is None else row.open_actions,
        row.currency,
        row.pledged,
        row.delivered,
        row.computed_at.isoformat() if row.computed_at else "",
        base_url + row.scorecard_path(),
    ]


def totals_rows(portfolio: Portfolio) -> list[list]:
    """The totals as a table: partnerships per status per pillar, then the sums."""
    totals = portfolio.totals
    lines: list[list] = [TOTALS_HEADER]
    for pillar in totals.pillars:
        lines.append([pillar.title, *(pillar.counts[s] for s in STATUS_ORDER)])
    lines.append([])
    lines.append(["partnerships", totals.partnerships])
    lines.append(["with a scorecard", totals.scored])
    lines.append(["open next actions", totals.open_actions])
    for money in totals.money:
        lines.append([f"pledged ({money.currency})", money.pledged])
        lines.append([f"delivered ({money.currency})", money.delivered])
    return lines


class _Line:
    """A file-like object whose write() hands the line back, for csv.writer in a generator."""

    def write(self, text: str) -> str:
        return text


def _plain(value) -> str:
    if isinstance(value, Decimal):
        return f"{value:f}"
    return value


def csv_lines(portfolio: Portfolio, base_url: str = "") -> Iterator[str]:
    """The partnerships as CSV, line by line (UTF-8 with a byte-order mark, for spreadsheets)."""
    writer = csv.writer(_Line())
    yield "\ufeff"
    yield writer.writerow(HEADER)
    for row in portfolio.rows:
        yield writer.writerow([_plain(v) for v in row_values(row, base_url)])


def totals_csv_lines(portfolio: Portfolio) -> Iterator[str]:
    writer = csv.writer(_Line())
    yield "\ufeff"
    for line in totals_rows(portfolio):
        yield writer.writerow([_plain(v) for v in line])


def xlsx_file(portfolio: Portfolio, base_url: str = ""):
    """The partnerships and the totals as a workbook, written streaming (write-only) to a
    temporary file; returned at its start, ready to send."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Portfolio")
    sheet.freeze_panes = "C2"
    sheet.append(HEADER)
    for row in portfolio.rows:
        sheet.append(row_values(row, base_url))
    totals = book.create_sheet("Totals")
    for line in totals_rows(portfolio):
        totals.append(line)
    about = book.create_sheet("About")
    filters = ", ".join(
        f"{name} {value}"
        for name, value in (("stage", portfolio.stage), ("scope", portfolio.scope))
        if value
    )
    for line in (
        [ABOUT],
        [f"Pillars: {', '.join(f'{key} = {title}' for key, title in PILLARS.items())}."],
        [f"Filters: {filters or 'none'}; sorted by {portfolio.order}."],
    ):
        about.append(line)
    out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 - sent, then closed
    book.save(out)
    out.seek(0)
    return out


def filename(portfolio: Portfolio, extension: str, part: str = "") -> str:
    pieces = ["accord-portfolio", portfolio.stage, portfolio.scope, part]
    return "-".join(p for p in pieces if p) + "." + extension
