"""Scorecard criteria of pillar 3, relationships (R2-R6), from the partnership's own records:
the representation analysis of its planning bodies, the R3 planning flags, the input ledger's
deadlines, the engagement cadence of its members, its trust network survey and the collaboration
survey's factor scores."""

from itertools import combinations

from accord.relationships import planning
from accord.relationships import representation as analysis_of
from accord.relationships import trust_metrics as metrics
from accord.relationships.models_engagements import DEFAULT_RHYTHM_DAYS
from accord.relationships.queries_bodies import BodyView
from accord.relationships.queries_engagements import Cadence, PairCadence
from accord.relationships.queries_ledger import mark_deadlines
from accord.relationships.queries_planning import _held_on
from accord.surveys.scoring import BORDERLINE, CONCERN

from .criteria import ACT, GOOD, NOT_YET, WATCH, Result, criterion, names, plural

INPUTS_ACT = 3  # this many inputs past their deadline need action; fewer are watched
TRUST_GOOD = 3.0  # network trust, mean of the 1-4 ratings
TRUST_WATCH = 2.0
EVIDENCE_FLAGS = 3  # flags quoted in the evidence; the rest are counted


def _quote(items: list[str]) -> str:
    shown = " ".join(items[:EVIDENCE_FLAGS])
    if len(items) > EVIDENCE_FLAGS:
        shown += f" And {plural(len(items) - EVIDENCE_FLAGS, 'more finding')}."
    return shown


def _analyses(context) -> list[BodyView]:
    """Each active body with its representation analysis, as `queries_bodies.analyses_of`."""
    affected = context.rows("affected_groups", [])
    groups = {a.group_id: a.reference_share for a in affected}
    group_names = {a.group_id: a.name for a in affected}
    views = []
    for body in context.rows("bodies", []):
        analysis = analysis_of.analyse(body.seats, body.meetings, groups, group_names)
        views.append(BodyView(body, body.seats, body.meetings, analysis, {}))
    return views


@criterion(
    "relationships.representation",
    "relationships",
    "Representation on planning bodies",
    "Reads each active planning body's current seats, votes and attendance through the "
    "representation analysis (R2): act when it raises a flag for an affected group (no seat, a "
    "lone seat, seats without a vote, absence), watch when it raises only warnings, good when it "
    "raises neither; not yet when the partnership has no planning body.",
    order=10,
)
def representation(context):
    pk = context.pk
    views = _analyses(context)
    if not views:
        return Result(
            NOT_YET,
            "The partnership has no planning body.",
            "Set up a planning body and give the affected groups seats.",
            "relationships:bodies",
            (pk,),
        )
    flagged = [(v, f) for v in views for f in v.flags]
    warned = [(v, f) for v in views for f in v.warnings]
    found = flagged or warned
    if not found:
        return Result(
            GOOD,
            f"No representation flag on {plural(len(views), 'planning body', 'planning bodies')}.",
            "",
            "relationships:bodies",
            (pk,),
        )
    view, first = found[0]
    evidence = _quote([f"{v.body.name}: {f.message}" for v, f in found])
    return Result(
        ACT if flagged else WATCH,
        evidence,
        first.next_action,
        "relationships:body-detail",
        (pk, view.body.pk),
    )


@criterion(
    "relationships.planning",
    "relationships",
    "Affected groups in planning",
    "Reads the planning and design engagements that took place and which affected groups were "
    "present (R3): act when an affected group took part in none of the recent ones, or only ever "
    "at the inform or consult level; watch when it missed some of them; good otherwise; not yet "
    "when no planning engagement has taken place.",
    order=20,
)
def affected_groups_in_planning(context):
    pk = context.pk
    held = context.rows("planning", [])
    records = [
        planning.PlanningEngagement(e.pk, _held_on(e), e.level, e.present_groups, e.title)
        for e in held
    ]
    groups = {a.group_id: a.name for a in context.rows("affected_groups", [])}
    flags = planning.planning_flags(records, groups, planning.thresholds())
    flagged = [f for f in flags if f.level == "flag"]
    warnings = [f for f in flags if f.level == "warning"]
    link = ("relationships:stakeholders", (pk,))
    if not held:
        return Result(
            NOT_YET,
            "No planning or design engagement has taken place yet.",
            "",
            "relationships:engagements",
            (pk,),
        )
    if flagged or warnings:
        found = flagged or warnings
        return Result(
            ACT if flagged else WATCH,
            _quote([f.message for f in found]),
            found[0].next_action,
            *link,
        )
    return Result(
        GOOD,
        f"Every affected group took part in the {plural(len(held), 'planning engagement')}.",
        "",
        *link,
    )


