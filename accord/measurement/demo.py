"""Demo measures sets (M1, M2).

"Bridges to Civil Engineering Careers" agreed version 1 of its measures set: eight indicators of
the three Results-Based Accountability kinds, broken down by gender identity, race and ethnicity,
first-generation status, disability and region, each tied to the charter's core values and
endorsed by every member. The "Inclusive Design Standards Pilot", which goes on to "active" in
the leadership demo, agrees a short set first (an active partnership has agreed measures).

Everything is keyed by name within its partnership, so loading the demo again changes nothing.
"""

from datetime import date
from decimal import Decimal

from accord.core.access import Perm, roles_with
from accord.core.audit import acting_as

from .models import Dimension, Indicator, MeasuresVersion
from .queries import agreed_version, core_value_choices
from .services import (
    dimension_create,
    indicator_add,
    measures_comment_add,
    measures_endorse,
    measures_version_create,
    measures_version_move,
    measures_version_update,
)

T, K, D = Indicator.Type, Indicator.Kind, Indicator.Direction
# fmt: off
DIMENSIONS = {
    "gender": ("Gender identity", "As the student describes it.",
               ["Woman", "Man", "Non-binary", "Another identity"]),
    "race": ("Race and ethnicity", "As the student describes it; more than one may apply.",
             ["American Indian or Alaska Native", "Asian", "Black or African American",
              "Hispanic or Latino", "Native Hawaiian or Pacific Islander", "White",
              "Two or more"]),
    "firstgen": ("First-generation status", "Neither parent holds a four-year degree.",
                 ["First-generation", "Not first-generation"]),
    "disability": ("Disability", "Self-reported.", ["Disabled", "Not disabled"]),
    "region": ("Region", "Where the student's home campus is.",
               ["South", "Southwest", "Mountain West", "Northeast"]),
}
QUARTERS = ["2026 Q1", "2026 Q2", "2026 Q3", "2026 Q4"]
# name, definition, type, unit, numerator, denominator, kind, direction, range, baseline
# (value, date, description), targets, source, responsible, values (names), dimensions
INDICATORS = [
    ("Students in the summer bridge",
     "Students who attended at least four of the six summer bridge weeks.",
     T.COUNT, "students", "", "", K.HOW_MUCH, D.UP, None,
     (Decimal("38"), date(2025, 9, 1), "The first summer, before the partnership."),
     [Decimal("45"), Decimal("50"), Decimal("55"), Decimal("60")],
     "Bridge attendance sheets", "carver", ["Students first"], ["gender", "race", "firstgen"]),
    ("Paid internships placed",
     "Paid internships of at least eight weeks that started in the period.",
     T.COUNT, "internships", "", "", K.HOW_MUCH, D.UP, None,
     (Decimal("12"), date(2025, 9, 1), "Placements the partners made on their own in 2025."),
     [Decimal("5"), Decimal("10"), Decimal("20"), Decimal("25")],
     "Host firms' offer letters", "eec", ["Shared responsibility"], ["gender", "race", "region"]),
    ("Mentoring hours",
     "Hours mentors spent with students, one to one or in circles.",
     T.COUNT, "hours", "", "", K.HOW_MUCH, D.UP, None,
     (Decimal("300"), date(2025, 9, 1), "Logged by SCEE volunteers in 2025."),
     [Decimal("400"), Decimal("400"), Decimal("450"), Decimal("500")],
     "Mentoring log", "scee", ["A path, not a one-time event"], ["region"]),
    ("Students satisfied with mentoring",
     "Share of mentored students who answer 4 or 5 to “My mentor helps me take the next step”.",
     T.PERCENTAGE, "%", "", "", K.HOW_WELL, D.UP, None,
     (Decimal("72"), date(2025, 12, 1), "End-of-term survey, autumn 2025."),
     [Decimal("75"), Decimal("78"), Decimal("80"), Decimal("82")],
     "End-of-term student survey", "scee", ["Students first"],
     ["gender", "firstgen", "disability"]),
    ("Stipend paid on time",
     "Internship stipends paid within five days of the due date, over stipends due.",
     T.RATIO, "", "Stipends paid within five days of the due date", "Stipends due",
     K.HOW_WELL, D.RANGE, (Decimal("0.95"), Decimal("1")),
     (Decimal("0.88"), date(2025, 9, 1), "Host firms' payroll, summer 2025."),
     [Decimal("0.95"), Decimal("0.95"), Decimal("0.97"), Decimal("0.97")],
     "Host firms' payroll reports", "eec", ["Shared responsibility"], []),
    ("Cost per student placed",
     "What the partners spent on the pathway, over students placed in internships.",
     T.CURRENCY, "USD", "", "", K.HOW_WELL, D.DOWN, None,
     (Decimal("4200"), date(2025, 9, 1), "Budget and placements of 2025."),
     [Decimal("4000"), Decimal("3900"), Decimal("3800"), Decimal("3700")],
     "Partners' budget reports", "scee", ["Shared responsibility"], []),
    ("Students continuing in engineering",
     "Bridge students enrolled in an engineering major one year later, over bridge students "
     "of that year.",
     T.RATIO, "", "Bridge students enrolled in engineering a year later",
     "Bridge students of that year", K.BETTER_OFF, D.UP, None,
     (Decimal("0.61"), date(2025, 9, 1), "Registrars' records for the 2024 cohort."),
     [Decimal("0.65"), Decimal("0.65"), Decimal("0.68"), Decimal("0.70")],
     "Registrars' records", "riobravo", ["A path, not a one-time event", "Students first"],
     ["gender", "race", "firstgen", "disability"]),
    ("What students say changed for them",
     "Stories students tell at the end of the internship about what changed in their plans.",
     T.QUALITATIVE, "", "", "", K.BETTER_OFF, D.UP, None, None, [],
     "Exit interviews", "redcedar", ["Respect for each community"], ["race", "region"]),
]
EXPECTATIONS = (
    "Each partner reports its figures within three weeks of the end of a quarter. Figures come "
    "broken down by the agreed dimensions; a student who prefers not to say is counted as such. "
    "Partners read each other's figures before the quarterly meeting."
)
DELIVERABLES = (
    "Carver State runs the summer bridge each June. The Engineering Education Council places "
    "paid internships by May. SCEE recruits and trains the mentors. Rio Bravo and Red Cedar "
    "collect the registrars' records and the exit interviews."
)
COMMENTS = [
    ("ruiz", "Please count transfer students from community colleges in the bridge figures."),
    ("fairbanks", "Red Cedar will share stories only with the students' consent, and we keep "
                  "the recordings."),
]
STANDARDS = [
    ("Street designs reviewed",
     "Standard street designs reviewed for their effect on disabled, older and low-income "
     "travellers.", T.COUNT, "designs", K.HOW_MUCH, "transport", [Decimal("6"), Decimal("12")]),
    ("Practitioners trained",
     "Practitioners who completed the inclusive-design review training.",
     T.COUNT, "people", K.HOW_WELL, "siep", [Decimal("20"), Decimal("40")]),
]
# fmt: on


