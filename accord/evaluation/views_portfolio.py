"""The portfolio page and its exports: a heat map of the partnerships the user may see by the
four pillars, sortable by any column and filtered by stage and scope, with the totals above it;
the same content as CSV and XLSX, streamed.

Everyone signed in may open it (policy: "evaluation.portfolio.view"); what it lists is what the
partnership list lets them see. The navigation shows it to everyone signed in: finding out
whether someone sees several partnerships would cost every page a query.
"""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse

from accord.core.access import require
from accord.core.forms import AccordForm
from accord.partnerships.models import Partnership, Stage

from . import portfolio_output
from .criteria import PILLARS, STATUS_LABELS
from .portfolio import DEFAULT_SORT, SORTS, STATUS_ORDER, Portfolio, portfolio_for

VIEW = "evaluation.portfolio.view"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"

COLUMNS = [
    ("title", "Partnership", "w-25"),
    ("stage", "Stage", ""),
    ("scope", "Scope", ""),
    *((key, title, "") for key, title in PILLARS.items()),
    ("actions", "Open next actions", "text-end"),
    ("pledged", "Pledged", "text-end"),
    ("delivered", "Delivered", "text-end"),
]


class PortfolioFilterForm(AccordForm):
    """The page's filters (a GET form); the sort travels with them."""

    stage = forms.ChoiceField(
        label="Stage", required=False, choices=[("", "Any stage"), *Stage.choices]
    )
    scope = forms.ChoiceField(
        label="Scope", required=False, choices=[("", "Any scope"), *Partnership.Scope.choices]
    )
    sort = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)


def _portfolio(request) -> tuple[PortfolioFilterForm, Portfolio]:
    require(request.user, VIEW)
    form = PortfolioFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    found = portfolio_for(
        request.user,
        stage=filters.get("stage", ""),
        scope=filters.get("scope", ""),
        sort=filters.get("sort") or DEFAULT_SORT,
    )
    return form, found


def _query(portfolio: Portfolio, **changes) -> str:
    from urllib.parse import urlencode

    params = {"stage": portfolio.stage, "scope": portfolio.scope, "sort": portfolio.order}
    params |= changes
    return urlencode({k: v for k, v in params.items() if v and v != DEFAULT_SORT})


def _headers(portfolio: Portfolio) -> list[dict]:
    """Each column's header: its link sorts by it (the other way when it is the sort)."""
    headers = []
    for key, label, css in COLUMNS:
        current = portfolio.sort == key
        descending = not portfolio.descending if current else SORTS[key]
        order = ("-" if descending else "") + key
        query = _query(portfolio, sort=order)
        headers.append(
            {
                "label": label,
                "css": css,
                "href": "?" + query if query else "?",
                "aria_sort": (
                    ("descending" if portfolio.descending else "ascending") if current else ""
                ),
                "arrow": ("▼" if portfolio.descending else "▲") if current else "",
                "next": "descending" if descending else "ascending",
            }
        )
    return headers


@login_required
def portfolio(request):
    form, found = _portfolio(request)
    query = _query(found)
    suffix = "?" + query if query else ""
    context = {
        "form": form,
        "portfolio": found,
        "totals": found.totals,
        "headers": _headers(found),
        "sorted_by": next(label for key, label, _ in COLUMNS if key == found.sort),
        "rows_html": portfolio_output.rows_html(found),
        "statuses": [(status, STATUS_LABELS[status]) for status in STATUS_ORDER],
        "filtered": bool(found.stage or found.scope),
        "exports": {
            "xlsx": reverse("evaluation:portfolio-export", args=["xlsx"]) + suffix,
            "csv": reverse("evaluation:portfolio-export", args=["csv"]) + suffix,
            "totals": reverse("evaluation:portfolio-totals") + suffix,
        },
    }
    return render(request, "evaluation/portfolio.html", context)


def _base_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


@login_required
def portfolio_export(request, fmt):
    """The partnerships of the page, filtered and sorted as it is: CSV or XLSX."""
    if fmt not in ("csv", "xlsx"):
        raise Http404("Not found.")
    _, found = _portfolio(request)
    return export_response(found, fmt, _base_url(request))


@login_required
def portfolio_totals(request):
    """The totals above the heat map, as CSV."""
    _, found = _portfolio(request)
    response = StreamingHttpResponse(portfolio_output.totals_csv_lines(found), content_type=CSV)
    name = portfolio_output.filename(found, "csv", "totals")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def export_response(found: Portfolio, fmt: str, base_url: str = ""):
    """A streamed CSV, or an XLSX file sent in chunks (shared with the API)."""
    name = portfolio_output.filename(found, fmt)
    if fmt == "csv":
        response = StreamingHttpResponse(
            portfolio_output.csv_lines(found, base_url), content_type=CSV
        )
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    return FileResponse(
        portfolio_output.xlsx_file(found, base_url),
        as_attachment=True,
        filename=name,
        content_type=XLSX,
    )
