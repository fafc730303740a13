"""Writes of resources (M5): the partnership's currency, pledges and contributions.

Every write is one transaction, validated in full before anything is written, with a message
naming the field at fault; history records who made it (the request's user, or `acting_as`).
Amounts are Decimals of at most two places, more than nothing and at most a plausible ceiling
for their unit; a float is refused, never rounded. Delivering more than the pledge is allowed (it
shows as such); a contribution dated in the future is refused.
"""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accord.core.services import apply_changes, archive, save_validated
from accord.directory.models import Organization
from accord.partnerships.models import Partnership

from .models_collection import ReportingPeriod
from .models_evidence import Evidence
from .models_resources import Contribution, Pledge, ResourceSettings, default_currency

CENT = Decimal("0.01")
# The largest amount one pledge or contribution may be, per unit: past these it is a typing slip.
MAX_AMOUNT = {
    Pledge.Unit.CURRENCY: Decimal("999999999999.99"),  # under a trillion in the currency
    Pledge.Unit.FTE: Decimal("100000"),
    Pledge.Unit.HOURS: Decimal("100000000"),
}
UNITS_OF_KIND = {
    Pledge.Kind.FINANCIAL: (Pledge.Unit.CURRENCY,),
    Pledge.Kind.IN_KIND: (Pledge.Unit.CURRENCY,),
    Pledge.Kind.PERSONNEL: (Pledge.Unit.FTE, Pledge.Unit.HOURS),
}
EARLIEST, LATEST = date(1990, 1, 1), date(2100, 12, 31)
MAX_DESCRIPTION = 300
MAX_NOTE = 500
ARCHIVED = "This partnership is archived: its resources can no longer change."
PLEDGE_ARCHIVED = "This pledge was removed: nothing more is logged against it."

# ISO 4217 codes of the currencies in use (and the precious metals and special codes left out).
CURRENCIES = frozenset(
    """AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP
    BYN BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL
    GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW
    KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN
    NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK
    SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS
    VED VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG""".split()  # noqa: SIM905
)


def _live(partnership: Partnership) -> None:
    if partnership.is_archived:
        raise ValidationError(ARCHIVED)


def clean_amount(value, unit: str, field: str = "amount") -> Decimal:
    """`value` as a Decimal of two places for `unit`; else a ValidationError naming `field`."""
    if isinstance(value, bool) or value is None or value == "":
        raise ValidationError({field: "Give the amount as a number, such as 2500 or 0.5."})
    if isinstance(value, float):
        raise ValidationError({field: "Give the amount as a decimal number, not a float."})
    try:
        number = Decimal(str(value).strip().replace(",", "")) if isinstance(value, str) else value
        number = Decimal(number)
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError(
            {field: f"“{value}” is not a number: give one such as 2500."}
        ) from None
    if not number.is_finite():
        raise ValidationError({field: "Give a finite number."})
    if number <= 0:
        raise ValidationError({field: "Give an amount of more than zero."})
    ceiling = MAX_AMOUNT.get(unit, MAX_AMOUNT[Pledge.Unit.CURRENCY])
    if number > ceiling:
        raise ValidationError({field: f"{number} is more than {ceiling:,}: check the amount."})
    if number.as_tuple().exponent < -2 and number != number.quantize(CENT):
        raise ValidationError({field: "Give at most two decimals (cents, or hundredths)."})
    return number.quantize(CENT)


def _date(value, field: str, errors: dict) -> date | None:
    if value is None:
        return None
    if not isinstance(value, date):
        errors[field] = "Give a date."
        return None
    if not EARLIEST <= value <= LATEST:
        errors[field] = f"Give a date between {EARLIEST:%Y} and {LATEST:%Y}."
        return None
    return value


def _text(value, field: str, limit: int, errors: dict) -> str:
    text = (value or "").strip() if isinstance(value, str) or value is None else None
    if text is None:
        errors[field] = "Give text."
        return ""
    if "\x00" in text:
        errors[field] = "The text holds a character that cannot be stored."
    elif len(text) > limit:
        errors[field] = f"Keep it under {limit} characters."
    return text


# --- Settings -----------------------------------------------------------------------------------
def currency_of(partnership: Partnership) -> str:
    found = ResourceSettings.objects.filter(partnership=partnership).first()
    return found.currency if found else default_currency()


