"""GOV.UK pagination of any list: one query a page for a queryset, however long (two for a
union); the filters kept in every link; a number past the end shows the last page."""

import pytest
from django.test import RequestFactory

from peerreview.accounts.models import Organisation
from peerreview.pagination import paginate

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisations():
    Organisation.objects.bulk_create(Organisation(name=f"Council {n:03}", key=f"c{n:03}") for n in range(95))
    return Organisation.objects.filter(name__startswith="Council").order_by("name")


def _page(rows, **query):
    return paginate(RequestFactory().get("/", query), rows, 10)


def test_a_page_of_a_queryset_is_one_query_however_long(organisations, django_assert_num_queries):
    with django_assert_num_queries(1):
        page = _page(organisations, page="3")
        names = [organisation.name for organisation in page]
    assert names == [f"Council {n:03}" for n in range(20, 30)]
    assert (page.paginator.count, page.paginator.num_pages) == (95, 10)
    with django_assert_num_queries(1):
        assert len(_page(organisations.filter(name__lt="Council 005"), page="1")) == 5


def test_the_links_keep_the_filters_and_elide_the_middle(organisations):
    page = _page(organisations, q="council", sort="name", page="5")
    numbers = [link.number for link in page.links]
    assert numbers == [1, None, 4, 5, 6, None, 10]
    (current,) = [link for link in page.links if link.current]
    assert current.href == "?q=council&sort=name&page=5"
    assert page.previous_href == "?q=council&sort=name&page=4"
    assert page.next_href == "?q=council&sort=name&page=6"
    assert _page(organisations).previous_href == ""


@pytest.mark.parametrize(("asked", "shown"), [("99", 10), ("0", 1), ("-2", 1), ("two", 1), ("", 1)])
def test_an_odd_page_number_shows_the_first_or_the_last(organisations, asked, shown):
    page = _page(organisations, page=asked)
    assert page.number == shown
    assert len(page) == (5 if shown == 10 else 10)


def test_an_empty_list_is_one_empty_page(db, django_assert_num_queries):
    with django_assert_num_queries(1):
        page = _page(Organisation.objects.filter(name="No such council"))
    assert (len(page), page.paginator.count, page.has_other_pages()) == (0, 0, False)


def test_a_python_list_is_paged_too():
    page = _page(list(range(25)), page="3")
    assert list(page) == [20, 21, 22, 23, 24]
    assert page.next_href == ""


def test_a_union_is_counted_then_read_a_page_at_a_time(organisations, django_assert_num_queries):
    names = organisations.order_by().values_list("name", flat=True)
    evens, odds = names.filter(key__regex=r"[02468]$"), names.filter(key__regex=r"[13579]$")
    with django_assert_num_queries(2):  # a union cannot carry its count: counted, then read
        page = _page(evens.union(odds, all=True).order_by("name"), page="10")
        shown = list(page)
    assert shown == [f"Council {n:03}" for n in range(90, 95)]
    assert (page.paginator.count, page.next_href) == (95, "")
