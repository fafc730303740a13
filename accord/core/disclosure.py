"""Disclosure control: no output shows a small count or lets one be worked out (issue 15, item 1).

No Django models: nothing here reads the database (numpy finds the cheapest cycles), and the
threshold k comes from the setting ACCORD_DISCLOSURE_K through `threshold()` (default 11, the
minimum cell size CMS and PCORnet use).
Every output outside data entry runs its counts through `protect_table`, `protect_list` or
`protect_count` and shows what they return; a hidden cell is a `Hidden` value, which has no number
in it, so a page, export or API answer cannot print it by accident.

The rules (docs/decisions.md, "Disclosure control"):

1. Primary suppression: a count from 1 to k-1 is hidden; a zero too when the caller says that a
   zero reveals that a group has no members (`zeros=True`). Totals are counts like any other.
2. Complementary suppression, for tables whose totals are shown: the total row and the total
   column are ordinary lines, each line (a row or column with its total) an equation "the cells
   add up to the total". Model the table as a graph with one vertex per line that has a total (and
   one more vertex standing for every line without one) and one edge per hidden cell, between its
   row's vertex and its column's. A hidden cell can be worked out exactly from the published values
   if and only if its edge is a bridge: it lies on no cycle of hidden cells (Gusfield 1988). So
   while some hidden cell is a bridge, the cheapest cells that close a cycle through it are hidden
   as well: the path of least added value between the bridge's two ends, zeros last (a zero gives
   an attacker a bound), fewer cells first among equal sums, ties broken by position. A line with
   exactly one hidden cell is a special case (its one cell is a bridge), so in the end every line
   holds no hidden cell or at least two. Past the algebra: a count cannot go below 0, so a hidden
   cell must lie on a cycle that can be walked without lowering a 0 (`_Graph`); then two tables of
   non-negative counts with every published value differ in it (otherwise two hidden zeros in a
   row whose hidden part adds up to 0 would be pinned down).
3. Derived figures: a percentage, rate or mean whose numerator or denominator is hidden is hidden
   too (`percentage`, `ratio`, `mean`).

What this does not protect (the caller's part): the same count in two outputs that can be
subtracted (linked tables, successive report versions), counts that do not add up to the totals
shown (pass the missing part as a column of its own), and the width of a hidden cell's range: a
hidden cell cannot be recovered exactly, but an attacker may still narrow it to a few values.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

DEFAULT_K = 11

PRIMARY = "primary"  # a count from 1 to k-1 (or a zero, with zeros=True)
COMPLEMENTARY = "complementary"  # hidden so that no primary cell can be worked out
NOT_SHOWN = "not shown"  # the grand total of a table published without one

UNIFORM = "uniform"  # every hidden cell shows the same marker (the default)
THRESHOLD = "threshold"  # a primary cell shows "<k"; only for counts outside a table with totals
STYLES = (UNIFORM, THRESHOLD)
SUPPRESSED_TEXT = "suppressed"


def threshold() -> int:
    """k: counts from 1 to k-1 are hidden (settings.ACCORD_DISCLOSURE_K, default 11)."""
    from django.conf import settings

    if not settings.configured:
        return DEFAULT_K
    return int(getattr(settings, "ACCORD_DISCLOSURE_K", DEFAULT_K))


@dataclass(frozen=True, slots=True)
class Hidden:
    """A figure that is not published. It holds no number, so it cannot be printed by mistake;
    `reason` says why (PRIMARY, COMPLEMENTARY, NOT_SHOWN) for the code, never for the reader."""

    k: int
    reason: str = PRIMARY

    def text(self, style: str = UNIFORM) -> str:
        if style not in STYLES:
            raise ValueError(f"unknown style {style!r}; choose from {', '.join(STYLES)}")
        if style == THRESHOLD and self.reason == PRIMARY:
            return f"<{self.k}"
        return SUPPRESSED_TEXT

    def explanation(self, style: str = UNIFORM) -> str:
        """What the marker means, for a title or a screen reader."""
        if style == THRESHOLD and self.reason == PRIMARY:
            return f"Fewer than {self.k}: not shown, to protect the people counted."
        return (
            f"Not shown, to protect the people counted: the number is below {self.k}, or it is "
            f"hidden so that a number below {self.k} cannot be worked out from the totals."
        )

    def __str__(self) -> str:
        return self.text()


Figure = int | Hidden


def text(value: Figure | Fraction | float | None, style: str = UNIFORM) -> str:
    """A figure as plain text (CSV, e-mail, PDF): a hidden one as its marker, None as ""."""
    if value is None:
        return ""
    if isinstance(value, Hidden):
        return value.text(style)
    return str(value)


def plain(value: Figure | Fraction | float | None) -> int | float | None:
    """A figure for JSON or a spreadsheet cell: a hidden one as None (an empty cell, null),
    never as a number; a Fraction as a float."""
    if value is None or isinstance(value, Hidden):
        return None
    if isinstance(value, Fraction):
        return float(value)
    return value


def protect_count(value: int, *, k: int | None = None, zeros: bool = False) -> Figure:
    """One count shown on its own (no totals beside it): itself, or Hidden when it is small."""
    k = threshold() if k is None else k
    _check_count(value)
    return Hidden(k) if _small(value, k, zeros) else value


# --- derived figures ------------------------------------------------------------------------------


def ratio(numerator: Figure, denominator: Figure) -> Fraction | Hidden | None:
    """numerator / denominator, exactly; Hidden when either is hidden; None when dividing by 0."""
    for value in (numerator, denominator):
        if isinstance(value, Hidden):
            return Hidden(value.k, COMPLEMENTARY)
    if denominator == 0:
        return None
    return Fraction(numerator, denominator)


def percentage(part: Figure, whole: Figure, digits: int = 1) -> float | Hidden | None:
    """part as a percentage of whole, rounded; Hidden when either is hidden."""
    share = ratio(part, whole)
    if share is None or isinstance(share, Hidden):
        return share
    return round(float(share * 100), digits)


def mean(total: Figure | float, count: Figure) -> float | Hidden | None:
    """A mean over a group: hidden when the group's count (or the sum) is hidden."""
    for value in (total, count):
        if isinstance(value, Hidden):
            return Hidden(value.k, COMPLEMENTARY)
    if count == 0:
        return None
    return total / count


