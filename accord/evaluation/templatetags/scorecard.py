"""How a scorecard status shows: a colour class and a symbol, always beside its text label."""

from django import template

from ..criteria import STATUS_LABELS

register = template.Library()

CLASSES = {
    "good": "text-bg-success",
    "watch": "text-bg-warning",
    "act": "text-bg-danger",
    "not_yet": "text-bg-secondary",
}
SYMBOLS = {"good": "✓", "watch": "!", "act": "✗", "not_yet": "\u2013"}


@register.inclusion_tag("evaluation/status.html")
def status_badge(status: str, short: bool = False):
    return {
        "css": CLASSES.get(status, "text-bg-light"),
        "symbol": SYMBOLS.get(status, "?"),
        "label": STATUS_LABELS.get(status, status),
        "short": short,
    }
