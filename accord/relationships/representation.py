"""The representation analysis of a planning or design body (R2, R3's body-level flags).

Pure functions over plain records, so that the figures are tested on their own (Hypothesis
properties in tests/relationships/test_representation.py) and the pages and the API only load
the records. Each flag carries its evidence (meetings and dates) and the next action.

The measures and their sources (stated on the page too):
- lone representative: one seat is a flag, two a warning; "three or more" is where studies of
  boards find a minority is heard (Kramer, Konrad & Erkut 2006, "Critical mass on corporate
  boards");
- token share: a group's share of seats under 15% is Kanter's "skewed" group (Kanter 1977, "Some
  effects of proportions on group life"), with the band shown: skewed (under 15%), tilted (15%
  to under 35%), balanced (35% to 50%), from the smaller side of the split;
- under-representation: seat share ÷ reference share under 0.8, the four-fifths rule's ratio
  (29 CFR 1607.4(D)), with the body's Rose index 1 - 1/2 sum |seat share - reference share|
  (Rose 1976) next to the index expected from a random draw of that body size (Gerring, Jerzak
  & Öncel 2024), computed exactly, so that a seven-seat body is not blamed for arithmetic;
- seats without decision rights: seats and no vote (a flag); vote share ÷ seat share under 0.8
  (a warning);
- absent: the group's attendance over the body's last N meetings under 0.8 times the body's;
- never heard: a seat with no recorded contribution in its last three attended meetings.

The partnership-level flags of R3 (left out of planning) are in planning.py.
"""

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from django.conf import settings

OTHER = "__other__"  # seats and reference share of everyone outside the named groups


@dataclass(frozen=True)
class Thresholds:
    """The thresholds of the flags; the defaults are the published values above."""

    lone_warning_seats: int = 2
    token_share: float = 0.15
    tilted_share: float = 0.35
    under_ratio: float = 0.8
    vote_ratio: float = 0.8
    absent_ratio: float = 0.8
    absent_meetings: int = 6
    heard_meetings: int = 3
    planning_engagements: int = 6  # left out of planning (R3): the last N planning engagements
    token_levels: tuple = ("inform", "consult")  # the IAP2 levels Arnstein counts as tokenism


def thresholds() -> Thresholds:
    """The thresholds in force: the `ACCORD_REPRESENTATION` setting over the defaults."""
    return Thresholds(**getattr(settings, "ACCORD_REPRESENTATION", {}))


@dataclass(frozen=True)
class Meeting:
    key: Hashable
    held_on: date


@dataclass(frozen=True)
class Seat:
    """A seat of the body: the group it speaks for (None: no affected group) and its vote.

    `present` names the meetings the holder attended; `contributions` counts the holder's
    recorded contributions (agenda items led, proposals, comments) per meeting."""

    key: Hashable
    group: Hashable | None
    votes: bool
    present: frozenset = frozenset()
    contributions: Mapping = field(default_factory=dict)


@dataclass(frozen=True)
class Flag:
    kind: str  # lone, token, under, no_vote, vote_share, absent, never_heard
    level: str  # "flag" or "warning"
    group: Hashable
    message: str
    next_action: str
    evidence: tuple = ()  # (meeting key, date) pairs
    seat: Hashable | None = None


@dataclass(frozen=True)
class GroupFigures:
    group: Hashable
    seats: int
    voting_seats: int
    seat_share: float
    band: str
    reference_share: float | None
    ratio: float | None  # seat share ÷ reference share
    name: str = ""


@dataclass(frozen=True)
class Analysis:
    seats: int
    groups: tuple  # GroupFigures, in the order the groups were given
    rose: float | None
    expected_rose: float | None
    flags: tuple  # Flag


def kanter_band(share: float) -> str:
    """Kanter's type of the split between a group and the rest of the body."""
    smaller = min(share, 1 - share)
    if smaller <= 0:
        return "uniform"
    limits = thresholds()
    if smaller < limits.token_share:
        return "skewed"
    if smaller < limits.tilted_share:
        return "tilted"
    return "balanced"