def _endorse_all(context, version: MeasuresVersion) -> None:
    """Each current member endorses, through one of its people who may speak for it."""
    partnership = version.partnership
    done = set(version.endorsements.values_list("organization_id", flat=True))
    for membership in partnership.memberships.current().select_related("organization"):
        if membership.organization_id in done:
            continue
        role = (
            partnership.roles.filter(
                archived_at__isnull=True,
                role__in=roles_with(Perm.ENDORSE),
                person__organization=membership.organization,
                person__archived_at__isnull=True,
            )
            .select_related("person")
            .order_by("pk")
            .first()
        )
        if role is None:
            continue
        with acting_as(role.person.user):
            measures_endorse(version=version, person=role.person)
        context.log.append(f"measures set endorsement by {membership.organization}")


def _first_version(context, partnership, by) -> MeasuresVersion | None:
    version = MeasuresVersion.objects.filter(partnership=partnership, number=1).first()
    if version is None:
        if MeasuresVersion.objects.filter(partnership=partnership).exists():
            return None
        version = measures_version_create(partnership=partnership, created_by=by)
        context.log.append(f"measures set version 1 of {partnership}")
    return version


def _dimensions(context, partnership) -> dict:
    found = {}
    for key, (name, description, categories) in DIMENSIONS.items():
        dimension = Dimension.objects.filter(partnership=partnership, name=name).first()
        if dimension is None:
            dimension = dimension_create(
                partnership=partnership, name=name, description=description, categories=categories
            )
            context.log.append(f"dimension {name} of {partnership}")
        found[key] = dimension.versions.order_by("-number").first()
    return found


