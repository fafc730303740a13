"""Resources (M5): pledges and contributions, pledged against delivered.

Totals are exact Decimal sums per organization and kind (Hypothesis, on the database), the
percentage is bounded and correct; bad input is refused naming the field, with nothing written;
a stale edit is refused; the page, the pledge page and the API list cost a constant number of
queries; the MOU's resources clause lists each organization's pledges.
"""

import json
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.core.models import StaleRevision
from accord.core.services import save_validated
from accord.measurement import collection
from accord.measurement import queries_resources as queries
from accord.measurement import services_resources as services
from accord.measurement.models import Contribution, Evidence, Pledge, ResourceSettings
from accord.measurement.queries_resources import MEASURES, Figure, percent_of
from tests.factories import OrganizationFactory, PartnershipFactory

from .helpers import agree, draft

pytestmark = pytest.mark.django_db

YEAR = {"starts_on": date(2026, 1, 1), "ends_on": date(2026, 12, 31)}
PAST = date(2025, 3, 1)


def pledge(cast, organization=None, **values) -> Pledge:
    values = {"kind": "financial", "amount": Decimal("1000"), "description": "Stipends"} | values
    if "period" not in values:
        values = YEAR | values
    return services.pledge_create(
        partnership=values.pop("partnership", cast.own),
        organization=organization or cast.partner,
        **values,
    )


def call(client, method, address, body=None, **headers):
    data = json.dumps(body) if body is not None else ""
    return client.generic(method, address, data, content_type="application/json", headers=headers)


def field_errors(response) -> dict:
    return {error["field"]: error["message"] for error in response.json()["errors"]}


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


# --- Totals: exact, per kind and organization ---------------------------------------------------
def half_up(value: Fraction) -> int:
    """`value` to the nearest whole number, halves up (for values of 0 or more)."""
    whole, rest = divmod(value.numerator, value.denominator)
    return whole + (1 if 2 * rest >= value.denominator else 0)


cents = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("9999999999.99"), places=2)


@given(pledged=cents, delivered=st.one_of(st.just(Decimal("0.00")), cents))
def test_the_percentage_is_bounded_and_correct(pledged, delivered):
    figure = Figure(pledged, delivered)
    exact = Fraction(delivered) * 100 / Fraction(pledged)
    assert figure.percent == half_up(exact)
    assert abs(Fraction(figure.percent) - exact) <= Fraction(1, 2)
    assert 0 <= figure.bar <= 100 and figure.percent >= 0
    assert (figure.percent <= 100) if delivered <= pledged else (figure.percent >= 100)
    assert figure.outstanding + figure.delivered - figure.over == pledged
    assert min(figure.outstanding, figure.over) == 0


def test_nothing_pledged_has_no_percentage():
    assert percent_of(Decimal("5"), Decimal("0")) is None
    assert Figure().bar == 0 and Figure().empty


AMOUNTS = {
    "financial": cents,
    "in_kind": cents,
    "fte": st.decimals(min_value=Decimal("0.01"), max_value=Decimal("50"), places=2),
    "hours": st.decimals(min_value=Decimal("0.01"), max_value=Decimal("100000"), places=2),
}


