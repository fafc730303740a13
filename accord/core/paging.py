"""Pagination for list pages and API lists, and the counts that keep a list flat in the data.

A list sorts and pages first (an index matches each list's order), then computes what it shows
for the rows on the page only: `count_of` is a correlated COUNT(*) evaluated for each row shown,
never a GROUP BY over the whole table. The total is counted no further than ACCORD_COUNT_CAP rows
past the page asked for: a longer list says "more than", and each further page counts further,
so every page stays reachable while the first pages cost the same at any size.
"""

from functools import cached_property

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import F, Func, IntegerField, QuerySet, Subquery


def count_of(queryset: QuerySet) -> Subquery:
    """COUNT(*) of `queryset` (filtered with OuterRef) as a scalar subquery, 0 when it is empty.

    Annotated on a list, the database evaluates it only for the rows it returns (after ORDER BY
    and LIMIT), and the list's own count leaves it out.
    """
    counted = queryset.order_by().annotate(
        n=Func(F("pk"), function="COUNT", output_field=IntegerField())
    )
    return Subquery(counted.values("n"), output_field=IntegerField())


def count_limit(offset: int = 0) -> int:
    """How far a list's total is counted when rows from `offset` on are shown."""
    return offset + settings.ACCORD_COUNT_CAP


def capped_count(queryset, limit: int) -> int:
    """How many rows `queryset` has, counting no further than limit + 1 (that means "more").

    What is not a queryset (a ranking computed in Python) is measured whole.
    """
    if not isinstance(queryset, QuerySet):
        return len(queryset)
    bounded = queryset.order_by().values("pk")[: limit + 1]
    if bounded.query.combinator:
        return bounded.count()
    # The ORM's count() of a sliced queryset wraps it in the same subquery, after building an
    # aggregation around it: written here, it costs half (every list counts on every page).
    try:
        sql, params = bounded.query.get_compiler(using=bounded.db).as_sql()
    except EmptyResultSet:
        return 0
    with connections[bounded.db].cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM ({sql}) capped", params)
        return cursor.fetchone()[0]


class CappedPaginator(Paginator):
    """A Paginator whose total stops `limit` rows in (+1: "more than"), see count_limit()."""

    def __init__(self, object_list, per_page, *, limit: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.limit = limit

    @cached_property
    def count(self) -> int:
        return capped_count(self.object_list, self.limit)

    @property
    def count_capped(self) -> bool:
        """Whether the list is longer than the total shows (`limit` is then what it shows)."""
        return isinstance(self.object_list, QuerySet) and self.count > self.limit


def paginate(request, queryset, per_page: int | None = None):
    per_page = per_page or settings.ACCORD_PAGE_SIZE
    try:
        asked = max(1, int(request.GET.get("page", 1)))
    except ValueError:
        asked = 1
    offset = min(asked - 1, 1_000_000) * per_page
    paginator = CappedPaginator(queryset, per_page, limit=count_limit(offset))
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    page.querystring = query.urlencode()
    return page
