"""Scorecard criteria of pillar 4, shared measurement (M1, M3), from the partnership's own records:
the measures set's agreement and, where periods are collected, the data each member owes."""

from .agreement_criteria import agreement_result
from .criteria import ACT, GOOD, NOT_YET, WATCH, Result, criterion, names, plural

LATE_WATCH_DAYS = 30  # data missing for the latest period only, and due less long ago: watch


@criterion(
    "measurement.measures",
    "measurement",
    "Measures set agreed",
    "Reads the measures set's versions and endorsements (M1), by the charter's rule: good when "
    "the latest final version is endorsed by every current member; watch while a version is "
    "being written and none is final, or while a newer final version waits and an earlier one "
    "stays agreed; act when a final version lacks endorsements and none is agreed; not yet when "
    "no version exists.",
    order=10,
)
def measures_agreed(context):
    agreement, agreed_version = context.batch.agreement("measures", context.pk)
    return agreement_result(
        agreement,
        agreed_version,
        noun="measures set",
        page="measurement:measures",
        version_page="measurement:version",
        pk=context.pk,
    )


@criterion(
    "measurement.data",
    "measurement",
    "Data reported",
    f"Reads the reporting periods past their due date and each current member's submission "
    f"(M3): good when every member's data for every such period is approved; watch when data "
    f"is missing for the latest period only and it was due less than {LATE_WATCH_DAYS} days "
    f"ago; act when data is missing for an earlier period or longer; not yet when no period is "
    f"past its due date.",
    order=20,
)
def data_reported(context):
    pk, today = context.pk, context.today
    link = ("measurement:measures", (pk,))
    periods = context.rows("periods_due", [])
    members = context.members
    if not periods or not members:
        return Result(NOT_YET, "No reporting period is past its due date.", "", *link)
    missing = [
        (period, [members[o].name for o in members if o not in period.approved])
        for period in periods
    ]
    missing = [(period, who) for period, who in missing if who]
    if not missing:
        return Result(
            GOOD,
            f"Every member's data is approved for {plural(len(periods), 'period')} past due.",
            "",
            *link,
        )
    sentences = [f"{period.label} data missing from {names(who)}." for period, who in missing]
    evidence = " ".join(sentences[:3])
    if len(sentences) > 3:
        evidence += f" And {plural(len(sentences) - 3, 'more period')}."
    latest = periods[-1]
    only_latest = len(missing) == 1 and missing[0][0] == latest
    recent = (today - latest.due_on).days < LATE_WATCH_DAYS
    first_period, first_who = missing[0]
    return Result(
        WATCH if only_latest and recent else ACT,
        evidence,
        f"Ask {names(first_who, 2)} for {first_period.label} data and review what is submitted.",
        *link,
    )
