"""Querysets compiled once per process (accord/core/compiled.py) and what uses them.

A compiled query must give exactly what the ORM gives for every call, build its queryset only
while it is compiled, and fall back to the ORM for a queryset whose parameters depend on its ids
in any other way than being them.
"""

from datetime import timedelta

import pytest
from django.core.exceptions import ObjectDoesNotExist
from django.db import connection
from django.db.models import F, Q, Value
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accord.accounts.models import Notification
from accord.core.compiled import CompiledQuery
from accord.partnerships.models import Membership
from tests.factories import MembershipFactory, OrganizationFactory, PartnershipFactory, UserFactory

pytestmark = pytest.mark.django_db


class Counted:
    """A build function that counts its calls."""

    def __init__(self, build):
        self.build, self.calls = build, 0

    def __call__(self, *args):
        self.calls += 1
        return self.build(*args)


@pytest.fixture
def memberships():
    partnerships = PartnershipFactory.create_batch(3)
    for n, partnership in enumerate(partnerships):
        for m in range(n + 1):
            MembershipFactory(
                partnership=partnership, organization=OrganizationFactory(name=f"Org {n}{m}")
            )
    return partnerships


def members(ids):
    return (
        Membership.objects.current()
        .filter(partnership_id__in=ids)
        .order_by("kind", "organization__name", "pk")
        .values_list("partnership_id", "organization__name", "kind", "joined_on")
    )


def test_a_compiled_query_gives_what_the_orm_gives_and_builds_only_to_compile(memberships):
    build = Counted(members)
    compiled = CompiledQuery(build)
    ids = [partnership.pk for partnership in memberships]
    for chosen in ([ids[0]], ids[:2], ids, [ids[2], ids[0], ids[1]], [-1, -2, -3]):
        assert compiled(chosen) == list(members(chosen))
    # Built twice (two sets of stand-ins) per length of the list of ids: 1, 2 and 3.
    assert build.calls == 6
    assert compiled.compiled(ids) == list(members(ids))
    assert build.calls == 6


def test_a_single_id_and_a_date_come_back_as_the_orm_gives_them(memberships):
    count = CompiledQuery(
        lambda pk: Membership.objects.filter(partnership_id=pk).values_list("pk", "joined_on")
    )
    for partnership in memberships:
        rows = count(partnership.pk)
        assert rows == list(
            Membership.objects.filter(partnership=partnership).values_list("pk", "joined_on")
        )
        assert all(type(joined) is type(timezone.localdate()) for _, joined in rows)


def test_sql_that_depends_on_the_ids_otherwise_is_not_kept(memberships):
    # A value computed from an id is not where an id goes: not kept.
    def computed(pk):
        return Membership.objects.filter(partnership_id=pk).annotate(after=Value(pk + 1))

    compiled = CompiledQuery(lambda pk: computed(pk).values_list("pk", "after"))
    assert compiled.compiled(memberships[0].pk) is None
    assert compiled(memberships[0].pk) == list(
        computed(memberships[0].pk).values_list("pk", "after")
    )

    # The same id twice is kept, and both places get it.
    twice = CompiledQuery(
        lambda pk: (
            Membership.objects.filter(partnership_id=pk)
            .annotate(shifted=F("partnership_id") + Value(pk))
            .values_list("shifted")
        )
    )
    for partnership in memberships:
        assert twice(partnership.pk) == [(2 * partnership.pk,)] * (
            memberships.index(partnership) + 1
        )
    assert twice.compiled(memberships[0].pk) is not None


def test_a_query_that_reads_the_database_while_it_is_built_is_run_through_the_orm(memberships):
    def reading(pk):
        Membership.objects.get(pk=pk)  # raises for a stand-in
        return Membership.objects.filter(pk=pk).values_list("partnership_id")

    compiled = CompiledQuery(reading)
    membership = Membership.objects.first()
    assert compiled.compiled(membership.pk) is None
    assert compiled(membership.pk) == [(membership.partnership_id,)]
    with pytest.raises(ObjectDoesNotExist):
        compiled(-5)


