"""Querysets that every page runs, built and compiled by the ORM once per process.

Building a queryset and compiling it to SQL costs more than running it for the small indexed
reads every page makes (the navigation's unread count, the names on a page of a list): about
0.4 ms of Python for a three-condition filter on this machine, against 0.1 ms in PostgreSQL.
`CompiledQuery` builds its queryset from ids, compiles it twice with different stand-in ids, and
keeps the SQL when the two differ only in where the ids go; each call then runs that SQL with the
ids given. The build function must use its ids only as values to compare with (it must not
choose a different query for some ids); a queryset whose SQL or parameters depend on the ids in
any other way than holding them (a value computed from one), or that reads the database while
it is built (a statement run while building, found by a wrapper on every connection), is not
kept: each call builds and runs it through the ORM, with the same result. A queryset the ORM knows
to be empty for both sets of stand-ins (a filter on an empty list, a policy that lets this kind of
user see nothing) is kept as empty: it runs no SQL.

An argument may also be a date (today's, say): it goes into the parameters like an id, so that a
query comparing with today is compiled once and not kept with the day it was compiled on.

`UserQuery` does the same for a queryset built for the user asking (what waits for them, what
they may see): it is compiled once per process for each kind of user the access policy tells
apart (an administrator or not, with a person in the directory or not), with stand-in users
whose id goes into the parameters.

What it returns is what `values_list()` gives: tuples, through the database's converters
(SQLite's datetimes and decimals come back as Python values, as from the ORM).
"""

import re
import weakref
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import EmptyResultSet, FullResultSet, ObjectDoesNotExist
from django.core.signals import setting_changed
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet
from django.dispatch import receiver

from .policy import HAS_PERSON
from .rules import is_platform_admin, signed_in

# Every compiled query, so that a change of settings (in tests) compiles them again: a value a
# build reads from the settings (a default currency, say) is in the SQL's parameters.
_EVERY: weakref.WeakSet = weakref.WeakSet()

# Stand-in ids no row has: set k, argument i, element j -> -(BASE + k * SET + i * ARG + j).
_BASE = 7_000_000_000
_SET = 100_000_000
_ARG = 1_000_000


# Stand-in dates no row holds: set k, argument i -> year 1000 + 10 * k + i.
_DATE_YEAR = 1000


@dataclass(frozen=True)
class _Plan:
    sql: str
    # Per parameter: ("id", argument, element or None, form) where an argument goes (form: str
    # for a date the database driver is given as text), ("value", v) otherwise.
    params: tuple
    fields: tuple  # the selected expressions, for the database's converters
    # Per column that has any: (position, the database's converter functions, the expression).
    converters: tuple = ()


def _stand_ins(shape: tuple, which: int) -> tuple[list, dict]:
    """Arguments of `shape` (None for an id, n for a list of n ids, date for a date) and where
    each sits: value -> (argument, element or None, form)."""
    args, where = [], {}
    for i, size in enumerate(shape):
        if size is date:
            value = date(_DATE_YEAR + 10 * which + i, 1, 1)
            args.append(value)
            # SQLite's backend gives the driver a date as its ISO text.
            where[value] = (i, None, None)
            where[value.isoformat()] = (i, None, str)
        elif size is None:
            value = -(_BASE + which * _SET + i * _ARG)
            args.append(value)
            where[value] = (i, None, None)
        else:
            values = [-(_BASE + which * _SET + i * _ARG + j + 1) for j in range(size)]
            args.append(values)
            where.update({value: (i, j, None) for j, value in enumerate(values)})
    return args, where


def _shape_of(arg) -> object:
    if isinstance(arg, date):
        return date
    return None if isinstance(arg, int) else len(arg)


