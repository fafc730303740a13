"""Results of an alignment assessment (A1): pure functions over plain numbers, no database.

Each direction of an assessment (the partnership scoring the candidate, the candidate scoring the
partnership) is summarised on its own. Means are kept as exact fractions so that aggregation
obeys its rules exactly (equal scores give that score, scaling every weight changes nothing);
they are rounded only for display.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from math import sqrt

MAX_SCORE = 5
# Assessors this many points apart on one criterion should talk before anyone decides.
DISCUSS_SPREAD = 2

Number = int | Fraction | Decimal


@dataclass(frozen=True)
class CriterionWeight:
    """A criterion as the arithmetic sees it: its id and its (positive) weight."""

    id: int
    weight: Number


@dataclass(frozen=True)
class CriterionResult:
    """What the assessors of one direction said about one criterion."""

    criterion_id: int
    weight: Fraction
    count: int  # how many assessors scored it
    mean: Fraction | None
    minimum: Number | None
    maximum: Number | None
    stdev: float | None  # population standard deviation of the scores

    @property
    def spread(self) -> Number | None:
        """The distance between the lowest and the highest score."""
        if self.count == 0:
            return None
        return self.maximum - self.minimum

    @property
    def discuss(self) -> bool:
        """Two assessors differ by DISCUSS_SPREAD points or more: talk it through."""
        return self.count > 0 and self.spread >= DISCUSS_SPREAD


@dataclass(frozen=True)
class DirectionResult:
    """The summary of one direction: per criterion, weighted overall, and completeness."""

    criteria: tuple[CriterionResult, ...]
    weighted: Fraction | None
    assessor_count: int
    complete_count: int  # assessors who scored every criterion

    @property
    def percent(self) -> Fraction | None:
        """The weighted score as a share of the top score, from 0 to 100."""
        return None if self.weighted is None else self.weighted * 100 / MAX_SCORE

    @property
    def discuss(self) -> tuple[CriterionResult, ...]:
        return tuple(result for result in self.criteria if result.discuss)

    @property
    def has_scores(self) -> bool:
        return self.weighted is not None


def _exact(value: Number) -> Fraction:
    # Fraction(Decimal("1.5")) is exact; float weights would carry binary rounding errors.
    return Fraction(value)


def criterion_result(criterion: CriterionWeight, scores: Sequence[Number]) -> CriterionResult:
    """Mean, range and standard deviation of the scores one criterion received."""
    weight = _exact(criterion.weight)
    if not scores:
        return CriterionResult(criterion.id, weight, 0, None, None, None, None)
    exact = [_exact(score) for score in scores]
    mean = sum(exact, Fraction(0)) / len(exact)
    variance = sum(((score - mean) ** 2 for score in exact), Fraction(0)) / len(exact)
    return CriterionResult(
        criterion_id=criterion.id,
        weight=weight,
        count=len(exact),
        mean=mean,
        minimum=min(scores),
        maximum=max(scores),
        stdev=sqrt(variance),
    )


def weighted_score(pairs: Iterable[tuple[Number, Number | None]]) -> Fraction | None:
    """sum(weight * mean) / sum(weight), over the (weight, mean) pairs that have a mean.

    Criteria nobody scored are left out of both sums, so they neither raise nor lower the result.
    """
    total = Fraction(0)
    weights = Fraction(0)
    for weight, mean in pairs:
        if mean is None:
            continue
        total += _exact(weight) * _exact(mean)
        weights += _exact(weight)
    return total / weights if weights else None


def direction_result(
    criteria: Sequence[CriterionWeight], sheets: Sequence[Mapping[int, Number]]
) -> DirectionResult:
    """Summarise one direction: `sheets` holds each assessor's scores by criterion id.

    Every assessor of the direction has a sheet, an empty one if they have not scored yet, so
    that completeness counts them. Scores of criteria outside `criteria` are ignored.
    """
    results = tuple(
        criterion_result(
            criterion, [sheet[criterion.id] for sheet in sheets if criterion.id in sheet]
        )
        for criterion in criteria
    )
    ids = {criterion.id for criterion in criteria}
    complete = sum(1 for sheet in sheets if ids and ids <= set(sheet))
    return DirectionResult(
        criteria=results,
        weighted=weighted_score((result.weight, result.mean) for result in results),
        assessor_count=len(sheets),
        complete_count=complete,
    )


def rounded(value: Fraction | None, places: int = 2) -> Decimal | None:
    """A fraction as a decimal for display, rounded half up."""
    if value is None:
        return None
    quantum = Decimal(1).scaleb(-places)
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        quantum, rounding=ROUND_HALF_UP
    )
