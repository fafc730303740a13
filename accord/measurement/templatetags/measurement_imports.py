"""How a stored value reads on the pages of the ways values come in (M3)."""

from django import template

from accord.measurement.collection import plain

register = template.Library()


@register.simple_tag
def shown(value) -> str:
    """7, 7.5, 3/4 (= 0.75), or a qualitative value's text."""
    if value.text:
        return value.text
    if value.numerator is not None:
        return f"{plain(value.numerator)}/{plain(value.denominator)} = {plain(value.value)}"
    return plain(value.value)
