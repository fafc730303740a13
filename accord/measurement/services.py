"""Writes to the measures set (M1), its indicators (M2) and the dimensions they break down by.

A version moves draft → open for comment → final, with the moves, comments and endorsements every
agreed text shares (accord/core/agreements.py). Its text (expectations, deliverables) and its
indicators change only in draft; a final version never changes: a new version, copied from the
latest one, is how the set is revised, and it asks every member to endorse again.

Every write checks all it is given before writing anything: an error names the field, and nothing
is written. The writes run inside the caller's `acting_as` so that history names the person.
"""

import statistics
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from accord.alignment.queries.charter import agreed_version
from accord.core import agreements
from accord.core.services import save_validated
from accord.core.versioning import lock
from accord.directory.models import Organization, Person
from accord.partnerships.models import Partnership

from .models import (
    Dimension,
    DimensionCategory,
    DimensionVersion,
    Indicator,
    IndicatorTarget,
    MeasuresEndorsement,
    MeasuresVersion,
)

Status = MeasuresVersion.Status
MOVES = agreements.MOVES
MAX_TEXT = 10_000
MAX_INDICATORS = 60
MAX_TARGETS = 40
MAX_CATEGORIES = 60
DECLINED, UNKNOWN = "Prefer not to say", "Unknown"
INDICATOR_FIELDS = (
    "name",
    "definition",
    "unit",
    "type",
    "numerator",
    "denominator",
    "kind",
    "direction",
    "range_low",
    "range_high",
    "baseline_value",
    "baseline_date",
    "baseline_description",
    "frequency",
    "source",
    "responsible_organization_id",
    "plausible_min",
    "plausible_max",
)
LISTS = ("core_value_ids", "dimension_version_ids", "targets")
NUMBERS = ("range_low", "range_high", "baseline_value", "plausible_min", "plausible_max")
LIMITS = {"name": 200, "unit": 60, "numerator": 300, "denominator": 300, "source": 300}


# --- Plausible ranges ---------------------------------------------------------------------------
def propose_plausible_range(
    values: Iterable[Decimal | int | float | str], factor: int = 2
) -> tuple[Decimal, Decimal] | None:
    """The mean ± `factor` sample standard deviations of past values, to four decimal places;
    None with fewer than two values. A value outside it is flagged at entry, never refused."""
    numbers = [Decimal(str(value)) for value in values]
    if len(numbers) < 2:
        return None
    mean = statistics.fmean(numbers)
    spread = statistics.stdev(float(n) for n in numbers) * factor
    places = Decimal("0.0001")
    low = Decimal(str(mean - spread)).quantize(places)
    high = Decimal(str(mean + spread)).quantize(places)
    return low, high


# --- Dimensions ---------------------------------------------------------------------------------
def _clean_categories(labels: Sequence[str], errors: dict) -> list[tuple[str, str]]:
    """Labels as (label, kind), once each, with "Prefer not to say" and "Unknown" at the end."""
    if len(labels) > MAX_CATEGORIES:
        errors["categories"] = [f"A dimension has at most {MAX_CATEGORIES} categories."]
        return []
    cleaned, seen = [], set()
    specials = {
        DECLINED.casefold(): DimensionCategory.Kind.DECLINED,
        UNKNOWN.casefold(): DimensionCategory.Kind.UNKNOWN,
    }
    for index, raw in enumerate(labels):
        label = (raw or "").strip()
        key = f"categories.{index}"
        if not label:
            errors[key] = ["Give the category a name, or leave the line out."]
        elif len(label) > 120:
            errors[key] = ["Keep a category's name under 120 characters."]
        elif label.casefold() in seen:
            errors[key] = [f"“{label}” is listed twice; each category appears once."]
        else:
            seen.add(label.casefold())
            kind = specials.get(label.casefold(), DimensionCategory.Kind.CATEGORY)
            cleaned.append((label, kind))
    ordinary = [pair for pair in cleaned if pair[1] == DimensionCategory.Kind.CATEGORY]
    if (
        not ordinary
        and "categories" not in errors
        and not any(key.startswith("categories.") for key in errors)
    ):
        errors["categories"] = ["Name at least one category."]
    special = {kind: label for label, kind in cleaned if kind != DimensionCategory.Kind.CATEGORY}
    return [
        *ordinary,
        (special.get(DimensionCategory.Kind.DECLINED, DECLINED), DimensionCategory.Kind.DECLINED),
        (special.get(DimensionCategory.Kind.UNKNOWN, UNKNOWN), DimensionCategory.Kind.UNKNOWN),
    ]