def test_the_navigation_badge_counts_unread_notifications_without_building_a_query(client):
    user = UserFactory()
    client.force_login(user)
    for n in range(3):
        Notification.objects.create(user=user, kind="reminder", title=f"Due {n}", url="/")
    Notification.objects.create(
        user=user, kind="reminder", title="Read", url="/", read_at=timezone.now()
    )
    Notification.objects.create(user=UserFactory(), kind="reminder", title="Not mine", url="/")
    response = client.get(reverse("partnerships:list"))
    assert '3<span class="visually-hidden"> unread</span>' in response.content.decode()
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("partnerships:list"))
    counts = [q["sql"] for q in captured if "accounts_notification" in q["sql"]]
    assert len(counts) == 1
    Notification.objects.filter(user=user).update(read_at=timezone.now() - timedelta(hours=1))
    response = client.get(reverse("partnerships:list"))
    assert "unread</span>" not in response.content.decode()


def test_an_empty_list_of_ids_gives_no_rows(memberships):
    build = Counted(members)
    compiled = CompiledQuery(build)
    assert compiled([]) == []
    assert compiled([]) == []


def test_a_query_that_chose_its_sql_from_rows_read_while_built_is_not_kept(memberships):
    # The read raises nothing for a stand-in: it answers "no rows", and the build picks the query
    # for that answer. Kept, every call would give that query's rows whatever the real answer.
    def choosing(pk):
        members = Membership.objects.filter(partnership_id=pk)
        if not members.exists():
            members = members.filter(kind="host")
        return members.order_by("pk").values_list("pk")

    compiled = CompiledQuery(choosing)
    partnership = memberships[0]
    assert compiled.compiled(partnership.pk) is None
    assert compiled(partnership.pk) == list(
        Membership.objects.filter(partnership=partnership).order_by("pk").values_list("pk")
    )
    assert compiled(partnership.pk) != []


def test_a_date_goes_into_the_parameters_and_is_not_kept_from_the_day_compiled(memberships):
    today = timezone.localdate()
    Membership.objects.update(joined_on=today - timedelta(days=10))
    Membership.objects.filter(pk=Membership.objects.order_by("pk").first().pk).update(
        joined_on=today
    )
    build = Counted(
        lambda day: Membership.objects.filter(joined_on__lt=day).order_by("pk").values_list("pk")
    )
    compiled = CompiledQuery(build)
    for day in (today, today + timedelta(days=1), today - timedelta(days=30)):
        assert compiled(day) == list(
            Membership.objects.filter(joined_on__lt=day).order_by("pk").values_list("pk")
        )
    assert build.calls == 2
    assert compiled.compiled(today) is not None
    # An id and a date together.
    both = CompiledQuery(
        lambda pk, day: (
            Membership.objects.filter(partnership_id=pk, joined_on__lte=day)
            .order_by("pk")
            .values_list("pk")
        )
    )
    for partnership in memberships:
        assert both(partnership.pk, today) == list(
            Membership.objects.filter(partnership=partnership).order_by("pk").values_list("pk")
        )
        assert both(partnership.pk, today - timedelta(days=1)) == list(
            Membership.objects.filter(partnership=partnership, joined_on__lt=today)
            .order_by("pk")
            .values_list("pk")
        )


def _visible_memberships(user):
    """Memberships of the partnerships the user holds a role in: the policy's own subquery."""
    from accord.core.access import Role, partnership_ids_for

    return (
        Membership.objects.filter(partnership__in=partnership_ids_for(user, list(Role.values)))
        .order_by("pk")
        .values_list("pk", "partnership_id")
    )


def _commenting(user):
    """Memberships of the user's partnerships, for a person only (HAS_PERSON: a rule that
    reads the user's person)."""
    from accord.core.access import Role, partnership_ids_for
    from accord.core.policy import HAS_PERSON

    return (
        Membership.objects.filter(partnership__in=partnership_ids_for(user, list(Role.values)))
        .filter(HAS_PERSON.q(user, Membership))
        .order_by("pk")
        .values_list("pk")
    )


