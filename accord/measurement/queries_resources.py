"""Reads of resources (M5) that the pages, the API, the partnership page's card and the MOU share:
the pledges with what was delivered against each, and pledged against delivered per organization
and kind, every current member shown (the host included) whether it pledged or not.

Each pledge's delivered sum is summed in SQL (the summary: one query however many pledges and
contributions there are), and brought to two places in Python: Decimals, never floats (SQLite
hands sums back at fifteen significant digits, which is exact to the cent below a trillion).
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    CharField,
    Count,
    DateField,
    DecimalField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from accord.core.access import Perm, Role, get_visible_or_404, is_platform_admin, roles_of
from accord.core.compiled import CompiledQuery
from accord.directory.models import Organization
from accord.partnerships.models import Membership, Partnership, PartnershipRole

from .models_resources import Contribution, Pledge, ResourceSettings, default_currency

MANAGE = "measurement.resources.manage"
LOG = "measurement.contribution.log"
CENT = Decimal("0.01")
ZERO = Decimal("0.00")
SUM_FIELD = DecimalField(max_digits=20, decimal_places=2)
K, U = Pledge.Kind, Pledge.Unit


@dataclass(frozen=True)
class Measure:
    """One column of the summary: a kind of pledge in one unit."""

    key: str
    kind: str
    unit: str
    label: str


MEASURES = (
    Measure("financial", K.FINANCIAL, U.CURRENCY, "Financial"),
    Measure("fte", K.PERSONNEL, U.FTE, "Personnel (FTE)"),
    Measure("hours", K.PERSONNEL, U.HOURS, "Personnel (hours)"),
    Measure("in_kind", K.IN_KIND, U.CURRENCY, "In-kind (valuation)"),
)


def unit_label(unit: str, currency: str) -> str:
    """What an amount is in: the currency's code, "FTE" or "hours"."""
    return {U.CURRENCY: currency, U.FTE: "FTE", U.HOURS: "hours"}[unit]