# --- tables ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Protected:
    """A table after disclosure control. Positions are in the full grid: inner cells at
    (0..rows-1, 0..columns-1), the row totals in column `columns`, the column totals in row
    `rows`, the grand total at (rows, columns) when the table has both."""

    k: int
    zeros: bool
    rows: int
    columns: int
    row_totals: bool
    column_totals: bool
    grand_total: bool
    # Every value, hidden or not: never publish this (left out of repr, so a log line or a
    # template's {{ table }} does not print it).
    grid: tuple[tuple[int, ...], ...] = field(repr=False)
    reasons: dict[tuple[int, int], str]  # hidden position -> PRIMARY, COMPLEMENTARY, NOT_SHOWN

    # positions
    @property
    def hidden(self) -> frozenset[tuple[int, int]]:
        return frozenset(self.reasons)

    def hidden_because(self, reason: str) -> frozenset[tuple[int, int]]:
        return frozenset(p for p, r in self.reasons.items() if r == reason)

    def value(self, i: int, j: int) -> Figure:
        """The figure at grid position (i, j): the count, or Hidden."""
        reason = self.reasons.get((i, j))
        return Hidden(self.k, reason) if reason else self.grid[i][j]

    def cell(self, i: int, j: int) -> Figure:
        if not (0 <= i < self.rows and 0 <= j < self.columns):
            raise IndexError((i, j))
        return self.value(i, j)

    def row_total(self, i: int) -> Figure:
        if not self.row_totals:
            raise ValueError("this table has no row totals")
        return self.value(i, self.columns)

    def column_total(self, j: int) -> Figure:
        if not self.column_totals:
            raise ValueError("this table has no column totals")
        return self.value(self.rows, j)

    def total(self) -> Figure:
        if not (self.row_totals and self.column_totals):
            raise ValueError("this table has no grand total")
        return self.value(self.rows, self.columns)

    def published(self) -> list[list[Figure]]:
        """The whole grid as it may be shown, totals included, Hidden where hidden."""
        return [[self.value(i, j) for j in range(len(row))] for i, row in enumerate(self.grid)]

    def percentage(self, i: int, j: int, of: str = "row", digits: int = 1):
        """The cell (i, j) of the grid as a percentage of its row's total ("row"), its column's
        ("column") or the grand total ("total"); Hidden when the cell or that total is hidden."""
        if of == "row":
            whole = self.row_total(i) if i < self.rows else self.total()
        elif of == "column":
            whole = self.column_total(j) if j < self.columns else self.total()
        elif of == "total":
            whole = self.total()
        else:
            raise ValueError("of must be 'row', 'column' or 'total'")
        return percentage(self.value(i, j), whole, digits)


