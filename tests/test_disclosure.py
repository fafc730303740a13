"""Disclosure control (accord/core/disclosure.py): worked examples, the formatting and derived
figures, and the settings. The properties over random tables are in test_disclosure_properties.py.
No database."""

from fractions import Fraction

import pytest
from django.test import override_settings

from accord.core import disclosure
from accord.core.disclosure import (
    COMPLEMENTARY,
    NOT_SHOWN,
    PRIMARY,
    Hidden,
    Protected,
    determined,
    kernel,
    mean,
    percentage,
    protect_count,
    protect_list,
    protect_table,
    ratio,
    text,
)

ISSUE = [[3, 12, 20], [15, 14, 18]]


def with_hidden(table: Protected, positions) -> Protected:
    """The same table with exactly `positions` hidden (to test the exact check itself)."""
    reasons = dict.fromkeys(positions, COMPLEMENTARY)
    return Protected(**{**table.__dict__, "reasons": reasons})


def feasible_range(table: Protected, position) -> tuple[int, int]:
    """The attacker's exact range for a hidden cell when the hidden cells' changes form a
    one-dimensional space (a single cycle): the value moves by t * direction, all cells >= 0."""
    cells, basis = kernel(table)
    assert len(basis) == 1
    (direction,) = basis
    values = [table.grid[i][j] for i, j in cells]
    low, high = -(10**9), 10**9
    for value, step in zip(values, direction, strict=True):
        if step > 0:
            low = max(low, -value / step)
        elif step < 0:
            high = min(high, value / -step)
    index = cells.index(position)
    ends = sorted(values[index] + t * direction[index] for t in (low, high))
    return int(ends[0]), int(ends[1])


class TestTheIssuesExample:
    def test_hiding_the_3_and_the_12_lets_both_be_worked_out(self):
        table = protect_table(ISSUE, k=11)
        naive = with_hidden(table, {(0, 0), (0, 1)})
        # Column 2's total gives back the 12 (26 - 14), then row 1's total the 3 (35 - 12 - 20).
        assert determined(naive) == {(0, 0), (0, 1)}

    def test_the_algorithm_hides_a_cycle(self):
        table = protect_table(ISSUE, k=11)
        assert table.hidden_because(PRIMARY) == {(0, 0)}
        # The cheapest cycle through the 3: the rectangle {3, 12, 15, 14}.
        assert table.hidden_because(COMPLEMENTARY) == {(0, 1), (1, 0), (1, 1)}
        assert determined(table) == set()
        # Every total stays published.
        assert [table.row_total(i) for i in range(2)] == [35, 47]
        assert [table.column_total(j) for j in range(3)] == [18, 26, 38]
        assert table.total() == 82

    def test_the_3_could_be_anything_from_0_to_15(self):
        table = protect_table(ISSUE, k=11)
        assert feasible_range(table, (0, 0)) == (0, 15)  # wider than 0..10


