import pytest

from ravabet.lib.paging import LookaheadPaginator, page_number


@pytest.mark.parametrize(
    ("asked", "number"),
    [(None, 1), ("3", 3), ("x", 1), ("-2", 1), (7, 7), ("768614336404564651", 100_000)],
)
def test_the_page_asked_for_is_read_leniently(asked, number):
    assert page_number(asked) == number


def test_counting_stops_a_few_pages_ahead_and_follows_the_reader():
    rows = list(range(1000))
    first = LookaheadPaginator(rows, 10, asked=1)
    assert (first.count, first.num_pages, first.capped) == (50, 5, True)
    assert first.get_page(1).has_next()
    tenth = LookaheadPaginator(rows, 10, asked=10)
    assert (tenth.count, tenth.capped) == (140, True)
    assert list(tenth.get_page(10).object_list) == list(range(90, 100))
    last = LookaheadPaginator(rows, 10, asked=100)
    assert (last.count, last.num_pages, last.capped) == (1000, 100, False)
    assert not last.get_page(100).has_next()


def test_a_short_list_is_counted_exactly():
    few = LookaheadPaginator(list(range(12)), 10, asked=1)
    assert (few.count, few.num_pages, few.capped) == (12, 2, False)


def test_a_queryset_is_counted_through_a_slice(db, django_assert_num_queries, lahijan, rudsar):
    from ravabet.network.models import Municipality

    paginator = LookaheadPaginator(Municipality.objects.order_by("name"), 1, asked=1, ahead=0)
    with django_assert_num_queries(1) as captured:
        assert (paginator.count, paginator.capped) == (1, True)
    assert "LIMIT 2" in captured.captured_queries[0]["sql"]