def seed_demo(context) -> None:
    """The Bridges measures set, agreed by every member (idempotent)."""
    partnership = context.partnerships["bridges"]
    steward = context.users.get("steward")
    with acting_as(steward):
        dimensions = _dimensions(context, partnership)
        version = _first_version(context, partnership, steward)
        if version is None:
            return
        if version.status == MeasuresVersion.Status.DRAFT:
            measures_version_update(
                version=version, expectations=EXPECTATIONS, deliverables=DELIVERABLES
            )
            values = {value.name: value.pk for value in core_value_choices(partnership)}
            organizations = context.organizations
            existing = set(version.indicators.values_list("name", flat=True))
            for spec in INDICATORS:
                (
                    name,
                    definition,
                    kind,
                    unit,
                    numerator,
                    denominator,
                    rba,
                    direction,
                    bounds,
                    baseline,
                    targets,
                    source,
                    responsible,
                    value_names,
                    dimension_keys,
                ) = spec
                if name in existing:
                    continue
                indicator_add(
                    version=version,
                    values={
                        "name": name,
                        "definition": definition,
                        "type": kind,
                        "unit": unit,
                        "numerator": numerator,
                        "denominator": denominator,
                        "kind": rba,
                        "direction": direction,
                        "range_low": bounds[0] if bounds else None,
                        "range_high": bounds[1] if bounds else None,
                        "baseline_value": baseline[0] if baseline else None,
                        "baseline_date": baseline[1] if baseline else None,
                        "baseline_description": baseline[2] if baseline else "",
                        "frequency": Indicator.Frequency.QUARTERLY,
                        "source": source,
                        "responsible_organization_id": organizations[responsible].pk,
                        "core_value_ids": [values[n] for n in value_names if n in values],
                        "dimension_version_ids": [dimensions[key].pk for key in dimension_keys],
                        "targets": [
                            {"period": period, "value": value}
                            for period, value in zip(QUARTERS, targets, strict=False)
                        ],
                    },
                )
            measures_version_move(version=version, to_status=MeasuresVersion.Status.OPEN)
        if version.status == MeasuresVersion.Status.OPEN:
            for key, body in COMMENTS:
                person = context.people[key]
                if not version.comments.filter(person=person, body=body).exists():
                    with acting_as(person.user):
                        measures_comment_add(version=version, person=person, body=body)
            measures_version_move(version=version, to_status=MeasuresVersion.Status.FINAL)
    _endorse_all(context, version)
    seed_collected(context)


def seed_before_stages(context) -> None:
    """A short agreed measures set for the pilot, before the leadership demo makes it active."""
    partnership = context.partnerships["standards"]
    if agreed_version(partnership) is not None:
        return
    steward = partnership.roles.filter(role="steward", archived_at__isnull=True).first()
    by = steward.person.user if steward else None
    with acting_as(by):
        version = _first_version(context, partnership, by)
        if version is None:
            return
        if version.status == MeasuresVersion.Status.DRAFT:
            for name, definition, kind, unit, rba, responsible, targets in STANDARDS:
                if version.indicators.filter(name=name).exists():
                    continue
                indicator_add(
                    version=version,
                    values={
                        "name": name,
                        "definition": definition,
                        "type": kind,
                        "unit": unit,
                        "kind": rba,
                        "direction": D.UP,
                        "frequency": Indicator.Frequency.TWICE_A_YEAR,
                        "source": "Review minutes",
                        "responsible_organization_id": context.organizations[responsible].pk,
                        "targets": [
                            {"period": period, "value": value}
                            for period, value in zip(("2026 H1", "2026 H2"), targets, strict=True)
                        ],
                    },
                )
            measures_version_move(version=version, to_status=MeasuresVersion.Status.OPEN)
        if version.status == MeasuresVersion.Status.OPEN:
            measures_version_move(version=version, to_status=MeasuresVersion.Status.FINAL)
    _endorse_all(context, version)


