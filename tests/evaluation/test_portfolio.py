"""The portfolio (issue 15, item 5): the heat map page, its totals, sorting and filters, who sees
what, the CSV and XLSX exports read back, the API, and a constant number of queries at two sizes.
Snapshots are created directly (the scorecard's computation has its own tests)."""

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from accord.evaluation.models import ScorecardSnapshot
from accord.evaluation.portfolio import portfolio_for, sort_rows
from accord.measurement.models_resources import Contribution, Pledge, ResourceSettings
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    PartnershipFactory,
    PersonFactory,
    RoleFactory,
    UserFactory,
)

PAGE = "/portfolio/"
API = "/api/v1/portfolio"
TODAY = date(2026, 1, 1)


def snapshot(partnership, pillars: dict, open_actions: int, latest: bool = True, days_ago=0):
    return ScorecardSnapshot.objects.create(
        partnership=partnership,
        computed_at=timezone.now() - timedelta(days=days_ago),
        pillars=pillars,
        open_actions=open_actions,
        latest=latest,
    )


def pledge(partnership, organization, amount, kind="financial", unit="currency", **extra):
    values = {"starts_on": TODAY, "ends_on": TODAY + timedelta(days=365)}
    if kind == "in_kind":
        values |= {"description": "Laboratory time", "valuation_basis": "Market rate"}
    return Pledge.objects.create(
        partnership=partnership,
        organization=organization,
        kind=kind,
        unit=unit,
        amount=Decimal(amount),
        **values | extra,
    )


class World:
    """Five partnerships: the steward `two` holds roles in Alpha and Beta only; Echo is archived.

    Alpha (forming, external): alignment act, leadership good, 4 open actions; an older snapshot
    said otherwise. Pledged 1,000 + 500 in kind (+ 2 FTE and a removed pledge, not money that
    counts), 300 delivered, in USD. Beta (exploring, mixed): alignment watch, measurement act, 2
    actions, pledged 800 in EUR. Gamma (forming, mixed): all good, 0 actions. Delta (exploring,
    external): no scorecard yet."""

    def __init__(self):
        self.org = OrganizationFactory(name="Mesa State University")
        self.alpha = PartnershipFactory(title="Alpha", stage="forming", scope="external")
        self.beta = PartnershipFactory(title="Beta", stage="exploring", scope="mixed")
        self.gamma = PartnershipFactory(title="Gamma", stage="forming", scope="mixed")
        self.delta = PartnershipFactory(title="Delta", stage="exploring", scope="external")
        self.echo = PartnershipFactory(title="Echo", archived_at=timezone.now())
        for partnership in (self.alpha, self.beta, self.gamma, self.delta, self.echo):
            MembershipFactory(partnership=partnership, organization=self.org)
        snapshot(self.alpha, {"alignment": "good", "leadership": "act"}, 9, False, days_ago=3)
        snapshot(self.alpha, {"alignment": "act", "leadership": "good", "relationships": "watch",
                              "measurement": "good"}, 4)  # fmt: skip
        snapshot(self.beta, {"alignment": "watch", "leadership": "good", "relationships": "good",
                             "measurement": "act"}, 2)  # fmt: skip
        snapshot(self.gamma, dict.fromkeys(("alignment", "leadership", "relationships",
                                            "measurement"), "good"), 0)  # fmt: skip
        snapshot(self.echo, {"alignment": "act"}, 7)
        pledge(self.alpha, self.org, "1000.00")
        in_kind = pledge(self.alpha, self.org, "500.00", kind="in_kind")
        pledge(self.alpha, self.org, "2.00", kind="personnel", unit="fte")
        pledge(self.alpha, self.org, "9999.00", archived_at=timezone.now())
        Contribution.objects.create(pledge=in_kind, delivered_on=TODAY, amount=Decimal("300.00"))
        ResourceSettings.objects.create(partnership=self.beta, currency="EUR")
        pledge(self.beta, self.org, "800.00")

        self.two = UserFactory(username="two")
        person = PersonFactory(name="Two Partnerships", organization=self.org, user=self.two)
        RoleFactory(partnership=self.alpha, person=person, role="steward")
        RoleFactory(partnership=self.beta, person=person, role="viewer")
        self.one = UserFactory(username="one")
        person = PersonFactory(name="One Partnership", organization=self.org, user=self.one)
        RoleFactory(partnership=self.gamma, person=person, role="viewer")
        self.outsider = UserFactory(username="nobody")
        PersonFactory(name="Nobody", organization=self.org, user=self.outsider)
        self.admin = UserFactory(username="root", is_superuser=True, is_staff=True)


