"""Disclosure control in every output of the measurement pillar outside data entry (issue 15,
item 1; docs/decisions.md, "Disclosure control", "Where it applies"): the analysis pages, their
charts and tables, the overview, the values API, its events and the read-only grid. A reader
without the policy's word (`disclosure.unsuppressed` across organizations,
`measurement.values.unsuppressed` or the review on one submission) sees no number that lets a
small cell be worked out; the owner and the steward see every figure, with a note."""

import base64
import json
import re
from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.core.disclosure import PRIMARY, Hidden, Protected, determined
from accord.measurement import collection, services
from accord.measurement.analysis import Breakdown, GapRow
from accord.measurement.disclosure_views import protect_breakdown, protect_values

from .helpers import agree, dimension, draft, indicator_values

pytestmark = pytest.mark.django_db
K = 11
API = "/api/v1/partnerships/{}/measures/periods/{}/submissions/{}"
# The example: hiding the 3 and the 12 alone gives both back through the totals.
TABLE = [[3, 12, 20], [15, 14, 18]]
GENDERS, REGIONS, GROUPS = ("Woman", "Man"), ("North", "South", "East"), ("Alpha", "Beta", "Gamma")


def recoverable(cells, hidden, row_totals=True, column_totals=True) -> set:
    """The hidden positions an attacker works out from what is published (totals included)."""
    grid = [list(row) for row in cells]
    if row_totals:
        for row in grid:
            row.append(sum(row))
    if column_totals:
        grid.append([sum(column) for column in zip(*grid, strict=True)])
    return determined(
        Protected(
            k=K,
            zeros=True,
            rows=len(cells),
            columns=len(cells[0]),
            row_totals=row_totals,
            column_totals=column_totals,
            grand_total=row_totals and column_totals,
            grid=tuple(tuple(row) for row in grid),
            reasons=dict.fromkeys(hidden, PRIMARY),
        )
    )


@pytest.fixture
def world(cast):
    """Counts: "Reached" by group (one dimension), "Students by group" by gender and region
    (two), "Indicator 1" without a breakdown; two quarters approved. The partner's values hold
    the small cells; the host reports zeros, so the sums across organizations are the
    partner's."""
    group = dimension(cast, name="Group", categories=GROUPS)
    gender = dimension(cast, categories=GENDERS)
    region = dimension(cast, name="Region", categories=REGIONS)
    version = draft(cast, indicators=1)
    services.indicator_add(
        version=version,
        values=indicator_values(
            cast,
            name="Reached",
            dimension_version_ids=[group.versions.get().pk],
            targets=[{"period": "2026 Q1", "value": 5}, {"period": "2026 Q2", "value": 30}],
        ),
    )
    services.indicator_add(
        version=version,
        values=indicator_values(
            cast,
            name="Students by group",
            targets=[],
            baseline_value=None,
            dimension_version_ids=[gender.versions.get().pk, region.versions.get().pk],
        ),
    )
    agree(cast, version)
    periods = [
        collection.period_create(partnership=cast.own, label=label, starts_on=starts, ends_on=ends)
        for label, starts, ends in (
            ("2026 Q1", date(2026, 1, 1), date(2026, 3, 31)),
            ("2026 Q2", date(2026, 4, 1), date(2026, 6, 30)),
        )
    ]
    _enter(periods[0], cast.partner, [{"indicator": "Reached", "value": 7}, _one(40)])
    _enter(periods[0], cast.host, [{"indicator": "Reached", "value": 0}, _one(0)])
    partner = [{"indicator": "Reached", "value": 35}, _one(7)]
    partner += [
        {"indicator": "Reached", "category_a": name, "value": value}
        for name, value in zip(GROUPS, (3, 12, 20), strict=True)
    ]
    partner += _crossed(TABLE)
    host = [{"indicator": "Reached", "value": 0}, _one(0)]
    host += [{"indicator": "Reached", "category_a": name, "value": 0} for name in GROUPS]
    host += _crossed([[0, 0, 0], [0, 0, 0]])
    submission = _enter(periods[1], cast.partner, partner)
    _enter(periods[1], cast.host, host)
    return SimpleNamespace(version=version, periods=periods, submission=submission)


def _one(value) -> dict:
    return {"indicator": "Indicator 1", "value": value}