# --- Collected data (M3) ------------------------------------------------------------------------
# Four quarters of 2026, written through the one write path (collection.py) and reviewed: every
# organization's figures approved, except that Carver State's 2026 Q2 figures were returned with
# a comment first (then corrected and approved), and Rio Bravo State University sent nothing for
# 2026 Q3, so that the analysis names what is missing instead of adding up what is there.
# fmt: off
PERIODS = [  # label, starts, ends
    ("2026 Q1", date(2026, 1, 1), date(2026, 3, 31)),
    ("2026 Q2", date(2026, 4, 1), date(2026, 6, 30)),
    ("2026 Q3", date(2026, 7, 1), date(2026, 9, 30)),
    ("2026 Q4", date(2026, 10, 1), date(2026, 12, 31)),
]
# The partnership's figure per quarter; each organization reports its share (SHARES).
TRAJECTORIES = {
    "Students in the summer bridge": [42, 49, 53, 58],
    "Paid internships placed": [4, 9, 17, 22],
    "Mentoring hours": [380, 410, 440, 470],
    "Students satisfied with mentoring": [74, 77, 78, 81],
    "Stipend paid on time": [Decimal("0.90"), Decimal("0.93"), Decimal("0.96"), Decimal("0.97")],
    "Cost per student placed": [4150, 3980, 3850, 3720],
    "Students continuing in engineering": [Decimal("0.62"), Decimal("0.64"), Decimal("0.67"),
                                           Decimal("0.69")],
}
SHARES = {"scee": 3, "carver": 5, "riobravo": 4, "redcedar": 3, "eec": 5}
# How far below the best-off group some categories sit (a rate or a percentage is multiplied).
GAPS = {"Disabled": Decimal("0.82"), "First-generation": Decimal("0.88"),
        "Non-binary": Decimal("0.9"), "American Indian or Alaska Native": Decimal("0.85"),
        "Prefer not to say": Decimal("0.95"), "Unknown": Decimal("0.93")}
RETURNED = ("2026 Q2", "carver",
            "The bridge count by first-generation status adds up to more than the total; please "
            "check the first-generation column against the attendance sheets.")
MISSING = ("2026 Q3", "riobravo")
STORIES = [
    # title, kind, body, speaker, consent, organization, indicators, periods
    ("The bridge that kept going after the summer", "story",
     "Carver State's bridge students asked to keep meeting after the six weeks; the mentors "
     "started Friday study circles, which is why mentoring hours rose in the second quarter.",
     "", "not_needed", "carver",
     ["Students in the summer bridge", "Mentoring hours"], ["2026 Q2"]),
    ("“I stopped thinking engineering was for other people”", "quote",
     "My mentor had grown up two towns over. After the internship I changed my major back to "
     "civil engineering.", "Aaliyah, civil engineering student", "given", "redcedar",
     ["What students say changed for them", "Students continuing in engineering"],
     ["2026 Q3"]),
    ("Late stipends at two host firms", "observation",
     "Two host firms paid the first stipends after the payroll cut-off; the council now sends "
     "the start dates to payroll a month ahead.", "", "not_needed", "eec",
     ["Stipend paid on time"], ["2026 Q1"]),
]
# fmt: on


