"""The occasions calendar through the test client: month, list and year, public and office."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ravabet.lib import jalali
from ravabet.officialcalendar.models import Correction
from ravabet.officialcalendar.official import OfficialCalendar
from ravabet.voice.models import Holiday

pytestmark = pytest.mark.django_db


def month_url(year: int, month: int, slug: str | None = None) -> str:
    if slug:
        return reverse("officialcalendar:office-month", args=[slug, year, month])
    return reverse("officialcalendar:month", args=[year, month])


def cell(html: str, day: dt.date) -> str:
    """The grid's cell of ``day``."""
    match = re.search(rf'<td class="([^"]*)" data-date="{day.isoformat()}".*?</td>', html, re.S)
    assert match, f"no cell for {day}"
    return match.group(0)


def test_the_public_month_is_a_saturday_first_grid_in_persian_digits(client) -> None:  # type: ignore[no-untyped-def]
    html = client.get(month_url(1405, 5)).content.decode()
    assert "مرداد ۱۴۰۵" in html
    headers = re.findall(r'<th scope="col"[^>]*>([^<]+)</th>', html)
    assert headers[0] == "شنبه" and headers[-1] == "جمعه"
    # 1 Mordad 1405 is a Thursday: five empty cells before it; the 2nd is a shaded Friday.
    first = jalali.from_jalali(1405, 5, 1)
    assert first.weekday() == 3
    assert re.search(r'<tr>\s*(<td class="occ-cell empty"></td>\s*){5}<td class="occ-cell', html)
    assert "friday" in cell(html, first + dt.timedelta(days=1)).split('"')[1]
    assert "friday" not in cell(html, first).split('"')[1]
    journalist = cell(html, jalali.from_jalali(1405, 5, 17))
    assert "pr" in journalist.split('"')[1].split() and "روز خبرنگار" in journalist
    assert ">۱۷<" in journalist
    # Arbaeen is a holiday; past the lunar table it is an estimate, and the page says so.
    arbaeen = cell(html, jalali.from_jalali(1405, 5, 13))
    assert "holiday" in arbaeen.split('"')[1] and "mourning" in arbaeen.split('"')[1]
    assert 'data-testid="estimate-notice"' in html
    # The list below the grid carries every occasion with its badges; no "plan for it" here.
    assert 'id="d-2026-08-08"' in html and 'data-testid="plan-for-it"' not in html
    assert f'href="{month_url(1405, 6)}"' in html and f'href="{month_url(1405, 4)}"' in html


def test_today_is_marked_on_this_months_page(client) -> None:  # type: ignore[no-untyped-def]
    html = client.get(reverse("officialcalendar:today")).content.decode()
    today = timezone.localdate()
    assert 'aria-current="date"' in cell(html, today)
    _year, month, _day = jalali.to_jalali(today)
    assert jalali.month_name(month, "fa") in html


def test_the_english_page_is_ltr_with_latin_digits_and_transliterated_months(client) -> None:  # type: ignore[no-untyped-def]
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(month_url(1405, 5)).content.decode()
    assert 'dir="ltr"' in html and "Mordad 1405" in html
    headers = re.findall(r'<th scope="col"[^>]*>([^<]+)</th>', html)
    assert headers[0] == "Saturday" and headers[-1] == "Friday"
    assert ">17<" in cell(html, jalali.from_jalali(1405, 5, 17))
    assert "۱۴۰۵" not in re.sub(r'<span class="occ-(cell-)?title.*?</span>', "", html, flags=re.S)


def test_the_list_and_the_year(client) -> None:  # type: ignore[no-untyped-def]
    listing = client.get(reverse("officialcalendar:list", args=[1405, 2])).content.decode()
    assert 'data-testid="occasion-list"' in listing and "روز ارتباطات و روابط عمومی" in listing
    assert 'data-testid="month-grid"' not in listing
    year = client.get(reverse("officialcalendar:year", args=[1405])).content.decode()
    assert year.count('class="occ-mini"') == 12
    for name in jalali.MONTHS_FA:
        assert name in year
    assert "holiday" in year and "friday" in year


def test_any_year_is_shown_and_far_years_are_estimates(client) -> None:  # type: ignore[no-untyped-def]
    html = client.get(month_url(1430, 1)).content.decode()
    assert "estimate-notice" not in html or "≈" in html
    muharram = client.get(month_url(1430, 4)).content.decode()
    assert "≈" in muharram and 'data-testid="estimate-notice"' in muharram
    old = client.get(month_url(1330, 6)).content.decode()  # inside the published table
    assert "estimate-notice" not in old


@pytest.mark.parametrize(
    "url",
    [
        "/calendar/1405/13/",
        "/calendar/1405/0/",
        "/calendar/99999/1/",
        "/calendar/1100/",
        "/calendar/1405/1/list/x",
    ],
)
def test_months_that_do_not_exist_are_a_404(client, url) -> None:  # type: ignore[no-untyped-def]
    assert client.get(url).status_code == 404


def test_the_office_calendar_needs_a_login_and_is_the_offices_own(
    client, client_for, lahijan_head, rudsar
) -> None:  # type: ignore[no-untyped-def]
    url = month_url(1405, 5, "rudsar")
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    for path in (
        url,
        reverse("officialcalendar:office-today", args=["rudsar"]),
        reverse("officialcalendar:office-list", args=["rudsar", 1405, 5]),
        reverse("officialcalendar:office-year", args=["rudsar", 1405]),
    ):
        assert client_for(lahijan_head).get(path).status_code == 404, path
    assert client_for(lahijan_head).get(month_url(1405, 5, "nowhere")).status_code == 404