@criterion(
    "relationships.inputs",
    "relationships",
    "Input answered in time",
    f"Reads the open input of the input ledger and its deadlines to acknowledge and to answer "
    f"(R6): good when none is past its deadline; watch when one to {INPUTS_ACT - 1} are; act at "
    f"{INPUTS_ACT} or more; not yet when no input has been received.",
    order=30,
)
def inputs_answered(context):
    pk = context.pk
    items = [mark_deadlines(item, context.now) for item in context.rows("open_inputs", [])]
    overdue = [item for item in items if item.overdue]
    link = ("relationships:ledger", (pk,))
    if not overdue:
        if not items and not context.figures.has_input:
            return Result(NOT_YET, "No input has been received yet.", "", *link)
        return Result(
            GOOD,
            f"No input is past its deadline ({plural(len(items), 'open input')}).",
            "",
            *link,
        )
    oldest = min(item.received_at for item in overdue)
    days = (context.now - oldest).days
    evidence = (
        f"{plural(len(overdue), 'input')} unanswered past {'its' if len(overdue) == 1 else 'their'}"
        f" deadline; the oldest was received {plural(days, 'day')} ago."
    )
    return Result(
        ACT if len(overdue) >= INPUTS_ACT else WATCH,
        evidence,
        "Acknowledge and answer the input past its deadline.",
        *link,
    )