@st.composite
def pledges(draw):
    """Pledges of the host (0) or the partner (1), each of one measure, with contributions."""
    found = []
    for _ in range(draw(st.integers(0, 6))):
        measure = draw(st.sampled_from(MEASURES))
        amounts = AMOUNTS[measure.key]
        found.append(
            (
                draw(st.integers(0, 1)),
                measure,
                draw(amounts),
                draw(st.lists(amounts, max_size=3)),
                draw(st.booleans()),  # its time has ended
            )
        )
    return found


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(drawn=pledges())
def test_the_totals_are_exact_sums_per_organization_and_kind(cast, drawn):
    organizations = [cast.host, cast.partner]
    expected: dict = {}
    with transaction.atomic():
        for who, measure, amount, delivered, ended in drawn:
            made = pledge(
                cast,
                organizations[who],
                kind=measure.kind,
                unit=measure.unit,
                amount=amount,
                description="In kind" if measure.kind == "in_kind" else "",
                valuation_basis="A quote" if measure.kind == "in_kind" else "",
                starts_on=date(2024, 1, 1),
                ends_on=date(2025, 6, 30) if ended else date(2099, 12, 31),
            )
            for value in delivered:
                services.contribution_log(pledge=made, delivered_on=PAST, amount=value)
            key = (organizations[who].pk, measure.key)
            pledged, got, short = expected.get(key, (Decimal(0), Decimal(0), 0))
            expected[key] = (
                pledged + amount,
                got + sum(delivered, Decimal(0)),
                short + (1 if ended and sum(delivered, Decimal(0)) < amount else 0),
            )
        summary = queries.summary_of(cast.own)
        transaction.set_rollback(True)
    # Every member is shown, the host first, whether it pledged or not.
    assert [row.organization_id for row in summary.rows] == [cast.host.pk, cast.partner.pk]
    assert summary.rows[0].is_host and not summary.rows[1].is_host
    for row in summary.rows:
        for measure in MEASURES:
            figure = row.figures[measure.key]
            pledged, got, short = expected.get(
                (row.organization_id, measure.key), (Decimal(0), Decimal(0), 0)
            )
            assert (figure.pledged, figure.delivered, figure.ended_short) == (pledged, got, short)
            assert figure.pledged.as_tuple().exponent == -2  # cents, never a float
    for measure in MEASURES:
        total = summary.totals[measure.key]
        assert total.pledged == sum(
            (v[0] for k, v in expected.items() if k[1] == measure.key), Decimal(0)
        )
        assert total.delivered == sum(
            (v[1] for k, v in expected.items() if k[1] == measure.key), Decimal(0)
        )


def test_the_summary_is_one_query_and_leaves_out_removed_pledges(cast, django_assert_num_queries):
    kept = pledge(cast, amount=Decimal("100.10"))
    services.contribution_log(pledge=kept, delivered_on=PAST, amount=Decimal("0.20"))
    services.contribution_log(pledge=kept, delivered_on=PAST, amount=Decimal("0.10"))
    services.pledge_remove(pledge=pledge(cast, amount=Decimal("5000")))
    with django_assert_num_queries(1):
        summary = queries.summary_of(cast.own)
    partner = next(row for row in summary.rows if row.organization_id == cast.partner.pk)
    assert partner.figures["financial"].pledged == Decimal("100.10")
    assert partner.figures["financial"].delivered == Decimal("0.30")  # not 0.30000000000000004


def test_a_former_member_with_pledges_is_still_shown(cast):
    made = pledge(cast)
    cast.partner_membership.left_on = cast.partner_membership.joined_on
    cast.partner_membership.save()
    rows = {row.organization_id: row for row in queries.summary_of(cast.own).rows}
    assert not rows[made.organization_id].is_member
    assert rows[made.organization_id].figures["financial"].pledged == Decimal("1000.00")


# --- Bad input: the field named, nothing written ------------------------------------------------
BAD_PLEDGES = [
    ({"amount": Decimal("-5")}, "amount"),
    ({"amount": Decimal("0")}, "amount"),
    ({"amount": 12.5}, "amount"),  # a float is refused, never rounded
    ({"amount": Decimal("10.005")}, "amount"),
    ({"amount": Decimal("1e15")}, "amount"),
    ({"amount": Decimal("NaN")}, "amount"),
    ({"amount": "twelve"}, "amount"),
    ({"amount": True}, "amount"),
    ({"kind": "gift"}, "kind"),
    ({"kind": "financial", "unit": "hours"}, "unit"),
    ({"kind": "personnel", "unit": "currency"}, "unit"),
    ({"kind": "personnel"}, "unit"),
    ({"kind": "personnel", "unit": "fte", "amount": Decimal("200000")}, "amount"),
    ({"kind": "in_kind", "valuation_basis": ""}, "valuation_basis"),
    ({"kind": "in_kind", "description": "", "valuation_basis": "Quote"}, "description"),
    ({"kind": "financial", "valuation_basis": "Quote"}, "valuation_basis"),
    ({"ends_on": date(2025, 1, 1)}, "ends_on"),
    ({"starts_on": None}, "starts_on"),
    ({"starts_on": date(1800, 1, 1)}, "starts_on"),
    ({"description": "x" * 301}, "description"),
    ({"description": "a\x00b"}, "description"),
]


@pytest.mark.parametrize(("changes", "field"), BAD_PLEDGES)
def test_a_bad_pledge_names_its_field_and_writes_nothing(cast, changes, field):
    with pytest.raises(ValidationError) as caught:
        pledge(cast, **changes)
    assert field in caught.value.message_dict, caught.value.message_dict
    assert not Pledge.objects.exists()


