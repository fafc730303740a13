"""Shared measurement's rows for `accord seed --scale N`, registered with `register_scale`.

For each generated partnership: an agreed measures set (version 1, final, endorsed by every
member organization) of eight indicators of the three Results-Based Accountability kinds, two
dimensions (gender identity and region, each with "prefer not to say" and "unknown"), four
quarterly reporting periods of 2025 with targets, and each member organization's submission per
period with about 110 values: about 2,000 values per partnership, 2 million at N = 1,000. Most
submissions are approved; about one in twenty is returned with a comment and one in thirty is
missing, so that the analysis has gaps to name.

Every row streams through the one bulk path (accord/core/bulk.py: COPY on PostgreSQL), with its
history row where the model keeps one; values are audited per submission (SubmissionEvent), not
per cell. Values are valid by construction: categories of the indicator's own dimension
versions, counts whole and not negative, percentages within 0 to 100, ratios with a positive
denominator. Memory holds one partnership at a time.
"""

import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from accord.core.bulk import BulkWriter

from .models import (
    DataValue,
    Dimension,
    DimensionCategory,
    DimensionVersion,
    Indicator,
    IndicatorTarget,
    MeasuresEndorsement,
    MeasuresVersion,
    ReportingPeriod,
    Submission,
    SubmissionEvent,
)

T, K, D = Indicator.Type, Indicator.Kind, Indicator.Direction
CK = DimensionCategory.Kind
DIMENSIONS = [
    ("Gender identity", ["Woman", "Man", "Non-binary", "Another identity"]),
    ("Region", ["North", "South", "East", "West"]),
]
SPECIAL = [("Prefer not to say", CK.DECLINED), ("Unknown", CK.UNKNOWN)]
# name, type, kind, direction, dimensions (indexes into DIMENSIONS), partnership figure in the
# first quarter, its change per quarter, target in the first quarter
INDICATORS = [
    ("Participants reached", T.COUNT, K.HOW_MUCH, D.UP, (0, 1), 400, 25, 420),
    ("Sessions held", T.COUNT, K.HOW_MUCH, D.UP, (), 60, 4, 64),
    ("Hours of mentoring", T.COUNT, K.HOW_MUCH, D.UP, (), 900, 40, 950),
    ("Participants satisfied", T.PERCENTAGE, K.HOW_WELL, D.UP, (0,), 72, 2, 75),
    ("Stipends paid on time", T.RATIO, K.HOW_WELL, D.RANGE, (), 0.9, 0.01, 0.95),
    ("Cost per participant", T.CURRENCY, K.HOW_WELL, D.DOWN, (), 2000, -60, 1900),
    ("Participants continuing", T.RATIO, K.BETTER_OFF, D.UP, (0, 1), 0.6, 0.02, 0.65),
    ("Participants employed", T.RATIO, K.BETTER_OFF, D.UP, (), 0.4, 0.03, 0.45),
]
QUARTERS = [
    ("2025 Q1", date(2025, 1, 1), date(2025, 3, 31)),
    ("2025 Q2", date(2025, 4, 1), date(2025, 6, 30)),
    ("2025 Q3", date(2025, 7, 1), date(2025, 9, 30)),
    ("2025 Q4", date(2025, 10, 1), date(2025, 12, 31)),
]
# A category's share of a count, and how far its rate sits from the whole's.
SHARES = [0.3, 0.28, 0.12, 0.1, 0.12, 0.08]
RATES = [1.0, 0.97, 0.86, 0.92, 0.95, 0.9]
MODELS = (
    MeasuresVersion,
    MeasuresEndorsement,
    Dimension,
    DimensionVersion,
    DimensionCategory,
    Indicator,
    IndicatorTarget,
    ReportingPeriod,
    Submission,
    SubmissionEvent,
    DataValue,
)
RETURNED_SHARE, MISSING_SHARE = 0.05, 0.03
FOUR = Decimal("0.0001")


def _decimal(number: float, places: str = "0.0001") -> Decimal:
    return Decimal(repr(number)).quantize(Decimal(places))


