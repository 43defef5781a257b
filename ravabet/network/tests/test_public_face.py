"""The home page and a network's page: its news, feeds, search, the citizen's way in, its
public meetings; never a draft, an internal meeting or an unapproved resolution."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from ravabet.conftest import make_municipality
from ravabet.meetings import actions as meeting_actions
from ravabet.meetings.models import AgendaItem, AgendaStatus, Meeting, OwnerKind, Resolution
from ravabet.newsroom.tests.conftest import make_item, make_published

PAGES = ("/", "/n/east-gilan/")


def in_days(days: int) -> dt.datetime:
    return (timezone.localtime() + dt.timedelta(days=days)).replace(hour=10, minute=0)


def network_meeting(network, head, *, title, days, public=True):  # type: ignore[no-untyped-def]
    meeting = Meeting(
        network=network, title=title, starts_at=in_days(days), place="سالن", is_public=public
    )
    meeting = meeting_actions.plan_meeting(meeting, head)
    AgendaItem.objects.create(meeting=meeting, title=f"موضوع {title}", position=5)
    return meeting


def resolve(meeting, text):  # type: ignore[no-untyped-def]
    meeting_actions.create_resolution(
        Resolution(
            meeting=meeting,
            text=text,
            owner_kind=OwnerKind.SECRETARIAT,
            deadline=timezone.localdate() + dt.timedelta(days=30),
        )
    )


@pytest.fixture
def news(rudsar, rudsar_reporter, rudsar_head):  # type: ignore[no-untyped-def]
    published = make_published(rudsar, rudsar_reporter, rudsar_head, title="خبر منتشرشده رودسر")
    draft = make_item(rudsar, rudsar_reporter, title="پیش‌نویس محرمانه رودسر")
    return published, draft


@pytest.mark.parametrize("url", PAGES)
def test_the_page_shows_the_networks_latest_news_and_not_drafts(citizen, news, url):
    published, draft = news
    page = citizen.get(url).content.decode()
    assert published.title in page and f'href="{published.get_absolute_url()}"' in page
    assert draft.title not in page


@pytest.mark.parametrize("url", PAGES)
def test_the_page_links_the_newsroom_and_announces_its_feeds(citizen, east_gilan, url):
    page = citizen.get(url).content.decode()
    head = page.split("</head>")[0]
    assert re.search(
        r'<link rel="alternate" type="application/rss\+xml"[^>]*href="/n/east-gilan/news/rss/"',
        head,
    )
    assert re.search(
        r'<link rel="alternate" type="application/atom\+xml"[^>]*href="/n/east-gilan/news/atom/"',
        head,
    )
    assert 'href="/n/east-gilan/news/"' in page
    assert 'href="/n/east-gilan/press/"' in page


@pytest.mark.parametrize("url", PAGES)
def test_the_page_has_a_search_box_and_the_citizens_way_in(citizen, east_gilan, url):
    page = citizen.get(url).content.decode()
    assert 'action="/search/"' in page and 'name="q"' in page
    assert 'action="/find/"' in page and 'value="contact"' in page
    assert 'action="/track/"' in page and 'name="code"' in page


def test_the_network_pages_picker_offers_only_its_members(citizen, east_gilan):
    make_municipality("rasht", "رشت", "Rasht", "رشت")  # not a member
    page = citizen.get("/n/east-gilan/").content.decode()
    picker = page.split('id="contact-m"')[1].split("</select>")[0]
    assert set(re.findall(r'value="([a-z-]+)"', picker)) == {"lahijan", "rudsar", "kelachay"}


def test_the_home_pickers_suggestions_are_limited(citizen, east_gilan, settings):
    from ravabet.network import face

    for i in range(face.SUGGESTED + 5):
        east_gilan.members.add(make_municipality(f"t{i}", f"شهر {i}", f"Town {i}", "x"))
    page = citizen.get("/").content.decode()
    datalist = page.split('<datalist id="contact-suggestions">')[1].split("</datalist>")[0]
    assert datalist.count("<option") == face.SUGGESTED


@pytest.mark.parametrize(
    ("typed", "where"),
    [
        ("rudsar", "/m/rudsar/contact/"),
        ("رودسر", "/m/rudsar/contact/"),
        ("Rudsar", "/m/rudsar/contact/"),
        ("رودسر", "/m/rudsar/contact/"),
    ],
)
def test_a_chosen_or_typed_municipality_leads_to_its_contact_form(
    citizen, east_gilan, typed, where
):
    response = citizen.get("/find/", {"to": "contact", "m": typed})
    assert response.status_code == 302 and response["Location"] == where


def test_a_partial_name_offers_the_matches_and_an_unknown_one_says_so(citizen, east_gilan):
    make_municipality("rudbar", "رودبار", "Rudbar", "رودبار")
    page = citizen.get("/find/", {"to": "contact", "m": "رود"}).content.decode()
    assert 'href="/m/rudsar/contact/"' in page and 'href="/m/rudbar/contact/"' in page
    page = citizen.get("/find/", {"to": "contact", "m": "ناکجاآباد"}).content.decode()
    assert 'role="alert"' in page
    # An unknown destination is the municipality's page, never an open redirect.
    response = citizen.get("/find/", {"to": "https://evil.example", "m": "rudsar"})
    assert response["Location"] == "/m/rudsar/"


@pytest.mark.parametrize("url", PAGES)
def test_public_meetings_show_topics_and_only_approved_resolutions(
    citizen, east_gilan, lahijan_head, rudsar_head, url
):
    approved = network_meeting(east_gilan, lahijan_head, title="نشست تأییدشده", days=-20)
    meeting_actions.mark_held(approved, 0)
    resolve(approved, "مصوبه عمومی تأییدشده")
    meeting_actions.approve_minutes(approved, lahijan_head)
    held = network_meeting(east_gilan, lahijan_head, title="نشست برگزارشده", days=-3)
    meeting_actions.mark_held(held, 3)
    resolve(held, "مصوبه هنوز تأییدنشده")
    private = network_meeting(east_gilan, lahijan_head, title="نشست غیرعمومی", days=5, public=False)
    resolve(private, "مصوبه نشست غیرعمومی")
    own = Meeting(
        municipality=east_gilan.members.get(slug="rudsar"),
        title="جلسه داخلی دفتر",
        starts_at=in_days(4),
        place="دفتر",
        is_public=True,
    )
    meeting_actions.plan_meeting(own, rudsar_head)
    proposed = AgendaItem.objects.create(
        meeting=held, title="پیشنهاد ردشده", status=AgendaStatus.DECLINED
    )
    cancelled = network_meeting(east_gilan, lahijan_head, title="نشست لغوشده", days=8)
    meeting_actions.cancel_meeting(cancelled, "دلیل")

    page = citizen.get(url).content.decode()
    assert "نشست تأییدشده" in page and "موضوع نشست تأییدشده" in page
    assert "مصوبه عمومی تأییدشده" in page
    assert "نشست برگزارشده" in page and "موضوع نشست برگزارشده" in page
    for hidden in (
        "مصوبه هنوز تأییدنشده",
        "نشست غیرعمومی",
        "مصوبه نشست غیرعمومی",
        "جلسه داخلی دفتر",
        proposed.title,
        "نشست لغوشده",
    ):
        assert hidden not in page, hidden


def test_an_office_meeting_cannot_be_made_public(rudsar, rudsar_head):
    from ravabet.meetings.forms import MeetingForm

    assert "is_public" not in MeetingForm(instance=Meeting(municipality=rudsar)).fields


@pytest.mark.parametrize("url", PAGES)
def test_query_count_does_not_grow_with_rows(
    citizen,
    east_gilan,
    rudsar,
    rudsar_reporter,
    rudsar_head,
    lahijan_head,
    django_assert_max_num_queries,
    url,
):
    def add(n: int, start: int) -> None:
        for i in range(start, start + n):
            make_published(rudsar, rudsar_reporter, rudsar_head, title=f"خبر {i}")
            meeting = network_meeting(east_gilan, lahijan_head, title=f"نشست {i}", days=-30 - i)
            meeting_actions.mark_held(meeting, 0)
            resolve(meeting, f"مصوبه {i}")
            meeting_actions.approve_minutes(meeting, lahijan_head)
            east_gilan.members.add(make_municipality(f"town-{i}", f"شهر {i}", f"Town {i}", "x"))
            public_event(rudsar, rudsar_head, f"رویداد {i}")

    add(2, 0)
    citizen.get(url)
    with django_assert_max_num_queries(20) as few:
        citizen.get(url)
    counted = len(few.captured_queries)  # read now: the connection's log is a bounded deque
    add(6, 2)
    with django_assert_max_num_queries(counted):
        citizen.get(url)


def test_the_municipality_page_announces_its_feeds_and_links_its_press_room(citizen, rudsar):
    page = citizen.get("/m/rudsar/").content.decode()
    head = page.split("</head>")[0]
    assert 'type="application/rss+xml"' in head and 'href="/m/rudsar/news/rss/"' in head
    assert 'type="application/atom+xml"' in head
    assert 'href="/m/rudsar/press/"' in page


def test_every_header_link_goes_where_its_label_says(client_for, citizen, rudsar_head, east_gilan):
    page = citizen.get("/").content.decode()
    header = page.split('<header class="topbar">')[1].split("</header>")[0]
    links = {
        re.sub(r"\s+", " ", label).strip(): href
        for href, label in re.findall(r'<a[^>]*href="([^"]+)"[^>]*>([^<]+)</a>', header)
    }
    assert links == {
        "روابط": "/",
        "خانه": "/",
        "جستجو": "/search/",
        "تقویم": "/calendar/",
        "ورود": "/login/",
    }
    for href in links.values():
        assert citizen.get(href).status_code == 200
    staff = client_for(rudsar_head)
    header = staff.get("/").content.decode().split('<header class="topbar">')[1]
    header = header.split("</header>")[0]
    for href in re.findall(r'<a[^>]*href="([^"]+)"', header):
        assert staff.get(href).status_code in (200, 302), href


def public_event(place, user, title, *, is_public=True, days=10):  # type: ignore[no-untyped-def]
    from ravabet.events import actions as event_actions
    from ravabet.events.models import Event, Kind

    day = timezone.localdate() + dt.timedelta(days=days)
    event = Event(municipality=place, kind=Kind.CEREMONY, title=title, is_public=is_public)
    event.set_days(day, day)
    return event_actions.create_event(event, user) or event


@pytest.mark.parametrize("url", ["/", "/n/east-gilan/"])
def test_upcoming_public_events_of_the_network_and_its_members_show(
    citizen, east_gilan, rudsar, rudsar_head, url
):
    public_event(rudsar, rudsar_head, "آیین روز شهرداری رودسر")
    public_event(rudsar, rudsar_head, "جلسه داخلی برنامه‌ریزی", is_public=False)
    public_event(rudsar, rudsar_head, "آیین گذشته", days=-3)
    page = citizen.get(url).content.decode()
    block = page.split('data-testid="upcoming-events"')[1].split("</section>")[0]
    assert "آیین روز شهرداری رودسر" in block
    assert "جلسه داخلی" not in page  # internal events are never public
    assert "آیین گذشته" not in block  # only what is still to come
    assert 'href="/n/east-gilan/events/"' in block
