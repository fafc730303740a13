"""`{% path 'app:view' id ... %}`: `{% url %}` for views whose arguments are integer ids (or
none), reversed once per process (accord/core/paths.py) rather than on every row; and
`{% asset 'file' %}`: `{% static %}` for the files every page links, asked of the storage once
per process (and again when a test changes the static settings); `nav_section`, the main
navigation's item a page belongs to."""

from functools import cache

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static

from accord.core.paths import object_url

register = template.Library()


@register.simple_tag
def path(viewname: str, *ids) -> str:
    return object_url(viewname, *ids)


# The navigation's sections that cover every page under a path (as the site is mounted at /).
_NAV_PREFIXES = (
    ("/partnerships/", "partnerships"),
    ("/directory/organizations", "organizations"),
    ("/directory/people", "people"),
    ("/alignment/rubrics", "rubrics"),
    ("/leadership/mou-templates", "mou-templates"),
)
# And those that are one page each.
_NAV_PAGES = (("evaluation:portfolio", "portfolio"), ("accounts:notifications", "notifications"))


@register.filter
def nav_section(request_path: str) -> str:
    """The main navigation's item that a page at `request_path` belongs to ("" for none): the
    navigation is then rendered once per item and user ({% pure %} in base.html)."""
    if not request_path:  # the 500 and 503 pages, rendered without the request
        return ""
    for viewname, section in _NAV_PAGES:
        if request_path == object_url(viewname):
            return section
    for prefix, section in _NAV_PREFIXES:
        if request_path.startswith(prefix):
            return section
    return ""


@cache
def _asset_url(name: str) -> str:
    return static(name)


@register.simple_tag
def asset(name: str) -> str:
    return _asset_url(name)


@receiver(setting_changed)
def _static_settings_changed(*, setting, **kwargs) -> None:
    if setting in {"STATIC_URL", "STORAGES", "STATIC_ROOT"}:
        _asset_url.cache_clear()