class CompiledQuery:
    """A `values_list()` queryset built by `build(*ids)`, compiled once per shape of its
    arguments (each an id, a list of ids or a date: one SQL per length of a list), and run with
    each call's arguments."""

    def __init__(self, build: Callable[..., QuerySet]):
        self.build = build
        self._plans: dict = {}
        _EVERY.add(self)

    def __call__(self, *args: int | Sequence[int] | date) -> list[tuple]:
        rows = self.compiled(*args)
        if rows is None:
            return [tuple(row) for row in self.build(*args)]
        return rows

    def compiled(self, *args: int | Sequence[int] | date) -> list[tuple] | None:
        """The rows, from the SQL kept for this shape of arguments; None when there is none."""
        shape = tuple(_shape_of(arg) for arg in args)
        if shape not in self._plans:
            self._plans[shape] = self._plan(shape)
        plan = self._plans[shape]
        if plan is None:
            return None
        alias, plan = plan
        if plan is _EMPTY:
            return []
        connection = connections[alias]
        params = [_argument(args, part) if part[0] == "id" else part[1] for part in plan.params]
        with connection.cursor() as cursor:
            cursor.execute(plan.sql, params)
            rows = cursor.fetchall()
        return _converted(rows, plan.converters, connection)

    def _plan(self, shape: tuple):
        compiled = []
        reads = _Reads()
        try:
            # A build that reads the database chose its query from a stand-in's rows: not kept.
            with ExitStack() as stack:
                for alias in connections:
                    stack.enter_context(connections[alias].execute_wrapper(reads))
                for which in (0, 1):
                    args, where = _stand_ins(shape, which)
                    queryset = self.build(*args)
                    compiler = queryset.query.get_compiler(using=queryset.db)
                    try:
                        sql, params = compiler.as_sql()
                    except EmptyResultSet:
                        compiled.append(None)
                    else:
                        compiled.append((compiler, sql, tuple(params), where, queryset))
        except (ObjectDoesNotExist, FullResultSet, NotCompiled):
            return None
        if reads.count:
            return None
        if compiled == [None, None]:
            # Empty whatever the ids (a policy that lets this kind of user see nothing): no SQL.
            return None, _EMPTY
        if None in compiled:
            return None
        (compiler, sql, first, where_a, queryset), (_, other, second, where_b, _) = compiled
        if sql != other or len(first) != len(second):
            return None
        params = []
        for one, two in zip(first, second, strict=True):
            if one in where_a:
                if where_b.get(two) != where_a[one]:
                    return None
                params.append(("id", *where_a[one]))
            elif one == two and two not in where_b:
                params.append(("value", one))
            else:
                return None
        selected = compiler.select[: compiler.col_count]
        # values_list() puts the columns in the order asked; the plan keeps SELECT's order.
        if queryset._fields and tuple(column[2] for column in selected) != tuple(queryset._fields):
            return None
        fields = tuple(column[0] for column in selected)
        connection = connections[queryset.db]
        sql, params = _constants_written_in(sql, params, connection)
        plan = _Plan(sql, tuple(params), fields, _converters_of(fields, connection))
        return queryset.db, plan


_EMPTY = _Plan(sql="", params=(), fields=())


class NotCompiled(Exception):
    """Raised by a build (or a stand-in it reads) to say that its query cannot be kept."""


class _PersonNotKnown(NotCompiled):
    """A build read the person of a stand-in user whose person is not known."""


class _PersonUnknown(dict):
    """A stand-in user's cache of related objects in which reading the person raises, before
    Django would ask the database for it (the reverse one-to-one reads its cache first)."""

    def __init__(self, cache_name: str):
        super().__init__()
        self.cache_name = cache_name

    def __getitem__(self, key):
        if key == self.cache_name:
            raise _PersonNotKnown(key)
        return super().__getitem__(key)


# A parameter's place in Django's SQL, or a percent sign written twice so as not to be one.
_PLACEHOLDER = re.compile(r"(%%|%s)")