def _months(days: int) -> str:
    return plural(days // 30, "month") if days >= 60 else plural(days, "day")


def _cadence(context) -> Cadence:
    """When each pair of current members last met, as `queries_engagements.cadence_of`."""
    now = context.now
    days = context.figures.rhythm_days
    days = DEFAULT_RHYTHM_DAYS if days is None else days
    organizations = sorted(
        (m.organization for m in context.memberships), key=lambda org: (org.name, org.pk)
    )
    last = context.rows("last_met", {})
    pairs = []
    for first, second in combinations(organizations, 2):
        when = last.get((min(first.pk, second.pk), max(first.pk, second.pk)))
        since = (now - when).days if when else None
        pairs.append(PairCadence(first, second, when, since, since is None or since > days))
    pairs.sort(key=lambda pair: (not pair.overdue, -(pair.days_since or 10**6)))
    return Cadence(days, pairs)


@criterion(
    "relationships.cadence",
    "relationships",
    "Members meet",
    "Reads when each pair of current member organizations last took part in the same "
    "engagement (R4), against the partnership's engagement rhythm: good when every pair met "
    "within it; watch when some pairs are overdue but met within twice the rhythm; act when a "
    "pair never met or not within twice the rhythm; not yet with fewer than two members or no "
    "engagement held.",
    order=40,
)
def members_meet(context):
    pk = context.pk
    cadence = _cadence(context)
    link = ("relationships:engagements", (pk,))
    if not cadence.pairs:
        return Result(NOT_YET, "The partnership has fewer than two members.", "", *link)
    if all(pair.last_met is None for pair in cadence.pairs):
        return Result(
            NOT_YET,
            "No engagement with two member organizations has taken place yet.",
            "Hold a first meeting of the members.",
            *link,
        )
    overdue = cadence.overdue
    if not overdue:
        return Result(
            GOOD,
            f"All {plural(len(cadence.pairs), 'pair')} of members met within the "
            f"{cadence.rhythm_days}-day rhythm.",
            "",
            *link,
        )
    limit = 2 * cadence.rhythm_days
    late = [p for p in overdue if p.days_since is None or p.days_since > limit]
    first = overdue[0]  # never met first, then the longest ago
    if first.days_since is None:
        sentence = f"{first.first.name} and {first.second.name} have never met."
    else:
        sentence = (
            f"{first.first.name} and {first.second.name} have not met in "
            f"{_months(first.days_since)}."
        )
    if len(overdue) > 1:
        sentence += (
            f" {plural(len(overdue), 'pair')} of {len(cadence.pairs)} are past the "
            f"{cadence.rhythm_days}-day rhythm."
        )
    return Result(
        ACT if late else WATCH,
        sentence,
        f"Plan an engagement with {first.first.name} and {first.second.name}.",
        *link,
    )


@criterion(
    "relationships.trust",
    "relationships",
    "Trust between members",
    f"Reads the latest trust network survey wave that has closed (R6): network trust is the "
    f"mean of the 1-4 trust ratings. Good at {TRUST_GOOD} or more with no one-sided pair; watch "
    f"at {TRUST_WATCH} or more, or with one-sided pairs; act below {TRUST_WATCH}; not yet with no "
    f"closed wave or too few raters for a result.",
    order=50,
)
def trust_between_members(context):
    pk = context.pk
    link = ("relationships:trust", (pk,))
    found = context.rows("trust", None)
    if found is None:
        return Result(
            NOT_YET, "No trust survey wave has closed yet.", "Open a trust survey wave.", *link
        )
    wave, organizations, ratings = found
    results = metrics.network_results([org.pk for org in organizations], ratings)
    org_names = {org.pk: org.name for org in organizations}
    if results.trust is None:
        return Result(
            NOT_YET,
            f"“{wave.title}” has too few raters for a result.",
            "Open a new wave and ask every member to answer.",
            *link,
        )
    one_sided = results.one_sided
    evidence = f"Network trust {results.trust:.1f} of 4 in “{wave.title}”."
    action = ""
    if one_sided:
        pairs = [f"{org_names[d.first]} and {org_names[d.second]}" for d in one_sided]
        evidence += f" {plural(len(one_sided), 'one-sided pair')}: {names(pairs, 2)}."
        action = "Talk with the one-sided pairs about what each expects of the other."
    if results.trust < TRUST_WATCH:
        return Result(ACT, evidence, action or "Discuss the results with the members.", *link)
    if results.trust < TRUST_GOOD or one_sided:
        return Result(WATCH, evidence, action or "Discuss the results with the members.", *link)
    return Result(GOOD, evidence, "", *link)


def _scores(items) -> str:
    return names([f"{factor.name} {score:.2f}" for factor, score in items], 3)


@criterion(
    "relationships.survey",
    "relationships",
    "How partners rate the collaboration",
    "Reads the factor scores of the latest collaboration survey wave with results to show (at "
    "least the minimum number of respondents, ACCORD_SURVEY_MIN_RESPONDENTS): a factor scores "
    "4.0 and above a strength, 3.0 to 3.9 borderline, under 3.0 a concern. Good when every "
    "factor shown is a strength; watch when one is borderline; act when one is a concern; not "
    "yet without a wave with enough respondents.",
    order=60,
)
def collaboration_survey(context):
    pk = context.pk
    found = context.rows("survey", None)
    shown = (
        [(f, score, status) for f, score, status in found[1] if score is not None] if found else []
    )
    if not shown:
        return Result(
            NOT_YET,
            "No collaboration survey wave has enough respondents for results yet.",
            "Open a collaboration survey wave and ask the partners to answer.",
            "surveys:waves",
            (pk,),
        )
    wave = found[0]
    link = ("surveys:wave", (pk, wave.pk))
    concerns = [(f, s) for f, s, status in shown if status == CONCERN]
    borderline = [(f, s) for f, s, status in shown if status == BORDERLINE]
    if concerns:
        evidence = f"{plural(len(concerns), 'factor')} a concern in “{wave.title}”: "
        evidence += _scores(concerns) + "."
        if borderline:
            evidence += f" Borderline: {_scores(borderline)}."
        action = f"Read the survey's results with the partners and discuss “{concerns[0][0].name}”."
        return Result(ACT, evidence, action, *link)
    if borderline:
        return Result(
            WATCH,
            f"{plural(len(borderline), 'factor')} borderline in “{wave.title}”: "
            f"{_scores(borderline)}.",
            f"Read the survey's results with the partners and agree how to strengthen "
            f"“{borderline[0][0].name}”.",
            *link,
        )
    return Result(
        GOOD,
        f"Every factor shown is a strength in “{wave.title}” ({plural(len(shown), 'factor')}).",
        "",
        *link,
    )