def _crossed(table) -> list[dict]:
    rows = [{"indicator": "Students by group", "value": sum(map(sum, table))}]
    # Every gender is given (none preferred not to say, none unknown), so that each region's
    # sum over the genders is complete.
    for gender in ("Prefer not to say", "Unknown"):
        rows.append({"indicator": "Students by group", "category_a": gender, "value": 0})
        for region in REGIONS:
            rows.append(
                {
                    "indicator": "Students by group",
                    "category_a": gender,
                    "category_b": region,
                    "value": 0,
                }
            )
    for gender, row in zip(GENDERS, table, strict=True):
        rows.append({"indicator": "Students by group", "category_a": gender, "value": sum(row)})
        for region, value in zip(REGIONS, row, strict=True):
            rows.append(
                {
                    "indicator": "Students by group",
                    "category_a": gender,
                    "category_b": region,
                    "value": value,
                }
            )
    return rows


def _enter(period, organization, rows):
    cleaned, errors = collection.Catalog(period).clean_all(rows)
    assert not errors, errors
    submission = collection.submission_for(period, organization)
    collection.write_cells(submission, cleaned)
    return collection.approve(collection.submit(submission))


def _page(client, cast, world, user, name="Reached"):
    client.force_login(cast.users[user])
    lineage = world.version.indicators.get(name=name).lineage
    response = client.get(reverse("measurement:analysis", args=[cast.own.pk, lineage]))
    assert response.status_code == 200
    return response.content.decode()


def _figure(html, label) -> str:
    """The figure cell of the row headed `label` in the page's tables."""
    found = re.search(
        rf'<th scope="row" class="fw-normal">{label}</th>\s*<td class="text-end text-nowrap">'
        r"(.*?)</td>",
        html,
        re.S,
    )
    assert found, label
    return found.group(1)


def _charts(html) -> list[str]:
    return [
        base64.b64decode(data).decode()
        for data in re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', html)
    ]


def test_a_viewer_reads_the_analysis_with_no_small_cell_recoverable(cast, client, world):
    html = _page(client, cast, world, "viewer")
    # The breakdown of 2026 Q2 by group: 3 hidden, and the 12 with it; 20 and the total shown.
    shown = {label: _figure(html, label) for label in GROUPS}
    assert "accord-suppressed" in shown["Alpha"] and "accord-suppressed" in shown["Beta"]
    assert shown["Gamma"].strip() == "20"
    assert re.search(r"<th scope=\"row\">Total</th>\s*<td[^>]*>35</td>", html)
    assert recoverable([[3], [12], [20]], {(0, 0), (1, 0)}, row_totals=False) == set()
    # No ratio gives a hidden figure back; the best-off group is a published one.
    assert html.count("Best-off group</strong>") == 1
    # 2026 Q1 (7 in all) is hidden; the trend and forecast through it and the sum to date too.
    assert "accord-suppressed" in _figure(html, "2026 Q1")
    assert "The trend and forecast are not shown" in html and "forecast</td>" not in html
    assert "Some figures are suppressed." in html
    # The charts draw only published figures: no bar for Alpha or Beta.
    bars = [svg for svg in _charts(html) if "Gamma" in svg]
    assert bars and all("Alpha" not in svg and "Beta" not in svg for svg in bars)
    # Zeros of a group (the host's) are not the issue here; the sums are the partner's.
    assert ">7<" not in html and ">3<" not in html and ">12<" not in html


def test_the_steward_sees_every_figure_and_the_note_that_others_do_not(cast, client, world):
    html = _page(client, cast, world, "steward")
    assert _figure(html, "Alpha").strip() == "3" and _figure(html, "Beta").strip() == "12"
    assert _figure(html, "2026 Q1").strip() == "7"
    assert "You see every figure." in html and "accord-suppressed" not in html
    # The member organization's own people read the figures across organizations protected.
    html = _page(client, cast, world, "contributor")
    assert "accord-suppressed" in _figure(html, "Alpha")


