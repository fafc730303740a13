"""Querysets compiled once per process (accord/core/compiled.py) and what uses them.

A compiled query must give exactly what the ORM gives for every call, build its queryset only
while it is compiled, and fall back to the ORM for a queryset whose parameters depend on its ids
in any other way than being them.
"""

from datetime import timedelta

import pytest
from django.core.exceptions import ObjectDoesNotExist
from django.db import connection
from django.db.models import F, Value
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
