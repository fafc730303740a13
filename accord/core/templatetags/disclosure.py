"""Figures after disclosure control (accord/core/disclosure.py) in templates.

{% load disclosure %}
{% disclosed figure %}               a count, or the marker of a hidden one with its explanation
{% disclosed figure "threshold" %}   a small count on its own as "<11" (not in a table with
                                     totals: there the marker must not tell small from hidden)
{% disclosed share suffix="%" %}     a derived figure with its unit
{{ figure|disclosure_text }}         plain text (CSV, e-mail): "suppressed" or the number
{% if figure|is_hidden %}
"""

from django import template

from accord.core.disclosure import UNIFORM, Hidden, text

register = template.Library()


@register.inclusion_tag("core/_disclosed.html")
def disclosed(value, style: str = UNIFORM, suffix: str = "") -> dict:
    if isinstance(value, Hidden):
        return {
            "hidden": True,
            "marker": value.text(style),
            "explanation": value.explanation(style),
        }
    return {"hidden": False, "value": "" if value is None else value, "suffix": suffix}


@register.filter
def disclosure_text(value, style: str = UNIFORM) -> str:
    return text(value, style)


@register.filter
def is_hidden(value) -> bool:
    return isinstance(value, Hidden)
