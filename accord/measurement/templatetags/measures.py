"""Template filters of the measures set pages."""

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def plain(value) -> str:
    """A number as people write it: 10, 0.95, 4200 (no exponent, no trailing zeros)."""
    if value is None or value == "":
        return "—"
    text = f"{Decimal(value):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