@transaction.atomic
def settings_set(
    *, partnership: Partnership, currency: str, settings: ResourceSettings | None = None
) -> ResourceSettings:
    """The partnership's one currency. Refused once any pledge exists: the amounts stored are in
    the currency they were given in. `settings` is the row as read (held to its revision)."""
    _live(partnership)
    code = (currency or "").strip().upper() if isinstance(currency, str) else ""
    if code not in CURRENCIES:
        raise ValidationError(
            {"currency": f"“{currency}” is not an ISO 4217 currency code, such as USD or EUR."}
        )
    if settings is None or settings._state.adding:
        settings = ResourceSettings.objects.filter(partnership=partnership).first() or settings
    if settings is None:
        settings = ResourceSettings(partnership=partnership)
    current = settings.currency if not settings._state.adding else default_currency()
    if code != current and Pledge.objects.filter(partnership=partnership).exists():
        raise ValidationError(
            {
                "currency": f"Pledges are recorded in {current}: the currency cannot change once "
                "a pledge exists."
            }
        )
    if apply_changes(settings, {"currency": code}) or settings._state.adding:
        save_validated(settings)
    return settings


# --- Pledges ------------------------------------------------------------------------------------
def _is_member(partnership: Partnership, organization) -> bool:
    return (
        isinstance(organization, Organization)
        and partnership.memberships.current().filter(organization=organization).exists()
    )


def _check_pledge(partnership: Partnership, values: dict, pledge: Pledge | None = None) -> dict:
    """The pledge's fields cleaned, all errors at once (each naming its field)."""
    errors: dict[str, str] = {}
    kind = values.get("kind")
    if kind not in Pledge.Kind.values:
        errors["kind"] = "Choose financial, personnel or in-kind."
        kind = None
    unit = values.get("unit") or (
        Pledge.Unit.CURRENCY if kind in (Pledge.Kind.FINANCIAL, Pledge.Kind.IN_KIND) else None
    )
    if kind and unit not in UNITS_OF_KIND[kind]:
        allowed = " or ".join(Pledge.Unit(u).label for u in UNITS_OF_KIND[kind])
        errors["unit"] = f"A {Pledge.Kind(kind).label.lower()} pledge is given in {allowed}."
    organization = values.get("organization")
    changed_org = pledge is None or organization != pledge.organization
    if changed_org and not _is_member(partnership, organization):
        errors["organization"] = "Choose a current member organization of this partnership."
    amount = None
    try:
        amount = clean_amount(values.get("amount"), unit or Pledge.Unit.CURRENCY)
    except ValidationError as error:
        errors.update({k: v[0] for k, v in error.message_dict.items()})
    description = _text(values.get("description"), "description", MAX_DESCRIPTION, errors)
    basis = _text(values.get("valuation_basis"), "valuation_basis", MAX_DESCRIPTION, errors)
    if kind == Pledge.Kind.IN_KIND:
        if not description and "description" not in errors:
            errors["description"] = "Say what is given in kind."
        if not basis and "valuation_basis" not in errors:
            errors["valuation_basis"] = "Say how the valuation was reached (a quote, a rate…)."
    elif basis and "valuation_basis" not in errors:
        errors["valuation_basis"] = "Only an in-kind pledge has a basis of valuation."
    period = values.get("period")
    starts_on = _date(values.get("starts_on"), "starts_on", errors)
    ends_on = _date(values.get("ends_on"), "ends_on", errors)
    if period is not None:
        if not isinstance(period, ReportingPeriod) or period.partnership_id != partnership.pk:
            errors["period"] = "Choose a reporting period of this partnership."
        else:
            for name, given, own in (
                ("starts_on", starts_on, period.starts_on),
                ("ends_on", ends_on, period.ends_on),
            ):
                if given is not None and given != own:
                    errors[name] = f"The period {period.label} says {own:%-d %b %Y}: leave it out."
            starts_on, ends_on = period.starts_on, period.ends_on
    else:
        for name, given in (("starts_on", starts_on), ("ends_on", ends_on)):
            if given is None and name not in errors:
                errors[name] = "Give the date, or choose a reporting period."
    if starts_on and ends_on and ends_on < starts_on and "ends_on" not in errors:
        errors["ends_on"] = "The pledge ends before it starts."
    if errors:
        raise ValidationError(errors)
    return {
        "organization": organization,
        "kind": kind,
        "unit": unit,
        "amount": amount,
        "description": description,
        "valuation_basis": basis,
        "period": period,
        "starts_on": starts_on,
        "ends_on": ends_on,
    }


@transaction.atomic
def pledge_create(
    *,
    partnership: Partnership,
    organization,
    kind: str,
    amount,
    unit: str | None = None,
    description: str = "",
    valuation_basis: str = "",
    period: ReportingPeriod | None = None,
    starts_on: date | None = None,
    ends_on: date | None = None,
) -> Pledge:
    """An organization's pledge; its time is a reporting period, or dates of its own."""
    _live(partnership)
    values = _check_pledge(
        partnership,
        {
            "organization": organization,
            "kind": kind,
            "unit": unit,
            "amount": amount,
            "description": description,
            "valuation_basis": valuation_basis,
            "period": period,
            "starts_on": starts_on,
            "ends_on": ends_on,
        },
    )
    return save_validated(Pledge(partnership=partnership, **values))


