"""Template tags for pages inside a partnership."""

from django import template

from accord.core.access import permissions_of

from ..sections import sections_for

register = template.Library()


@register.inclusion_tag("partnerships/_sections.html", takes_context=True)
def partnership_sections(context, partnership, active: str):
    """The partnership's navigation, with the current section marked for assistive technology."""
    user = context["request"].user
    return {
        "partnership": partnership,
        "sections": sections_for(partnership, permissions_of(user, partnership)),
        "active": active,
    }
