"""The results of a trust and value survey wave (R6), as pure functions of its ratings.

Nothing here reads the database: queries_trust.py gathers a wave's members and ratings and calls
`network_results`; tests check the figures against small graphs computed by hand.

The formulas (each is also written on the results page, see FORMULAS):

- directed pair score: T(A->B) = mean of A's three trust items about B (reliability, support of
  the shared mission, openness to discussion); V(A->B) likewise of the three value items (power and
  influence, level of involvement, resource contribution); each on 1-4;
- dyad: its score is the mean of the directions rated; asymmetry = |T(A->B) - T(B->A)| when both
  sides rated; a pair is one-sided when only one side rated or its asymmetry is 1.0 or more;
- an organization's received score is the mean of T(R->X) over the organizations R that rated it,
  its given score the mean of T(X->R) over those it rated; each is shown only with at least three
  raters (three organizations rated, for the given score), so no single partner's answer shows;
- network trust (value) = the mean of all directed pair scores, on 1-4 and as a share of the
  maximum (mean / 4, which cannot go below 25%);
- density = ties / (n(n - 1)), a tie being a rating of one organization by another; reciprocity =
  the share of ties that are returned (networkx);
- Freeman degree centralization, in and out: sum(max - c_i) / (n - 1)^2, c_i the number of ties
  organization i receives (in) or gives (out); 1 for a star, 0 when every organization has the
  same degree, 0 below three organizations.
"""

import math
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from statistics import fmean

import networkx as nx

MIN_RATERS = 3
ONE_SIDED_ASYMMETRY = 1.0
SCALE_MAX = 4

FORMULAS = {
    "pair": "T(A->B) = (reliability + support of the shared mission + openness to discussion) / 3; "
    "V(A->B) = (power and influence + level of involvement + resource contribution) / 3",
    "dyad": "dyad score = mean of T(A->B) and T(B->A) where rated; "
    "asymmetry = |T(A->B) - T(B->A)|; one-sided when only one side rated or asymmetry ≥ 1.0",
    "organization": "received = mean of T(R->X) over the organizations R that rated X; "
    "given = mean of T(X->R) over the organizations X rated; shown only with at least "
    f"{MIN_RATERS} raters",
    "network": "network trust (value) = mean of all directed pair scores, on 1-4; "
    "share of maximum = mean / 4",
    "density": "density = ties / (n x (n - 1)), n organizations in the wave",
    "reciprocity": "reciprocity = ties returned / ties",
    "centralization": "Freeman degree centralization = sum(max - c_i) / (n - 1)^2, c_i the ties "
    "organization i receives (in) or gives (out)",
    "change": "change = this wave's figure - the previous wave's figure",
}


def pair_score(items: Iterable[int]) -> float:
    """The mean of a pair's three items (trust or value), on 1-4."""
    return fmean(items)


@dataclass(frozen=True)
class Rating:
    """One organization's rating of another: its trust and value pair scores, and intensity."""

    rater: Hashable
    rated: Hashable
    trust: float
    value: float
    intensity: int


@dataclass(frozen=True)
class Dyad:
    """A pair of organizations (in the order of the wave's nodes) and how they rate each other."""

    first: Hashable
    second: Hashable
    forward: Rating | None  # first -> second
    backward: Rating | None  # second -> first

    @property
    def reciprocated(self) -> bool:
        return self.forward is not None and self.backward is not None

    def _scores(self, name: str) -> list[float]:
        return [getattr(r, name) for r in (self.forward, self.backward) if r is not None]

    @property
    def trust(self) -> float:
        return fmean(self._scores("trust"))

    @property
    def value(self) -> float:
        return fmean(self._scores("value"))

    @property
    def asymmetry(self) -> float | None:
        if not self.reciprocated:
            return None
        return abs(self.forward.trust - self.backward.trust)

    @property
    def value_asymmetry(self) -> float | None:
        if not self.reciprocated:
            return None
        return abs(self.forward.value - self.backward.value)

    @property
    def one_sided(self) -> bool:
        return not self.reciprocated or self.asymmetry >= ONE_SIDED_ASYMMETRY - 1e-9


@dataclass(frozen=True)
class Score:
    """A mean over some raters, hidden (None) below MIN_RATERS."""

    count: int
    mean: float | None


@dataclass(frozen=True)
class OrganizationScores:
    node: Hashable
    trust_received: Score
    value_received: Score
    trust_given: Score
    value_given: Score


@dataclass(frozen=True)
class NetworkResults:
    nodes: tuple
    ratings: dict  # (rater, rated) -> Rating
    dyads: list[Dyad]
    organizations: list[OrganizationScores]
    trust: float | None
    value: float | None
    density: float
    reciprocity: float | None
    centralization_in: float
    centralization_out: float
    ties: int
    metrics: dict = field(default_factory=dict)

    @property
    def trust_share(self) -> float | None:
        return None if self.trust is None else self.trust / SCALE_MAX

    @property
    def value_share(self) -> float | None:
        return None if self.value is None else self.value / SCALE_MAX

    @property
    def one_sided(self) -> list[Dyad]:
        return [dyad for dyad in self.dyads if dyad.one_sided]


def _score(values: list[float]) -> Score:
    return Score(len(values), fmean(values) if len(values) >= MIN_RATERS else None)