def test_the_breakdowns_of_a_crossed_count_publish_only_large_margins(cast, client, world):
    html = _page(client, cast, world, "viewer", "Students by group")
    # By region (18, 26, 38), all 11 or more: published as they are.
    assert [_figure(html, r).strip() for r in REGIONS] == ["18", "26", "38"]
    # By gender (35, 47, and zeros for "prefer not to say" and "unknown"): the zeros are
    # hidden, and since two hidden zeros adding up to what is left would both be pinned at 0,
    # a third cell (the 35, the cheapest) is hidden with them.
    every = (*GENDERS, "Prefer not to say", "Unknown")
    hidden = {(i, 0) for i, g in enumerate(every) if "accord-suppressed" in _figure(html, g)}
    assert {(2, 0), (3, 0)} <= hidden and len(hidden) >= 3
    assert recoverable([[35], [47], [0], [0]], hidden, row_totals=False) == set()


def test_the_overview_hides_a_small_latest_figure_from_a_viewer(cast, client, world):
    address = reverse("measurement:overview", args=[cast.own.pk])
    client.force_login(cast.users["viewer"])
    html = client.get(address).content.decode()
    row = re.search(r"Indicator 1</a>.*?</tr>", html, re.S).group(0)
    assert "accord-suppressed" in row and ">7<" not in row
    client.force_login(cast.users["steward"])
    html = client.get(address).content.decode()
    row = re.search(r"Indicator 1</a>.*?</tr>", html, re.S).group(0)
    assert ">7<" in row and "You see every figure." in html


def _values(client, cast, world, user) -> dict:
    client.force_login(cast.users[user])
    period = world.periods[1]
    response = client.get(API.format(cast.own.pk, period.pk, cast.partner.pk))
    assert response.status_code == 200
    body = response.json()
    return body, {
        (v["indicator"], v["category_a"], v["category_b"]): v
        for v in body["values"]
        if v["indicator"] == "Students by group"
    }


def test_the_values_api_gives_a_non_owner_null_and_suppressed_for_the_small_cells(
    cast, client, world
):
    body, cells = _values(client, cast, world, "viewer")
    assert body["suppressed"] is True
    hidden = set()
    every = (*GENDERS, "Prefer not to say", "Unknown")
    for i, gender in enumerate(every):
        for j, region in enumerate(REGIONS):
            cell = cells[("Students by group", gender, region)]
            assert (cell["value"] is None) == cell["suppressed"]
            if cell["suppressed"]:
                hidden.add((i, j))
        if cells[("Students by group", gender, None)]["suppressed"]:
            hidden.add((i, len(REGIONS)))
    assert {(0, 0), (0, 1)} <= hidden  # the 3 and the 12
    # With the regions' sums published too (the analysis page shows them), no hidden cell of
    # the organization's table can be worked out.
    assert recoverable([*TABLE, [0, 0, 0], [0, 0, 0]], hidden) == set()
    raw = json.dumps(body)
    assert '"value": "3.0000"' not in raw and '"value": "12.0000"' not in raw
    # The events list which cells changed, without the values of counts.
    client.force_login(cast.users["viewer"])
    period = world.periods[1]
    events = client.get(API.format(cast.own.pk, period.pk, cast.partner.pk) + "/events").json()
    changes = [c for e in events["items"] for c in e["changes"]]
    assert changes and all(c["old"] is None and c["new"] is None for c in changes)


@pytest.mark.parametrize("user", ["contributor", "steward"])
def test_the_organization_that_entered_the_values_and_the_steward_read_them_all(
    cast, client, world, user
):
    body, cells = _values(client, cast, world, user)
    assert body["suppressed"] is False
    assert cells[("Students by group", "Woman", "North")]["value"] == "3.0000"
    assert cells[("Students by group", "Woman", "South")]["value"] == "12.0000"


def test_the_read_only_grid_suppresses_for_a_non_owner(cast, client, world):
    period = world.periods[1]
    address = reverse("measurement:grid", args=[cast.own.pk, period.pk, cast.partner.pk])
    client.force_login(cast.users["viewer"])
    html = client.get(address).content.decode()
    assert "suppressed" in html
    assert not re.search(r'class="grid-value[^"]*">3<', html)
    client.force_login(cast.users["steward"])
    html = client.get(address).content.decode()
    assert re.search(r'class="grid-value[^"]*">3<', html)