def _split(total: int, labels: list[str], rng) -> dict[str, int]:
    """`total` as whole numbers over `labels` (a few in "prefer not to say" and "unknown")."""
    weights = [
        0.25 if label in ("Prefer not to say", "Unknown") else rng.uniform(0.6, 1.4)
        for label in labels
    ]
    raw = [total * w / sum(weights) for w in weights]
    parts = [int(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: raw[i] - parts[i], reverse=True)
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return dict(zip(labels, parts, strict=True))


def _rows_for(spec, figure, share: Decimal, rng) -> list[dict]:
    """One organization's rows for one indicator: its total and, where the indicator is broken
    down, each category and each crossed pair, consistent with the total."""
    indicator = spec.indicator
    name = indicator.name
    cats = [[c.label for c in level] for level in spec.categories]
    rows = []
    if indicator.type == Indicator.Type.QUALITATIVE:
        return [
            {
                "indicator": name,
                "text": "Students spoke of mentors who had walked the same "
                "road, and of a first paid job that made the degree feel within reach.",
            }
        ]
    if indicator.type in (Indicator.Type.COUNT, Indicator.Type.CURRENCY):
        total = int((Decimal(figure) * share).to_integral_value())
        rows.append({"indicator": name, "value": total})
        if cats:
            by_a = _split(total, cats[0], rng)
            for a, count in by_a.items():
                rows.append({"indicator": name, "category_a": a, "value": count})
                if len(cats) == 2:
                    for b, part in _split(count, cats[1], rng).items():
                        rows.append(
                            {"indicator": name, "category_a": a, "category_b": b, "value": part}
                        )
        return rows
    if indicator.type == Indicator.Type.PERCENTAGE:

        def pct(scale=Decimal(1)):
            spread = Decimal(rng.randint(-15, 15)) / 10
            return min(Decimal(100), (Decimal(figure) * scale + spread).quantize(Decimal("0.1")))

        rows.append({"indicator": name, "value": pct()})
        for a in cats[0] if cats else []:
            rows.append({"indicator": name, "category_a": a, "value": pct(GAPS.get(a, 1))})
            for b in cats[1] if len(cats) == 2 else []:
                scale = GAPS.get(a, Decimal(1)) * GAPS.get(b, Decimal(1))
                rows.append(
                    {"indicator": name, "category_a": a, "category_b": b, "value": pct(scale)}
                )
        return rows
    # A ratio: denominators split like counts, numerators at the category's rate.
    base = 20 + int(share * 40)

    def ratio(denominator: int, scale=Decimal(1)) -> tuple[int, int]:
        rate = min(Decimal(1), Decimal(figure) * scale)
        return int((denominator * rate).to_integral_value()), denominator

    if not cats:
        numerator, denominator = ratio(base)
        return [{"indicator": name, "numerator": numerator, "denominator": denominator}]
    parts_a = _split(base, cats[0], rng)
    numerators = 0
    for a, count in parts_a.items():
        count = max(count, 1)
        if len(cats) == 2:
            sub_n = 0
            for b, part in _split(count, cats[1], rng).items():
                part = max(part, 1)
                n, d = ratio(part, GAPS.get(a, Decimal(1)) * GAPS.get(b, Decimal(1)))
                rows.append(
                    {
                        "indicator": name,
                        "category_a": a,
                        "category_b": b,
                        "numerator": n,
                        "denominator": d,
                    }
                )
                sub_n += n
        n, d = ratio(count, GAPS.get(a, Decimal(1)))
        rows.append({"indicator": name, "category_a": a, "numerator": n, "denominator": d})
        numerators += n
    denominators = sum(max(c, 1) for c in parts_a.values())
    rows.insert(0, {"indicator": name, "numerator": numerators, "denominator": denominators})
    return rows


def _write(catalog, submission, rows) -> None:
    from . import collection

    cleaned, errors = catalog.clean_all(rows)
    if errors:
        raise ValueError(f"demo values do not pass the checks: {errors}")
    collection.write_cells(submission, cleaned)


def seed_collected(context) -> None:
    """Four quarters of Bridges data through collection.py, reviewed (idempotent: a period that
    exists is left as it is)."""
    import random

    from . import collection
    from .models import ReportingPeriod

    partnership = context.partnerships["bridges"]
    if agreed_version(partnership) is None:
        return
    steward = context.users.get("steward")
    rng = random.Random(2026)
    total_share = sum(SHARES.values())
    with acting_as(steward):
        for index, (label, starts, ends) in enumerate(PERIODS):
            if ReportingPeriod.objects.filter(partnership=partnership, label=label).exists():
                continue
            period = collection.period_create(
                partnership=partnership, label=label, starts_on=starts, ends_on=ends
            )
            context.log.append(f"reporting period {label} of {partnership}")
            catalog = collection.Catalog(period)
            for key, share in SHARES.items():
                if (label, key) == MISSING:
                    continue
                submission = collection.submission_for(period, context.organizations[key])
                rows = []
                for spec in catalog:
                    figures = TRAJECTORIES.get(spec.indicator.name)
                    figure = figures[index] if figures else None
                    rows += _rows_for(spec, figure, Decimal(share) / total_share, rng)
                if (label, key) == RETURNED[:2]:
                    # First sent with an error, returned with a comment, then corrected.
                    wrong = [dict(r) for r in rows]
                    wrong[1] = dict(wrong[1], value=(wrong[1].get("value") or 0) + 3)
                    _write(catalog, submission, wrong)
                    submission = collection.submit(submission)
                    submission = collection.return_with_comment(submission, RETURNED[2])
                _write(catalog, submission, rows)
                submission = collection.submit(submission)
                collection.approve(submission)
            context.log.append(f"values of {label} for {partnership}")
        _stories(context, partnership)


def _stories(context, partnership) -> None:
    from accord.core.services import save_validated

    from .models import Evidence, ReportingPeriod

    indicators = {i.name: i for i in agreed_version(partnership).indicators.all()}
    periods = {p.label: p for p in ReportingPeriod.objects.filter(partnership=partnership)}
    for title, kind, body, speaker, consent, org, tagged, labels in STORIES:
        if Evidence.objects.filter(partnership=partnership, title=title).exists():
            continue
        evidence = save_validated(
            Evidence(
                partnership=partnership,
                kind=kind,
                title=title,
                body=body,
                speaker=speaker,
                consent=consent,
                consent_note="Signed the consent form at the exit interview."
                if consent == "given"
                else "",
                consent_on=date(2026, 9, 12) if consent == "given" else None,
                organization=context.organizations[org],
                created_by=context.users.get("steward"),
            )
        )
        evidence.indicators.set([indicators[name] for name in tagged])
        evidence.periods.set([periods[label] for label in labels if label in periods])
        context.log.append(f"evidence “{title}” for {partnership}")