def _constants_written_in(sql: str, params: list, connection) -> tuple[str, list]:
    """On PostgreSQL, the parameters that are the same on every call (a status, a role) written
    into the SQL as literals, the ids and dates left as parameters.

    The server keeps a generic plan for a prepared statement once it costs no more than the
    plans made for each call's values; with a constant as a parameter it estimates the rows of
    an average value rather than of this one ("submitted" is rare, the average status is not),
    and then plans the statement again on every call (3 ms for the reviewer's values to review,
    against 0.2 ms to run it)."""
    if connection.vendor != "postgresql":
        return sql, params
    from psycopg.sql import Literal

    connection.ensure_connection()
    pieces = _PLACEHOLDER.split(sql)
    written, kept, index = [], [], 0
    for piece in pieces:
        if piece != "%s":
            written.append(piece)
            continue
        if index >= len(params):
            return sql, params
        part = params[index]
        index += 1
        literal = None
        if part[0] == "value":
            try:
                literal = Literal(part[1]).as_string(connection.connection)
            except Exception:  # a value psycopg writes only as a parameter: it stays one
                literal = None
        if literal is None:
            written.append(piece)
            kept.append(part)
        else:
            written.append(literal.replace("%", "%%"))
    if index != len(params):
        return sql, params
    return "".join(written), kept


class _Reads:
    """Counts the statements run while a query is built (connection.execute_wrapper)."""

    count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def _argument(args: tuple, part: tuple) -> object:
    _, position, element, form = part
    value = args[position] if element is None else args[position][element]
    return value if form is None else form(value)


def _converters_of(fields: tuple, connection) -> tuple:
    """What the ORM would apply to each column read (found once, when the query is compiled)."""
    converters = []
    for position, field in enumerate(fields):
        functions = connection.ops.get_db_converters(field) + field.get_db_converters(connection)
        if functions:
            converters.append((position, tuple(functions), field))
    return tuple(converters)


def _converted(rows: list, converters: tuple, connection) -> list[tuple]:
    if not converters:
        return [tuple(row) for row in rows]
    converted = []
    for row in rows:
        row = list(row)
        for position, functions, field in converters:
            for function in functions:
                row[position] = function(row[position], field, connection)
        converted.append(tuple(row))
    return converted


class UserQuery:
    """A `values_list()` queryset built by `build(user, *args)` for the user asking, compiled
    once per process for each kind of user and shape of the other arguments (as CompiledQuery).

    The access policy reads of a user their id, whether they are signed in, active and a
    platform administrator (accord/core/rules.py), and for some rules whether their account is
    linked to a person in the directory who is not archived (accord/core/policy.py HAS_PERSON):
    the query is compiled for stand-in users of the same kind, with the user's id in the
    parameters. It is first compiled for a stand-in whose person is not known: a build that
    reads the person is not kept that way (reading it raises, before the database is asked),
    and is compiled again for stand-ins with and without a person (the user's person is then
    read, once per request).
    The two stand-ins compiled differ in every other field (names, e-mail, staff; their
    person's id, names and organization), so a build that reads more of the user than that
    compiles two different queries and is not kept, and one that reads the database while it is
    built (a rule asking which roles the user holds) is not kept either: it is built through the
    ORM on each call, with the same result. A user who is not signed in is always asked through
    the ORM."""

    def __init__(self, build: Callable[..., QuerySet]):
        self.build = build
        self._kinds: dict[tuple, CompiledQuery] = {}

    def __call__(self, user, *args: int | Sequence[int] | date) -> list[tuple]:
        rows = self.compiled(user, *args)
        if rows is None:
            # Built for the user asking, not for a stand-in with their id.
            return [tuple(row) for row in self.build(user, *args)]
        return rows

    def compiled(self, user, *args) -> list[tuple] | None:
        """As CompiledQuery.compiled: None when the query is not kept for this user."""
        if not signed_in(user):
            return None
        administrator = is_platform_admin(user)
        rows = self._of_kind(administrator, None).compiled(user.pk, *args)
        if rows is None:
            rows = self._of_kind(administrator, _has_person(user)).compiled(user.pk, *args)
        return rows

    def _of_kind(self, administrator: bool, has_person: bool | None) -> CompiledQuery:
        kind = (administrator, has_person)
        if kind not in self._kinds:
            self._kinds[kind] = CompiledQuery(
                lambda pk, *args: self.build(_stand_in_user(pk, *kind), *args)
            )
        return self._kinds[kind]