def test_a_pledge_is_of_a_current_member_the_host_included(cast):
    assert pledge(cast, cast.host).organization == cast.host
    with pytest.raises(ValidationError) as caught:
        pledge(cast, OrganizationFactory(name="Not a member"))
    assert "organization" in caught.value.message_dict
    cast.partner_membership.left_on = cast.partner_membership.joined_on
    cast.partner_membership.save()
    with pytest.raises(ValidationError):
        pledge(cast, cast.partner)
    assert Pledge.objects.count() == 1


def test_a_period_of_the_partnership_gives_its_dates(cast):
    agree(cast, draft(cast, indicators=1))
    period = collection.period_create(
        partnership=cast.own, label="2026 Q2", starts_on=date(2026, 4, 1), ends_on=date(2026, 6, 30)
    )
    made = pledge(cast, period=period)
    assert (made.starts_on, made.ends_on, made.period) == (
        date(2026, 4, 1),
        date(2026, 6, 30),
        period,
    )
    with pytest.raises(ValidationError) as caught:
        pledge(cast, period=period, starts_on=date(2026, 1, 1))
    assert "starts_on" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        pledge(cast, period=period, partnership=cast.other)
    assert "period" in caught.value.message_dict


BAD_CONTRIBUTIONS = [
    ({"delivered_on": date(2099, 1, 1)}, "delivered_on"),  # in the future
    ({"delivered_on": "2026-01-01"}, "delivered_on"),
    ({"amount": Decimal("-1")}, "amount"),
    ({"amount": 3.0}, "amount"),
    ({"amount": Decimal("0.001")}, "amount"),
    ({"amount": Decimal("1e13")}, "amount"),
    ({"note": "n" * 501}, "note"),
]


@pytest.mark.parametrize(("changes", "field"), BAD_CONTRIBUTIONS)
def test_a_bad_contribution_names_its_field_and_writes_nothing(cast, changes, field):
    made = pledge(cast)
    values = {"delivered_on": PAST, "amount": Decimal("10")} | changes
    with pytest.raises(ValidationError) as caught:
        services.contribution_log(pledge=made, **values)
    assert field in caught.value.message_dict
    assert not Contribution.objects.exists()


def test_over_delivery_is_allowed_and_shown(cast):
    made = pledge(cast, amount=Decimal("100"))
    services.contribution_log(pledge=made, delivered_on=PAST, amount=Decimal("150"))
    figure = queries.pledge_or_404(cast.users["viewer"], cast.own.pk, made.pk).figure
    assert (figure.percent, figure.over, figure.outstanding) == (150, Decimal("50.00"), 0)


def test_evidence_of_another_partnership_is_refused(cast):
    made = pledge(cast)
    elsewhere = save_validated(Evidence(partnership=cast.other, title="Elsewhere"))
    with pytest.raises(ValidationError) as caught:
        services.contribution_log(
            pledge=made, delivered_on=PAST, amount=Decimal("1"), evidence=elsewhere
        )
    assert "evidence" in caught.value.message_dict
    own = save_validated(Evidence(partnership=cast.own, title="Receipt"))
    logged = services.contribution_log(
        pledge=made, delivered_on=PAST, amount=Decimal("1"), evidence=own
    )
    assert logged.evidence == own


def test_a_removed_pledge_takes_no_more_contributions(cast):
    made = pledge(cast)
    services.pledge_remove(pledge=made)
    with pytest.raises(ValidationError):
        services.contribution_log(pledge=made, delivered_on=PAST, amount=Decimal("1"))


def test_a_pledge_with_contributions_keeps_its_organization_kind_and_unit(cast):
    made = pledge(cast)
    services.contribution_log(pledge=made, delivered_on=PAST, amount=Decimal("1"))
    with pytest.raises(ValidationError) as caught:
        services.pledge_update(pledge=made, kind="personnel", unit="hours")
    assert "kind" in caught.value.message_dict
    services.pledge_update(pledge=made, amount="2500.50", description="More stipends")
    made.refresh_from_db()
    assert made.amount == Decimal("2500.50") and made.kind == "financial"


def test_the_currency_is_iso_and_fixed_once_a_pledge_exists(cast):
    with pytest.raises(ValidationError) as caught:
        services.settings_set(partnership=cast.own, currency="EURO")
    assert "currency" in caught.value.message_dict
    assert services.settings_set(partnership=cast.own, currency="eur").currency == "EUR"
    pledge(cast)
    with pytest.raises(ValidationError) as caught:
        services.settings_set(partnership=cast.own, currency="USD")
    assert "cannot change" in caught.value.message_dict["currency"][0]
    assert ResourceSettings.objects.get(partnership=cast.own).currency == "EUR"
    services.settings_set(partnership=cast.own, currency="EUR")  # the same: fine


