"""Scorecard criteria of pillar 2, leadership (L3-L6), from the partnership's own records."""

from accord.leadership.models import Mou

from .criteria import ACT, GOOD, NOT_YET, WATCH, Result, criterion, names, plural

MOU_ACT_DAYS = 30  # an executed MOU that ends within this many days needs action
MOU_WATCH_DAYS = 90
KEPT_GOOD = 0.8  # share of decided commitments kept
KEPT_WATCH = 0.5


def _date(day) -> str:
    return f"{day.day} {day:%B %Y}"


def _days(count: int) -> str:
    return plural(count, "day")


@criterion(
    "leadership.mou",
    "leadership",
    "MOU in force",
    f"Reads the partnership's MOUs: good when an executed MOU is in force and ends more than "
    f"{MOU_WATCH_DAYS} days from now (or has no end date); watch when it ends within "
    f"{MOU_WATCH_DAYS} days, or when an MOU is being drafted or signed and none is executed; act "
    f"when it ends within {MOU_ACT_DAYS} days or has expired; not yet when there is no MOU.",
    order=10,
)
def mou_in_force(context):
    pk, today = context.pk, context.today
    mous = context.rows("mous", [])
    if not mous:
        return Result(
            NOT_YET,
            "No MOU has been drafted.",
            "Draft the MOU from a template.",
            "leadership:mou-list",
            (pk,),
        )
    executed = [m for m in mous if m.status == Mou.Status.EXECUTED]
    if not executed:
        mou = mous[0]
        return Result(
            WATCH,
            f"“{mou.title}” is {mou.get_status_display().lower()}; no MOU is executed yet.",
            "Complete the signatures so that the MOU is executed.",
            "leadership:mou-detail",
            (pk, mou.pk),
        )
    # The executed MOU that runs longest is the one in force (an amendment may extend it).
    mou = max(executed, key=lambda m: (m.expires_on is None, m.expires_on or today))
    link = ("leadership:mou-detail", (pk, mou.pk))
    if mou.expires_on is None:
        return Result(GOOD, f"“{mou.title}” is executed and has no end date.", "", *link)
    left = (mou.expires_on - today).days
    if left < 0:
        return Result(
            ACT,
            f"“{mou.title}” expired {_days(-left)} ago, on {_date(mou.expires_on)}.",
            "Renew the MOU: amend it with a new end date, or draft a new one.",
            *link,
        )
    if left <= MOU_ACT_DAYS:
        status = ACT
    elif left <= MOU_WATCH_DAYS:
        status = WATCH
    else:
        return Result(
            GOOD, f"“{mou.title}” is executed and runs to {_date(mou.expires_on)}.", "", *link
        )
    return Result(
        status,
        f"MOU expires in {_days(left)} ({_date(mou.expires_on)}).",
        "Agree on a renewal: amend the MOU with a new end date.",
        *link,
    )


@criterion(
    "leadership.directors",
    "leadership",
    "A project director for every member",
    "Reads the current members and their current project directors (L6): good when every member "
    "organization has one; watch when those without one have a handover waiting for its nominee; "
    "act when a member has none and no nominee; not yet when the partnership has no members.",
    order=20,
)
def every_member_has_a_director(context):
    pk = context.pk
    rows = context.batch.hosts_first(pk)  # as the directors page lists them
    if not rows:
        return Result(NOT_YET, "The partnership has no member organizations yet.", "")
    missing = [row for row in rows if not row.has_director]
    if not missing:
        return Result(
            GOOD,
            f"All {plural(len(rows), 'member organization')} have a project director.",
            "",
            "leadership:directors",
            (pk,),
        )
    unnamed = [row for row in missing if not row.has_nominee]
    if not unnamed:
        return Result(
            WATCH,
            f"{names(r.organization.name for r in missing)} "
            f"{'has' if len(missing) == 1 else 'have'} no project director; a nominee has been "
            "asked and has not answered yet.",
            "Remind the nominee to accept the handover.",
            "leadership:directors",
            (pk,),
        )
    first = unnamed[0].organization
    verb = "has" if len(unnamed) == 1 else "have"
    return Result(
        ACT,
        f"{names(r.organization.name for r in unnamed)} {verb} no project director.",
        f"Name a project director for {first.name}.",
        "leadership:director-name",
        (pk, first.pk),
    )


@criterion(
    "leadership.commitments",
    "leadership",
    "Commitments kept",
    f"Reads the leaders' commitments (L3): the kept rate is kept ÷ (kept + not kept). Good at "
    f"{KEPT_GOOD:.0%} or more with none past its end date and still open; watch at "
    f"{KEPT_WATCH:.0%} or more, or when some are past their end date and still open; act below "
    f"{KEPT_WATCH:.0%}; not yet while no commitment has been marked kept or not kept.",
    order=30,
)
def commitments_kept(context):
    pk = context.pk
    figures = context.figures
    kept, not_kept, late = figures.kept, figures.not_kept, figures.late
    decided = kept + not_kept
    late_text = (
        f" {plural(late, 'commitment')} past {'its' if late == 1 else 'their'} end date "
        f"{'is' if late == 1 else 'are'} still open."
        if late
        else ""
    )
    link = ("leadership:commitments", (pk,))
    if not decided:
        if late:
            return Result(
                WATCH,
                "No commitment has been marked kept or not kept yet." + late_text,
                "Record whether the commitments past their end date were kept.",
                *link,
            )
        return Result(NOT_YET, "No commitment has been marked kept or not kept yet.", "", *link)
    rate = kept / decided
    evidence = f"{kept} of {plural(decided, 'decided commitment')} kept ({rate:.0%})." + late_text
    if rate < KEPT_WATCH:
        return Result(
            ACT,
            evidence,
            "Review the commitments not kept with their leaders and agree what is realistic.",
            *link,
        )
    if rate < KEPT_GOOD or late:
        action = (
            "Record whether the commitments past their end date were kept."
            if late
            else "Follow up the commitments not kept."
        )
        return Result(WATCH, evidence, action, *link)
    return Result(GOOD, evidence, "", *link)