def _save_version(dimension: Dimension, categories: list, note: str) -> DimensionVersion:
    number = (dimension.versions.aggregate(top=Max("number"))["top"] or 0) + 1
    version = save_validated(DimensionVersion(dimension=dimension, number=number, note=note))
    for position, (label, kind) in enumerate(categories):
        save_validated(
            DimensionCategory(version=version, label=label, kind=kind, position=position)
        )
    return version


@transaction.atomic
def dimension_create(
    *, partnership: Partnership, name: str, description: str = "", categories: Sequence[str]
) -> Dimension:
    """A dimension with its first version of categories."""
    agreements.refuse_if_archived(partnership, "measures set")
    errors: dict[str, list[str]] = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = ["Give the dimension a name."]
    elif len(name) > 120:
        errors["name"] = ["Keep the name under 120 characters."]
    elif Dimension.objects.filter(partnership=partnership, name__iexact=name).exists():
        errors["name"] = [f"This partnership already has a dimension called “{name}”."]
    description = (description or "").strip()
    if len(description) > MAX_TEXT:
        errors["description"] = [f"Keep the description under {MAX_TEXT} characters."]
    cleaned = _clean_categories(categories, errors)
    if errors:
        raise ValidationError(errors)
    dimension = save_validated(
        Dimension(partnership=partnership, name=name, description=description)
    )
    _save_version(dimension, cleaned, "First version.")
    return dimension


@transaction.atomic
def dimension_revise(
    *, dimension: Dimension, categories: Sequence[str], note: str = ""
) -> DimensionVersion:
    """A new version of a dimension's categories; earlier versions, and what uses them, stay."""
    dimension = lock(dimension)
    agreements.refuse_if_archived(dimension.partnership, "measures set")
    errors: dict[str, list[str]] = {}
    cleaned = _clean_categories(categories, errors)
    note = (note or "").strip()
    if len(note) > 300:
        errors["note"] = ["Keep the note under 300 characters."]
    latest = dimension.versions.order_by("-number").first()
    if not errors and latest is not None:
        current = list(latest.categories.values_list("label", "kind"))
        if current == [(label, str(kind)) for label, kind in cleaned]:
            errors["categories"] = [
                f"These are the categories of version {latest.number} already; nothing changed."
            ]
    if errors:
        raise ValidationError(errors)
    version = _save_version(dimension, cleaned, note)
    dimension.touch()
    return version


# --- Versions -----------------------------------------------------------------------------------
def _copy_indicator(indicator: Indicator, version: MeasuresVersion) -> Indicator:
    values = {field: getattr(indicator, field) for field in INDICATOR_FIELDS}
    copy = save_validated(
        Indicator(version=version, position=indicator.position, lineage=indicator.lineage, **values)
    )
    copy.core_values.set(indicator.core_values.all())
    copy.dimensions.set(indicator.dimensions.all())
    for target in indicator.targets.all():
        save_validated(
            IndicatorTarget(
                indicator=copy, period=target.period, value=target.value, position=target.position
            )
        )
    return copy


