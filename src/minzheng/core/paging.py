"""One way to page a list, for every API list endpoint and every list page
(issue 8 item 8; before, some pages took an unbounded `page` and others an ad-hoc
`limit`, and a huge page number was a 500).

The decisions (docs/core.md, "API"):
- size: the API takes `page_size` from 1 to `MAX_PAGE_SIZE` (default 50); pages
  show a fixed number of rows;
- the API answers a page number past the last page with 422 naming `page` and
  saying how many pages there are: a program that reads page after page gets a
  clear stop instead of a different page than it asked for. Page 1 of an empty
  list is an empty page;
- a web page shows the last page for a page number past the end (and the first
  for one that is not a number): a person following an old link after rows were
  closed sees the end of the list rather than an error.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.functional import cached_property
from ninja import Field, Schema

from minzheng.core.audit import audit_search
from minzheng.core.models.search import SEARCH_COUNT_CAP as SEARCH_COUNT_CAP

MAX_PAGE_SIZE = 200
DEFAULT_PAGE_SIZE = 50
MAX_PAGE = 1_000_000  # a bound before any arithmetic; the real limit is the last page

M = TypeVar("M", bound=Model)


class PageQuery(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE, description="页码，从1开始")
    page_size: int = Field(
        DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description=f"每页条数，1至{MAX_PAGE_SIZE}"
    )


def page_slice(
    qs: QuerySet[M], query: PageQuery, *, cap: int | None = None
) -> tuple[int, list[M]]:
    """The number of rows in all and the rows of the asked page. With `cap`, rows are
    counted only up to `cap` + 1 (searches: docs/search.md) — a count above `cap` means
    "more than `cap`", and pages end there."""
    count = capped_count(qs, cap) if cap else qs.count()
    pages = max(1, math.ceil(count / query.page_size))
    if query.page > pages:
        raise ValidationError({"page": f"页码超出范围：共{pages}页（每页{query.page_size}条）"})
    start = (query.page - 1) * query.page_size
    return count, list(qs[start : start + query.page_size])


def audited_page_slice(
    qs: QuerySet[M],
    query: PageQuery,
    *,
    actor: Any,
    object_type: str,
    criteria: Mapping[str, object],
    cap: int | None = None,
    cut: bool = False,
) -> tuple[int, list[M]]:
    """`page_slice` of a list of personal data, with its one audit entry (issue 7 item 9):
    who, the criteria (masked), the page, its rows and the total (`cut`: at least that
    many — households of only the first people found by a member's name)."""
    count, rows = page_slice(qs, query, cap=cap)
    audit_search(
        actor=actor,
        object_type=object_type,
        criteria={**criteria, "每页条数": query.page_size},
        rows=len(rows),
        total=count,
        page=query.page,
        cap=cap,
        cut=cut,
    )
    return count, rows


def page_of(
    request: HttpRequest,
    rows: QuerySet[Any] | list[Any],
    per_page: int,
    *,
    cap: int | None = None,
    cut: bool = False,
) -> Page[Any]:
    """The page of a list page asked by `?page=` (past the end: the last page); with
    `cap`, a search page that counts at most `cap` + 1 rows (the pager then says
    "more than `cap`"); `cut`: the rows are known to be only some of the matches (the
    pager says "at least")."""
    paginator = (
        CappedPaginator(rows, per_page, cap=cap, cut=cut) if cap else Paginator(rows, per_page)
    )
    return paginator.get_page(request.GET.get("page"))


# A search of a 10 M city can match hundreds of thousands of people ("王"); counting
# them all costs more than finding the first page, and nobody pages that far. The
# constant lives with the search (core/models/search.py), which finds no more.


def capped_count(rows: Any, cap: int) -> int:
    """min(rows, cap + 1), reading at most cap + 1 rows."""
    if isinstance(rows, QuerySet):
        return rows.order_by()[: cap + 1].count()
    return min(len(rows), cap + 1)


class CappedPaginator(Paginator):
    def __init__(self, rows: Any, per_page: int, *, cap: int, cut: bool = False) -> None:
        super().__init__(rows, per_page)
        self.cap, self.cut = cap, cut

    @cached_property
    def count(self) -> int:
        return capped_count(self.object_list, self.cap)

    @property
    def capped(self) -> bool:
        """Whether there are more rows than counted."""
        return self.count > self.cap
