"""The search core end to end, on whichever database the suite runs (SQLite and PostgreSQL)."""

import pytest

from ravabet.network.actions import save_department, save_municipality
from ravabet.network.models import Department, Membership, Role
from ravabet.search.actions import index_object, rebuild_index, remove_object
from ravabet.search.models import Audience, SearchEntry
from ravabet.search.sources import Document, Source, register, unregister


@pytest.fixture
def described(lahijan, rudsar, east_gilan):
    lahijan.about = "در این شهر جشنواره چای هر سال در اردیبهشت ۱۴۰۵ برگزار می‌شود."
    save_municipality(lahijan)
    rudsar.about = "ساحل رودسر و کتابخانه‌های عمومی شهر."
    save_municipality(rudsar)
    save_department(Department(municipality=lahijan, name="امور کتابخانه‌ها"))
    return lahijan, rudsar


def titles(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    return [part.split("</strong>", 1)[0] for part in page.split("<strong>")[1:]]


@pytest.mark.parametrize(
    "query",
    [
        "کتابخانه‌ها",  # with ZWNJ
        "کتابخانهها",  # joined
        "کتابخانه ها",  # with a space
        "كتابخانه‌ها",  # Arabic kaf
        "کِتابخانه‌ها",  # with a diacritic
        "کتابـــخانه‌ها",  # with tatweel
    ],
)
def test_affix_spellings_find_the_same_records(citizen, described, query):
    found = titles(citizen, f"/search/?q={query}")
    assert any("امور کتابخانه‌ها" in t for t in found), found


@pytest.mark.parametrize("query", ["می‌شود", "میشود", "می شود", "مي شود", "مي‌شود"])
def test_verb_spellings_find_the_same_records(citizen, described, query):
    assert titles(citizen, f"/search/?q={query}") == ["لاهیجان"]


@pytest.mark.parametrize("query", ["۱۴۰۵", "1405", "١٤٠٥"])
def test_digits_in_any_script_match(citizen, described, query):
    assert titles(citizen, f"/search/?q={query}") == ["لاهیجان"]


def test_a_phrase_in_quotes_must_appear_in_order(citizen, described):
    assert titles(citizen, '/search/?q="جشنواره چای"') == ["لاهیجان"]
    assert titles(citizen, '/search/?q="چای جشنواره"') == []


def test_the_last_word_matches_as_a_prefix(citizen, described):
    assert titles(citizen, "/search/?q=جشنوا") == ["لاهیجان"]


def test_snippets_are_highlighted_and_escaped(citizen, described, lahijan):
    lahijan.about = "<script>alert(1)</script> جشنواره چای"
    save_municipality(lahijan)
    page = citizen.get("/search/?q=جشنواره").content.decode()
    assert "<mark>جشنواره</mark>" in page
    # SQLite's snippet keeps the tag as text (escaped); PostgreSQL's headline drops it.
    assert "<script>alert(1)</script>" not in page


def test_highlight_escapes_everything_but_its_own_marks():
    from ravabet.search.query import highlight

    raw = "\ue000چای\ue001 <img src=x onerror=alert(1)> & \ue000لاهیجان\ue001"
    assert highlight(raw) == (
        "<mark>چای</mark> &lt;img src=x onerror=alert(۱)&gt; &amp; <mark>لاهیجان</mark>"
    )


def test_snippet_digits_are_the_readers():
    from django.utils import translation

    from ravabet.search.query import highlight

    with translation.override("fa"):
        assert highlight("از ساعت \ue00016\ue001 تا 22") == "از ساعت <mark>۱۶</mark> تا ۲۲"
    with translation.override("en"):
        assert highlight("از ساعت ۱۶ تا 22") == "از ساعت 16 تا 22"


def test_filters_by_municipality_and_type(citizen, described):
    found = titles(citizen, "/search/?q=کتابخانه&municipality=rudsar")
    assert found == ["رودسر"]
    found = titles(citizen, "/search/?q=کتابخانه&kind=network.department")
    assert found == ["امور کتابخانه‌ها — لاهیجان"]


def test_a_bad_date_filter_gets_a_clear_message(citizen, described):
    page = citizen.get("/search/?q=چای&date_from=۱۴۰۵/۱۳/۴۰").content.decode()
    assert "ماه باید بین" in page


def test_edits_and_deletions_are_followed(citizen, described, rudsar):
    rudsar.about = "بندر و دریا"
    save_municipality(rudsar)
    assert titles(citizen, "/search/?q=ساحل") == []
    assert titles(citizen, "/search/?q=دریا") == ["رودسر"]
    remove_object(rudsar)
    assert titles(citizen, "/search/?q=دریا") == []


def test_rebuild_restores_every_registered_record(described):
    before = set(SearchEntry.objects.values_list("kind", "object_id"))
    SearchEntry.objects.all().delete()
    assert rebuild_index() == len(before)
    assert set(SearchEntry.objects.values_list("kind", "object_id")) == before
    assert SearchEntry.objects.count() == len(before)


def test_ranking_prefers_a_title_match(citizen, described, kelachay):
    kelachay.about = "نزدیک لاهیجان"
    save_municipality(kelachay)
    found = titles(citizen, "/search/?q=لاهیجان")
    assert found.index("لاهیجان") < found.index("کلاچای")


class MembershipSource(Source):
    """A private record kind for these tests: who works where."""

    kind = "test.membership"
    label = "membership"
    model = Membership

    def document(self, obj):
        audience = {
            Role.PR_HEAD: Audience.PR,
            Role.PR_STAFF: Audience.PR,
            Role.MANAGER: Audience.MUNICIPALITY,
        }.get(obj.role, Audience.NETWORK)
        return Document(
            title=f"محرمانه {obj.user.username} {obj.role}",
            body="محرمانه",
            url="/",
            audience=audience,
            municipality=obj.municipality,
            network=obj.network,
        )


@pytest.fixture
def private_records(lahijan_head, lahijan_manager, rudsar_head, rudsar_reporter, observer):
    register(MembershipSource)
    for membership in Membership.objects.all():
        index_object(membership)
    yield
    unregister(MembershipSource)


def found_private(client) -> set[str]:
    return {t.removeprefix("محرمانه ") for t in titles(client, "/office/search/?q=محرمانه")}


def test_nobody_sees_what_is_not_theirs(
    client_for,
    citizen,
    private_records,
    rudsar_reporter,
    rudsar_head,
    lahijan_head,
    lahijan_manager,
    observer,
):
    assert titles(citizen, "/search/?q=محرمانه") == []
    assert citizen.get("/office/search/?q=محرمانه").status_code == 302  # login first
    network_records = {"lahijan-head secretariat", "observer observer"}
    # Rudsar's PR office sees Rudsar's PR records and the network's, never Lahijan's.
    assert found_private(client_for(rudsar_reporter)) == {
        "rudsar-head pr_head",
        "rudsar-reporter pr_staff",
        *network_records,
    }
    assert found_private(client_for(lahijan_head)) == {
        "lahijan-head pr_head",
        "lahijan-manager manager",
        *network_records,
    }
    # A manager is municipal staff but not the PR office.
    assert found_private(client_for(lahijan_manager)) == {
        "lahijan-manager manager",
        *network_records,
    }
    assert found_private(client_for(observer)) == network_records


def test_public_search_never_shows_private_records_even_to_staff(
    client_for, private_records, lahijan_head
):
    assert titles(client_for(lahijan_head), "/search/?q=محرمانه") == []


def add_entries(count: int, *, word: str = "آرشیو", **fields) -> None:
    """`count` indexed entries mentioning `word`, straight into the search table."""
    from django.contrib.contenttypes.models import ContentType

    from ravabet.network.models import Municipality

    content_type = ContentType.objects.get_for_model(Municipality)
    start = SearchEntry.objects.count() + 10_000
    defaults = {"audience": Audience.PUBLIC, "kind": "network.municipality"}
    SearchEntry.objects.bulk_create(
        SearchEntry(
            content_type=content_type,
            object_id=start + n,
            title=f"سند {n}",
            title_norm=f"سند {n}",
            body_norm=f"متن شماره {n} از {word} شهر و چند واژه دیگر برای گزیده",
            url=f"/doc/{n}/",
            **(defaults | fields),
        )
        for n in range(count)
    )


def result_items(page: str) -> list[str]:
    return page.split('<li class="result">')[1:]


def test_every_result_of_a_page_has_its_highlighted_snippet(
    db, citizen, django_assert_max_num_queries
):
    add_entries(25)
    with django_assert_max_num_queries(6):
        first = citizen.get("/search/?q=آرشیو").content.decode()
    items = result_items(first)
    assert len(items) == 20
    assert all("<mark>آرشیو</mark>" in item for item in items)
    last = result_items(citizen.get("/search/?q=آرشیو&page=2").content.decode())
    assert len(last) == 5
    assert all("<mark>آرشیو</mark>" in item for item in last)


def test_the_count_stops_a_few_pages_ahead_and_the_pager_still_works(db, citizen):
    add_entries(1005)
    response = citizen.get("/search/?q=آرشیو")
    page = response.context["page"]
    assert page.paginator.capped
    assert page.paginator.num_pages == 5  # counted to a hundred, four pages ahead
    text = response.content.decode()
    assert "بیش از ۱۰۰ نتیجه" in text
    assert len(result_items(text)) == 20
    assert page.has_next()
    # Further on, the count follows, up to a thousand: page fifty is the last one.
    last = citizen.get("/search/?q=آرشیو&page=50")
    assert last.context["page"].number == 50
    assert last.context["page"].paginator.num_pages == 50
    assert not last.context["page"].has_next()
    assert "بیش از ۱۰۰۰ نتیجه" in last.content.decode()
    assert len(result_items(last.content.decode())) == 20
    assert "<mark>آرشیو</mark>" in result_items(last.content.decode())[-1]


def test_a_hundred_results_exactly_are_counted_not_capped(db, citizen):
    add_entries(100)
    response = citizen.get("/search/?q=آرشیو")
    assert not response.context["page"].paginator.capped
    assert response.context["page"].paginator.count == 100
    assert "۱۰۰ نتیجه" in response.content.decode()


def test_hidden_matches_never_take_a_place_on_the_page(citizen, rudsar):
    # The private entries rank higher (the word is in their title), yet the public page
    # is full of public entries: visibility applies before the page is cut.
    add_entries(25, word="آرشیو")
    add_entries(30, word="آرشیو آرشیو", audience=Audience.PR, municipality=rudsar)
    SearchEntry.objects.filter(audience=Audience.PR).update(title_norm="آرشیو محرمانه")
    response = citizen.get("/search/?q=آرشیو")
    assert response.context["page"].paginator.count == 25
    found = titles(citizen, "/search/?q=آرشیو")
    assert len(found) == 20
    assert all(t.startswith("سند") for t in found)


def dated_entries(titles_and_days: list[tuple[str, str, int]]) -> None:
    """Entries with a title, a body and a date `days` after 1 Farvardin 1405."""
    from datetime import UTC, datetime, timedelta

    from django.contrib.contenttypes.models import ContentType

    from ravabet.network.models import Municipality

    content_type = ContentType.objects.get_for_model(Municipality)
    start = datetime(2026, 3, 21, 8, 30, tzinfo=UTC)
    SearchEntry.objects.bulk_create(
        SearchEntry(
            content_type=content_type,
            object_id=50_000 + n,
            kind="network.municipality",
            audience=Audience.PUBLIC,
            title=title,
            title_norm=title,
            body_norm=body,
            url=f"/doc/{n}/",
            date=start + timedelta(days=days),
        )
        for n, (title, body, days) in enumerate(titles_and_days)
    )


def test_most_relevant_is_title_matches_first_each_newest_first(db, citizen):
    dated_entries(
        [
            ("خبر قدیمی بازار", "بازار ماهی", 1),
            ("بازار ماهی رودسر", "متن", 2),
            ("خبر تازه", "در بازار ماهی", 9),
            ("بازار ماهی تازه", "متن", 5),
            ("ماهی", "بازار", 7),  # one word in the title is not every word
        ]
    )
    assert titles(citizen, "/search/?q=بازار ماهی") == [
        "بازار ماهی تازه",
        "بازار ماهی رودسر",
        "خبر تازه",
        "ماهی",
        "خبر قدیمی بازار",
    ]
    assert titles(citizen, "/search/?q=بازار ماهی&order=newest") == [
        "خبر تازه",
        "ماهی",
        "بازار ماهی تازه",
        "بازار ماهی رودسر",
        "خبر قدیمی بازار",
    ]


def test_pages_run_on_from_the_title_matches_into_the_rest(db, citizen):
    dated_entries(
        [(f"گزارش {n} بندر", "متن", n) for n in range(25)]
        + [(f"خبر {n}", "درباره بندر", 100 + n) for n in range(30)]
    )
    first = titles(citizen, "/search/?q=بندر")
    second = titles(citizen, "/search/?q=بندر&page=2")
    third = titles(citizen, "/search/?q=بندر&page=3")
    assert first == [f"گزارش {n} بندر" for n in range(24, 4, -1)]
    assert second == [f"گزارش {n} بندر" for n in range(4, -1, -1)] + [
        f"خبر {n}" for n in range(29, 14, -1)
    ]
    assert third == [f"خبر {n}" for n in range(14, -1, -1)]
    assert citizen.get("/search/?q=بندر").context["page"].paginator.count == 55


def test_a_short_last_word_is_a_word_not_a_prefix(db, citizen):
    dated_entries([("شهرداری لاهیجان", "متن", 1), ("شهر باران", "متن", 2)])
    assert titles(citizen, "/search/?q=شهر") == ["شهر باران"]
    assert titles(citizen, "/search/?q=شهرد") == ["شهرداری لاهیجان"]


def test_the_date_range_keeps_its_edges_to_the_second(db, citizen):
    from datetime import UTC, datetime

    from django.contrib.contenttypes.models import ContentType

    from ravabet.network.models import Municipality

    content_type = ContentType.objects.get_for_model(Municipality)
    # 1405/01/10 begins in Tehran at 1405/01/09 20:30 UTC; both entries share a minute.
    for n, second in enumerate([59, 1]):
        minute = 29 if second == 59 else 30
        SearchEntry.objects.create(
            content_type=content_type,
            object_id=60_000 + n,
            kind="network.municipality",
            audience=Audience.PUBLIC,
            title=f"مرز {n}",
            title_norm="مرز",
            body_norm="مرز",
            url="/",
            date=datetime(2026, 3, 29, 20, minute, second, tzinfo=UTC),
        )
    assert titles(citizen, "/search/?q=مرز&date_from=۱۴۰۵/۰۱/۱۰") == ["مرز 1"]
    assert titles(citizen, "/search/?q=مرز&date_to=۱۴۰۵/۰۱/۰۹") == ["مرز 0"]


def test_an_unknown_order_gets_a_clear_message(db, citizen):
    page = citizen.get("/search/?q=چای&order=random").content.decode()
    assert "یک گزینهٔ معتبر انتخاب کنید" in page or "Select a valid choice" in page


@pytest.mark.parametrize(
    ("text", "fts5"),
    [
        ('"شهرداری"', '"شهرداری"'),  # a quoted word is a word, not a prefix
        ('بندر "ماهی تازه"', '"بندر" "ماهی تازه"'),  # the last thing typed was quoted
        ('"ماهی تازه" بندرگاه', '"ماهی تازه" "بندرگاه"*'),
        ('بندرگاه "ماهی', '"بندرگاه" "ماهی"*'),  # an unclosed quote: words
    ],
)
def test_only_a_last_bare_word_is_a_prefix(text, fts5):
    from ravabet.search.query import ParsedQuery

    assert ParsedQuery.parse(text).fts5() == fts5


@pytest.mark.parametrize("query", ["½", "²", "qxapublic", "QXapu", "qxm1", "qxnothing"])
def test_what_the_index_cannot_read_or_keeps_for_itself_finds_nothing(
    db, citizen, described, query
):
    """Symbols one database's parser drops, and the index's own facet words."""
    assert titles(citizen, f"/search/?q={query}&municipality=lahijan") == []
    assert titles(citizen, f"/search/?q={query}") == []