@transaction.atomic
def measures_version_create(*, partnership: Partnership, created_by=None) -> MeasuresVersion:
    """Start the next version, copied from the latest one so that people revise, not retype."""
    latest, number = agreements.start_version(MeasuresVersion, partnership)
    version = save_validated(
        MeasuresVersion(
            partnership=partnership,
            number=number,
            expectations=latest.expectations if latest else "",
            deliverables=latest.deliverables if latest else "",
            based_on=latest,
            created_by=created_by if getattr(created_by, "pk", None) else None,
        )
    )
    if latest is not None:
        members = agreements.current_member_ids(partnership)
        indicators = latest.indicators.prefetch_related("core_values", "dimensions", "targets")
        for indicator in indicators:
            if indicator.responsible_organization_id in members:
                _copy_indicator(indicator, version)
        # An indicator whose responsible partner left is not copied: the draft names a new one.
    return version


@transaction.atomic
def measures_version_update(
    *, version: MeasuresVersion, expectations: str | None = None, deliverables: str | None = None
) -> MeasuresVersion:
    """Change a draft's expectations or deliverables (None leaves a part as it is)."""
    given, version = version, lock(version)
    agreements.refuse_if_archived(version.partnership, "measures set")
    agreements.refuse_unless_draft(version)
    changes, errors = {}, {}
    for name, text in (("expectations", expectations), ("deliverables", deliverables)):
        if text is None:
            continue
        text = text.strip()
        if len(text) > MAX_TEXT:
            errors[name] = [f"Keep the {name} under {MAX_TEXT} characters."]
        elif text != getattr(version, name):
            changes[name] = text
    if errors:
        raise ValidationError(errors)
    if changes:
        for name, text in changes.items():
            setattr(version, name, text)
        save_validated(version, update_fields=[*changes, "updated_at"])
    for name in ("expectations", "deliverables", "updated_at", "revision"):
        setattr(given, name, getattr(version, name))
    return version


def move_problems(version: MeasuresVersion, to_status: str) -> dict[str, str]:
    """Why `version` may not move to `to_status`, by field; empty when it may."""
    problems = agreements.status_problems(version, to_status)
    if problems:
        return problems
    if to_status in (Status.OPEN, Status.FINAL):
        indicators = list(version.indicators.select_related("responsible_organization"))
        if not indicators:
            problems["indicators"] = "Define at least one indicator first."
        members = agreements.current_member_ids(version.partnership)
        gone = [i.name for i in indicators if i.responsible_organization_id not in members]
        if gone:
            problems["responsible_organization_id"] = (
                "The organization responsible for "
                + ", ".join(f"“{name}”" for name in gone)
                + " is no longer a member: name a current member."
            )
    return problems


@transaction.atomic
def measures_version_move(*, version: MeasuresVersion, to_status: str) -> MeasuresVersion:
    """Open a draft for comment, take it back to draft, or make it final (M1)."""
    return agreements.move(version, to_status, move_problems)


person_of = agreements.person_of
NO_PERSON = agreements.NO_PERSON
AlreadyEndorsed = agreements.AlreadyEndorsed


@transaction.atomic
def measures_comment_add(*, version: MeasuresVersion, person: Person | None, body: str):
    """A comment on a version open for comment, by a person taking part (M1)."""
    return agreements.comment_add(version, person, body)


@transaction.atomic
def measures_endorse(
    *, version: MeasuresVersion, person: Person | None, note: str = ""
) -> MeasuresEndorsement:
    """Endorse one exact final version for the person's own organization (M1)."""
    if len(note or "") > MAX_TEXT:
        raise ValidationError({"note": f"Keep the note under {MAX_TEXT} characters."})
    endorsement = agreements.endorse(version, person, note or "")
    members = agreements.current_member_ids(version.partnership)
    pairs = version.endorsements.values_list("version_id", "organization_id")
    if version.agreed_at is None and agreements.agreed(members, pairs, version.pk):
        version.agreed_at = endorsement.created_at
        version.save(update_fields=["agreed_at", "updated_at"])
    return endorsement


# --- Indicators ---------------------------------------------------------------------------------
def _decimal(value, field: str, errors: dict) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        errors[field] = [f"“{value}” is not a number."]
        return None
    if not number.is_finite():
        errors[field] = ["Give a finite number."]
        return None
    if abs(number) >= Decimal("1e14") or number.as_tuple().exponent < -4:
        errors[field] = ["Give a number below 100,000,000,000,000 with at most four decimals."]
        return None
    return number