def test_the_office_sees_its_local_days_off_and_its_networks_corrections(
    client_for, rudsar_head, east_gilan, rudsar, lahijan_head
) -> None:  # type: ignore[no-untyped-def]
    local = jalali.from_jalali(1405, 5, 20)
    Holiday.objects.create(municipality=rudsar, date=local, name="سالروز آزادسازی رودسر")
    closed = jalali.from_jalali(1405, 5, 24)
    Correction.objects.create(
        kind="closure", network=east_gilan, date=closed, title="آلودگی هوا", reason="استانداری"
    )
    html = client_for(rudsar_head).get(month_url(1405, 5, "rudsar")).content.decode()
    assert "holiday" in cell(html, local).split('"')[1] and "سالروز آزادسازی رودسر" in html
    assert "holiday" in cell(html, closed).split('"')[1] and "آلودگی هوا" in html
    assert reverse("officialcalendar:corrections", args=["east-gilan"]) in html
    assert reverse("officialcalendar:network-feed", args=["east-gilan"]) in html
    # The public calendar knows neither.
    public = client_for(rudsar_head).get(month_url(1405, 5)).content.decode()
    assert "سالروز آزادسازی رودسر" not in public and "آلودگی هوا" not in public


def test_a_correction_moves_the_month_view_at_once(
    client_for, lahijan_head, rudsar_head, east_gilan
) -> None:  # type: ignore[no-untyped-def]
    calendar = OfficialCalendar.for_network(east_gilan)
    index = calendar.lunar.index_of(timezone.localdate()) + 1
    lunar = calendar.lunar.month(index)
    occasion = next(
        o
        for o in calendar.occasions(lunar.start, lunar.end)
        if o.hijri and o.hijri[2] < 28 and o.hijri[:2] == (lunar.year, lunar.month)
    )
    moved = occasion.date + dt.timedelta(days=1)
    response = client_for(lahijan_head).post(
        reverse("officialcalendar:lunar-add", args=["east-gilan"]),
        {
            "month": str(index),
            "began_on": jalali.format_numeric(lunar.start + dt.timedelta(days=1)),
            "reason": "رؤیت نشدن هلال",
        },
    )
    assert response.status_code == 302
    year, month, _day = jalali.to_jalali(moved)
    html = client_for(rudsar_head).get(month_url(year, month, "rudsar")).content.decode()
    assert occasion.title in cell(html, moved)
    before_year, before_month, _d = jalali.to_jalali(occasion.date)
    before = client_for(rudsar_head).get(month_url(before_year, before_month, "rudsar"))
    assert occasion.title not in cell(before.content.decode(), occasion.date)


def test_plan_for_it_is_absent_without_the_events_app(client_for, rudsar_head, settings) -> None:  # type: ignore[no-untyped-def]
    settings.ROOT_URLCONF = "ravabet.officialcalendar.tests.urls_without_events"
    html = client_for(rudsar_head).get(month_url(1405, 5, "rudsar")).content.decode()
    assert "روز خبرنگار" in html and 'data-testid="plan-for-it"' not in html


def test_plan_for_it_starts_an_event_on_the_occasions_date(
    client_for, rudsar_head, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.ROOT_URLCONF = "ravabet.officialcalendar.tests.urls_with_events"
    client = client_for(rudsar_head)
    html = client.get(month_url(1405, 5, "rudsar")).content.decode()
    links = re.findall(r'<a class="button small" href="([^"]+)" data-testid="plan-for-it"', html)
    assert links
    journalist = next(link for link in links if "2026-08-08" in link)
    from html import unescape
    from urllib.parse import parse_qs, urlsplit

    target = urlsplit(unescape(journalist))
    assert target.path == "/office/m/rudsar/events/new/"
    assert parse_qs(target.query) == {"date": ["2026-08-08"], "occasion": ["روز خبرنگار"]}
    assert client.get(unescape(journalist)).content.decode() == "rudsar 2026-08-08 روز خبرنگار"


def _office_month_queries(client, n: int, east_gilan, rudsar) -> int:  # type: ignore[no-untyped-def]
    start = jalali.from_jalali(1405, 5, 1)
    have = Holiday.objects.filter(municipality=rudsar).count()
    Holiday.objects.bulk_create(
        Holiday(municipality=rudsar, date=start + dt.timedelta(days=i), name=f"محلی {i}")
        for i in range(have, n)
    )
    have = Correction.objects.count()
    Correction.objects.bulk_create(
        Correction(
            kind="closure",
            network=east_gilan,
            date=start + dt.timedelta(days=i),
            title=f"تعطیلی {i}",
            reason="آزمون",
        )
        for i in range(have, n)
    )
    with CaptureQueriesContext(connection) as queries:
        response = client.get(month_url(1405, 5, "rudsar"))
    assert response.status_code == 200
    assert response.content.decode().count("محلی") >= n
    return len(queries)


def test_the_office_months_queries_do_not_grow_with_corrections_and_days_off(
    client_for, rudsar_head, east_gilan, rudsar
) -> None:  # type: ignore[no-untyped-def]
    client = client_for(rudsar_head)
    assert _office_month_queries(client, 8, east_gilan, rudsar) == _office_month_queries(
        client, 24, east_gilan, rudsar
    )
    year = reverse("officialcalendar:office-year", args=["rudsar", 1405])
    with CaptureQueriesContext(connection) as queries:
        assert client.get(year).status_code == 200
    # 9 with the crisis bar every office page carries (open incidents: one query).
    assert len(queries) <= 9