def cents(value) -> Decimal:
    """A sum read from the database, as a Decimal of two places (0 for none)."""
    if value is None:
        return ZERO
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def percent_of(delivered: Decimal, pledged: Decimal) -> int | None:
    """Delivered as a whole percentage of pledged, half up (None when nothing was pledged).
    More than 100 when more was delivered than pledged."""
    if pledged <= 0:
        return None
    return int((delivered * 100 / pledged).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Figure:
    """Pledged against delivered, in one unit."""

    pledged: Decimal = ZERO
    delivered: Decimal = ZERO
    ended_short: int = 0  # pledges whose time has ended with less delivered than pledged

    @property
    def percent(self) -> int | None:
        return percent_of(self.delivered, self.pledged)

    @property
    def bar(self) -> int:
        """The percentage for a progress bar: 0 to 100."""
        return max(0, min(self.percent or 0, 100))

    @property
    def outstanding(self) -> Decimal:
        """What is still to deliver (0 when all was delivered, or more)."""
        return max(self.pledged - self.delivered, ZERO)

    @property
    def over(self) -> Decimal:
        """What was delivered past the pledge."""
        return max(self.delivered - self.pledged, ZERO)

    @property
    def empty(self) -> bool:
        return not self.pledged and not self.delivered

    def __add__(self, other: "Figure") -> "Figure":
        return Figure(
            self.pledged + other.pledged,
            self.delivered + other.delivered,
            self.ended_short + other.ended_short,
        )


@dataclass
class OrganizationRow:
    organization_id: int
    name: str
    is_host: bool
    is_member: bool
    figures: dict[str, Figure] = field(default_factory=dict)

    @property
    def cells(self) -> list[tuple[Measure, Figure]]:
        return [(m, self.figures[m.key]) for m in MEASURES]

    @property
    def pledged_anything(self) -> bool:
        return any(not f.empty for f in self.figures.values())

    @property
    def ended_short(self) -> int:
        return sum(f.ended_short for f in self.figures.values())


@dataclass
class Summary:
    currency: str
    rows: list[OrganizationRow]
    totals: dict[str, Figure]
    today: date

    @property
    def total_cells(self) -> list[tuple[Measure, Figure]]:
        return [(m, self.totals[m.key]) for m in MEASURES]

    @property
    def measures(self) -> tuple[Measure, ...]:
        return MEASURES

    @property
    def used(self) -> list[Measure]:
        """The measures someone pledged or delivered in."""
        return [m for m in MEASURES if not self.totals[m.key].empty]

    @property
    def any(self) -> bool:
        return bool(self.used)

    @property
    def ended_short(self) -> int:
        return sum(f.ended_short for f in self.totals.values())

    def unit(self, measure: Measure) -> str:
        return unit_label(measure.unit, self.currency)


# --- Settings -----------------------------------------------------------------------------------
def settings_of(partnership: Partnership) -> ResourceSettings:
    """The stored settings, or unsaved ones at the default currency (revision 0)."""
    found = ResourceSettings.objects.filter(partnership=partnership).first()
    return found or ResourceSettings(partnership=partnership, currency=default_currency())


def _currency_expression(partnership_ref) -> Coalesce:
    return Coalesce(
        Subquery(
            ResourceSettings.objects.filter(partnership=partnership_ref).values("currency")[:1]
        ),
        Value(default_currency()),
    )


# --- Pledges and contributions ------------------------------------------------------------------
def _delivered_of_pledge() -> Coalesce:
    return Coalesce(
        Subquery(
            Contribution.objects.filter(pledge=OuterRef("pk"))
            .order_by()
            .values("pledge")
            .annotate(total=Sum("amount"))
            .values("total")
        ),
        Value(ZERO),
        output_field=SUM_FIELD,
    )


def pledges_of(
    partnership: Partnership | int, organization_id: int | None = None, kind: str | None = None
) -> QuerySet[Pledge]:
    """The partnership's pledges (not removed), by organization (host first) and date, each with
    `delivered` (its contributions' sum), `contribution_count` and `currency` (one query)."""
    rows = (
        Pledge.objects.active()
        .filter(partnership=partnership)
        .select_related("organization", "period")
        .annotate(
            delivered=_delivered_of_pledge(),
            contribution_count=Coalesce(
                Subquery(
                    Contribution.objects.filter(pledge=OuterRef("pk"))
                    .order_by()
                    .values("pledge")
                    .annotate(n=Count("pk"))
                    .values("n")
                ),
                Value(0),
                output_field=IntegerField(),
            ),
            currency=_currency_expression(OuterRef("partnership")),
            host_first=Exists(
                Membership.objects.filter(
                    partnership=OuterRef("partnership"),
                    organization=OuterRef("organization"),
                    kind=Membership.Kind.HOST,
                )
            ),
        )
        .order_by("-host_first", "organization__name", "starts_on", "pk")
    )
    if organization_id:
        rows = rows.filter(organization_id=organization_id)
    if kind:
        rows = rows.filter(kind=kind)
    return rows


def mark(pledge: Pledge, today: date | None = None) -> Pledge:
    """Set `figure`, `unit_label` and `ended` on a pledge read by `pledges_of`."""
    today = today or timezone.localdate()
    delivered = cents(getattr(pledge, "delivered", None))
    pledge.ended = pledge.ends_on < today
    pledge.figure = Figure(
        pledge.amount,
        delivered,
        1 if pledge.ended and delivered < pledge.amount else 0,
    )
    currency = getattr(pledge, "currency", None) or default_currency()
    pledge.unit_label = unit_label(pledge.unit, currency)
    return pledge


def pledge_or_404(user, partnership_id, pk, action: str | None = None) -> Pledge:
    """A pledge of the partnership that `user` sees (else 404); 403 without `action`."""
    found = get_visible_or_404(
        user,
        pledges_of(partnership_id).select_related("partnership"),
        action,
        pk=pk,
    )
    return mark(found)


def contributions_of(pledge: Pledge | int) -> QuerySet[Contribution]:
    """A pledge's contributions, newest first (one query)."""
    return (
        Contribution.objects.filter(pledge=pledge)
        .select_related("evidence")
        .order_by("-delivered_on", "-pk")
    )


def contribution_or_404(user, partnership_id, pledge_id, pk, action=None) -> Contribution:
    """A contribution `user` sees (else 404) and may change (else 403): the pledge's rules
    decide (`action` is asked of the pledge)."""
    pledge = pledge_or_404(user, partnership_id, pledge_id, action)
    found = Contribution.objects.filter(pledge=pledge, pk=pk).select_related("evidence").first()
    if found is None:
        raise Http404("No such contribution.")
    found.pledge = pledge
    return found


def evidence_choices(partnership: Partnership | int):
    from .models_evidence import Evidence

    return (
        Evidence.objects.filter(partnership=partnership, archived_at__isnull=True)
        .only("pk", "title", "kind")
        .order_by("-created_at", "-pk")
    )


def periods_of(partnership: Partnership | int):
    from .models_collection import ReportingPeriod

    return ReportingPeriod.objects.filter(partnership=partnership).order_by("-starts_on", "pk")


def member_organizations(partnership: Partnership | int) -> QuerySet[Organization]:
    """The current member organizations, hosts first (one query)."""
    return Organization.objects.filter(
        memberships__partnership=partnership,
        memberships__left_on__isnull=True,
        memberships__archived_at__isnull=True,
    ).order_by("memberships__kind", "name", "pk")


def loggable_organizations(user, partnership: Partnership) -> set[int] | None:
    """The organizations whose pledges `user` may log contributions to (the policy's rule for
    "measurement.contribution.log", for a list): None means every one (a steward)."""
    if is_platform_admin(user) or Role.STEWARD in roles_of(user, partnership):
        return None
    from accord.core.access import roles_with

    return set(
        PartnershipRole.objects.filter(
            partnership=partnership,
            person__user=user,
            person__archived_at__isnull=True,
            archived_at__isnull=True,
            role__in=roles_with(Perm.CONTRIBUTE),
            organization__isnull=False,
        ).values_list("organization_id", flat=True)
    )


# --- Pledged against delivered ------------------------------------------------------------------
def _summary_query(partnership_id: int):
    """The summary's rows: a partnership's current members, and its pledges with what each
    delivered."""
    # Both halves name the same columns in the same order: (organization, name, membership kind
    # or None, pledge kind, unit, amount, end, delivered, currency).
    nothing = {
        "pledge_kind": Value(None, output_field=CharField()),
        "pledge_unit": Value(None, output_field=CharField()),
        "pledged": Value(None, output_field=SUM_FIELD),
        "until": Value(None, output_field=DateField()),
        "got": Value(None, output_field=SUM_FIELD),
    }
    members = (
        Membership.objects.filter(
            partnership_id=partnership_id, left_on__isnull=True, archived_at__isnull=True
        )
        .order_by()
        .annotate(
            org=F("organization_id"),
            org_name=F("organization__name"),
            member_kind=F("kind"),
            **nothing,
            currency=_currency_expression(partnership_id),
        )
    )
    pledges = (
        Pledge.objects.filter(partnership_id=partnership_id, archived_at__isnull=True)
        .order_by()
        .annotate(
            org=F("organization_id"),
            org_name=F("organization__name"),
            member_kind=Value(None, output_field=CharField()),
            pledge_kind=F("kind"),
            pledge_unit=F("unit"),
            pledged=F("amount"),
            until=F("ends_on"),
            got=Sum("contributions__amount"),
            currency=_currency_expression(partnership_id),
        )
    )
    columns = ("org", "org_name", "member_kind", *nothing, "currency")
    return members.values_list(*columns).union(pledges.values_list(*columns), all=True).order_by()


# Built and compiled once per process (accord/core/compiled.py): the partnership page's card.
_summary_rows = CompiledQuery(_summary_query)


def summary_of(partnership: Partnership, today: date | None = None) -> Summary:
    """Pledged against delivered per organization and measure, every current member shown (the
    host first) and any former member with pledges; with the partnership's totals.

    One plain query, the union of two index scans on the partnership's own rows: the current
    members, and the pledges (not removed) with each one's delivered sum; the figures are added
    up here in Decimals. (A subquery per measure and figure cost more to build in the ORM than
    the rows cost to read, and made the planner guess thousands of rows.)"""
    today = today or timezone.localdate()
    found_rows = _summary_rows(partnership.pk)
    by_measure = {(m.kind, m.unit): m.key for m in MEASURES}
    rows: dict[int, OrganizationRow] = {}
    currency = None
    for row_values in found_rows:
        organization_id, name, member_kind, kind, unit, amount, ends_on, got, currency = row_values
        row = rows.setdefault(organization_id, _empty_row(organization_id, name))
        if member_kind is not None:  # a current membership
            row.is_member = True
            row.is_host = row.is_host or member_kind == Membership.Kind.HOST
            continue
        key = by_measure.get((kind, unit))
        if key is None:  # a kind in a unit the summary has no column for
            continue
        pledged, delivered = cents(amount), cents(got)
        short = 1 if ends_on < today and pledged > delivered else 0
        row.figures[key] = row.figures[key] + Figure(pledged, delivered, short)
    found = sorted(rows.values(), key=lambda r: (not r.is_host, r.name, r.organization_id))
    totals = {m.key: sum((r.figures[m.key] for r in found), Figure()) for m in MEASURES}
    return Summary(
        currency=currency or settings_of(partnership).currency,
        rows=found,
        totals=totals,
        today=today,
    )


def _empty_row(organization_id: int, name: str) -> OrganizationRow:
    """An organization with nothing pledged yet (its membership is set from its rows)."""
    return OrganizationRow(
        organization_id=organization_id,
        name=name,
        is_host=False,
        is_member=False,
        figures={m.key: Figure() for m in MEASURES},
    )


# --- The MOU's resources clause -----------------------------------------------------------------
def readable(amount: Decimal) -> str:
    if amount == amount.to_integral_value():
        return f"{int(amount):,}"
    return f"{amount:,.2f}"


def _when(pledge: Pledge) -> str:
    if pledge.period_id:
        return pledge.period.label
    start, end = pledge.starts_on, pledge.ends_on
    return f"{start.day} {start:%B %Y} to {end.day} {end:%B %Y}"


def mou_resources(partnership: Partnership, data: dict) -> None:
    """Fill an MOU's data with the partnership's pledges (registered with the leadership app's
    `register_mou_data`): each pledge joins `commitments`, which the resources clause lists per
    organization, and `resources` holds them by organization with pledged against delivered.
    Plain data only: strings, never model instances. Two queries."""
    pledges = [mark(p) for p in pledges_of(partnership)]
    if not pledges:
        return
    currency = pledges[0].currency
    by_org: dict[str, list[dict]] = {}
    for pledge in pledges:
        kind = pledge.get_kind_display()
        what = pledge.description or kind
        if pledge.kind == K.IN_KIND:
            what = f"{what} (in kind; basis of valuation: {pledge.valuation_basis})"
        elif pledge.description:
            what = f"{kind}: {pledge.description}"
        item = {
            "organization": pledge.organization.name,
            "description": f"{what}, {_when(pledge)}",
            "amount": readable(pledge.amount),
            "unit": pledge.unit_label,
        }
        data.setdefault("commitments", []).append(item)
        by_org.setdefault(pledge.organization.name, []).append(
            item
            | {
                "kind": kind,
                "delivered": readable(pledge.figure.delivered),
                "percent": "" if pledge.figure.percent is None else str(pledge.figure.percent),
            }
        )
    data["commitments"] = sorted(data["commitments"], key=lambda item: item["organization"])
    data["resources"] = {
        "currency": currency,
        "organizations": [{"name": name, "pledges": items} for name, items in by_org.items()],
    }