class UserObjects(UserQuery):
    """A UserQuery for whole objects of `model`: `build(user, *args)` gives a queryset of them
    (filtered, ordered, sliced); every column is read and each row becomes the object that
    `queryset.get()` or iterating it would give (`Model.from_db`)."""

    def __init__(self, model, build: Callable[..., QuerySet]):
        columns = tuple(field.attname for field in model._meta.concrete_fields)
        super().__init__(lambda user, *args: build(user, *args).values_list(*columns))
        self.model, self.columns = model, columns

    def objects(self, user, *args: int | Sequence[int] | date) -> list:
        alias = self.model._default_manager.db
        return [self.model.from_db(alias, self.columns, row) for row in self(user, *args)]


def _person_columns() -> tuple:
    person = get_user_model()._meta.get_field("person").related_model
    return tuple(field.attname for field in person._meta.concrete_fields)


# The person of an account, read as `user.person` would read it but with SQL compiled once.
_PERSON = CompiledQuery(
    lambda pk: (
        get_user_model()
        ._meta.get_field("person")
        .related_model._base_manager.filter(user_id=pk)
        .values_list(*_person_columns())
    )
)


def _has_person(user) -> bool:
    """HAS_PERSON, the account's person read (and kept on it, as `user.person` keeps it) through
    SQL compiled once per process when the request has not read it yet."""
    relation = user._meta.get_field("person")
    if not relation.is_cached(user):
        rows = _PERSON(user.pk)
        model = relation.related_model
        person = (
            model.from_db(model._default_manager.db, _person_columns(), rows[0]) if rows else None
        )
        relation.set_cached_value(user, person)
    return HAS_PERSON.allows(user)


def _stand_in_user(pk: int, administrator: bool, has_person: bool | None):
    """A user no row is, of the kind asked: an administrator or not, with a person or not (None:
    not known, so that reading it reads the database). Its other fields, and its person's, tell
    the two compilations apart (which one: from its stand-in id)."""
    which = (-pk - _BASE) // _SET
    user = get_user_model()(
        pk=pk,
        is_active=True,
        is_superuser=administrator,
        is_staff=bool(which),
        username=f"stand-in-{which}",
        first_name=f"Stand-in {which}",
        last_name=f"User {which}",
        email=f"stand-in-{which}@example.invalid",
    )
    user._state.adding = False
    user._state.db = DEFAULT_DB_ALIAS
    relation = user._meta.get_field("person")
    person = None
    if has_person:
        # An id, and an organization's, that is not the user's: not where an argument goes.
        other = -(_BASE + which * _SET + _SET // 2)
        person = relation.related_model(
            pk=other,
            user_id=pk,
            organization_id=other - 1,
            name=f"Stand-in {which}",
            email=f"stand-in-person-{which}@example.invalid",
            title=f"Stand-in title {which}",
            archived_at=None,
        )
        person._state.adding = False
        person._state.db = DEFAULT_DB_ALIAS
    if has_person is None:
        # Not known: a build that reads it is compiled again for the user's own kind.
        user._state.fields_cache = _PersonUnknown(relation.cache_name)
    else:
        # Cached as the reverse one-to-one is once read (None: no person), so it is not read.
        relation.set_cached_value(user, person)
    return user


@receiver(setting_changed)
def _settings_changed(**kwargs) -> None:
    for compiled in list(_EVERY):
        compiled._plans.clear()