def _choice(values: dict, field: str, choices, errors: dict) -> None:
    if values.get(field) not in choices.values:
        allowed = ", ".join(choices.values)
        errors[field] = [f"“{values.get(field)}” is not one of: {allowed}."]


def _clean_targets(items, kind: str, errors: dict) -> list[tuple[str, Decimal]]:
    items = list(items or [])
    if items and kind == Indicator.Type.QUALITATIVE:
        errors["targets"] = [
            "A qualitative indicator has no numeric targets: describe what you hope to see in "
            "its definition instead."
        ]
        return []
    if len(items) > MAX_TARGETS:
        errors["targets"] = [f"An indicator has at most {MAX_TARGETS} targets."]
        return []
    cleaned, seen = [], set()
    for index, item in enumerate(items):
        period = (item.get("period") or "").strip()
        if not period:
            errors[f"targets.{index}.period"] = ["Name the period, for example “2026 Q1”."]
            continue
        if len(period) > 40:
            errors[f"targets.{index}.period"] = ["Keep a period's name under 40 characters."]
            continue
        if period.casefold() in seen:
            errors[f"targets.{index}.period"] = [f"“{period}” has two targets; give it one."]
            continue
        seen.add(period.casefold())
        value = _decimal(item.get("value"), f"targets.{index}.value", errors)
        if value is None:
            errors.setdefault(f"targets.{index}.value", ["Give the target for this period."])
            continue
        problem = _out_of_type(value, kind)
        if problem:
            errors[f"targets.{index}.value"] = [problem]
            continue
        cleaned.append((period, value))
    return cleaned


def _out_of_type(value: Decimal, kind: str) -> str:
    if kind == Indicator.Type.COUNT and (value < 0 or value != value.to_integral_value()):
        return f"{value} is not a count: give a whole number, zero or more."
    if kind == Indicator.Type.PERCENTAGE and not 0 <= value <= 100:
        return f"{value} is not a percentage between 0 and 100."
    return ""