def protect_list(
    counts: Sequence[int], *, total: bool = True, k: int | None = None, zeros: bool = False
) -> Protected:
    """A column of counts, with its total below it when `total` (then position (len, 0))."""
    return protect_table(
        [[c] for c in counts], row_totals=False, column_totals=total, k=k, zeros=zeros
    )


def protect_table(
    cells: Sequence[Sequence[int]],
    *,
    row_totals: bool = True,
    column_totals: bool = True,
    grand_total: bool = True,
    k: int | None = None,
    zeros: bool = False,
) -> Protected:
    """Disclosure control of a table of counts (rows x columns). The totals are computed here, as
    the sums of the cells, and are published with the table when asked for: a total for each row
    (`row_totals`), for each column (`column_totals`) and, with both, the grand total unless
    `grand_total` is False (then it is marked NOT_SHOWN, and nothing is hidden to protect it,
    unless it is small: then it is PRIMARY like any small count)."""
    k = threshold() if k is None else k
    if k < 1:
        raise ValueError("k must be at least 1")
    rows = len(cells)
    columns = len(cells[0]) if rows else 0
    for row in cells:
        if len(row) != columns:
            raise ValueError("every row must have the same number of cells")
        for value in row:
            _check_count(value)
    grid = [list(row) for row in cells]
    if row_totals:
        for row in grid:
            row.append(sum(row))
    if column_totals:
        grid.append([sum(row[j] for row in grid) for j in range(len(grid[0]) if grid else 0)])
    frozen = tuple(tuple(row) for row in grid)
    reasons: dict[tuple[int, int], str] = {}
    for i, row in enumerate(frozen):
        for j, value in enumerate(row):
            if _small(value, k, zeros):
                reasons[(i, j)] = PRIMARY
    if row_totals and column_totals and not grand_total and rows and columns:
        # Not shown, and protected only when small (then it stays PRIMARY).
        reasons.setdefault((rows, columns), NOT_SHOWN)
    if row_totals or column_totals:
        _complete(frozen, reasons, row_totals, column_totals)
    return Protected(
        k=k,
        zeros=zeros,
        rows=rows,
        columns=columns,
        row_totals=row_totals,
        column_totals=column_totals,
        grand_total=grand_total and row_totals and column_totals,
        grid=frozen,
        reasons=reasons,
    )


def _check_count(value) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"a count must be a non-negative integer, not {value!r}")


def _small(value: int, k: int, zeros: bool) -> bool:
    return 0 < value < k or (zeros and value == 0)