class _Writers:
    def __init__(self, reason: str, now):
        def writer(model, **kwargs):
            return BulkWriter(model, history_reason=reason, history_date=now, **kwargs)

        self.out = {model: writer(model) for model in MODELS}
        self.out[SubmissionEvent] = writer(SubmissionEvent, history=False)
        self.out[DataValue] = writer(DataValue, history=False)
        self.out["dimensions"] = writer(Indicator.dimensions.through, history=False)

    def __getitem__(self, key):
        return self.out[key]

    def close(self) -> dict:
        return {key: writer.close() for key, writer in self.out.items()}


def _dimensions(out, partnership_id) -> list[list[int]]:
    """The partnership's two dimensions; each one's category ids, in order."""
    versions = []
    for name, labels in DIMENSIONS:
        dimension_id = out[Dimension].add({"partnership_id": partnership_id, "name": name})
        version_id = out[DimensionVersion].add(
            {"dimension_id": dimension_id, "number": 1, "note": "First version."}
        )
        categories = [(label, CK.CATEGORY) for label in labels] + SPECIAL
        ids = [
            out[DimensionCategory].add(
                {"version_id": version_id, "label": label, "kind": kind, "position": position}
            )
            for position, (label, kind) in enumerate(categories)
        ]
        versions.append((version_id, ids))
    return versions


def _measures(out, rng, partnership_id, members, people_of, agreed_at):
    """The agreed version 1 with its indicators: [(indicator id, spec, [category ids per
    dimension])]."""
    version_id = out[MeasuresVersion].add(
        {
            "partnership_id": partnership_id,
            "number": 1,
            "status": MeasuresVersion.Status.FINAL,
            "expectations": "Each partner reports within three weeks of the end of a quarter.",
            "deliverables": "The programme's sessions, mentoring and placements.",
            "opened_at": agreed_at - timedelta(days=30),
            "finalized_at": agreed_at - timedelta(days=10),
            "agreed_at": agreed_at,
        }
    )
    for organization_id in members:
        out[MeasuresEndorsement].add(
            {
                "version_id": version_id,
                "organization_id": organization_id,
                "person_id": people_of[organization_id][0],
                "note": "",
            }
        )
    dimensions = _dimensions(out, partnership_id)
    indicators = []
    for position, spec in enumerate(INDICATORS):
        name, kind, rba, direction, dims, _start, step, target = spec
        indicator_id = out[Indicator].add(
            {
                "version_id": version_id,
                "position": position,
                "lineage": uuid.UUID(int=rng.getrandbits(128), version=4),
                "name": name,
                "definition": f"{name}, counted each quarter.",
                "unit": "USD" if kind == T.CURRENCY else "",
                "type": kind,
                "numerator": "Those who did" if kind == T.RATIO else "",
                "denominator": "Those who could have" if kind == T.RATIO else "",
                "kind": rba,
                "direction": direction,
                "range_low": Decimal("0.95") if direction == D.RANGE else None,
                "range_high": Decimal("1") if direction == D.RANGE else None,
                "baseline_value": _decimal(target - 2 * step),
                "baseline_date": date(2024, 12, 31),
                "frequency": Indicator.Frequency.QUARTERLY,
                "source": "Partners' records",
                "responsible_organization_id": rng.choice(members),
            }
        )
        for index in dims:
            out["dimensions"].add(
                {"indicator_id": indicator_id, "dimensionversion_id": dimensions[index][0]}
            )
        for quarter, (label, _starts, _ends) in enumerate(QUARTERS):
            out[IndicatorTarget].add(
                {
                    "indicator_id": indicator_id,
                    "period": label,
                    "value": _decimal(target + quarter * step),
                    "position": quarter,
                }
            )
        indicators.append((indicator_id, spec, [dimensions[i][1] for i in dims]))
    return version_id, indicators


