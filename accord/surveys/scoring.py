"""How a wave's answers become factor scores, and which of them may be shown (pure functions).

Factor score: for each respondent, the mean of their answers to the factor's items; the factor's
score is the mean of those means over its respondents, rounded to two decimals. 4.00 and above is a
strength, 3.00 to 3.99 borderline, under 3.00 a concern.

A score is shown only when at least `k` people answered the factor (ACCORD_SURVEY_MIN_RESPONDENTS,
default 5), and so is every cell of a breakdown (by organization, by level). With the total shown,
a breakdown that hid exactly one group would let anyone work it out by subtraction (the total's
sum minus the shown groups' sums), so the next-smallest group is hidden too.
"""

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

STRENGTH, BORDERLINE, CONCERN = "strength", "borderline", "concern"
STATUS_LABELS = {STRENGTH: "Strength", BORDERLINE: "Borderline", CONCERN: "Concern"}
STRENGTH_FROM, BORDERLINE_FROM = Decimal("4.00"), Decimal("3.00")
FEWER = "fewer"  # fewer than k answers
PROTECTS = "protects"  # hidden so that a smaller hidden group cannot be worked out
FORMULA = (
    "For each person who answered, the mean of their answers to the factor's statements; the "
    "factor's score is the mean of those means over everyone who answered, rounded to two "
    "decimals. 4.00 and above is a strength, 3.00 to 3.99 borderline, under 3.00 a concern."
)


def rounded(value: Fraction) -> Decimal:
    """`value` to two decimals, halves up (what the pages show and the status is read from)."""
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


def status_of(score: Decimal | None) -> str | None:
    if score is None:
        return None
    if score >= STRENGTH_FROM:
        return STRENGTH
    return BORDERLINE if score >= BORDERLINE_FROM else CONCERN


def respondent_mean(total: int, count: int) -> Fraction:
    """One respondent's mean over the factor's items they answered."""
    return Fraction(total, count)


def mean(values: Iterable[Fraction]) -> Fraction | None:
    values = list(values)
    if not values:
        return None
    return sum(values, Fraction(0)) / len(values)


def hidden_groups(counts: Mapping[Hashable, int], k: int) -> dict[Hashable, str]:
    """The groups of a breakdown to hide, each with why (FEWER or PROTECTS).

    `counts` is the number of respondents of each group; the groups partition the respondents of
    the total. With fewer than k respondents in all, the total is hidden and so is every group.
    """
    total = sum(counts.values())
    if total < k:
        return dict.fromkeys(counts, FEWER)
    hidden = {group: FEWER for group, n in counts.items() if n < k}
    if len(hidden) == 1 and len(counts) > 1:
        # The one hidden group would be the total minus the shown ones: hide the smallest shown
        # group with it (ties broken by the group's sort key, so the choice is stable).
        shown = sorted((n, _order(group), group) for group, n in counts.items() if n >= k)
        hidden[shown[0][2]] = PROTECTS
    return hidden


def _order(group) -> tuple:
    return (group is None, str(group))


@dataclass(frozen=True)
class Score:
    """A factor's score in one cell (the total, or a group of a breakdown)."""

    respondents: int
    score: Decimal | None  # None: hidden
    hidden: str | None = None  # FEWER or PROTECTS when hidden

    @property
    def status(self) -> str | None:
        return status_of(self.score)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, "")


def cell(means: list[Fraction], hidden: str | None) -> Score:
    if hidden is not None:
        return Score(len(means), None, hidden)
    found = mean(means)
    return Score(len(means), None if found is None else rounded(found))


def total(means: list[Fraction], k: int) -> Score:
    """A factor's score over every respondent, hidden below k."""
    return cell(means, FEWER if len(means) < k else None)


def breakdown(groups: Mapping[Hashable, list[Fraction]], k: int) -> dict[Hashable, Score]:
    """Each group's score, with the groups that must be hidden hidden."""
    hidden = hidden_groups({group: len(means) for group, means in groups.items()}, k)
    return {group: cell(means, hidden.get(group)) for group, means in groups.items()}
