"""Reads for the measures set pages and API (M1, M2), what waits for people, the timeline's
"measures set agreed" events and the "active" stage's requirement.

Every read costs a fixed number of queries however many versions, indicators or members there
are (tests/measurement/test_measurement_queries.py counts them at two sizes).
"""

import re
from dataclasses import dataclass

from django.db.models import F, Prefetch, QuerySet

from accord.alignment.queries.charter import agreed_version as agreed_charter
from accord.core import agreements
from accord.core.audit import HistoryEntry, field_change
from accord.core.diff import SectionDiff, sections_diff
from accord.core.paths import object_url
from accord.core.waiting import Waiting
from accord.directory.models import Organization
from accord.partnerships.models import Membership, Partnership
from accord.partnerships.queries import memberships_of
from accord.partnerships.timeline import TimelineEntry, TimelineSource

from .models import (
    Dimension,
    DimensionCategory,
    DimensionVersion,
    Indicator,
    MeasuresComment,
    MeasuresEndorsement,
    MeasuresVersion,
)

Status = MeasuresVersion.Status
FINAL = Status.FINAL


# --- Versions -----------------------------------------------------------------------------------
def versions_of(partnership: Partnership | int) -> QuerySet[MeasuresVersion]:
    """A partnership's versions, newest first, with their counts of comments and endorsements
    (and of indicators)."""
    return agreements.versions_with_counts(MeasuresVersion, partnership).annotate(
        indicator_count=agreements.count_per_version(Indicator)
    )


def indicators_prefetch() -> Prefetch:
    return Prefetch(
        "indicators",
        queryset=Indicator.objects.select_related("responsible_organization")
        .prefetch_related(
            "targets",
            "core_values",
            Prefetch("dimensions", queryset=DimensionVersion.objects.select_related("dimension")),
        )
        .order_by("position", "pk"),
    )


def with_indicators(versions: QuerySet[MeasuresVersion]) -> QuerySet[MeasuresVersion]:
    """Each version with its indicators, their targets, core values and dimensions (five
    queries more, whatever the number of versions)."""
    return versions.prefetch_related(indicators_prefetch())


def latest_final_version(partnership) -> MeasuresVersion | None:
    return agreements.latest_final(MeasuresVersion, partnership)


def agreement_for(partnership: Partnership) -> agreements.Agreement:
    """Where the measures set stands: agreed or not, and each member's endorsement."""
    return agreements.agreement_for(MeasuresVersion, partnership, list(memberships_of(partnership)))


def agreed_version(partnership: Partnership) -> MeasuresVersion | None:
    """The newest final version every current member organization endorsed (None: none yet);
    what the partnership measures by. A newer final version not yet endorsed by all does not
    replace it."""
    members = [m.organization_id for m in memberships_of(partnership)]
    finals = list(
        MeasuresVersion.objects.filter(partnership=partnership, status=FINAL).order_by("-number")
    )
    return agreements.agreed_version(finals, members)


def endorsements_of(version: MeasuresVersion) -> QuerySet[MeasuresEndorsement]:
    return version.endorsements.select_related(
        "organization", "person__organization", "version"
    ).order_by("organization__name", "pk")


def comments_of(version: MeasuresVersion) -> QuerySet[MeasuresComment]:
    return version.comments.select_related("person__organization", "version").order_by(
        "created_at", "pk"
    )


def indicator_of(version: MeasuresVersion, pk) -> QuerySet[Indicator]:
    return (
        Indicator.objects.filter(version=version, pk=pk)
        .select_related("responsible_organization", "version__partnership")
        .prefetch_related(
            "targets",
            "core_values",
            Prefetch("dimensions", queryset=DimensionVersion.objects.select_related("dimension")),
        )
    )


# --- Dimensions ---------------------------------------------------------------------------------
def dimensions_of(partnership: Partnership | int) -> QuerySet[Dimension]:
    """A partnership's dimensions, each with its versions (newest first) and their categories."""
    return (
        Dimension.objects.filter(partnership=partnership)
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=DimensionVersion.objects.order_by("-number").prefetch_related(
                    Prefetch("categories", queryset=DimensionCategory.objects.order_by("position"))
                ),
            )
        )
        .order_by("name", "pk")
    )


def dimension_choices(partnership: Partnership) -> list[DimensionVersion]:
    """Every version of every dimension, for an indicator to choose from (newest first)."""
    return list(
        DimensionVersion.objects.filter(dimension__partnership=partnership)
        .select_related("dimension")
        .order_by("dimension__name", "-number")
    )


def core_value_choices(partnership: Partnership) -> list:
    """The core values of the agreed charter, the ones an indicator may measure."""
    charter = agreed_charter(partnership)
    return list(charter.values.all()) if charter else []


# --- Comparing two versions ---------------------------------------------------------------------
@dataclass
class Section:
    key: str
    heading: str
    body: str