def test_an_archived_partnership_takes_no_pledges(cast):
    from django.utils import timezone

    cast.own.archived_at = timezone.now()
    with pytest.raises(ValidationError):
        pledge(cast)


def test_a_stale_pledge_edit_is_refused(cast):
    made = pledge(cast)
    read = Pledge.objects.get(pk=made.pk)
    services.pledge_update(pledge=made, amount=Decimal("2000"))
    with pytest.raises(StaleRevision):
        read.expect_revision(1)
        services.pledge_update(pledge=read, amount=Decimal("3000"))
    made.refresh_from_db()
    assert made.amount == Decimal("2000.00")


# --- Pages --------------------------------------------------------------------------------------
class TestPages:
    def test_a_bad_pledge_form_shows_the_error_and_writes_nothing(self, cast, client):
        client.force_login(cast.users["project_director"])
        response = client.post(
            reverse("measurement:pledge-add", args=[cast.own.pk]),
            {
                "organization": cast.partner.pk,
                "kind": "in_kind",
                "amount": "-4",
                "starts_on": "2026-01-01",
                "ends_on": "2026-12-31",
            },
        )
        assert response.status_code == 422
        errors = response.context["form"].errors
        assert {"amount", "description", "valuation_basis"} <= set(errors)
        assert not Pledge.objects.exists()

    def test_a_contribution_in_the_future_is_refused_on_the_pledge_page(self, cast, client):
        made = pledge(cast)
        client.force_login(cast.users["contributor"])
        response = client.post(
            reverse("measurement:contribution-add", args=[cast.own.pk, made.pk]),
            {"delivered_on": "2099-01-01", "amount": "10"},
        )
        assert response.status_code == 422
        assert "delivered_on" in response.context["form"].errors
        assert not Contribution.objects.exists()

    def test_a_stale_pledge_form_is_refused(self, cast, client):
        made = pledge(cast)
        client.force_login(cast.users["steward"])
        url = reverse("measurement:pledge-edit", args=[cast.own.pk, made.pk])
        form = {
            "organization": cast.partner.pk,
            "kind": "financial",
            "amount": "1200",
            "starts_on": "2026-01-01",
            "ends_on": "2026-12-31",
            "read_revision": made.revision,
        }
        services.pledge_update(pledge=made, amount=Decimal("1100"))
        response = client.post(url, form)
        assert response.status_code == 422, response.context["form"].errors
        assert "saved this pledge after you opened it" in response.text
        made.refresh_from_db()
        assert made.amount == Decimal("1100.00")

    def test_the_page_shows_every_member_side_by_side(self, cast, client):
        made = pledge(cast, amount=Decimal("1000"))
        services.contribution_log(pledge=made, delivered_on=PAST, amount=Decimal("250"))
        client.force_login(cast.users["viewer"])
        page = client.get(reverse("measurement:resources", args=[cast.own.pk])).text
        assert "Host Society" in page and "No pledge yet" in page
        assert "1,000 USD" in page and "25%" in page
        detail = client.get(reverse("partnerships:detail", args=[cast.own.pk])).text
        assert "Resources pledged and delivered" in detail and "250 of 1,000" in detail
        assert "Record a pledge" not in page  # the viewer does not manage

    @pytest.mark.parametrize("name", ["resources", "pledge"])
    def test_constant_queries_at_two_sizes(self, cast, client, name):
        client.force_login(cast.users["contributor"])
        first = pledge(cast, cast.host, description="First")

        def add(n):
            for i in range(n):
                made = pledge(cast, [cast.host, cast.partner][i % 2], description=f"P{i}")
                services.contribution_log(pledge=made, delivered_on=PAST, amount=Decimal("1"))
                services.contribution_log(pledge=first, delivered_on=PAST, amount=Decimal("1"))

        if name == "resources":
            url = reverse("measurement:resources", args=[cast.own.pk])
        else:
            url = reverse("measurement:pledge", args=[cast.own.pk, first.pk])
        add(3)
        few = count_queries(client, url)
        add(30)
        assert count_queries(client, url) == few