def rose_index(seat_shares: Mapping, reference_shares: Mapping) -> float:
    """1 - 1/2 sum |seat share - reference share| over every category of either distribution."""
    keys = set(seat_shares) | set(reference_shares)
    gap = sum(abs(seat_shares.get(k, 0) - reference_shares.get(k, 0)) for k in keys)
    return min(1.0, max(0.0, 1 - float(gap) / 2))


def expected_rose(body_size: int, reference_shares: Mapping) -> float:
    """The Rose index expected when `body_size` seats are drawn at random from a population with
    `reference_shares` (shares summing to 1).

    Exact: the index is 1 - 1/2 of a sum over groups, so its expectation is 1 - 1/2 of the sum of
    each group's expected gap E|X/n - p|, where X, the group's seats, is binomial(n, p) whatever
    the other groups draw. This equals the enumeration of every composition of the body (tested
    against it) at a cost of groups x seats, so that a large body costs no more than a small one.
    """
    shares = [float(share) for share in reference_shares.values() if share > 0]
    if body_size <= 0 or not shares:
        return 0.0
    total = sum(shares)
    n = body_size
    gap = 0.0
    for share in shares:
        p = share / total
        if p >= 1:
            continue
        log_p, log_q = math.log(p), math.log1p(-p)
        for x in range(n + 1):
            log_pmf = (
                math.lgamma(n + 1)
                - math.lgamma(x + 1)
                - math.lgamma(n - x + 1)
                + x * log_p
                + (n - x) * log_q
            )
            gap += math.exp(log_pmf) * abs(x / n - p)
    return min(1.0, max(0.0, 1 - gap / 2))


def _pct(value: float) -> str:
    return f"{round(value * 100)}%"


def analyse(
    seats: Sequence[Seat],
    meetings: Sequence[Meeting],
    groups: Mapping,
    names: Mapping | None = None,
) -> Analysis:
    """The figures and flags of one body for the affected `groups` (group -> reference share or
    None), from its current `seats` and its `meetings` (any order)."""
    limits = thresholds()
    names = names or {}
    total = len(seats)
    voting_total = sum(1 for s in seats if s.votes)
    ordered = sorted(meetings, key=lambda m: (m.held_on, str(m.key)))
    when = {m.key: m.held_on for m in ordered}
    recent = ordered[-limits.absent_meetings :] if limits.absent_meetings > 0 else []
    flags: list[Flag] = []
    figures = []
    for group, reference in groups.items():
        name = names.get(group, str(group))
        mine = sorted((s for s in seats if s.group == group), key=lambda s: str(s.key))
        count = len(mine)
        voting = sum(1 for s in mine if s.votes)
        share = count / total if total else 0.0
        ratio = None
        if reference is not None and float(reference) > 0:
            ratio = share / float(reference)
        figures.append(
            GroupFigures(
                group,
                count,
                voting,
                share,
                kanter_band(share) if total else "uniform",
                None if reference is None else float(reference),
                ratio,
                name,
            )
        )
        flags.extend(_seat_flags(group, name, count, voting, share, total, voting_total, limits))
        if ratio is not None and ratio < limits.under_ratio:
            flags.append(
                Flag(
                    "under",
                    "flag",
                    group,
                    f"{name} hold {_pct(share)} of the seats against {_pct(float(reference))} of "
                    f"the people affected: a ratio of {ratio:.2f}, under {limits.under_ratio}.",
                    "Add seats for the group, or fill a vacant seat from it.",
                )
            )
        if mine and recent:
            flags.extend(_attendance_flags(group, name, mine, seats, recent, limits))
        for seat in mine:
            attended = [m for m in ordered if m.key in seat.present][-limits.heard_meetings :]
            if (
                limits.heard_meetings > 0
                and len(attended) == limits.heard_meetings
                and not any(seat.contributions.get(m.key, 0) for m in attended)
            ):
                flags.append(
                    Flag(
                        "never_heard",
                        "flag",
                        group,
                        f"A seat of {name} has no recorded contribution in its last "
                        f"{limits.heard_meetings} attended meetings.",
                        "Ask the representative what would help them speak, put an item of "
                        "theirs on the next agenda, and record contributions as they happen.",
                        tuple((m.key, when[m.key]) for m in attended),
                        seat.key,
                    )
                )
    shares = _shares(seats, groups)
    references = _references(groups)
    rose = expected = None
    if total and references is not None:
        rose = rose_index(shares, references)
        expected = expected_rose(total, references)
    return Analysis(total, tuple(figures), rose, expected, tuple(flags))