PLEDGE_FIELDS = (
    "organization",
    "kind",
    "unit",
    "amount",
    "description",
    "valuation_basis",
    "period",
    "starts_on",
    "ends_on",
)


@transaction.atomic
def pledge_update(*, pledge: Pledge, **changes) -> Pledge:
    """Change a pledge (held to the revision it was read at, if the caller set one). Its
    organization, kind and unit are fixed once something was delivered against it."""
    _live(pledge.partnership)
    if pledge.is_archived:
        raise ValidationError(PLEDGE_ARCHIVED)
    for name in changes:
        if name not in PLEDGE_FIELDS:
            raise TypeError(name)
    merged = {name: getattr(pledge, name) for name in PLEDGE_FIELDS}
    if "period" in changes and changes["period"] is None and pledge.period_id:
        # Leaving the period keeps its dates unless new ones are given.
        merged["period"] = None
    elif "period" in changes and changes["period"] is not None:
        merged["starts_on"] = merged["ends_on"] = None
    elif pledge.period_id and ("starts_on" in changes or "ends_on" in changes):
        merged["period"] = None  # dates of its own: the period no longer applies
    if "kind" in changes and "unit" not in changes:
        merged["unit"] = None  # the new kind's own unit, where it has one
    merged.update(changes)
    values = _check_pledge(pledge.partnership, merged, pledge)
    fixed = [
        name for name in ("organization", "kind", "unit") if values[name] != getattr(pledge, name)
    ]
    if fixed and pledge.contributions.exists():
        raise ValidationError(
            {
                fixed[0]: "Contributions were logged against this pledge in its unit: its "
                "organization, kind and unit stay. Remove the pledge and record a new one."
            }
        )
    if apply_changes(pledge, values):
        save_validated(pledge)
    return pledge


@transaction.atomic
def pledge_remove(*, pledge: Pledge) -> Pledge:
    """A pledge recorded by mistake or withdrawn leaves the totals and the MOU; its history and
    its contributions stay."""
    _live(pledge.partnership)
    return archive(pledge)


# --- Contributions ------------------------------------------------------------------------------
def _check_contribution(pledge: Pledge, values: dict, today: date | None = None) -> dict:
    errors: dict[str, str] = {}
    today = today or timezone.localdate()
    delivered_on = values.get("delivered_on")
    if not isinstance(delivered_on, date):
        errors["delivered_on"] = "Give the date it was delivered."
    elif delivered_on > today:
        errors["delivered_on"] = "A contribution is logged once delivered: not in the future."
    elif delivered_on < EARLIEST:
        errors["delivered_on"] = f"Give a date after {EARLIEST:%Y}."
    amount = None
    try:
        amount = clean_amount(values.get("amount"), pledge.unit)
    except ValidationError as error:
        errors.update({k: v[0] for k, v in error.message_dict.items()})
    note = _text(values.get("note"), "note", MAX_NOTE, errors)
    evidence = values.get("evidence")
    if evidence is not None and (
        not isinstance(evidence, Evidence)
        or evidence.partnership_id != pledge.partnership_id
        or evidence.is_archived
    ):
        errors["evidence"] = "Choose a piece of evidence of this partnership."
    if errors:
        raise ValidationError(errors)
    return {"delivered_on": delivered_on, "amount": amount, "note": note, "evidence": evidence}


def _open(pledge: Pledge) -> None:
    _live(pledge.partnership)
    if pledge.is_archived:
        raise ValidationError(PLEDGE_ARCHIVED)


@transaction.atomic
def contribution_log(
    *, pledge: Pledge, delivered_on, amount, note: str = "", evidence: Evidence | None = None
) -> Contribution:
    """What was delivered against `pledge`, in its unit; more than pledged is allowed."""
    _open(pledge)
    values = _check_contribution(
        pledge, {"delivered_on": delivered_on, "amount": amount, "note": note, "evidence": evidence}
    )
    return save_validated(Contribution(pledge=pledge, **values))


@transaction.atomic
def contribution_update(*, contribution: Contribution, **changes) -> Contribution:
    _open(contribution.pledge)
    for name in changes:
        if name not in ("delivered_on", "amount", "note", "evidence"):
            raise TypeError(name)
    merged = {
        "delivered_on": contribution.delivered_on,
        "amount": contribution.amount,
        "note": contribution.note,
        "evidence": contribution.evidence,
    } | changes
    values = _check_contribution(contribution.pledge, merged)
    if apply_changes(contribution, values):
        save_validated(contribution)
    return contribution


@transaction.atomic
def contribution_remove(*, contribution: Contribution) -> None:
    """A contribution logged by mistake; its history keeps what it said."""
    _open(contribution.pledge)
    contribution.delete()