def _number(value) -> str:
    if value is None:
        return "—"
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def indicator_text(indicator: Indicator) -> str:
    """Everything an endorsement of an indicator agrees to, as lines of text (for the diff)."""
    lines = [
        f"Definition: {indicator.definition}",
        f"Type: {indicator.get_type_display()}"
        + (f" ({indicator.numerator} / {indicator.denominator})" if indicator.numerator else ""),
        f"Unit: {indicator.unit or '—'}",
        f"Kind: {indicator.get_kind_display()}",
        f"Direction: {indicator.get_direction_display()}"
        + (
            f" ({_number(indicator.range_low)} to {_number(indicator.range_high)})"
            if indicator.direction == Indicator.Direction.RANGE
            else ""
        ),
        f"Baseline: {_number(indicator.baseline_value)}"
        + (f" on {indicator.baseline_date:%Y-%m-%d}" if indicator.baseline_date else "")
        + (f". {indicator.baseline_description}" if indicator.baseline_description else ""),
        "Targets: "
        + ("; ".join(f"{t.period}: {_number(t.value)}" for t in indicator.targets.all()) or "none"),
        f"Frequency: {indicator.get_frequency_display()}",
        f"Source: {indicator.source or '—'}",
        f"Responsible: {indicator.responsible_organization.name}",
        "Core values: " + (", ".join(v.name for v in indicator.core_values.all()) or "none"),
        "Disaggregated by: "
        + (
            ", ".join(f"{d.dimension.name} (v{d.number})" for d in indicator.dimensions.all())
            or "nothing"
        ),
        f"Plausible range: {_number(indicator.plausible_min)} to "
        f"{_number(indicator.plausible_max)}",
    ]
    return "\n".join(lines)


def measures_sections(version: MeasuresVersion) -> list[Section]:
    """The version as sections: expectations, deliverables, each indicator (matched by name)."""
    sections = [
        Section("expectations", "Expectations", version.expectations),
        Section("deliverables", "Deliverables", version.deliverables),
    ]
    for indicator in version.indicators.all():
        key = "indicator-" + "-".join(re.findall(r"\w+", indicator.name.casefold()))
        sections.append(Section(key, f"Indicator: {indicator.name}", indicator_text(indicator)))
    return sections


def measures_diff(old: MeasuresVersion, new: MeasuresVersion) -> list[SectionDiff]:
    """What changed from `old` to `new`, part by part, word by word. Give versions read through
    `with_indicators`, so that the comparison costs no query per indicator."""
    return sections_diff(measures_sections(old), measures_sections(new))


# --- History ------------------------------------------------------------------------------------
SKIPPED = {"updated_at", "created_at", "version", "position", "revision"}
ACTIONS = {"+": "added", "~": "changed", "-": "removed"}


def version_history(version: MeasuresVersion, limit: int = 100) -> list[HistoryEntry]:
    """The version's audit trail with its indicators and endorsements, newest first (five
    queries)."""
    entries = _entries(
        MeasuresVersion.history.filter(id=version.pk),
        MeasuresVersion,
        lambda r, a: f"Version {r.number} " + ("started" if a == "added" else a),
    )
    entries += _entries(
        Indicator.history.filter(version_id=version.pk),
        Indicator,
        lambda r, a: f"Indicator “{r.name}” {a}",
    )
    endorsements = list(
        MeasuresEndorsement.history.filter(version_id=version.pk).select_related("history_user")
    )
    names = dict(
        Organization.objects.filter(pk__in={r.organization_id for r in endorsements}).values_list(
            "pk", "name"
        )
    )
    entries += _entries(
        endorsements,
        MeasuresEndorsement,
        lambda r, a: f"Endorsement for {names.get(r.organization_id)} {a}",
    )
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries[:limit]


def _entries(records, model, describe) -> list[HistoryEntry]:
    if isinstance(records, QuerySet):
        records = records.select_related("history_user")
    records = sorted(records, key=lambda r: (r.id, r.history_date, r.history_id))
    previous: dict[int, object] = {}
    entries = []
    for record in records:
        action = ACTIONS[record.history_type]
        who = record.history_user.display_name if record.history_user_id else "Accord"
        entry = HistoryEntry(when=record.history_date, who=who, action=describe(record, action))
        before = previous.get(record.id)
        if before is not None and record.history_type == "~":
            for change in record.diff_against(before).changes:
                if change.field not in SKIPPED:
                    entry.changes.append(field_change(model, change.field, change.old, change.new))
        previous[record.id] = record
        entries.append(entry)
    return entries


# --- What waits for people ----------------------------------------------------------------------
def versions_to_endorse(user) -> list[Waiting]:
    """The latest final version of each partnership where the user speaks for their organization
    (a leader or project director), while that organization is a member and has not endorsed it.
    One query."""
    return agreements.versions_to_endorse(
        MeasuresVersion,
        user,
        Membership.objects.current(),
        kind="measurement.measures.endorse",
        label="Measures set to endorse",
    )


# --- Timeline: a version agreed -----------------------------------------------------------------
def _agreed_versions(partnership, user) -> QuerySet[MeasuresVersion]:
    """Versions that every member of the day endorsed, when the last of them did."""
    return MeasuresVersion.objects.filter(partnership=partnership, agreed_at__isnull=False)


def _agreed_entry(row, partnership) -> TimelineEntry:
    return TimelineEntry(
        when=row.when,
        label="Measures set",
        title=f"Measures set version {row.title} agreed by every member",
        url=object_url("measurement:version", partnership.pk, int(row.title)),
    )


MEASURES_AGREED = TimelineSource(
    events=_agreed_versions,
    columns={"when": F("agreed_at"), "title": F("number")},
    entry=_agreed_entry,
)


# --- Lifecycle ----------------------------------------------------------------------------------
def agreed_measures_missing(partnership: Partnership) -> str | None:
    """Why `partnership` cannot become active for want of an agreed measures set (else None)."""
    if agreed_version(partnership) is not None:
        return None
    return (
        "To become active, the partners must first agree on their measures set: a final version "
        "endorsed by every member organization."
    )