def degree_centralization(degrees: Sequence[int], n: int) -> float:
    """Freeman degree centralization sum(max - c_i) / (n - 1)^2 of a directed graph's in- or
    out-degrees (networkx has none); 0 for fewer than three nodes."""
    if n < 3 or not degrees:
        return 0.0
    top = max(degrees)
    return sum(top - degree for degree in degrees) / (n - 1) ** 2


def graph_of(nodes: Sequence[Hashable], ratings: Iterable[Rating]) -> nx.DiGraph:
    graph = nx.DiGraph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from((r.rater, r.rated) for r in ratings)
    return graph


def network_results(nodes: Sequence[Hashable], ratings: Iterable[Rating]) -> NetworkResults:
    """The wave's results for `nodes` (its organizations, in display order) from `ratings`.

    Ratings of or by an organization outside `nodes`, and of oneself, are ignored (the services
    never store them)."""
    nodes = tuple(nodes)
    known = set(nodes)
    by_pair = {
        (r.rater, r.rated): r
        for r in ratings
        if r.rater in known and r.rated in known and r.rater != r.rated
    }
    order = {node: index for index, node in enumerate(nodes)}
    dyads = []
    for a, b in sorted(
        {tuple(sorted(pair, key=order.__getitem__)) for pair in by_pair},
        key=lambda pair: (order[pair[0]], order[pair[1]]),
    ):
        dyads.append(Dyad(a, b, by_pair.get((a, b)), by_pair.get((b, a))))
    received = {node: [] for node in nodes}
    given = {node: [] for node in nodes}
    for rating in by_pair.values():
        received[rating.rated].append(rating)
        given[rating.rater].append(rating)
    organizations = [
        OrganizationScores(
            node,
            _score([r.trust for r in received[node]]),
            _score([r.value for r in received[node]]),
            _score([r.trust for r in given[node]]),
            _score([r.value for r in given[node]]),
        )
        for node in nodes
    ]
    graph = graph_of(nodes, by_pair.values())
    n = len(nodes)
    ties = len(by_pair)
    return NetworkResults(
        nodes=nodes,
        ratings=by_pair,
        dyads=dyads,
        organizations=organizations,
        trust=fmean(r.trust for r in by_pair.values()) if ties else None,
        value=fmean(r.value for r in by_pair.values()) if ties else None,
        density=nx.density(graph) if n > 1 else 0.0,
        reciprocity=nx.overall_reciprocity(graph) if ties else None,
        centralization_in=degree_centralization([d for _, d in graph.in_degree()], n),
        centralization_out=degree_centralization([d for _, d in graph.out_degree()], n),
        ties=ties,
    )


# --- Change between waves -----------------------------------------------------------------------
METRICS = (
    ("trust", "Network trust (1-4)"),
    ("value", "Network value (1-4)"),
    ("density", "Density"),
    ("reciprocity", "Reciprocity"),
    ("centralization_in", "In-degree centralization"),
    ("centralization_out", "Out-degree centralization"),
)


@dataclass(frozen=True)
class Change:
    key: str
    label: str
    before: float | None
    after: float | None

    @property
    def delta(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


@dataclass(frozen=True)
class DyadChange:
    first: Hashable
    second: Hashable
    before: float | None  # the dyad's trust score in the earlier wave
    after: float | None

    @property
    def delta(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before

    @property
    def status(self) -> str:
        if self.before is None:
            return "new tie"
        if self.after is None:
            return "tie lost"
        return "kept"


@dataclass(frozen=True)
class WaveChange:
    metrics: list[Change]
    dyads: list[DyadChange]
    entered: list
    left: list


def change_between(before: NetworkResults, after: NetworkResults) -> WaveChange:
    """Each network figure and each dyad's trust score, from the earlier wave to the later."""
    metrics = [
        Change(key, label, getattr(before, key), getattr(after, key)) for key, label in METRICS
    ]
    then = {frozenset((d.first, d.second)): d for d in before.dyads}
    now = {frozenset((d.first, d.second)): d for d in after.dyads}
    order = {node: index for index, node in enumerate(after.nodes + before.nodes)}
    dyads = []
    for pair in sorted(
        set(then) | set(now), key=lambda p: sorted(order.get(x, math.inf) for x in p)
    ):
        shown = now.get(pair) or then[pair]
        old, new = then.get(pair), now.get(pair)
        dyads.append(
            DyadChange(
                shown.first,
                shown.second,
                old.trust if old else None,
                new.trust if new else None,
            )
        )
    return WaveChange(
        metrics,
        dyads,
        entered=[node for node in after.nodes if node not in set(before.nodes)],
        left=[node for node in before.nodes if node not in set(after.nodes)],
    )


# --- Drawing: a deterministic circular layout ---------------------------------------------------
def circular_layout(count: int, radius: float, cx: float, cy: float) -> list[tuple[float, float]]:
    """Points on a circle, the first at the top, clockwise (angle = 2πi / n)."""
    points = []
    for index in range(count):
        angle = 2 * math.pi * index / max(count, 1) - math.pi / 2
        points.append(
            (round(cx + radius * math.cos(angle), 2), round(cy + radius * math.sin(angle), 2))
        )
    return points
