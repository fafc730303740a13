"""The steward's written sections as paragraphs and lists (the MOU's text rules)."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from accord.leadership.rendering import text_blocks

register = template.Library()


@register.filter
def report_blocks(text: str) -> str:
    parts = []
    for block in text_blocks(text or ""):
        if block["kind"] == "p":
            lines = format_html_join(mark_safe("<br>"), "{}", ((line,) for line in block["lines"]))
            parts.append(format_html("<p>{}</p>", lines))
        else:
            items = format_html_join("", "<li>{}</li>", ((item,) for item in block["items"]))
            parts.append(format_html("<{0}>{1}</{0}>", block["kind"], items))
    return mark_safe("".join(parts))
