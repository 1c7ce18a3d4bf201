"""Page-number pagination that never counts the table: a page reads one row more than it shows,
and that row only says whether a next page exists."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from django.db.models import Model, QuerySet
from ninja import Field, Schema

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
# Deep offsets cost as much as reading every row before them; nobody pages that far by hand.
MAX_PAGE = 10_000

Row = TypeVar("Row")
M = TypeVar("M", bound=Model)


class PageQuery(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE, description="Page number, from 1.")
    page_size: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE,
                           description=f"Rows per page, at most {MAX_PAGE_SIZE} (a larger "
                                       "value is refused with 422).")


class Page(Schema, Generic[Row]):
    items: list[Row]
    page: int
    page_size: int
    next: int | None = Field(description="The next page's number, or null on the last page.")


def paginate(queryset: QuerySet[M], query: PageQuery, row: Callable[[M], object]) -> dict:
    """One page of ``queryset`` in its order. The page's ids come first (from the index the
    order uses), then only those rows are read with their joins and prefetches."""
    start = (query.page - 1) * query.page_size
    ids = list(queryset.values_list("pk", flat=True)[start:start + query.page_size + 1])
    shown = ids[:query.page_size]
    rows = {obj.pk: obj for obj in queryset.filter(pk__in=shown)} if shown else {}
    return {"items": [row(rows[pk]) for pk in shown if pk in rows], "page": query.page,
            "page_size": query.page_size,
            "next": query.page + 1 if len(ids) > query.page_size else None}
