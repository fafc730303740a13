"""Paginated API lists: `?page=&page_size=`, answered with the total and the page's items."""

from typing import Any

from django.conf import settings
from ninja import Field, Schema
from ninja.pagination import PaginationBase

from .paging import capped_count, count_limit
from .schemas import InputSchema


class PagePagination(PaginationBase):
    class Input(InputSchema):
        page: int = Field(1, ge=1, le=1_000_000)
        page_size: int = Field(
            settings.ACCORD_PAGE_SIZE, ge=1, le=settings.ACCORD_API_MAX_PAGE_SIZE
        )

    class Output(Schema):
        count: int = Field(
            description="How many items match, over all pages, counted no further than 1,000 "
            "items past the start of this page: a longer list answers that bound + 1."
        )
        page: int
        page_size: int
        items: list[Any]

    def paginate_queryset(self, queryset, pagination: Input, **params):
        offset = (pagination.page - 1) * pagination.page_size
        return {
            "count": capped_count(queryset, count_limit(offset)),
            "page": pagination.page,
            "page_size": pagination.page_size,
            "items": list(queryset[offset : offset + pagination.page_size]),
        }
