"""`{% path 'app:view' id ... %}`: `{% url %}` for views whose arguments are integer ids (or
none), reversed once per process (accord/core/paths.py) rather than on every row."""

from django import template

from accord.core.paths import object_url

register = template.Library()


@register.simple_tag
def path(viewname: str, *ids) -> str:
    return object_url(viewname, *ids)