class TestExamples:
    def test_a_table_of_small_counts_is_hidden_entirely(self):
        table = protect_table([[1, 2], [3, 4]], k=11)  # totals 3, 7, 4, 6 and 10: all small
        assert table.hidden == {(i, j) for i in range(3) for j in range(3)}
        assert all(isinstance(v, Hidden) for row in table.published() for v in row)

    def test_small_margins_leave_only_the_grand_total(self):
        table = protect_table([[5, 5], [5, 20]], k=11)  # row and column totals 10 and 25
        assert table.hidden == {(i, j) for i in range(3) for j in range(3)} - {(2, 2)}
        assert table.hidden_because(COMPLEMENTARY) == {(1, 1), (1, 2), (2, 1)}
        assert table.total() == 35
        assert determined(table) == set()

    def test_one_row_repeats_its_cells_as_column_totals(self):
        table = protect_table([[3, 40]], k=11)
        assert table.hidden_because(PRIMARY) == {(0, 0), (1, 0)}  # the 3 and its column's total
        assert table.hidden_because(COMPLEMENTARY) == {(0, 1), (1, 1)}
        assert table.row_total(0) == 43
        assert determined(table) == set()

    def test_a_list_whose_total_is_small_is_hidden_entirely(self):
        table = protect_list([2, 3, 4], k=11)
        assert table.hidden == {(0, 0), (1, 0), (2, 0), (3, 0)}

    def test_one_small_cell_in_a_big_table_costs_a_rectangle(self):
        cells = [[50] * 10 for _ in range(10)]
        cells[4][7] = 3
        table = protect_table(cells, k=11)
        assert table.hidden_because(PRIMARY) == {(4, 7)}
        hidden = table.hidden
        assert len(hidden) == 4
        assert len({i for i, _ in hidden}) == 2 and len({j for _, j in hidden}) == 2
        assert all(i < 10 and j < 10 for i, j in hidden)  # no total is hidden
        assert determined(table) == set()

    def test_the_smallest_values_close_the_cycle(self):
        cells = [[40, 30, 25], [20, 5, 60], [35, 12, 45]]
        table = protect_table(cells, k=11)
        # Through the 5 at (1, 1): the cheapest rectangle uses the 12 below it, the 20 beside it
        # and the 35 at their crossing (67 in all, against 30 + 40 + 20 = 90 above).
        assert table.hidden_because(COMPLEMENTARY) == {(2, 1), (1, 0), (2, 0)}

    def test_a_lone_small_cell_in_a_list_takes_the_next_smallest(self):
        table = protect_list([40, 5, 30, 12], k=11)
        assert table.hidden == {(1, 0), (3, 0)}
        assert table.column_total(0) == 87
        assert determined(table) == set()

    def test_a_small_total_is_protected_like_any_cell(self):
        table = protect_table([[4, 3], [40, 50]], k=11)
        assert (0, 2) in table.hidden_because(PRIMARY)  # the row total 7
        assert determined(table) == set()

    def test_zeros_are_hidden_only_when_asked(self):
        cells = [[0, 20], [30, 40]]
        assert protect_table(cells, k=11).hidden == set()
        table = protect_table(cells, k=11, zeros=True)
        assert table.hidden_because(PRIMARY) == {(0, 0)}
        assert table.hidden == {(0, 0), (0, 1), (1, 0), (1, 1)}
        assert determined(table) == set()

    def test_complements_avoid_zeros(self):
        table = protect_table([[5, 0, 30], [40, 0, 50]], k=11)
        assert {j for _, j in table.hidden_because(COMPLEMENTARY)}.isdisjoint({1})

    def test_a_table_without_totals_hides_only_the_small_cells(self):
        table = protect_table([[3, 40], [50, 60]], row_totals=False, column_totals=False, k=11)
        assert table.hidden == {(0, 0)}
        assert table.grid == ((3, 40), (50, 60))

    def test_row_totals_only(self):
        table = protect_table([[3, 40, 50], [60, 70, 80]], column_totals=False, k=11)
        assert table.hidden == {(0, 0), (0, 1)}
        assert table.row_total(0) == 93
        with pytest.raises(ValueError):
            table.column_total(0)
        assert determined(table) == set()

    def test_a_grand_total_not_shown(self):
        table = protect_table([[3, 40], [50, 60]], grand_total=False, k=11)
        assert table.hidden_because(NOT_SHOWN) == {(2, 2)}
        assert isinstance(table.value(2, 2), Hidden)
        assert determined(table) - {(2, 2)} == set()
        assert isinstance(table.total(), Hidden)
        assert isinstance(table.percentage(0, 1, of="total"), Hidden)

    def test_the_same_table_gives_the_same_cells(self):
        cells = [[7, 30, 30, 2], [30, 30, 30, 30], [9, 30, 30, 30]]
        assert protect_table(cells, k=11).reasons == protect_table(cells, k=11).reasons

    def test_empty_tables(self):
        assert protect_table([], k=11).hidden == set()
        assert protect_list([], k=11).hidden == set()

    @pytest.mark.parametrize(
        "cells", [[[1, -1]], [[True, 2]], [[1.5]], [[1, 2], [3]], [["4"]]], ids=str
    )
    def test_bad_counts_are_refused(self, cells):
        with pytest.raises(ValueError):
            protect_table(cells, k=11)

    def test_k_must_be_positive(self):
        with pytest.raises(ValueError):
            protect_table([[1]], k=0)


