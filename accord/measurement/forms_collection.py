"""Forms of the data collection pages (M3): a reporting period, the grid's cells, a review."""

from django import forms

from accord.core.forms import REVISION_FIELD, AccordForm

from .collection import MAX_LABEL, MAX_TEXT, Catalog
from .models import ReportingPeriod
from .queries_collection import cell_key, parse_key


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class PeriodForm(AccordForm):
    label = forms.CharField(
        label="Name",
        max_length=MAX_LABEL,
        help_text="How targets name the period too, for example “2026 Q1”.",
    )
    kind = forms.ChoiceField(label="Kind", choices=ReportingPeriod.Kind.choices)
    starts_on = forms.DateField(label="Starts on", widget=DateInput())
    ends_on = forms.DateField(label="Ends on", widget=DateInput())
    opens_on = forms.DateField(
        label="Data entry opens",
        widget=DateInput(),
        required=False,
        help_text="Leave empty to open entry on the day the period ends.",
    )
    due_on = forms.DateField(
        label="Data due",
        widget=DateInput(),
        required=False,
        help_text="Leave empty for three weeks after the period ends.",
    )

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "A period ends on or after the day it starts.")
        opens, due = data.get("opens_on"), data.get("due_on")
        if opens and due and due < opens:
            self.add_error("due_on", "Data is due on or after the day entry opens.")
        return data


def period_initial(period: ReportingPeriod) -> dict:
    return {name: getattr(period, name) for name in PeriodForm.base_fields}


class CommentForm(AccordForm):
    comment = forms.CharField(
        label="Comment",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=MAX_TEXT,
        required=False,
    )


# The inputs of one cell: value, numerator, denominator, text (named "<cell key>-<part>").
PARTS = {"v": "value", "n": "numerator", "d": "denominator", "t": "text"}
MAX_POSTED = 2000  # characters of one typed value kept (the text's limit is checked later)


class GridForm:
    """The grid posted: the cells it names, checked by the period's catalog.

    Each cell's inputs are named "<indicator>-<category a or 0>-<category b or 0>-<part>"; only the
    cells of the period's catalog are read, every one posted is checked before any is written
    (`Catalog.clean_all`), and errors come back by cell and column.
    """

    def __init__(self, catalog: Catalog, data, only: str | None = None):
        self.catalog = catalog
        self.data = data
        self.posted: dict[str, dict[str, str]] = {}
        self.errors: dict[str, dict[str, str]] = {}
        self.form_errors: list[str] = []
        self.cleaned = []
        self.read_revision = None
        raw = (data.get(REVISION_FIELD) or "").strip()
        if raw:
            if raw.isdigit() and len(raw) < 12:
                self.read_revision = int(raw)
            else:
                self.form_errors.append("The page's revision is not a number: reload the page.")
        wanted = None
        if only is not None:
            cell = parse_key(only)
            wanted = {cell} if cell is not None else set()
        for spec in catalog:
            for cell in catalog.cells(spec):
                if wanted is not None and cell not in wanted:
                    continue
                key = cell_key(cell)
                given = {
                    part: str(data[f"{key}-{part}"])[:MAX_POSTED]
                    for part in PARTS
                    if f"{key}-{part}" in data
                }
                if given:
                    self.posted[key] = given
        if only is not None and not self.posted:
            self.form_errors.append("That cell is not one this period collects.")

    def is_valid(self) -> bool:
        if self.form_errors:
            return False
        keys, rows = [], []
        for key, given in self.posted.items():
            cell = parse_key(key)
            keys.append(key)
            rows.append(
                {
                    "indicator": cell.indicator_id,
                    "category_a": cell.category_a_id,
                    "category_b": cell.category_b_id,
                    **{PARTS[part]: value for part, value in given.items()},
                }
            )
        self.cleaned, by_row = self.catalog.clean_all(rows)
        self.errors = {keys[number - 1]: problems for number, problems in by_row.items()}
        return not self.errors
