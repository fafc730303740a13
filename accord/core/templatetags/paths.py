"""`{% path 'app:view' id ... %}`: `{% url %}` for views whose arguments are integer ids (or
none), reversed once per process (accord/core/paths.py) rather than on every row; and
`{% asset 'file' %}`: `{% static %}` for the files every page links, asked of the storage once
per process (and again when a test changes the static settings)."""

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