def _clean_indicator(
    version: MeasuresVersion, values: dict, instance: Indicator | None
) -> tuple[dict, list, list, list]:
    unknown = set(values) - set(INDICATOR_FIELDS) - set(LISTS)
    if unknown:
        raise ValueError(f"unknown indicator fields {sorted(unknown)}")
    errors: dict[str, list[str]] = {}
    data = {
        field: (values.get(field, "") or "") if field in LIMITS else values.get(field)
        for field in INDICATOR_FIELDS
    }
    for field in ("name", "unit", "numerator", "denominator", "source"):
        data[field] = (data[field] or "").strip()
        if len(data[field]) > LIMITS[field]:
            errors[field] = [f"Keep it under {LIMITS[field]} characters."]
    for field in ("definition", "baseline_description"):
        data[field] = (data[field] or "").strip()
        if len(data[field]) > MAX_TEXT:
            errors[field] = [f"Keep it under {MAX_TEXT} characters."]
    if not data["name"]:
        errors["name"] = ["Give the indicator a name."]
    elif (
        version.indicators.filter(name__iexact=data["name"])
        .exclude(pk=getattr(instance, "pk", None))
        .exists()
    ):
        errors["name"] = [f"This version already has an indicator called “{data['name']}”."]
    if not data["definition"]:
        errors["definition"] = ["Say exactly what is counted or observed."]
    # What a client leaves out takes the model's default (a quarterly measure where up is good).
    data["direction"] = data["direction"] or Indicator.Direction.UP
    data["frequency"] = data["frequency"] or Indicator.Frequency.QUARTERLY
    _choice(data, "type", Indicator.Type, errors)
    _choice(data, "kind", Indicator.Kind, errors)
    _choice(data, "direction", Indicator.Direction, errors)
    _choice(data, "frequency", Indicator.Frequency, errors)
    for field in NUMBERS:
        data[field] = _decimal(data[field], field, errors)
    if data["baseline_date"] is not None and not isinstance(data["baseline_date"], date):
        errors["baseline_date"] = ["Give the baseline's date as YYYY-MM-DD."]
    kind = data["type"]
    if kind == Indicator.Type.RATIO:
        for field in ("numerator", "denominator"):
            if not data[field]:
                errors[field] = [f"A ratio needs its {field}: say what is counted."]
    else:
        for field in ("numerator", "denominator"):
            if data[field]:
                errors[field] = [f"Only a ratio has a {field}; leave it empty or choose Ratio."]
    if kind == Indicator.Type.QUALITATIVE:
        for field in (
            "baseline_value",
            "plausible_min",
            "plausible_max",
            "range_low",
            "range_high",
        ):
            if data[field] is not None:
                errors[field] = ["A qualitative indicator has no numbers; leave this empty."]
        if data["direction"] == Indicator.Direction.RANGE:
            errors["direction"] = ["A qualitative indicator cannot be kept within a range."]
    elif data["baseline_value"] is not None and "baseline_value" not in errors:
        problem = _out_of_type(data["baseline_value"], kind)
        if problem:
            errors["baseline_value"] = [problem]
    if data["direction"] == Indicator.Direction.RANGE:
        for field, word in (("range_low", "lowest"), ("range_high", "highest")):
            if data[field] is None and field not in errors:
                errors[field] = [f"Give the {word} value wanted."]
        low, high = data["range_low"], data["range_high"]
        if low is not None and high is not None and low > high:
            errors["range_low"] = [f"The lowest wanted ({low}) is above the highest ({high})."]
    elif data["direction"] in Indicator.Direction.values:
        for field in ("range_low", "range_high"):
            if data[field] is not None:
                errors[field] = ["Only “Keep within a range” has bounds; leave this empty."]
    low, high = data["plausible_min"], data["plausible_max"]
    if low is not None and high is not None and low > high:
        errors["plausible_min"] = [
            f"The plausible minimum ({low}) is above the plausible maximum ({high})."
        ]
    members = agreements.current_member_ids(version.partnership)
    organization = data["responsible_organization_id"]
    if organization is None or organization == "":
        errors["responsible_organization_id"] = ["Name the member organization responsible."]
    elif not isinstance(organization, int) or organization not in members:
        name = (
            Organization.objects.filter(pk=organization).values_list("name", flat=True).first()
            if isinstance(organization, int)
            else None
        )
        who = name or f"Organization {organization}"
        errors["responsible_organization_id"] = [
            f"{who} is not a current member of this partnership; name a member."
        ]
    core_values = _clean_core_values(version, values.get("core_value_ids") or [], errors)
    dimensions = _clean_dimensions(version, values.get("dimension_version_ids") or [], errors)
    targets = _clean_targets(values.get("targets"), kind, errors)
    if errors:
        raise ValidationError(errors)
    return data, core_values, dimensions, targets


def _clean_core_values(version, ids, errors) -> list:
    ids = list(dict.fromkeys(ids))
    if not ids:
        return []
    agreed = agreed_version(version.partnership)
    allowed = {value.pk: value for value in agreed.values.all()} if agreed else {}
    wrong = [pk for pk in ids if pk not in allowed]
    if wrong:
        where = (
            f"version {agreed.number} of the charter, the one agreed"
            if agreed
            else "an agreed charter, and this partnership has none yet"
        )
        errors["core_value_ids"] = [
            f"Core value {', '.join(map(str, wrong))} is not one of {where}."
        ]
        return []
    return [allowed[pk] for pk in ids]