def _cells(indicators) -> list[tuple]:
    """Every cell of every indicator: (indicator id, spec, a id, b id, share, rate)."""
    cells = []
    for indicator_id, spec, categories in indicators:
        cells.append((indicator_id, spec, None, None, 1.0, 1.0))
        if categories:
            for i, a in enumerate(categories[0]):
                cells.append((indicator_id, spec, a, None, SHARES[i], RATES[i]))
                if len(categories) == 2:
                    for j, b in enumerate(categories[1]):
                        share, rate = SHARES[i] * SHARES[j], RATES[i] * RATES[j]
                        cells.append((indicator_id, spec, a, b, share, rate))
    return cells


def _value(spec, quarter: int, part: float, share: float, rate: float, noise: float) -> dict:
    _name, kind, _rba, _direction, _dims, start, step, _target = spec
    level = (start + quarter * step) * noise
    if kind in (T.COUNT, T.CURRENCY):
        return {"value": Decimal(max(0, int(level * part * share)))}
    if kind == T.PERCENTAGE:
        return {"value": _decimal(min(100.0, max(0.0, level * rate)), "0.1")}
    denominator = max(1, int(200 * part * share))
    numerator = min(denominator, int(denominator * min(1.0, level * rate)))
    return {
        "value": (Decimal(numerator) / Decimal(denominator)).quantize(FOUR),
        "numerator": Decimal(numerator),
        "denominator": Decimal(denominator),
    }


def build(context) -> dict[str, int]:
    """Write shared measurement's rows for every partnership of `context` (a ScaleContext)."""
    rng = context.rng
    now = timezone.now()
    out = _Writers(context.reason, now)
    for partnership_id in context.partnerships:
        members = context.members[partnership_id]
        agreed_at = datetime(2024, 12, 1, 10, tzinfo=UTC) + timedelta(days=rng.randint(0, 20))
        version_id, indicators = _measures(
            out, rng, partnership_id, members, context.people_of, agreed_at
        )
        cells = _cells(indicators)
        parts = [rng.uniform(0.6, 1.4) for _ in members]
        parts = [p / sum(parts) for p in parts]
        for quarter, (label, starts, ends) in enumerate(QUARTERS):
            due = ends + timedelta(days=21)
            period_id = out[ReportingPeriod].add(
                {
                    "partnership_id": partnership_id,
                    "label": label,
                    "kind": ReportingPeriod.Kind.QUARTERLY,
                    "starts_on": starts,
                    "ends_on": ends,
                    "opens_on": ends,
                    "due_on": due,
                    "measures_version_id": version_id,
                }
            )
            reviewed = datetime.combine(due, datetime.min.time(), tzinfo=UTC)
            for organization_id, part in zip(members, parts, strict=True):
                draw = rng.random()
                if draw < MISSING_SHARE:
                    continue
                returned = draw < MISSING_SHARE + RETURNED_SHARE
                status = Submission.Status.RETURNED if returned else Submission.Status.APPROVED
                submission_id = out[Submission].add(
                    {
                        "period_id": period_id,
                        "organization_id": organization_id,
                        "status": status,
                        "submitted_at": reviewed - timedelta(days=3),
                        "reviewed_at": reviewed,
                        "review_comment": "Please check the totals by region." if returned else "",
                    }
                )
                noise = rng.uniform(0.95, 1.05)
                for indicator_id, spec, a, b, share, rate in cells:
                    row = _value(spec, quarter, part, share, rate, noise)
                    row |= {
                        "submission_id": submission_id,
                        "indicator_id": indicator_id,
                        "category_a_id": a,
                        "category_b_id": b,
                    }
                    out[DataValue].add(row)
                for action, at in (
                    (SubmissionEvent.Action.IMPORTED, reviewed - timedelta(days=4)),
                    (SubmissionEvent.Action.RETURNED if returned else "approved", reviewed),
                ):
                    out[SubmissionEvent].add(
                        {
                            "submission_id": submission_id,
                            "action": action,
                            "at": at,
                            "cells_changed": len(cells) if action == "imported" else 0,
                            "changes": [],
                        }
                    )
    written = out.close()
    return {
        "measures set versions": written[MeasuresVersion],
        "indicators": written[Indicator],
        "reporting periods": written[ReportingPeriod],
        "submissions": written[Submission],
        "data values": written[DataValue],
    }