class TestFiguresAndText:
    def test_one_count(self):
        assert protect_count(11, k=11) == 11
        assert protect_count(10, k=11) == Hidden(11)
        assert protect_count(0, k=11) == 0
        assert protect_count(0, k=11, zeros=True) == Hidden(11)

    def test_the_marker_does_not_say_which_cells_are_small(self):
        table = protect_table(ISSUE, k=11)
        shown = [[text(v) for v in row] for row in table.published()]
        assert shown[0][:2] == shown[1][:2] == ["suppressed", "suppressed"]
        assert table.value(0, 0).text("threshold") == "<11"
        assert table.value(1, 1).text("threshold") == "suppressed"  # never "<11" for a 14
        assert "11" in table.value(0, 0).explanation()
        with pytest.raises(ValueError):
            table.value(0, 0).text("loud")

    def test_plain_values_for_json_and_spreadsheets(self):
        assert disclosure.plain(Hidden(11)) is None
        assert disclosure.plain(12) == 12
        assert disclosure.plain(Fraction(1, 4)) == 0.25
        assert disclosure.plain(None) is None

    def test_the_table_does_not_print_its_values(self):
        table = protect_table([[3, 12345], [15, 14]], k=11)
        assert "12345" not in repr(table) and "12345" not in str(table)

    def test_text(self):
        assert text(None) == ""
        assert text(12) == "12"
        assert text(Hidden(5), "threshold") == "<5"

    def test_percentages_of_hidden_cells_are_hidden(self):
        table = protect_table(ISSUE, k=11)
        assert isinstance(table.percentage(0, 0), Hidden)
        assert isinstance(table.percentage(1, 1, of="column"), Hidden)
        assert table.percentage(0, 2) == round(20 / 35 * 100, 1)
        assert table.percentage(2, 1, of="total") == round(26 / 82 * 100, 1)
        assert table.percentage(0, 3, of="column") == round(35 / 82 * 100, 1)
        with pytest.raises(ValueError):
            table.percentage(0, 0, of="diagonal")

    def test_a_hidden_denominator_hides_the_percentage(self):
        table = protect_table([[4, 3], [40, 50]], k=11)  # row total 7 hidden
        assert isinstance(table.row_total(0), Hidden)
        assert isinstance(table.percentage(0, 0), Hidden)

    def test_ratio_percentage_mean(self):
        assert ratio(1, 3) == Fraction(1, 3)
        assert ratio(1, 0) is None
        assert isinstance(ratio(Hidden(11), 30), Hidden)
        assert isinstance(ratio(30, Hidden(11)), Hidden)
        assert percentage(1, 8) == 12.5
        assert isinstance(percentage(Hidden(11), 8), Hidden)
        assert mean(45.0, 15) == 3.0
        assert mean(4.0, 0) is None
        assert isinstance(mean(30.0, Hidden(11)), Hidden)
        assert isinstance(mean(Hidden(11), 15), Hidden)

    def test_a_hidden_figure_does_not_add_up(self):
        with pytest.raises(TypeError):
            Hidden(11) + 1


class TestSettings:
    def test_default_k_is_11(self):
        assert disclosure.threshold() == 11
        assert protect_table([[10, 30], [30, 30]]).k == 11

    @override_settings(ACCORD_DISCLOSURE_K=5)
    def test_k_from_the_settings(self):
        assert disclosure.threshold() == 5
        assert protect_table([[6, 30], [30, 30]]).hidden == set()
        assert protect_count(4) == Hidden(5)


class TestTemplates:
    def render(self, source: str, **context) -> str:
        from django.template import Context, Template

        return Template("{% load disclosure %}" + source).render(Context(context)).strip()

    def test_a_count_shows_as_itself(self):
        assert self.render("{% disclosed v %}", v=42) == "42"
        assert self.render("{% disclosed v %}", v=0) == "0"
        assert self.render("{% disclosed v %}", v=None) == ""
        assert self.render('{% disclosed v suffix="%" %}', v=12.5) == "12.5%"

    def test_a_hidden_count_shows_its_marker_and_explanation(self):
        table = protect_table(ISSUE, k=11)
        html = self.render("{% disclosed v %}", v=table.value(0, 0))
        assert '<span aria-hidden="true">suppressed</span>' in html
        assert 'class="visually-hidden">Not shown, to protect the people counted' in html
        assert 'title="Not shown, to protect the people counted' in html
        assert "3" not in html.replace("11", "")  # the value is nowhere in the page
        # A complementary cell looks exactly like a small one.
        assert self.render("{% disclosed v %}", v=table.value(1, 1)) == html

    def test_threshold_style_for_a_count_on_its_own(self):
        html = self.render('{% disclosed v "threshold" %}', v=protect_count(4, k=11))
        assert '<span aria-hidden="true">&lt;11</span>' in html
        assert "Fewer than 11" in html
        complementary = Hidden(11, COMPLEMENTARY)
        html = self.render('{% disclosed v "threshold" %}', v=complementary)
        assert "&lt;11" not in html

    def test_text_filters(self):
        assert self.render("{{ v|disclosure_text }}", v=Hidden(11)) == "suppressed"
        assert self.render('{{ v|disclosure_text:"threshold" }}', v=Hidden(11)) == "&lt;11"
        assert self.render("{{ v|disclosure_text }}", v=7) == "7"
        assert self.render("{% if v|is_hidden %}h{% else %}s{% endif %}", v=Hidden(11)) == "h"
        assert self.render("{% if v|is_hidden %}h{% else %}s{% endif %}", v=30) == "s"