def test_a_user_query_gives_what_the_orm_gives_for_every_kind_of_user(memberships):
    from accord.core.compiled import UserQuery
    from tests.factories import PersonFactory, RoleFactory

    people = []
    for n, partnership in enumerate(memberships):
        person = PersonFactory(user=UserFactory())
        RoleFactory(partnership=partnership, person=person, role="steward")
        if n == 2:
            RoleFactory(partnership=memberships[0], person=person, role="observer")
        people.append(person.user)
    admin = UserFactory(is_superuser=True)
    without_person = UserFactory()
    archived = PersonFactory(user=UserFactory())
    RoleFactory(partnership=memberships[1], person=archived, role="steward")
    archived.archived_at = timezone.now()
    archived.save()
    build = Counted(_visible_memberships)
    query = UserQuery(build)
    for user in (*people, admin, without_person, archived.user):
        user.refresh_from_db()  # as a request loads its user: the person not read yet
        assert query(user) == list(_visible_memberships(user)), user
        assert query.compiled(user) is not None
    # Two compilations for each kind of user this build tells apart: an administrator or not
    # (it does not ask for the person, so whether there is one makes no kind).
    assert build.calls == 2 * len(query._kinds)
    assert set(query._kinds) == {(False, None), (True, None)}
    calls = build.calls
    for user in people:
        assert query(user) == list(_visible_memberships(user))
    assert build.calls == calls

    # A rule about the person (comments are a person's) makes three kinds: with a person,
    # without one, an administrator without one.
    persons = UserQuery(_commenting)
    for user in (*people, admin, without_person, archived.user):
        user.refresh_from_db()
        assert persons(user) == list(_commenting(user)), user
        assert persons.compiled(user) is not None
    assert persons(people[2]) != []
    assert set(persons._kinds) == {
        (False, None),  # compiled first, not kept: the rule reads the person
        (False, True),
        (False, False),
        (True, None),
        (True, False),
    }


def test_a_user_query_that_reads_more_of_the_user_than_the_policy_is_not_kept(memberships):
    from accord.core.compiled import UserQuery

    user = UserFactory(username="reader")
    organization = Membership.objects.order_by("pk").first().organization
    organization.name = "reader"
    organization.save()

    def by_name(asking):
        return Membership.objects.filter(organization__name=asking.username).values_list("pk")

    query = UserQuery(by_name)
    assert query.compiled(user) is None
    assert query(user) == list(by_name(user))
    assert len(query(user)) == 1


def test_a_user_query_whose_rule_reads_the_users_roles_is_not_kept(memberships):
    # STEWARD_ANYWHERE asks the database whether the user stewards anything: a stand-in never
    # does, so the query compiled for it would leave out what a steward sees.
    from accord.core.compiled import UserQuery
    from accord.core.policy import STEWARD_ANYWHERE
    from accord.core.rules import partnership_ids_for
    from tests.factories import PersonFactory, RoleFactory

    steward = PersonFactory(user=UserFactory())
    RoleFactory(partnership=memberships[0], person=steward, role="steward")

    def stewards_see_all(user):
        observed = Q(partnership__in=partnership_ids_for(user, ["observer"]))
        return (
            Membership.objects.filter(STEWARD_ANYWHERE.q(user, Membership) | observed)
            .order_by("pk")
            .values_list("pk")
        )

    query = UserQuery(stewards_see_all)
    everything = list(Membership.objects.order_by("pk").values_list("pk"))
    assert len(everything) == 6
    assert query(steward.user) == everything
    assert query.compiled(steward.user) is None