# --- API ----------------------------------------------------------------------------------------
class TestApi:
    def base(self, cast):
        return f"/api/v1/partnerships/{cast.own.pk}"

    def test_amounts_are_strings_and_totals_exact(self, cast, client):
        client.force_login(cast.users["steward"])
        response = call(
            client,
            "POST",
            self.base(cast) + "/pledges",
            {
                "organization_id": cast.host.pk,
                "kind": "financial",
                "amount": "0.30",
                "starts_on": "2026-01-01",
                "ends_on": "2026-12-31",
            },
        )
        assert response.status_code == 201, response.json()
        made = response.json()
        assert made["amount"] == "0.30" and made["unit_label"] == "USD"
        url = self.base(cast) + f"/pledges/{made['id']}/contributions"
        for amount in (0.1, "0.20"):  # a JSON number is read as a decimal, never kept a float
            assert (
                call(
                    client, "POST", url, {"delivered_on": "2025-05-01", "amount": amount}
                ).status_code
                == 201
            )
        summary = call(client, "GET", self.base(cast) + "/resources").json()
        host = summary["organizations"][0]
        assert host["organization"]["id"] == cast.host.pk and host["is_host"]
        financial = next(f for f in host["figures"] if f["measure"] == "financial")
        assert (financial["pledged"], financial["delivered"], financial["percent"]) == (
            "0.30",
            "0.30",
            100,
        )
        fetched = call(client, "GET", self.base(cast) + f"/pledges/{made['id']}").json()
        assert fetched["delivered"] == "0.30" and fetched["contribution_count"] == 2

    def test_bad_input_names_the_field(self, cast, client):
        client.force_login(cast.users["steward"])
        response = call(
            client,
            "POST",
            self.base(cast) + "/pledges",
            {
                "organization_id": OrganizationFactory().pk,
                "kind": "personnel",
                "unit": "currency",
                "amount": "1.234",
                "starts_on": "2026-01-01",
                "ends_on": "2026-12-31",
            },
        )
        assert response.status_code == 422
        assert {"organization_id", "unit", "amount"} <= set(field_errors(response))
        assert not Pledge.objects.exists()

    def test_a_stale_update_answers_412(self, cast, client):
        made = pledge(cast)
        client.force_login(cast.users["steward"])
        url = self.base(cast) + f"/pledges/{made.pk}"
        etag = call(client, "GET", url).headers["ETag"]
        assert call(client, "PATCH", url, {"amount": "10"}, **{"If-Match": etag}).status_code == 200
        assert call(client, "PATCH", url, {"amount": "20"}, **{"If-Match": etag}).status_code == 412

    def test_the_list_costs_the_same_at_two_sizes(self, cast, client):
        client.force_login(cast.users["viewer"])
        url = self.base(cast) + "/pledges"
        for i in range(3):
            pledge(cast, description=f"P{i}")
        few = count_queries(client, url)
        for i in range(20):
            made = pledge(cast, description=f"Q{i}")
            services.contribution_log(pledge=made, delivered_on=PAST, amount=Decimal("1"))
        assert count_queries(client, url) == few


# --- The MOU's resources clause -----------------------------------------------------------------
def test_the_mou_resources_clause_lists_each_organizations_pledges(cast):
    from accord.leadership.mou_context import shown_sections
    from tests.matrix.leadership_mous import drafted

    before = next(s for s in shown_sections(drafted(cast)) if s.key == "resources").body
    assert "Each Partner will state in writing" in before
    pledge(cast, cast.host, amount=Decimal("60000"), description="Summer stipends")
    pledge(
        cast,
        cast.partner,
        kind="in_kind",
        amount=Decimal("1800.50"),
        description="Lab space",
        valuation_basis="the internal rate",
    )
    pledge(cast, cast.partner, kind="personnel", unit="fte", amount=Decimal("0.5"), description="")
    version = drafted(cast, title="Second MOU")
    body = next(s for s in shown_sections(version) if s.key == "resources").body
    assert (
        "- Host Society: Financial: Summer stipends, 1 January 2026 to 31 December 2026 "
        "(60,000 USD)" in body
    )
    assert (
        "- Partner University: Lab space (in kind; basis of valuation: the internal rate)" in body
    )
    assert "(1,800.50 USD)" in body and "(0.50 FTE)" in body


def test_pledges_of_another_partnership_stay_there(cast):
    other_partnership = PartnershipFactory()
    assert queries.summary_of(other_partnership).rows == []
