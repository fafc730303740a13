"""Lists flat in the data: what each list asks the database, whatever its size.

Each list that grows with the platform (partnerships, organizations, people; page and API) sorts
by an index and pages first, counts what it shows for the rows on the page only, and counts its
total no further than ACCORD_COUNT_CAP rows past the page. The query-count tests at two sizes are
with each list (test_directory.py, test_directory_api.py, test_partnerships_*.py); these check
the SQL itself: no GROUP BY, a bounded count, and on PostgreSQL an index that serves the order.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accord.directory import queries as directory_queries
from accord.directory.models import Organization
from accord.partnerships import queries as partnership_queries
from accord.partnerships.models import Partnership
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    PartnershipFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LISTS = {
    "partnership list page": reverse("partnerships:list"),
    "organization list page": reverse("directory:organization-list"),
    "people list page": reverse("directory:person-list"),
    "GET /api/v1/partnerships": "/api/v1/partnerships",
    "GET /api/v1/organizations": "/api/v1/organizations",
    "GET /api/v1/people": "/api/v1/people",
}
# The table each list pages through.
TABLES = {
    "partnership": "partnerships_partnership",
    "organization": "directory_organization",
    "people": "directory_person",
}


def table_of(label: str) -> str:
    return next(table for word, table in TABLES.items() if word in label)


@pytest.fixture
def admin(client):
    """A platform administrator (sees every partnership) signed in, over a few rows of each."""
    user = UserFactory(username="list-admin", is_superuser=True, is_staff=True)
    for n in range(6):
        organization = OrganizationFactory(name=f"Org {n:02}", country=f"Country {n}")
        PersonFactory.create_batch(2, organization=organization)
        MembershipFactory(
            partnership=PartnershipFactory(title=f"P {n:02}"), organization=organization
        )
    client.force_login(user)
    return user


def captured(client, url, **params) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200, response.content[:300]
    return [query["sql"] for query in queries.captured_queries]


@pytest.mark.parametrize("label", list(LISTS))
def test_no_group_by_and_every_read_of_the_table_is_bounded(admin, client, label):
    table = f'FROM "{table_of(label)}"'
    statements = captured(client, LISTS[label])
    assert not [sql for sql in statements if "GROUP BY" in sql.upper()]
    reads = [sql for sql in statements if table in sql]
    assert reads, f"{label}: no query reads {table}"
    # The page (LIMIT 25) and the total (a COUNT over at most LIMIT cap + 1 rows): no statement
    # reads the whole table.
    for sql in reads:
        assert re.search(r"\bLIMIT \d+", sql), f"{label}: unbounded read: {sql}"


@pytest.mark.parametrize("label", list(LISTS))
def test_counts_stop_past_the_cap_and_every_page_stays_reachable(admin, client, settings, label):
    settings.ACCORD_COUNT_CAP = 2  # at most 2 rows past the page's first are counted
    settings.ACCORD_PAGE_SIZE = 2
    api = label.startswith("GET")
    paging = {"page_size": 2} if api else {}
    first = client.get(LISTS[label], paging)
    last = client.get(LISTS[label], paging | {"page": 3})
    if api:
        assert first.json()["count"] == 3  # "more than 2"
        assert len(last.json()["items"]) == 2
        assert last.json()["count"] >= 6
    else:
        page = first.context["page_obj"]
        assert page.paginator.count_capped and page.paginator.limit == 2
        assert "More than 2" in first.text
        assert last.context["page_obj"].number == 3 and len(last.context["page_obj"]) == 2


def test_the_counts_shown_are_those_of_the_rows_shown(admin, client):
    organization = Organization.objects.get(name="Org 00")
    PersonFactory(organization=organization, archived_at=timezone.now())  # not counted
    response = client.get(LISTS["organization list page"])
    counts = {o.name: o.people_count for o in response.context["page_obj"]}
    assert counts["Org 00"] == counts["Org 01"] == 2
    MembershipFactory(partnership=Partnership.objects.get(title="P 00"))
    response = client.get(LISTS["partnership list page"])
    counts = {p.title: p.member_count for p in response.context["page_obj"]}
    assert counts["P 00"] == 2 and counts["P 01"] == 1


@pytest.mark.postgresql
@pytest.mark.parametrize(
    ("name", "queryset", "index"),
    [
        (
            "partnerships",
            lambda user: partnership_queries.partnerships_for(user),
            "partnership_title_id",
        ),
        (
            "organizations",
            lambda user: directory_queries.organizations_for(user),
            "directory_organization_name_key",
        ),
        ("people", lambda user: directory_queries.people_for(user), "person_name_id"),
    ],
)
def test_postgresql_walks_an_index_in_the_lists_order(admin, name, queryset, index):
    # Few rows here, so the planner would rather sort them; with sorting priced out it must find
    # an index that gives the list's order, or it sorts anyway.
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
    plan = queryset(admin)[:25].explain()
    assert f"Index Scan using {index}" in plan, plan
    assert "Sort" not in plan.split("SubPlan")[0], plan


def test_object_urls_are_those_reverse_gives(admin):
    from accord.core.paths import object_url
    from accord.directory.models import Person

    for person in Person.objects.all()[:3]:
        assert person.get_absolute_url() == reverse("directory:person-detail", args=[person.pk])
    partnership = Partnership.objects.first()
    assert partnership.get_absolute_url() == reverse("partnerships:detail", args=[partnership.pk])
    assert object_url("directory:organization-detail", 7) == reverse(
        "directory:organization-detail", args=[7]
    )
    # Two ids, and none; and the template tag that gives them to templates.
    assert object_url("partnerships:member-edit", 3, 41) == reverse(
        "partnerships:member-edit", args=[3, 41]
    )
    assert object_url("partnerships:list") == reverse("partnerships:list")
    from django.template import Context, Template

    tag = Template("{% load paths %}{% path 'partnerships:role-remove' 5 6 %}")
    assert tag.render(Context()) == reverse("partnerships:role-remove", args=[5, 6])


def test_the_partnership_page_starts_every_read_from_the_partnerships_own_rows(admin, client):
    """The page's summaries (members, resources, roles) are found from the partnership's rows and
    join the directory for names: no statement scans the directory's organizations or people
    and tests each against the partnership (which grows with the whole platform)."""
    partnership = Partnership.objects.get(title="P 00")
    statements = captured(client, reverse("partnerships:detail", args=[partnership.pk]))
    driving = [s for s in statements if re.search(r'FROM "directory_(organization|person)"\s', s)]
    assert not driving, driving


@pytest.mark.postgresql
def test_postgresql_compiles_no_query_just_in_time():
    # A page's query that the planner overestimates would spend 100 ms in JIT compilation for
    # 1 ms of execution (the partnership page's resources summary did, at 2,000 organizations).
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


@pytest.mark.postgresql
def test_postgresql_keeps_the_plan_of_a_statement_run_again():
    # The policy's filters take longer to plan than to run: a statement a connection runs again
    # is prepared (server-side binding), so its plan is kept for the next request.
    from accord.partnerships.models import Partnership

    connection.ensure_connection()
    assert connection.connection.prepare_threshold == 2
    for _ in range(3):
        list(Partnership.objects.filter(title="Not a title").values("pk"))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s", ["%Not%"]
        )
        assert cursor.fetchone()[0] == 0  # the title is a parameter, not in the statement
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            ['%"partnerships_partnership"."title" = $1%'],
        )
        assert cursor.fetchone()[0] == 1


def test_the_member_organizations_cell_names_four_hosts_first_and_counts_the_rest():
    from accord.partnerships.queries import MemberName, members_text

    members = [MemberName("Alpha", "host"), *(MemberName(f"M{n}", "member") for n in range(5))]
    assert members_text(members) == "Alpha (host), M0, M1, M2 and 2 more"
    assert members_text(members[:2]) == "Alpha (host), M0"
    assert members_text([]) == ""


def test_no_default_ordering_names_a_relation_by_itself():
    """`ordering = ["submission", ...]` sorts by the related model's own ordering, and that one's
    in turn: a grid's values read in their default order joined and sorted by sixteen columns of
    seven tables (16 ms at scale, for 142 rows). A default order names the key column instead
    (`submission_id`); an order by a related field is written out (`organization__name`)."""
    from django.apps import apps

    def names_a_relation(model, entry) -> bool:
        name = entry.lstrip("-")
        if "__" in name or name == "pk":
            return False
        field = model._meta.get_field(name)
        return field.is_relation and field.name == name  # not its key column, `<name>_id`

    bare = [
        (model._meta.label, entry)
        for config in apps.get_app_configs()
        if config.name.startswith("accord")
        for model in config.get_models()
        for entry in model._meta.ordering
        if isinstance(entry, str) and names_a_relation(model, entry)
    ]
    assert bare == []


def test_a_submission_s_values_read_in_their_default_order_join_nothing():
    from accord.measurement.models import DataValue

    sql = str(DataValue.objects.filter(submission_id=1).query)
    assert "JOIN" not in sql and "ORDER BY" in sql


@pytest.mark.parametrize(
    "label, long_columns",
    [
        ("organization list page", ["mission", "values_statement", "jedi_practices"]),
        ("people list page", ["mission", "values_statement"]),
    ],
)
def test_a_list_page_reads_the_columns_it_shows_not_each_profiles_texts(
    admin, client, label, long_columns
):
    table = f'FROM "{table_of(label)}"'
    statements = captured(client, LISTS[label])
    pages = [sql for sql in statements if table in sql and not sql.startswith("SELECT COUNT(")]
    assert pages
    for column in long_columns:
        assert not [sql for sql in pages if f'"directory_organization"."{column}"' in sql]