def _clean_dimensions(version, ids, errors) -> list:
    ids = list(dict.fromkeys(ids))
    if not ids:
        return []
    found = {
        v.pk: v
        for v in DimensionVersion.objects.filter(
            pk__in=ids, dimension__partnership=version.partnership
        ).select_related("dimension")
    }
    wrong = [pk for pk in ids if pk not in found]
    if wrong:
        errors["dimension_version_ids"] = [
            f"Dimension version {', '.join(map(str, wrong))} is not one of this partnership's."
        ]
        return []
    dimensions = [found[pk].dimension_id for pk in ids]
    if len(set(dimensions)) < len(dimensions):
        errors["dimension_version_ids"] = ["Choose one version of each dimension."]
        return []
    return [found[pk] for pk in ids]


def _save_indicator(indicator: Indicator, data, core_values, dimensions, targets, values) -> None:
    for field, value in data.items():
        setattr(indicator, field, value)
    save_validated(indicator)
    if "core_value_ids" in values:
        indicator.core_values.set(core_values)
    if "dimension_version_ids" in values:
        indicator.dimensions.set(dimensions)
    if "targets" in values:
        existing = {t.period.casefold(): t for t in indicator.targets.all()}
        wanted = {period.casefold() for period, _ in targets}
        for key, target in existing.items():
            if key not in wanted:
                target.delete()
        for position, (period, value) in enumerate(targets):
            target = existing.get(period.casefold())
            if target is None:
                save_validated(
                    IndicatorTarget(
                        indicator=indicator, period=period, value=value, position=position
                    )
                )
            elif (target.period, target.value, target.position) != (period, value, position):
                target.period, target.value, target.position = period, value, position
                save_validated(target)


def _editable(version: MeasuresVersion) -> MeasuresVersion:
    locked = lock(version)
    agreements.refuse_if_archived(locked.partnership, "measures set")
    agreements.refuse_unless_draft(locked)
    return locked


@transaction.atomic
def indicator_add(*, version: MeasuresVersion, values: dict) -> Indicator:
    """Add an indicator to a draft, after its others; all its fields are checked first."""
    version = _editable(version)
    if version.indicators.count() >= MAX_INDICATORS:
        raise ValidationError({"indicators": f"A measures set has at most {MAX_INDICATORS}."})
    data, core_values, dimensions, targets = _clean_indicator(version, values, None)
    last = version.indicators.aggregate(last=Max("position"))["last"]
    indicator = Indicator(version=version, position=0 if last is None else last + 1)
    complete = {"core_value_ids": [], "dimension_version_ids": [], "targets": [], **values}
    _save_indicator(indicator, data, core_values, dimensions, targets, complete)
    version.touch()
    return indicator


@transaction.atomic
def indicator_update(*, indicator: Indicator, values: dict) -> Indicator:
    """Change a draft's indicator; fields left out of `values` keep what they are."""
    given = indicator
    indicator = lock(indicator)
    version = _editable(indicator.version)
    merged = {field: getattr(indicator, field) for field in INDICATOR_FIELDS}
    merged |= {field: value for field, value in values.items() if field not in LISTS}
    lists = {field: values[field] for field in LISTS if field in values}
    if "targets" not in lists:
        current = [{"period": t.period, "value": t.value} for t in indicator.targets.all()]
        lists["targets"] = current  # checked again against a changed type
        values = {**values, "targets": current}
    data, core_values, dimensions, targets = _clean_indicator(
        version, {**merged, **lists}, indicator
    )
    _save_indicator(indicator, data, core_values, dimensions, targets, values)
    version.touch()
    given.revision, given.updated_at = indicator.revision, indicator.updated_at
    return indicator


@transaction.atomic
def indicator_remove(*, indicator: Indicator) -> None:
    """Take an indicator out of a draft (its history stays)."""
    indicator = lock(indicator)
    version = _editable(indicator.version)
    indicator.delete()
    version.touch()


__all__ = [
    "AlreadyEndorsed",
    "dimension_create",
    "dimension_revise",
    "indicator_add",
    "indicator_remove",
    "indicator_update",
    "measures_comment_add",
    "measures_endorse",
    "measures_version_create",
    "measures_version_move",
    "measures_version_update",
    "move_problems",
    "propose_plausible_range",
]
