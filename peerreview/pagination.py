"""One way to page a list: GOV.UK pagination (numbered, with Previous and Next), keeping the
list's other query parameters (its filters) in every link."""

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, IntegerField, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest, QueryDict

TOTAL = "page_total_rows"  # the annotation each row of a paged queryset carries


@dataclass(frozen=True)
class PageLink:
    number: int | None  # None for the ellipsis between runs of numbers
    href: str = ""
    current: bool = False


def paginate(request: HttpRequest, items: Any, per_page: int) -> Page:
    """The page of ``items`` the request asks for (``?page=``; the last for a number past it, the
    first for anything else), with ``links``, ``previous_href`` and ``next_href`` for
    ``includes/pagination.html``. A queryset (not a union) is read in one query, however long:
    each row of the page carries the count of all, from a subquery the database runs once."""
    # A union cannot be annotated with its count: Django's paginator counts it, then reads the page.
    in_one_query = isinstance(items, QuerySet) and not items.query.combinator
    page = _page_of_queryset(items, per_page, request.GET.get("page")) if in_one_query else None
    if page is None:  # a list or a union, or past the end (an empty page is falsy: not ``or``)
        page = Paginator(items, per_page).get_page(request.GET.get("page"))
    query = choices_kept(request)
    prefix = f"?{query.urlencode()}&page=" if query else "?page="
    page.links = [  # type: ignore[attr-defined]
        PageLink(None)
        if number == Paginator.ELLIPSIS
        else PageLink(int(number), f"{prefix}{number}", number == page.number)
        for number in page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
    ]
    page.previous_href = f"{prefix}{page.previous_page_number()}" if page.has_previous() else ""  # type: ignore[attr-defined]
    page.next_href = f"{prefix}{page.next_page_number()}" if page.has_next() else ""  # type: ignore[attr-defined]
    return page


def choices_kept(request: HttpRequest) -> QueryDict:
    """The list's query parameters (its filters) less the page: what every link to another page
    of it, or to the same list with another choice, keeps."""
    query = request.GET.copy()
    query.pop("page", None)
    return query


def count_of(items: QuerySet[Any]) -> Coalesce:
    """How many rows ``items`` has, as a subquery that depends on no row, so the database runs it
    once: annotate a page's rows with it to count them all in the page's own query. Not a window
    over the rows: that would work out every row's annotations (a review's progress, say) before
    the page is cut, where this works out only the page's."""
    counted = items.order_by().annotate(page_one=Value(1)).values("page_one").annotate(n=Count("pk"))
    return Coalesce(Subquery(counted.values("n"), output_field=IntegerField()), 0)


def _page_of_queryset(items: QuerySet[Any], per_page: int, asked: str | None) -> Page | None:
    """The asked-for page in one query, or None for a number past the end, which Django's
    paginator then settles with a count (and the last page)."""
    number = int(asked) if asked and asked.isdigit() and int(asked) > 0 else 1
    start = (number - 1) * per_page
    rows = list(items.annotate(**{TOTAL: count_of(items)})[start : start + per_page])
    if not rows and number > 1:
        return None
    paginator = Paginator(items, per_page)
    paginator.count = getattr(rows[0], TOTAL) if rows else 0  # what it would have counted
    return Page(rows, number, paginator)