class _Graph:
    """The lines of a table as vertices and its cells as edges (see the module's docstring).

    Signs: a change d to the hidden cells keeps every equation iff, with y = sign * x (sign -1
    for a total of one line, +1 for an inner cell and for the grand total), the changes of y add
    up to 0 at every vertex of a line with a total: around a cycle they alternate +1, -1. Orient
    an edge row -> column for +1 in y and column -> row for -1: the changes an attacker cannot
    rule out are the directed cycles. A cell of value 0 cannot go down, so one of its two
    directions is closed: a hidden cell is safe iff one of its directions lies on a directed
    cycle of hidden cells (then two non-negative tables with the published values differ in it);
    when no hidden cell is 0, that is iff it is no bridge."""

    def __init__(self, grid, row_totals: bool, column_totals: bool):
        height, width = len(grid), len(grid[0]) if grid else 0
        self.width = width
        ground = height + width  # every line without a total
        self.row_vertex = [i if row_totals else ground for i in range(height)]
        self.column_vertex = [height + j if column_totals else ground for j in range(width)]
        self.vertices = ground + 1
        self.values = [value for row in grid for value in row]
        total_row = height - 1 if column_totals else -1
        total_column = width - 1 if row_totals else -1
        self.sign = [
            -1 if (i == total_row) != (j == total_column) else 1
            for i in range(height)
            for j in range(width)
        ]

    def ends(self, cell: int) -> tuple[int, int]:
        i, j = divmod(cell, self.width)
        return self.row_vertex[i], self.column_vertex[j]

    def _other(self, cell: int, vertex: int) -> int:
        u, v = self.ends(cell)
        return v if u == vertex else u

    def can_leave(self, cell: int, vertex: int) -> bool:
        """May a cycle run along `cell` out of `vertex`? Not when that lowers a cell of 0."""
        forward = vertex == self.row_vertex[cell // self.width]
        return self.values[cell] > 0 or self.sign[cell] == (1 if forward else -1)

    def stuck(self, hidden: set[int]) -> list[int]:
        """The hidden cells an attacker can pin down: bridges, and, when some hidden cell is 0,
        the cells on no directed cycle of hidden cells. A cell of 0 (one way, a -> b) is on one
        iff a and b are strongly connected; a cell passable both ways is, at least, when it is
        on a cycle of such cells (no bridge among them); the others are walked one by one."""
        bridges = self.bridges(hidden)
        if all(self.values[cell] for cell in hidden):
            return bridges
        found = set(bridges)
        two_way = {cell for cell in hidden if self.values[cell]}
        free = two_way - set(self.bridges(two_way))
        arcs = self._open_arcs(hidden)
        component = self._strong_components(arcs)
        for cell in sorted(hidden):
            u, v = self.ends(cell)
            if u == v or cell in found or cell in free:
                continue
            if cell not in two_way:
                a, b = (u, v) if self.can_leave(cell, u) else (v, u)
                if component[a] != component[b]:
                    found.add(cell)
            elif not self.free(cell, arcs):
                found.add(cell)
        return sorted(found)

    def _open_arcs(self, hidden: set[int]) -> dict[int, list[tuple[int, int]]]:
        """The open directions of the hidden cells: vertex -> [(cell, the vertex it leads to)]."""
        arcs: dict[int, list[tuple[int, int]]] = {}
        for cell in sorted(hidden):
            self.add_arcs(cell, arcs)
        return arcs

    def add_arcs(self, cell: int, arcs: dict[int, list[tuple[int, int]]]) -> None:
        u, v = self.ends(cell)
        if u != v:
            for a, b in ((u, v), (v, u)):
                if self.can_leave(cell, a):
                    arcs.setdefault(a, []).append((cell, b))

    def free(self, cell: int, arcs: dict[int, list[tuple[int, int]]]) -> bool:
        """Does one of the cell's open directions lie on a directed cycle along `arcs`?"""
        u, v = self.ends(cell)
        return u == v or any(
            self.can_leave(cell, a) and self.reaches(b, a, arcs, cell) for a, b in ((u, v), (v, u))
        )

    def _strong_components(self, arcs: dict[int, list[tuple[int, int]]]) -> dict[int, int]:
        """The strongly connected component of each vertex along `arcs` (Kosaraju, iterative)."""
        forward: dict[int, list[int]] = {}
        backward: dict[int, list[int]] = {}
        for a, leaving in arcs.items():
            for _, b in leaving:
                forward.setdefault(a, []).append(b)
                backward.setdefault(b, []).append(a)
        vertices = sorted(set(forward) | set(backward))
        finished, seen = [], set()
        for root in vertices:
            if root in seen:
                continue
            seen.add(root)
            stack = [(root, iter(forward.get(root, ())))]
            while stack:
                vertex, following = stack[-1]
                for other in following:
                    if other not in seen:
                        seen.add(other)
                        stack.append((other, iter(forward.get(other, ()))))
                        break
                else:
                    stack.pop()
                    finished.append(vertex)
        component: dict[int, int] = {}
        for root in reversed(finished):
            if root in component:
                continue
            component[root] = root
            stack = [root]
            while stack:
                vertex = stack.pop()
                for other in backward.get(vertex, ()):
                    if other not in component:
                        component[other] = root
                        stack.append(other)
        return component

    def reaches(self, start: int, goal: int, arcs: dict, without: int) -> bool:
        """A directed path along `arcs` (of the hidden cells) but not `without`, start to goal?"""
        seen, stack = {start}, [start]
        while stack:
            vertex = stack.pop()
            if vertex == goal:
                return True
            for cell, other in arcs.get(vertex, ()):
                if cell == without:
                    continue
                if other not in seen:
                    seen.add(other)
                    stack.append(other)
        return False

    def bridges(self, hidden: Iterable[int]) -> list[int]:
        """The hidden cells whose edge is a bridge of the hidden cells' graph (Tarjan,
        iterative; parallel edges are told apart by their cell, so they make a cycle)."""
        adjacency: dict[int, list[tuple[int, int]]] = {}
        for cell in hidden:
            u, v = self.ends(cell)
            if u == v:
                continue  # a cell in no line with a total: never recoverable
            adjacency.setdefault(u, []).append((v, cell))
            adjacency.setdefault(v, []).append((u, cell))
        order: dict[int, int] = {}
        low: dict[int, int] = {}
        found = []
        for root in sorted(adjacency):
            if root in order:
                continue
            order[root] = low[root] = len(order)
            stack = [(root, -1, iter(adjacency[root]))]
            while stack:
                vertex, via, edges = stack[-1]
                advanced = False
                for other, cell in edges:
                    if cell == via:
                        continue
                    if other in order:
                        low[vertex] = min(low[vertex], order[other])
                    else:
                        order[other] = low[other] = len(order)
                        stack.append((other, cell, iter(adjacency[other])))
                        advanced = True
                        break
                if advanced:
                    continue
                stack.pop()
                if stack:
                    parent = stack[-1][0]
                    low[parent] = min(low[parent], low[vertex])
                    if low[vertex] > order[parent]:
                        found.append(via)
        return sorted(found)

    def cheapest_cycle(
        self, stuck: int, hidden: set[int], zero_weight: int, one_way: bool
    ) -> list[int] | None:
        """The cells not yet hidden on the cheapest directed cycle through `stuck` (a shortest
        path from one end back to the other; hidden cells cost nothing); None when there is none.
        Both directions are tried, unless no hidden cell is 0 and the first path passes no cell
        of 0: then every cell on the cheapest paths can be passed both ways, and the way back
        costs the same."""
        best_cost, best_path = None, None
        u, v = self.ends(stuck)
        for start, goal in ((u, v), (v, u)):
            if not self.can_leave(stuck, start):
                continue
            found = self._path(goal, start, stuck, hidden)
            if found and (best_cost is None or found[0] < best_cost):
                best_cost, best_path = found
                if not one_way and best_cost < zero_weight:
                    break
        return best_path

    def prepare(self, weight: list[int], hidden: set[int]) -> None:
        """The costs of passing each cell row -> column and column -> row, as matrices (numpy):
        its weight, 0 once hidden, infinite where that direction would lower a 0."""
        height, width = len(self.values) // self.width, self.width
        values = np.array(self.values, dtype=np.int64).reshape(height, width)
        sign = np.array(self.sign, dtype=np.int64).reshape(height, width)
        cost = np.array(weight, dtype=np.float64).reshape(height, width)
        self.forward_open = (sign == 1) | (values > 0)
        self.backward_open = (sign == -1) | (values > 0)
        self.forward_cost = np.where(self.forward_open, cost, np.inf)
        self.backward_cost = np.where(self.backward_open, cost, np.inf)
        for cell in hidden:
            self.hide(cell)

    def hide(self, cell: int) -> None:
        i, j = divmod(cell, self.width)
        if self.forward_open[i, j]:
            self.forward_cost[i, j] = 0.0
        if self.backward_open[i, j]:
            self.backward_cost[i, j] = 0.0

    def _path(self, source, target, without, hidden):
        """The cheapest path over the open directions of every cell but `without`: (cost, the
        cells not yet hidden on it), or None when the target cannot be reached. Bellman-Ford on
        the matrices of costs, rows and columns relaxed in turn until nothing improves (cheaper
        than a heap in Python for dense tables); a line without a total is one vertex, so the
        distances of such lines are made equal after each round ("jumps", no cell)."""
        height, width = self.forward_cost.shape
        ground = self.vertices - 1
        rows_free = bool(height) and self.row_vertex[0] == ground
        columns_free = bool(width) and self.column_vertex[0] == ground
        wi, wj = divmod(without, width)
        saved = self.forward_cost[wi, wj], self.backward_cost[wi, wj]
        self.forward_cost[wi, wj] = self.backward_cost[wi, wj] = np.inf
        try:
            return self._relax(source, target, hidden, rows_free, columns_free)
        finally:
            self.forward_cost[wi, wj], self.backward_cost[wi, wj] = saved

    def _relax(self, source, target, hidden, rows_free, columns_free):
        forward, backward = self.forward_cost, self.backward_cost
        height, width = forward.shape
        ground = self.vertices - 1
        row_distance = np.full(height, np.inf)
        column_distance = np.full(width, np.inf)
        row_from = np.full(height, -1, dtype=np.int64)  # the cell a row was reached by
        column_from = np.full(width, -1, dtype=np.int64)
        rows, columns = np.arange(height), np.arange(width)

        def place(vertex):
            if vertex == ground:
                return ("row", None) if rows_free else ("column", None)
            return ("row", vertex) if vertex < height else ("column", vertex - height)

        def equalize(distance, came_from):
            nearest = int(distance.argmin())
            farther = distance > distance[nearest]
            distance[farther] = distance[nearest]
            came_from[farther] = -2 - nearest  # a jump within the vertex without a total

        side, index = place(source)
        if side == "row":
            row_distance[slice(None) if index is None else index] = 0.0
        else:
            column_distance[slice(None) if index is None else index] = 0.0
        for _ in range(2 * self.vertices + 2):
            reach = row_distance[:, None] + forward
            by = reach.argmin(axis=0)
            best = reach[by, columns]
            better = best < column_distance
            changed = bool(better.any())
            if changed:
                column_distance[better] = best[better]
                column_from[better] = by[better] * width + columns[better]
                if columns_free:
                    equalize(column_distance, column_from)
            reach = backward + column_distance[None, :]
            by = reach.argmin(axis=1)
            best = reach[rows, by]
            better = best < row_distance
            if better.any():
                changed = True
                row_distance[better] = best[better]
                row_from[better] = rows[better] * width + by[better]
                if rows_free:
                    equalize(row_distance, row_from)
            if not changed:
                break
        side, index = place(target)
        distance = row_distance if side == "row" else column_distance
        if index is None:
            index = int(distance.argmin())
        cost = float(distance[index])
        if cost == np.inf:
            return None
        added = []
        for _ in range(2 * self.vertices + 2 + height + width):
            came = int((row_from if side == "row" else column_from)[index])
            if came == -1:
                return cost, added
            if came <= -2:
                index = -2 - came
                continue
            if came not in hidden:
                added.append(came)
            i, j = divmod(came, width)
            side, index = ("column", j) if side == "row" else ("row", i)
        raise AssertionError("the path does not lead back to its start")


def _complete(grid, reasons, row_totals, column_totals) -> None:
    """Hide complementary cells until no hidden cell can be pinned down (the module's rule 2)."""
    graph = _Graph(grid, row_totals, column_totals)
    width = graph.width
    values = graph.values
    # Weight of hiding a cell: its value (zeros count as more than every value together), times
    # the number of cells plus one, plus one: the least total value first, then the fewest cells.
    heavy = sum(values) + 1
    scale = len(values) + 1
    weight = [(value if value else heavy) * scale + 1 for value in values]
    exempt = {i * width + j for (i, j), r in reasons.items() if r == NOT_SHOWN}
    hidden = {i * width + j for (i, j) in reasons}
    prepared = False
    while True:
        stuck = [cell for cell in graph.stuck(hidden) if cell not in exempt]
        if not stuck:
            return
        if not prepared:
            graph.prepare(weight, hidden)
            prepared = True
        # In order; hiding cells only opens cycles, so none becomes stuck, and a cell freed by an
        # earlier one's cycle is passed over (a walk of the hidden cells' open directions).
        added, closed = [], True
        one_way = any(values[cell] == 0 for cell in hidden)  # a hidden 0 is passed one way
        arcs = graph._open_arcs(hidden)
        for cell in stuck:
            if added and graph.free(cell, arcs):
                continue
            found = graph.cheapest_cycle(cell, hidden, heavy * scale, one_way)
            if found is None:
                closed = False
                continue
            for new in found:
                hidden.add(new)
                graph.hide(new)
                graph.add_arcs(new, arcs)
                reasons[divmod(new, width)] = COMPLEMENTARY
                one_way = one_way or values[new] == 0
            added += found
        if not closed and not added:
            # No cycle can free these cells (not expected): hide every cell, which frees them
            # all, rather than publish a cell that can be worked out.
            for cell in range(len(values)):
                if cell not in hidden:
                    hidden.add(cell)
                    reasons[divmod(cell, width)] = COMPLEMENTARY
            return


# --- the exact check ------------------------------------------------------------------------------


def constraints(protected: Protected) -> list[list[int]]:
    """The table's additive equations over the grid's cells (flattened row by row), one per
    line that has a total: the cells of the line minus its total equal 0."""
    width = len(protected.grid[0]) if protected.grid else 0
    height = len(protected.grid)
    equations = []
    if protected.row_totals:
        for i in range(height):
            equation = [0] * (height * width)
            for j in range(width):
                equation[i * width + j] = -1 if j == protected.columns else 1
            equations.append(equation)
    if protected.column_totals:
        for j in range(width):
            equation = [0] * (height * width)
            for i in range(height):
                equation[i * width + j] = -1 if i == protected.rows else 1
            equations.append(equation)
    return equations


def determined(protected: Protected) -> set[tuple[int, int]]:
    """The hidden cells an attacker can work out exactly from the published ones, by exact
    linear algebra, independent of the graph above: with the published cells moved to the right
    side, hidden cell x_i is determined iff the unit vector e_i lies in the row space of the
    equations restricted to the hidden cells, that is iff e_i is a row of their reduced row
    echelon form. For tests and audits of small tables (Fractions; cubic in the table's size)."""
    width = len(protected.grid[0]) if protected.grid else 0
    hidden = sorted(i * width + j for (i, j) in protected.reasons)
    matrix = [
        [Fraction(equation[cell]) for cell in hidden]
        for equation in constraints(protected)
        if any(equation[cell] for cell in hidden)
    ]
    pivots = _reduce(matrix, len(hidden))
    found = set()
    for row, pivot in pivots:
        if all(value == 0 for c, value in enumerate(matrix[row]) if c != pivot):
            found.add(divmod(hidden[pivot], width))
    return found


def kernel(protected: Protected) -> tuple[list[tuple[int, int]], list[list[Fraction]]]:
    """The hidden cells (positions) and a basis of the changes to them that keep every published
    value and every equation: the directions an attacker cannot rule out."""
    width = len(protected.grid[0]) if protected.grid else 0
    hidden = sorted(i * width + j for (i, j) in protected.reasons)
    matrix = [[Fraction(equation[cell]) for cell in hidden] for equation in constraints(protected)]
    pivots = _reduce(matrix, len(hidden))
    pivot_columns = {pivot: row for row, pivot in pivots}
    basis = []
    for free in range(len(hidden)):
        if free in pivot_columns:
            continue
        vector = [Fraction(0)] * len(hidden)
        vector[free] = Fraction(1)
        for row, pivot in pivots:
            vector[pivot] = -matrix[row][free]
        basis.append(vector)
    return [divmod(cell, width) for cell in hidden], basis


def _reduce(matrix: list[list[Fraction]], width: int) -> list[tuple[int, int]]:
    """Reduced row echelon form in place; the (row, pivot column) pairs."""
    pivots = []
    row = 0
    for column in range(width):
        found = next((r for r in range(row, len(matrix)) if matrix[r][column] != 0), None)
        if found is None:
            continue
        matrix[row], matrix[found] = matrix[found], matrix[row]
        lead = matrix[row][column]
        matrix[row] = [value / lead for value in matrix[row]]
        for other in range(len(matrix)):
            if other != row and matrix[other][column] != 0:
                factor = matrix[other][column]
                matrix[other] = [
                    a - factor * b for a, b in zip(matrix[other], matrix[row], strict=True)
                ]
        pivots.append((row, column))
        row += 1
        if row == len(matrix):
            break
    return pivots
