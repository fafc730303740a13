"""Limits on rendering an MOU template's text: its size and its time (L5).

Template text is written by administrators, and the sandbox (mou_context.py) keeps it from
reaching anything; these limits keep it from running away. Loops inside loops over long text, or
filters that double a string again and again, could otherwise hang a worker or fill its memory.

One `RenderBudget` covers one rendering (a section checked on save, a whole draft): a deadline
(ACCORD_MOU_RENDER_SECONDS) and a number of characters produced (ACCORD_MOU_RENDER_MAX_CHARS).
The deadline counts the rendering thread's own CPU time (`time.thread_time`), not the clock: the
sandboxed text reads plain data only and never waits for anything, so runaway text spends CPU,
while a busy machine (other requests, other processes) does not make honest text fail.
It is checked before every tag or variable is rendered and at every turn of a `for` loop; the
characters that text and variables produce are counted; every filter's result is measured, and
the filters that can multiply their input in one step (join, stringformat, floatformat) are
refused before they run when they would. Exceeding a limit raises `RenderLimitExceeded`.
"""

from __future__ import annotations

import functools
import re
import time
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.conf import settings
from django.template import Node, defaulttags

# Formatting widths and decimal places ("stringformat", "floatformat") above this are refused:
# no document needs them, and Python would build the whole string before anything could stop it.
FORMAT_NUMBER_MAX = 1000
NUMBER = re.compile(r"\d+")


class RenderLimitExceeded(Exception):
    """The text ran past a limit; the message says which, in plain words."""


@dataclass
class RenderBudget:
    """The time and the characters one rendering may still use."""

    max_chars: int
    seconds: float
    deadline: float = field(init=False)
    produced: int = 0

    def __post_init__(self):
        self.deadline = time.thread_time() + self.seconds

    @classmethod
    def from_settings(cls) -> RenderBudget:
        return cls(
            max_chars=settings.ACCORD_MOU_RENDER_MAX_CHARS,
            seconds=settings.ACCORD_MOU_RENDER_SECONDS,
        )

    def tick(self) -> None:
        if time.thread_time() > self.deadline:
            raise RenderLimitExceeded(
                f"Filling in the text took longer than {self.seconds:g} seconds, the limit. "
                "Loops inside loops over long text are the usual cause."
            )

    def too_long(self) -> RenderLimitExceeded:
        return RenderLimitExceeded(
            f"Filled in, the text would be longer than {self.max_chars:,} characters, the limit. "
            "Loops or filters that repeat text are the usual cause."
        )

    def spend(self, chars: int) -> None:
        self.produced += chars
        if self.produced > self.max_chars:
            raise self.too_long()

    def measure(self, value) -> None:
        """Refuse a value (a filter's result, the finished text) longer than the limit."""
        if isinstance(value, str | list | tuple) and len(value) > self.max_chars:
            raise self.too_long()


_budget: ContextVar[RenderBudget | None] = ContextVar("accord_mou_render_budget", default=None)


def current() -> RenderBudget | None:
    return _budget.get()


@contextmanager
def budget_in_force(budget: RenderBudget):
    """`with budget_in_force(budget):` makes the filters and loops inside count against it."""
    token = _budget.set(budget)
    try:
        yield budget
    finally:
        _budget.reset(token)


# --- Nodes ---------------------------------------------------------------------------------------
def watch_nodes(nodelist) -> None:
    """Check the budget before each node of a freshly compiled template renders, and count what
    the leaves (text, variables, tags without a body) produce.

    Each `from_string` compiles new node objects, so wrapping their bound methods here changes
    nothing outside this one rendering.
    """
    for node in nodelist.get_nodes_by_type(Node):
        leaf = not any(getattr(node, name, None) for name in node.child_nodelists)
        node.render_annotated = _watched(node.render_annotated, leaf)


def _watched(render, leaf: bool):
    def render_annotated(context):
        budget = current()
        if budget is None:
            return render(context)
        budget.tick()
        output = render(context)
        if leaf:
            budget.spend(len(output))
        return output

    return render_annotated


class _CountedLoop(list):
    """A `for` loop's values that check the deadline at every turn, even with an empty body."""

    def __iter__(self):
        budget = current()
        for item in super().__iter__():
            if budget is not None:
                budget.tick()
            yield item

    def __reversed__(self):
        return iter(_CountedLoop(list(super().__reversed__())))


class _CountedSequence:
    """Wraps a `for` tag's sequence expression so that it resolves to a `_CountedLoop`."""

    def __init__(self, expression):
        self.expression = expression

    def resolve(self, context, ignore_failures=False):
        values = self.expression.resolve(context, ignore_failures=ignore_failures)
        return None if values is None else _CountedLoop(values)


def counted_for(parser, token):
    """Django's `for` tag, whose loop checks the deadline at every turn."""
    node = defaulttags.do_for(parser, token)
    node.sequence = _CountedSequence(node.sequence)
    return node


# --- Filters -------------------------------------------------------------------------------------
def _refuse_big_format(name: str, arg) -> None:
    numbers = NUMBER.findall(str(arg))
    if any(len(digits) > 4 or int(digits) > FORMAT_NUMBER_MAX for digits in numbers):
        raise RenderLimitExceeded(
            f"The filter “{name}” allows widths and decimal places up to {FORMAT_NUMBER_MAX:,}."
        )


def _before_join(budget: RenderBudget, value, arg="") -> None:
    try:
        pieces = len(value)
    except TypeError:
        return
    if pieces * len(str(arg)) > budget.max_chars:
        raise budget.too_long()


BEFORE = {
    "join": _before_join,
    "stringformat": lambda budget, value, arg="": _refuse_big_format("stringformat", arg),
    "floatformat": lambda budget, value, arg=-1: _refuse_big_format("floatformat", arg),
}


def counted_filter(name: str, function):
    """`function` (a built-in filter) measured against the budget in force."""
    before = BEFORE.get(name)

    @functools.wraps(function)  # keeps the arguments Django checks and the filter's flags
    def counted(value, *args, **kwargs):
        budget = current()
        if budget is None:
            return function(value, *args, **kwargs)
        budget.tick()
        if before is not None:
            before(budget, value, *args)
        result = function(value, *args, **kwargs)
        budget.measure(result)
        return result

    return counted
