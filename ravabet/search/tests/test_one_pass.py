"""Issue 13, part 3: a search matches once per page, whatever it finds, and the last word
typed matches the words it begins (a prefix index on SQLite, `:*` on PostgreSQL)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ravabet.search.facets import Scope
from ravabet.search.models import SearchEntry
from ravabet.search.query import Order, find

from .test_search import add_entries, dated_entries, result_items, titles


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("شهردا", ["شهرداری رودسر", "شهردار لاهیجان"]),
        ("شهرداری", ["شهرداری رودسر"]),
        ("Munic", ["Municipal budget", "The municipality park"]),
        ("municipa", ["Municipal budget", "The municipality park"]),
        ("MUNICIPALI", ["The municipality park"]),
    ],
)
@pytest.mark.parametrize("order", ["relevance", "newest"])
def test_the_last_word_typed_matches_the_words_it_begins(db, citizen, typed, found, order):
    dated_entries(
        [
            ("شهردار لاهیجان", "متن", 1),
            ("شهرداری رودسر", "متن", 3),
            ("شهر باران", "شهرستان", 4),
            ("The municipality park", "text", 5),
            ("Municipal budget", "text", 6),
            ("Community", "communal", 7),
        ]
    )
    assert titles(citizen, f"/search/?q={typed}&order={order}") == found


def test_a_prefix_runs_on_from_the_titles_into_the_texts(db, citizen):
    dated_entries(
        [
            ("گزارش جشنواره", "متن", 1),
            ("خبر تازه", "درباره جشنواره‌های تابستان", 9),
            ("Festival news", "the festivals of summer", 2),
            ("News", "a festival", 8),
        ]
    )
    assert titles(citizen, "/search/?q=جشنوا") == ["گزارش جشنواره", "خبر تازه"]
    assert titles(citizen, "/search/?q=festiv") == ["Festival news", "News"]
    # Before the prefix, whole words: «خبر» is a word here, so «جشنوا» must follow it.
    assert titles(citizen, "/search/?q=خبر جشنوا") == ["خبر تازه"]


def test_a_prefix_keeps_to_the_municipality_filter(db, citizen, lahijan, rudsar):
    add_entries(3, word="شهرداری", municipality=lahijan)
    add_entries(2, word="شهرداری", municipality=rudsar)

    def documents(town: str) -> list[str]:
        found = titles(citizen, f"/search/?q=شهردا&municipality={town}")
        return [title for title in found if title.startswith("سند")]

    assert len(documents("rudsar")) == 2
    assert len(documents("lahijan")) == 3


def search_queries(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    assert result_items(response.content.decode())
    return [q["sql"] for q in captured.captured_queries]


@pytest.mark.parametrize("order", ["relevance", "newest"])
def test_a_search_page_costs_the_same_queries_for_few_and_many_matches(db, citizen, order):
    add_entries(3, word="آرشیو")
    few = search_queries(citizen, f"/search/?q=آرشیو&order={order}")
    add_entries(150, word="آرشیو")
    SearchEntry.objects.filter(title_norm="سند 7").update(title_norm="سند آرشیو")
    many = search_queries(citizen, f"/search/?q=آرشیو&order={order}")
    later = search_queries(citizen, f"/search/?q=آرشیو&order={order}&page=3")
    assert len(few) == len(many) == len(later)
    # The words are matched in one statement: the count, the order and the page's ids.
    match = "MATCH" if connection.vendor == "sqlite" else "@@"
    assert len([sql for sql in many if match in sql]) == 1
    # The page's texts come with its rows: no query of their own for the excerpts.
    assert len([sql for sql in many if '"search_searchentry"."body"' in sql]) == 1


def test_the_count_and_the_order_come_from_one_walk(db):
    dated_entries(
        [(f"بندر {n}", "متن", n) for n in range(30)]
        + [(f"خبر {n}", "بندر", 40 + n) for n in range(30)]
    )
    with CaptureQueriesContext(connection) as captured:
        found = find(Scope.public(), "بندر", Order.RELEVANCE, cap=21)
        assert found.capped
        assert len(found) == 21
        first = [entry.title for entry in found[:25]]
    assert len(captured.captured_queries) == 2  # the walk, then the rows by id
    # Every title match before the rest, though the newest 22 matches are all in texts.
    assert first == [f"بندر {n}" for n in range(29, 8, -1)]


def test_a_page_past_the_titles_walked_is_still_in_order(db):
    dated_entries(
        [(f"بندر {n}", "متن", n) for n in range(30)]
        + [(f"خبر {n}", "بندر", 40 + n) for n in range(30)]
    )
    whole = [entry.title for entry in find(Scope.public(), "بندر", Order.RELEVANCE, cap=50)[:45]]
    assert whole == [f"بندر {n}" for n in range(29, -1, -1)] + [
        f"خبر {n}" for n in range(29, 14, -1)
    ]
    # The one walk ordered the first five; the page after them needs the other titles.
    found = find(Scope.public(), "بندر", Order.RELEVANCE, cap=50, ordered=5)
    with CaptureQueriesContext(connection) as captured:
        assert [entry.title for entry in found[:5]] == whole[:5]
    assert len(captured.captured_queries) == 2  # the walk, then the rows by id
    with CaptureQueriesContext(connection) as captured:
        assert [entry.title for entry in found[20:45]] == whole[20:45]
    assert len(captured.captured_queries) == 2  # the titles walked again, then the rows
    assert [entry.title for entry in found[5:10]] == whole[5:10]


def test_titles_all_walked_need_no_second_walk(db):
    dated_entries([(f"بندر {n}", "متن", n) for n in range(3)] + [("خبر", "بندر", 9)])
    found = find(Scope.public(), "بندر", Order.RELEVANCE, cap=50, ordered=5)
    with CaptureQueriesContext(connection) as captured:
        assert [entry.title for entry in found[:50]] == ["بندر 2", "بندر 1", "بندر 0", "خبر"]
    assert len(captured.captured_queries) == 2
