"""The index's facet words and keys, as the database computes them, agree with Python's."""

from datetime import UTC, datetime

import pytest
from django.db import connection

from ravabet.search.facets import (
    Scope,
    audience_word,
    fts_key,
    kind_word,
    municipality_word,
    network_word,
)
from ravabet.search.models import Audience, SearchEntry


@pytest.fixture
def entries(lahijan, east_gilan):
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_model(SearchEntry)
    made = []
    last_moment = datetime(2026, 3, 21, 8, 30, 59, 999_999, tzinfo=UTC)
    last_century = datetime(1969, 12, 31, 23, 59, 30, tzinfo=UTC)
    for n, (kind, audience, municipality, network, date) in enumerate(
        [
            ("newsroom.item", Audience.PUBLIC, lahijan, None, last_moment),
            ("meetings.resolution", Audience.NETWORK, None, east_gilan, last_century),
            ("test_kind-x", Audience.PR, lahijan, None, None),
        ]
    ):
        made.append(
            SearchEntry.objects.create(
                content_type=content_type,
                object_id=n,
                kind=kind,
                audience=audience,
                municipality=municipality,
                network=network,
                title="واژه",
                title_norm="واژه",
                body_norm="واژه",
                url="/",
                date=date,
            )
        )
    return made


def words_of(entry: SearchEntry) -> list[str]:
    return [
        audience_word(entry.audience),
        kind_word(entry.kind),
        municipality_word(entry.municipality_id),
        network_word(entry.network_id),
    ]


def test_the_database_writes_the_facets_and_keys_python_expects(entries):
    for entry in entries:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                for word in words_of(entry):
                    cursor.execute(
                        "SELECT search_vector @@ to_tsquery('simple', %s) "
                        "FROM search_searchentry WHERE id = %s",
                        [word, entry.pk],
                    )
                    assert cursor.fetchone() == (True,), word
            else:
                cursor.execute(
                    "SELECT fts_key, facets FROM search_searchentry WHERE id = %s", [entry.pk]
                )
                key, facets = cursor.fetchone()
                assert key == fts_key(entry.date, entry.pk)
                assert facets.split() == words_of(entry)


def test_each_facet_word_is_one_token_of_the_index(entries):
    """Each word must come out of the tokenizer whole, or the index could not match it."""
    for entry in entries:
        for word in words_of(entry):
            having = {e.pk for e in entries if word in words_of(e)}
            assert set(_index_matches(word)) == having, word


def test_a_scope_narrows_in_the_index_as_in_sql(entries):
    newsroom, _resolution, odd = entries
    scope = Scope.public().narrowed(municipalities=frozenset([odd.municipality_id]))
    assert set(_index_matches(*scope.tsquery(), fts5=scope.fts5())) == {newsroom.pk, odd.pk}
    scope = scope.narrowed(kind="test_kind-x")
    assert set(_index_matches(*scope.tsquery(), fts5=scope.fts5())) == {odd.pk}
    assert set(SearchEntry.objects.filter(scope.q())) == set()  # odd is not public


def _index_matches(*words: str, fts5: list[str] | None = None) -> list[int]:
    """The entries the index alone finds for the word and the facet words (no SQL)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT id FROM search_searchentry WHERE search_vector @@ to_tsquery('simple', %s)",
                [" & ".join(["'واژه'", *words])],
            )
        else:
            terms = fts5 if fts5 is not None else ["{facets} : " + w for w in words]
            cursor.execute(
                "SELECT e.id FROM search_fts JOIN search_searchentry e "
                "ON e.fts_key = search_fts.rowid WHERE search_fts MATCH %s",
                [" AND ".join(['"واژه"', *terms])],
            )
        return [row[0] for row in cursor.fetchall()]


def test_dates_order_the_keys():
    earlier = datetime(2026, 3, 21, 8, 30, tzinfo=UTC)
    later = datetime(2026, 3, 21, 8, 31, tzinfo=UTC)
    assert fts_key(earlier, 4_000_000) < fts_key(later, 1)
    assert fts_key(None, 7) == 7
    assert fts_key(datetime(1969, 3, 21, tzinfo=UTC), 7) == 7  # before 1970: minute 0
