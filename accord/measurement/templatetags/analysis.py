"""Template filters of the analysis pages: a figure as the indicator shows it."""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from accord.core.disclosure import Hidden
from accord.measurement.analysis import shown

register = template.Library()


@register.filter
def figure(value, indicator) -> str:
    """`value` in the indicator's type and unit: 1,250 · 0.9412 · 78.5% · 3,900 USD · —; a
    figure suppressed by disclosure control as its marker, explained (core/_disclosed.html)."""
    if isinstance(value, Hidden):
        return _marker(value)
    return shown(value, indicator.type, indicator.unit)


def _marker(value: Hidden) -> str:
    context = {"hidden": True, "marker": value.text(), "explanation": value.explanation()}
    return mark_safe(render_to_string("core/_disclosed.html", context).strip())


@register.filter
def gap_ratio(value) -> str:
    """A ratio to the best-off group: 0.85 and the times sign, — for none, the marker when
    suppressed."""
    if isinstance(value, Hidden):
        return _marker(value)
    return "—" if value is None else f"{value}\u00d7"


@register.filter
def percent(value) -> str:
    """A share (0.75) as a percentage (75%)."""
    if value is None:
        return "—"
    return f"{value * 100:.0f}%"
