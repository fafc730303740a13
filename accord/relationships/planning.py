"""Left out of planning (R3): the partnership-level flags of the representation analysis.

Pure functions over plain records, like representation.py, so that the flags are tested on their
own (tests/relationships/test_planning.py, with Hypothesis properties) and the pages and the API
only load the records (queries_planning.py, a fixed number of queries).

The measures and their sources (stated on the Stakeholders page too):
- left out: an affected group absent from planning or design engagements (engagements of the kind
  "planning or design session") among the partnership's last N held (setting
  `planning_engagements`, default 6, the window of the "absent" flag of bodies). Absent from every
  one of them is a flag, from some a warning. Stakeholders in planning and design is practice R3;
  the window keeps a group named late from being blamed for the partnership's early years.
- only informed or consulted: an affected group that takes part in planning or design engagements
  only ever at the "inform" or "consult" level of the IAP2 Spectrum of Public Participation
  (IAP2 2018; setting `token_levels`). Arnstein (1969), "A Ladder of Citizen Participation",
  counts informing and consultation as degrees of tokenism: heard, without the power to make
  sure the views are heeded.
Each flag carries its evidence (engagements, dates and levels) and the next action.
"""

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from .representation import Thresholds, thresholds

LEVEL_LABELS = {
    "inform": "Inform",
    "consult": "Consult",
    "involve": "Involve",
    "collaborate": "Collaborate",
    "empower": "Empower",
}


@dataclass(frozen=True)
class PlanningEngagement:
    """A planning or design engagement that took place: its participation level and the
    stakeholder groups present."""

    key: Hashable
    held_on: date
    level: str
    groups: frozenset = frozenset()
    title: str = ""


@dataclass(frozen=True)
class PlanningFlag:
    kind: str  # "left_out" or "token_level"
    level: str  # "flag" or "warning"
    group: Hashable
    message: str
    next_action: str
    evidence: tuple = ()  # PlanningEngagement, oldest first


def _ordered(engagements: Sequence[PlanningEngagement]) -> list[PlanningEngagement]:
    return sorted(engagements, key=lambda e: (e.held_on, str(e.key)))


def _levels(levels) -> str:
    names = [LEVEL_LABELS.get(level, level).lower() for level in levels]
    return " or ".join(f"“{name}”" for name in names)


def planning_flags(
    engagements: Sequence[PlanningEngagement],
    groups: Mapping,
    limits: Thresholds | None = None,
) -> tuple[PlanningFlag, ...]:
    """The R3 flags of the affected `groups` (group -> name, in the order to report them) from
    the partnership's planning or design `engagements` that took place (any order)."""
    limits = limits or thresholds()
    ordered = _ordered(engagements)
    window = limits.planning_engagements
    recent = ordered[-window:] if window > 0 else []
    token = set(limits.token_levels)
    flags: list[PlanningFlag] = []
    for group, name in groups.items():
        missed = tuple(e for e in recent if group not in e.groups)
        if missed:
            everyone = len(missed) == len(recent)
            flags.append(
                PlanningFlag(
                    "left_out",
                    "flag" if everyone else "warning",
                    group,
                    (
                        f"{name} did not take part in the one planning or design engagement held."
                        if len(recent) == 1
                        else f"{name} took part in none of the last {len(recent)} planning or "
                        "design engagements."
                        if everyone
                        else f"{name} were not present at {len(missed)} of the last "
                        f"{len(recent)} planning or design engagements."
                    ),
                    "Invite the group to the next planning or design session, at a time, "
                    "place and in a language that suits them, and record who came.",
                    missed,
                )
            )
        present = tuple(e for e in ordered if group in e.groups)
        if present and token and all(e.level in token for e in present):
            flags.append(
                PlanningFlag(
                    "token_level",
                    "flag",
                    group,
                    f"{name} only ever take part at the {_levels(sorted(token))} level "
                    f"({len(present)} planning or design engagement"
                    f"{'' if len(present) == 1 else 's'}).",
                    "Involve the group in the next planning or design session: give it a part "
                    "in framing options and deciding (involve, collaborate or empower), not "
                    "only hearing about them.",
                    present,
                )
            )
    return tuple(flags)
