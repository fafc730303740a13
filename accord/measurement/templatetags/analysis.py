"""Template filters of the analysis pages: a figure as the indicator shows it."""

from django import template

from accord.measurement.analysis import shown

register = template.Library()


@register.filter
def figure(value, indicator) -> str:
    """`value` in the indicator's type and unit: 1,250 · 0.9412 · 78.5% · 3,900 USD · —."""
    return shown(value, indicator.type, indicator.unit)


@register.filter
def percent(value) -> str:
    """A share (0.75) as a percentage (75%)."""
    if value is None:
        return "—"
    return f"{value * 100:.0f}%"