@pytest.fixture(scope="class")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.db import transaction

        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield World()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def titles(found) -> list[str]:
    return [row.title for row in found.rows]


def get(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return response


@pytest.mark.django_db
class TestWhatItShows:
    def test_rows_read_the_latest_snapshot_and_money_of_each_partnership(self, world):
        found = portfolio_for(world.admin)
        assert titles(found) == ["Alpha", "Beta", "Delta", "Gamma"]  # Echo is archived
        alpha, beta, delta, _ = found.rows
        assert alpha.statuses == ("act", "good", "watch", "good")
        assert alpha.open_actions == 4
        # Financial and in-kind count; personnel time and a removed pledge do not.
        assert (alpha.currency, alpha.pledged, alpha.delivered) == ("USD", 1500, 300)
        assert (beta.currency, beta.pledged, beta.delivered) == ("EUR", 800, 0)
        assert delta.statuses == ("not_yet",) * 4
        assert delta.open_actions is None

    def test_totals_count_each_status_per_pillar_and_add_money_per_currency(self, world):
        totals = portfolio_for(world.admin).totals
        assert (totals.partnerships, totals.scored, totals.open_actions) == (4, 3, 6)
        alignment = totals.pillars[0]
        assert alignment.counts == {"act": 1, "watch": 1, "good": 1, "not_yet": 1}
        measurement = totals.pillars[3]
        assert measurement.counts == {"act": 1, "watch": 0, "good": 2, "not_yet": 1}
        money = [(m.currency, m.pledged, m.delivered) for m in totals.money]
        assert money == [("USD", 1500, 300), ("EUR", 800, 0)]

    def test_the_page_has_a_label_in_every_cell_and_an_accessible_table(self, world, client):
        page = get(client, world.admin, PAGE).content.decode()
        assert "<caption" in page
        assert page.count('<th scope="row"') >= 4 + 4  # the heat map and the totals table
        heat = page[page.index('id="heatmap-caption"') :]
        # Colour and words: every status cell carries its label.
        assert heat.count("text-bg-danger") == heat.count("&nbsp;Act</td>") == 2
        assert heat.count("&nbsp;Not yet</td>") == 4  # Delta has no scorecard yet
        assert 'aria-sort="ascending"' in heat  # the title, the default sort
        assert f'href="/partnerships/{world.alpha.pk}/scorecard/"' in heat
        assert "EUR&nbsp;800" in heat
        assert "1,500" in heat
        assert "Echo" not in page

    def test_a_title_is_escaped(self, world, client):
        world.gamma.title = "<b>Gamma</b>"
        world.gamma.save(update_fields=["title"])
        page = get(client, world.admin, PAGE).content.decode()
        assert "&lt;b&gt;Gamma&lt;/b&gt;" in page
        assert "<b>Gamma</b>" not in page


@pytest.mark.django_db
class TestSortingAndFilters:
    @pytest.mark.parametrize(
        ("sort", "expected"),
        [
            ("-title", ["Gamma", "Delta", "Beta", "Alpha"]),
            ("-alignment", ["Alpha", "Beta", "Gamma", "Delta"]),
            ("alignment", ["Delta", "Gamma", "Beta", "Alpha"]),
            ("-measurement", ["Beta", "Alpha", "Gamma", "Delta"]),
            ("-actions", ["Alpha", "Beta", "Gamma", "Delta"]),
            ("pledged", ["Delta", "Gamma", "Beta", "Alpha"]),
            ("stage", ["Beta", "Delta", "Alpha", "Gamma"]),
            ("-scope", ["Beta", "Gamma", "Alpha", "Delta"]),
            ("nonsense", ["Alpha", "Beta", "Delta", "Gamma"]),
        ],
    )
    def test_every_column_sorts_with_ties_by_title(self, world, client, sort, expected):
        assert titles(portfolio_for(world.admin, sort=sort)) == expected
        if sort != "nonsense":
            body = get(client, world.admin, API + f"?sort={sort}").json()
            assert [item["title"] for item in body["items"]] == expected

    def test_filters_by_stage_and_scope(self, world, client):
        assert titles(portfolio_for(world.admin, stage="forming")) == ["Alpha", "Gamma"]
        assert titles(portfolio_for(world.admin, scope="mixed")) == ["Beta", "Gamma"]
        assert titles(portfolio_for(world.admin, stage="exploring", scope="external")) == ["Delta"]
        page = get(client, world.admin, PAGE + "?stage=forming&sort=-alignment").content.decode()
        assert page.index(">Alpha<") < page.index(">Gamma<")
        assert ">Beta<" not in page
        # The sort's header says so; its link turns it around and keeps the filter.
        assert 'aria-sort="descending"' in page
        assert 'href="?stage=forming&amp;sort=alignment"' in page
        # The downloads carry the same filter and sort.
        assert "/portfolio/export.csv?stage=forming&amp;sort=-alignment" in page
        body = get(client, world.admin, API + "?scope=mixed&stage=forming").json()
        assert [item["title"] for item in body["items"]] == ["Gamma"]

    def test_a_bad_filter_is_refused_by_the_api_and_ignored_by_the_page(self, world, client):
        client.force_login(world.admin)
        assert client.get(API + "?stage=sleeping").status_code == 422
        assert client.get(API + "?sort=purpose").status_code == 422
        assert client.get(PAGE + "?stage=sleeping").status_code == 200

    def test_sorting_is_stable_for_equal_statuses(self, world):
        rows = portfolio_for(world.admin).rows
        again = sort_rows(list(reversed(rows)), "leadership", True)
        assert [r.title for r in again] == ["Alpha", "Beta", "Gamma", "Delta"]


@pytest.mark.django_db
class TestWhoSeesWhat:
    def test_an_outsider_sees_none_of_the_partnerships(self, world, client):
        assert portfolio_for(world.outsider).rows == []
        page = get(client, world.outsider, PAGE).content.decode()
        assert "You do not take part in any partnership yet." in page
        for title in ("Alpha", "Beta", "Gamma", "Delta"):
            assert f">{title}<" not in page
        assert get(client, world.outsider, API).json()["count"] == 0
        lines = list(csv.reader(io.StringIO(export(client, world.outsider, "csv"))))
        assert len(lines) == 1  # the header alone

    def test_a_steward_of_two_sees_those_two(self, world, client):
        assert titles(portfolio_for(world.two)) == ["Alpha", "Beta"]
        totals = portfolio_for(world.two).totals
        assert (totals.partnerships, totals.open_actions) == (2, 6)
        body = get(client, world.two, API).json()
        assert [item["title"] for item in body["items"]] == ["Alpha", "Beta"]
        assert get(client, world.two, API + "/totals").json()["partnerships"] == 2

    def test_the_navigation_shows_it_to_everyone_signed_in(self, world, client):
        link = f'href="{PAGE}"'
        for user in (world.two, world.admin, world.one, world.outsider):
            assert link in get(client, user, "/partnerships/").content.decode()
        client.logout()
        assert link not in client.get("/accounts/sign-in/").content.decode()

    def test_signed_out_it_asks_to_sign_in(self, world, client):
        assert client.get(PAGE).status_code == 302
        assert client.get("/portfolio/export.xlsx").status_code == 302
        assert client.get(API).status_code == 401


def export(client, user, fmt: str, query: str = "") -> str | bytes:
    client.force_login(user)
    response = client.get(f"/portfolio/export.{fmt}{query}")
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert response["Content-Disposition"].startswith("attachment;")
    return body.decode("utf-8-sig") if fmt == "csv" else body


@pytest.mark.django_db
class TestExports:
    def test_the_csv_holds_the_rows_as_filtered_and_sorted(self, world, client):
        text = export(client, world.admin, "csv", "?scope=external&sort=-pledged")
        lines = list(csv.DictReader(io.StringIO(text)))
        assert [line["title"] for line in lines] == ["Alpha", "Delta"]
        alpha = lines[0]
        assert alpha["alignment_status"] == "act"
        assert alpha["measurement_status"] == "good"
        assert (alpha["open_next_actions"], alpha["pledged"], alpha["delivered"]) == (
            "4",
            "1500.00",
            "300.00",
        )
        assert alpha["scorecard_url"].endswith(f"/partnerships/{world.alpha.pk}/scorecard/")
        assert lines[1]["open_next_actions"] == ""  # no scorecard yet

    def test_the_totals_csv(self, world, client):
        client.force_login(world.two)
        response = client.get("/portfolio/totals.csv")
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        lines = list(csv.reader(io.StringIO(text)))
        assert lines[0] == ["pillar", "Act", "Watch", "Good", "Not yet"]
        assert lines[1] == ["Alignment", "1", "1", "0", "0"]
        assert ["open next actions", "6"] in lines
        assert ["pledged (EUR)", "800.00"] in lines

    def test_the_xlsx_holds_the_rows_and_the_totals(self, world, client):
        book = load_workbook(io.BytesIO(export(client, world.two, "xlsx")), read_only=True)
        assert book.sheetnames == ["Portfolio", "Totals", "About"]
        rows = list(book["Portfolio"].iter_rows(values_only=True))
        assert rows[0][:4] == ("partnership_id", "title", "stage", "scope")
        assert [row[1] for row in rows[1:]] == ["Alpha", "Beta"]
        assert rows[1][4:9] == ("act", "good", "watch", "good", 4)
        assert rows[2][9:12] == ("EUR", 800, 0)
        totals = list(book["Totals"].iter_rows(values_only=True))
        assert totals[1] == ("Alignment", 1, 1, 0, 0)

    def test_a_title_that_looks_like_a_formula_is_written_as_text(self, world, client):
        world.delta.title = "=HYPERLINK(1)"
        world.delta.save(update_fields=["title"])
        text = export(client, world.admin, "csv", "?stage=exploring&scope=external")
        assert next(csv.DictReader(io.StringIO(text)))["title"] == "'=HYPERLINK(1)"

    def test_the_api_exports_too(self, world, client):
        client.force_login(world.two)
        response = client.get(API + "/export?format=csv&sort=-title")
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        assert [line["title"] for line in csv.DictReader(io.StringIO(text))] == ["Beta", "Alpha"]
        response = client.get(API + "/export?format=xlsx")
        book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
        assert len(list(book["Portfolio"].iter_rows())) == 3
        assert client.get("/portfolio/export.pdf").status_code == 404


def build(count: int, user) -> None:
    """`count` partnerships the user stewards, each with a snapshot, a pledge and a delivery."""
    organization = OrganizationFactory()
    person = PersonFactory(organization=organization, user=user)
    for index in range(count):
        partnership = PartnershipFactory(stage=("forming", "exploring")[index % 2])
        MembershipFactory(partnership=partnership, organization=organization)
        RoleFactory(partnership=partnership, person=person, role="steward")
        snapshot(partnership, {"alignment": ("good", "act", "watch")[index % 3]}, index)
        ResourceSettings.objects.create(partnership=partnership, currency=("USD", "EUR")[index % 2])
        made = pledge(partnership, organization, "100.00")
        Contribution.objects.create(pledge=made, delivered_on=TODAY, amount=Decimal("10.00"))


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        assert response.status_code == 200
        if response.streaming:
            b"".join(response.streaming_content)
    return len(captured)


URLS = (
    PAGE + "?sort=-alignment",
    PAGE + "?stage=forming",
    API,
    API + "/totals",
    "/portfolio/export.csv",
    "/portfolio/export.xlsx",
    "/portfolio/totals.csv",
)


@pytest.mark.django_db
def test_the_queries_do_not_grow_with_the_partnerships(client):
    small, large = UserFactory(username="small"), UserFactory(username="large")
    build(3, small)
    build(30, large)
    for url in URLS:
        client.force_login(small)
        few = queries(client, url)
        client.force_login(large)
        many = queries(client, url)
        assert few == many, url
    client.force_login(large)
    page = get(client, large, PAGE).content.decode()
    assert page.count('<th scope="row" class="fw-normal">') == 30
