"""`{% pure name=value ... %}…{% endpure %}`: a part of a page rendered once for the values it
is given, and then taken from memory for as long as those values are the same.

The body sees only the values named in the tag (and `csrf_token`): nothing from the page's
context reaches it, so what it renders is a function of those values alone, with the active
language and time zone, the URLconf and the prefix the site is mounted at, which are part of
the key. The values must be plain data, read into the key through and through: strings,
numbers, booleans, None, dates and times (with their zones), decimals, and lists, tuples, sets,
dicts and dataclasses of them, each keyed with its type where equal values of two types would
show differently (1 and True, a string and a safe string). A model instance is refused: its
properties and related objects may read the database, and two instances are equal when their
ids are, whatever they hold. What the body calls on a value (a property, `get_kind_display`)
must depend on the value's own fields only. A view gives such a part its rows as plain data
(the partnership page's roles and timeline are tuples of frozen dataclasses), and a change to
any row, a permission or a title is another key: a part is never shown stale.

The rendered parts are kept in each process's memory, the most recently used `MAX_ENTRIES` of
them. A `{% csrf_token %}` in the body is rendered with a stand-in that is replaced with the
request's own token on the way out, so that one user's token never reaches another's page.
"""

import dataclasses
import itertools
import secrets
import threading
from collections import OrderedDict
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django import template
from django.template.base import token_kwargs
from django.urls import get_script_prefix, get_urlconf
from django.utils import timezone, translation
from django.utils.functional import LazyObject
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

MAX_ENTRIES = 1024

# Replaced with the request's token in every part taken from memory: letters and digits only,
# so that escaping leaves it as it is.
_CSRF_STAND_IN = "csrfStandIn" + secrets.token_hex(16)

# Values that are their own key: equal only to values of their type that show the same.
_SELF_KEYED = frozenset({str, date, type(None)})
# Equal across types (True == 1 == 1.0 == Decimal(1)) but shown differently: keyed with their type.
_NUMBERS = frozenset({bool, int, float, Decimal})
# Equal when they are the same instant in different zones, but shown on their own clocks.
_CLOCKS = (datetime, time)
# Each dataclass's field names, read once (dataclasses.fields() builds them on every call).
_FIELDS: dict[type, tuple[str, ...]] = {}


def _key(value):
    """`value` as a key: equal for equal content, types included; TypeError unless `value` is
    plain data whose equality is its content."""
    kind = type(value)
    if kind in _SELF_KEYED:
        return value
    if kind in _NUMBERS:
        return (kind, value)
    names = _FIELDS.get(kind)
    if names is not None:
        return _keys(kind, [getattr(value, name) for name in names])
    if kind is tuple or kind is list:
        return _keys(kind, value)
    if isinstance(value, _CLOCKS):
        return (kind, value, value.tzinfo)
    if kind is frozenset or kind is set:
        return (kind, frozenset(map(_key, value)))
    if kind is dict:  # in its order, which a loop over it shows
        return (dict, *((_key(k), _key(v)) for k, v in value.items()))
    if isinstance(value, str | date | timedelta):  # a safe string, a choice: with their type
        return (kind, value)
    if isinstance(value, LazyObject):  # the navigation's unread count: keyed by what it holds
        return _key(value.__reduce__()[1][0])
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        _FIELDS[kind] = tuple(field.name for field in dataclasses.fields(value))
        return _key(value)
    raise TypeError(
        f"{{% pure %}}: a {kind.__name__} is not plain data; give str, int, date, lists, tuples,"
        " dicts or dataclasses of them"
    )


def _keys(kind: type, items) -> tuple:
    """(kind, each item's key): the plainest items keyed here, without a call each (a page's
    parts hold a few hundred of them)."""
    keys = [kind]
    for item in items:
        item_kind = type(item)
        if item_kind in _SELF_KEYED:
            keys.append(item)
        elif item_kind in _NUMBERS:
            keys.append((item_kind, item))
        else:
            keys.append(_key(item))
    return tuple(keys)


class _Memory:
    """The most recently used rendered parts, shared by a process's threads."""

    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries
        self._parts: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            part = self._parts.get(key)
            if part is not None:
                self._parts.move_to_end(key)
            return part

    def put(self, key, part: str) -> None:
        with self._lock:
            self._parts[key] = part
            self._parts.move_to_end(key)
            while len(self._parts) > self.max_entries:
                self._parts.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._parts.clear()

    def __len__(self) -> int:
        return len(self._parts)


MEMORY = _Memory(MAX_ENTRIES)
_SERIALS = itertools.count()


class PureNode(template.Node):
    def __init__(self, nodelist, values: dict) -> None:
        self.nodelist = nodelist
        self.values = values
        # Not id(self): a template parsed again (templates not cached, in development) gets new
        # nodes, whose ids may be those of collected ones.
        self.serial = next(_SERIALS)

    def render(self, context) -> SafeString:
        values = {name: value.resolve(context) for name, value in self.values.items()}
        try:
            keyed = tuple((name, _key(value)) for name, value in values.items())
        except TypeError as error:
            raise TypeError(f"{{% pure %}} given {', '.join(values)}: {error}") from None
        key = (
            self.serial,
            keyed,
            translation.get_language(),
            timezone.get_current_timezone_name(),
            # The links a part makes ({% path %}, {% url %}) follow the URLconf and the prefix
            # the site is mounted at.
            get_urlconf(),
            get_script_prefix(),
            context.autoescape,
        )
        part = MEMORY.get(key)
        if part is None:
            part = self._render(context, values, _CSRF_STAND_IN)
            MEMORY.put(key, part)
        if _CSRF_STAND_IN in part:
            token = context.get("csrf_token")
            if not token or token == "NOTPROVIDED":
                # Rendered as {% csrf_token %} renders without a token (a mail, a PDF).
                return self._render(context, values, token)
            part = part.replace(_CSRF_STAND_IN, conditional_escape(str(token)))
        return mark_safe(part)

    def _render(self, context, values: dict, token) -> str:
        isolated = context.new({**values, "csrf_token": token})
        return self.nodelist.render(isolated)


@register.tag
def pure(parser, token):
    bits = token.split_contents()[1:]
    values = token_kwargs(bits, parser, support_legacy=False)
    if bits:
        raise template.TemplateSyntaxError("{% pure %} takes name=value arguments only")
    nodelist = parser.parse(("endpure",))
    parser.delete_first_token()
    return PureNode(nodelist, values)
