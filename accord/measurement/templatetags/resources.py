"""Template filters of the resources pages (M5): amounts as people write them, from Decimals."""

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def amount(value) -> str:
    """12,500 or 12,500.50 or 0.25: thousands separated, cents only when there are some."""
    if value is None or value == "":
        return "—"
    value = Decimal(value)
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value:,.2f}"