def _seat_flags(group, name, count, voting, share, total, voting_total, limits) -> list[Flag]:
    flags = []
    if total and count == 0:
        flags.append(
            Flag(
                "no_seat",
                "flag",
                group,
                f"{name} hold no seat on this body.",
                "Give the group a seat, with a vote, held by someone it chooses.",
            )
        )
        return flags
    if count == 1:
        flags.append(
            Flag(
                "lone",
                "flag",
                group,
                f"{name} hold a single seat: a lone representative.",
                "Add seats for the group: three or more is where a minority is heard.",
            )
        )
    elif 1 < count <= limits.lone_warning_seats:
        flags.append(
            Flag(
                "lone",
                "warning",
                group,
                f"{name} hold {count} seats.",
                "Consider a third seat: three or more is where a minority is heard.",
            )
        )
    if 0 < share < limits.token_share:
        flags.append(
            Flag(
                "token",
                "warning",
                group,
                f"{name} hold {_pct(share)} of the seats, a skewed group in Kanter's terms "
                f"(under {_pct(limits.token_share)}).",
                "Raise the group's share of seats past the token level.",
            )
        )
    if count and voting == 0:
        flags.append(
            Flag(
                "no_vote",
                "flag",
                group,
                f"{name} hold {count} seat(s) and no vote.",
                "Give the group's seats a vote, or record why they carry none.",
            )
        )
    elif count and voting_total:
        vote_ratio = (voting / voting_total) / share
        if vote_ratio < limits.vote_ratio:
            flags.append(
                Flag(
                    "vote_share",
                    "warning",
                    group,
                    f"{name} hold {_pct(share)} of the seats but {_pct(voting / voting_total)} "
                    f"of the votes (ratio {vote_ratio:.2f}, under {limits.vote_ratio}).",
                    "Give the group's non-voting seats a vote.",
                )
            )
    return flags


def _attendance_flags(group, name, mine, seats, recent, limits) -> list[Flag]:
    def rate(some: Iterable[Seat]) -> float | None:
        some = list(some)
        possible = len(some) * len(recent)
        if not possible:
            return None
        return sum(1 for s in some for m in recent if m.key in s.present) / possible

    mine_rate, body_rate = rate(mine), rate(seats)
    if mine_rate is None or body_rate is None or mine_rate >= limits.absent_ratio * body_rate:
        return []
    missed = tuple((m.key, m.held_on) for m in recent if any(m.key not in s.present for s in mine))
    return [
        Flag(
            "absent",
            "flag",
            group,
            f"{name} attended {_pct(mine_rate)} of their seats' last {len(recent)} meetings, "
            f"against {_pct(body_rate)} for the body (under {limits.absent_ratio} times the "
            "body's).",
            "Ask the group's representatives what keeps them away: the time, place, language "
            "or cost of the meetings.",
            missed,
        )
    ]


def _shares(seats: Sequence[Seat], groups: Mapping) -> dict:
    total = len(seats)
    counts: dict = {}
    for seat in seats:
        key = seat.group if seat.group in groups else OTHER
        counts[key] = counts.get(key, 0) + 1
    return {k: c / total for k, c in counts.items()} if total else {}


def _references(groups: Mapping) -> dict | None:
    """The reference distribution: each group's share and the rest as "other"; None when a
    group's share is unknown or the shares add up to more than 1."""
    if not groups or any(share is None for share in groups.values()):
        return None
    exact = {k: Fraction(str(share)) for k, share in groups.items()}
    rest = 1 - sum(exact.values())
    if rest < 0:
        return None
    references = {k: float(v) for k, v in exact.items()}
    if rest > 0:
        references[OTHER] = float(rest)
    return references