def test_constants_are_written_into_the_sql_on_postgresql_and_ids_stay_parameters(memberships):
    # On PostgreSQL a constant as a parameter (a kind, a status) makes the server estimate an
    # average value's rows and plan a prepared statement again on every call; written in, the
    # plan it keeps knows the value. Only the ids (and dates) are parameters.
    compiled = CompiledQuery(
        lambda pk: (
            Membership.objects.filter(
                partnership_id=pk, kind="partner", organization__name__contains="50%"
            )
            .order_by("pk")
            .values_list("pk")
        )
    )
    partnership = memberships[2]
    organization = Membership.objects.filter(partnership=partnership).first().organization
    organization.name = "Org at 50% 'quoted'"
    organization.save()
    rows = compiled(partnership.pk)
    assert rows == list(
        Membership.objects.filter(
            partnership=partnership, kind="partner", organization__name__contains="50%"
        )
        .order_by("pk")
        .values_list("pk")
    )
    assert len(rows) == 1
    _, plan = compiled._plans[(None,)]
    kinds = [part[0] for part in plan.params]
    if connection.vendor == "postgresql":
        assert kinds == ["id"]
        assert "'partner'" in plan.sql
    else:
        assert kinds.count("id") == 1 and "value" in kinds


def test_the_partnership_of_a_page_is_read_as_the_policy_says_without_building_a_query(
    memberships, monkeypatch
):
    """partnership_or_404 (every page inside a partnership) answers as get_visible_or_404 does,
    for every kind of user and partnership, with SQL compiled once per process."""
    from django.core.exceptions import PermissionDenied
    from django.db.models.sql.compiler import SQLCompiler
    from django.http import Http404
    from django.test import RequestFactory

    from accord.core.access import Perm, get_visible_or_404
    from accord.partnerships.access import partnership_or_404
    from accord.partnerships.models import Partnership
    from tests.factories import PersonFactory, RoleFactory

    steward = PersonFactory(user=UserFactory())
    RoleFactory(partnership=memberships[0], person=steward, role="steward")
    observer = PersonFactory(user=UserFactory())
    RoleFactory(partnership=memberships[1], person=observer, role="observer")
    users = [steward.user, observer.user, UserFactory(is_superuser=True), UserFactory()]
    memberships[2].archived_at = timezone.now()
    memberships[2].save()

    def answer(load, user, pk, action=None):
        try:
            partnership = load(user, pk, action)
        except Http404:
            return "404"
        except PermissionDenied:
            return "403"
        return [getattr(partnership, f.attname) for f in Partnership._meta.concrete_fields]

    def ours(user, pk, action):
        request = RequestFactory().get("/")
        request.user = user
        return partnership_or_404(request, pk, action)

    def theirs(user, pk, action):
        return get_visible_or_404(user, Partnership.objects, action, pk=pk)

    ids = [partnership.pk for partnership in memberships] + [-1]
    for user in users:
        for pk in ids:
            for action in (None, Perm.CHANGE):
                assert answer(ours, user, pk, action) == answer(theirs, user, pk, action)
    for wrong in (2**63, -(2**64), "12a", None):
        assert answer(ours, users[2], wrong) == "404"
    built = []
    as_sql = SQLCompiler.as_sql

    def counted(self, *args, **kwargs):
        built.append(self.query.model)
        return as_sql(self, *args, **kwargs)

    monkeypatch.setattr(SQLCompiler, "as_sql", counted)
    for user in users:
        for pk in ids:
            answer(ours, user, pk)
    assert built == []


def test_compiling_for_a_user_runs_no_statement_of_its_own(memberships):
    """The first call of a user query (which compiles it) runs the same statements as every
    later one: a build that asks for the person of a stand-in whose person is not known is told
    so without the database being asked (counts of queries per page stay the same from the
    first request of a process on)."""
    from accord.core.compiled import UserQuery
    from tests.factories import PersonFactory, RoleFactory

    person = PersonFactory(user=UserFactory())
    RoleFactory(partnership=memberships[0], person=person, role="steward")

    query = UserQuery(_commenting)
    counts = []
    for _ in range(3):
        person.user.refresh_from_db()  # a new request's user: its person not read yet
        with CaptureQueriesContext(connection) as captured:
            rows = query(person.user)
        counts.append(len(captured))
        assert rows == list(_commenting(person.user))
    # The person (for HAS_PERSON), then the query.
    assert counts == [2, 2, 2]