def test_zero_cells_of_a_group_are_suppressed_for_a_non_owner(cast, client, world):
    client.force_login(cast.users["viewer"])
    period = world.periods[1]
    body = client.get(API.format(cast.own.pk, period.pk, cast.host.pk)).json()
    counts = [v for v in body["values"] if v["category_a"] is not None]
    assert counts and all(v["suppressed"] and v["value"] is None for v in counts)


# --- Property: whatever the table, the API's protection leaves nothing to work out ---------------
def _fake_values(table, margins=None, total=None):
    """DataValue stand-ins of one count indicator crossed by two dimensions."""
    indicator = SimpleNamespace(type="count")
    firsts = [SimpleNamespace(pk=10 + i, position=i) for i in range(len(table))]
    seconds = [SimpleNamespace(pk=20 + j, position=j) for j in range(len(table[0]))]
    made, ids = [], iter(range(1, 10_000))

    def value(a, b, number):
        made.append(
            SimpleNamespace(
                pk=next(ids),
                indicator=indicator,
                indicator_id=1,
                category_a=a,
                category_a_id=a.pk if a else None,
                category_b=b,
                category_b_id=b.pk if b else None,
                value=Decimal(number),
            )
        )
        return made[-1]

    cells = {}
    for i, a in enumerate(firsts):
        for j, b in enumerate(seconds):
            cells[(i, j)] = value(a, b, table[i][j])
        cells[(i, "total")] = value(a, None, sum(table[i]))
    cells["total"] = value(None, None, sum(map(sum, table)))
    return made, cells


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.integers(1, 4).flatmap(
        lambda rows: st.integers(1, 4).flatmap(
            lambda columns: st.lists(
                st.lists(st.integers(0, 40), min_size=columns, max_size=columns),
                min_size=rows,
                max_size=rows,
            )
        )
    )
)
def test_protected_values_never_let_a_small_cell_be_worked_out(table):
    made, cells = _fake_values(table)
    hidden = protect_values(made, k=K)
    rows, columns = len(table), len(table[0])
    positions = set()
    for place, value in cells.items():
        if place == "total":
            position = (rows, columns)
        else:
            i, j = place
            position = (i, columns if j == "total" else j)
        if hidden[value.pk]:
            positions.add(position)
        if position[0] < rows and position[1] < columns and table[i][j] < K:
            assert hidden[value.pk], (table, position)  # every small cell, zeros too
    # The API publishes no column totals (a submission has no cell for them).
    unpublished = {(rows, j) for j in range(columns)}
    assert recoverable(table, positions | unpublished) - unpublished == set()


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.one_of(st.none(), st.integers(0, 40)), min_size=1, max_size=6),
    st.integers(0, 30),
)
def test_a_protected_breakdown_never_lets_a_small_category_be_worked_out(figures, extra):
    """The analysis's breakdown of a count (complete categories, what no category holds, the
    period's figure as the total): every small category hidden, none worked out."""
    rows = [
        GapRow(f"C{i}", "category", None if f is None else Decimal(f), None, False, "")
        for i, f in enumerate(figures)
    ]
    added = sum(f for f in figures if f is not None)
    rest = extra if extra or any(f is None for f in figures) else 0
    made = Breakdown("D", "2026 Q1", rows, total=Decimal(added + rest))
    made.rest = Decimal(rest) if rest else None
    protect_breakdown(made, SimpleNamespace(direction="up", range_low=None, range_high=None), K)
    complete = [i for i, f in enumerate(figures) if f is not None]
    cells = [[figures[i]] for i in complete] + ([[rest]] if rest else [])
    shown = [made.rows[i].figure for i in complete] + ([made.rest] if rest else [])
    hidden = {(n, 0) for n, f in enumerate(shown) if isinstance(f, Hidden)}
    if isinstance(made.total, Hidden):
        hidden.add((len(cells), 0))
    for n, (value,) in enumerate(cells):
        if value < K:
            assert (n, 0) in hidden, (figures, rest)
        if (n, 0) not in hidden:
            assert shown[n] == value  # published as it is
    # A line of one cell is its total, and a total of 0 (nobody at all, published as the
    # period's figure) says every category is 0: both say nothing of one group.
    if len(cells) >= 2 and added + rest > 0:
        assert recoverable(cells, hidden, row_totals=False) == set()
    best = [row for row in made.rows if row.best]
    assert all(not isinstance(row.figure, Hidden) for row in best)
