"""Public pages and iCalendar feeds: public events only, every occurrence listed with the
Asia/Tehran VTIMEZONE, all-day events as dates, conditional GETs; the private staff feed
behind a signed URL with the office's internal events and its checklist tasks."""

from __future__ import annotations

import datetime as dt
import itertools

from django.urls import reverse
from icalendar import Calendar

from ravabet.events import actions
from ravabet.events.access import feed_token
from ravabet.events.checklist import with_due_dates
from ravabet.events.models import Event, Kind, Rule
from ravabet.events.tests.conftest import journalist_day, make_event, working_day_after
from ravabet.lib import jalali


def parse(response) -> Calendar:  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def summaries(calendar: Calendar) -> list[str]:
    return [str(c["summary"]) for c in calendar.walk("VEVENT")]


def test_the_public_page_and_feed_show_public_events_only(client, rudsar, rudsar_head):
    make_event(rudsar, rudsar_head, title="نشست خبری عمومی")
    make_event(rudsar, rudsar_head, title="جلسه داخلی", public=False)
    make_event(rudsar, rudsar_head, title="ایده‌ای خام", status="idea")
    page = client.get("/m/rudsar/events/").content.decode()
    assert "نشست خبری عمومی" in page and "جلسه داخلی" not in page and "ایده‌ای خام" not in page
    calendar = parse(client.get("/m/rudsar/events.ics"))
    assert summaries(calendar) == ["نشست خبری عمومی"]


def test_timed_events_are_in_tehran_with_its_vtimezone(client, rudsar, rudsar_head):
    day = working_day_after(20)
    make_event(rudsar, rudsar_head, day=day, time=dt.time(10, 0))
    calendar = parse(client.get("/m/rudsar/events.ics"))
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Tehran"]
    (event,) = calendar.walk("VEVENT")
    start = event.decoded("dtstart")
    assert start.tzinfo is not None and str(start.tzinfo) == "Asia/Tehran"
    assert start.date() == day and start.hour == 10
    assert b"TZID=Asia/Tehran" in client.get("/m/rudsar/events.ics").content


def test_an_all_day_event_is_a_date_the_same_day_everywhere(client, rudsar, rudsar_head):
    day = working_day_after(20)
    make_event(rudsar, rudsar_head, day=day, time=None)
    (event,) = parse(client.get("/m/rudsar/events.ics")).walk("VEVENT")
    start, end = event.decoded("dtstart"), event.decoded("dtend")
    assert type(start) is dt.date and start == day
    assert end == day + dt.timedelta(days=1)
    assert f"DTSTART;VALUE=DATE:{day:%Y%m%d}".encode() in client.get("/m/rudsar/events.ics").content


def test_every_occurrence_of_a_jalali_rule_is_listed_without_an_rrule(client, rudsar, rudsar_head):
    first = working_day_after(10)
    event = Event(municipality=rudsar, kind=Kind.VISIT, title="بازدید ماهانه", is_public=True)
    event.set_days(first, first, dt.time(9), dt.time(10))
    actions.create_event(
        event, rudsar_head, repeat=Rule.MONTHLY_WEEKDAY, until=first + dt.timedelta(days=200)
    )
    body = client.get("/m/rudsar/events.ics")
    events = parse(body).walk("VEVENT")
    assert len(events) == Event.objects.count() >= 6
    assert b"RRULE" not in body.content
    assert len({str(e["uid"]) for e in events}) == len(events)


def test_the_network_feed_has_the_secretariats_public_events(client, east_gilan, lahijan_head):
    make_event(east_gilan, lahijan_head, kind=Kind.CEREMONY, title="مراسم روز روابط عمومی")
    assert summaries(parse(client.get("/n/east-gilan/events.ics"))) == ["مراسم روز روابط عمومی"]
    assert "مراسم روز روابط عمومی" in client.get("/n/east-gilan/events/").content.decode()
    assert client.get("/n/nowhere/events.ics").status_code == 404


def test_feeds_answer_conditional_gets(client, rudsar, rudsar_head):
    event = make_event(rudsar, rudsar_head)
    first = client.get("/m/rudsar/events.ics")
    etag, modified = first["ETag"], first["Last-Modified"]
    assert client.get("/m/rudsar/events.ics", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get("/m/rudsar/events.ics", HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    event.title = "نشست خبری (عنوان تازه)"
    event.save()
    again = client.get("/m/rudsar/events.ics", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 200 and again["ETag"] != etag


def test_the_staff_feed_has_internal_events_and_tasks_behind_a_signed_url(
    client, client_for, rudsar, rudsar_head
):
    make_event(rudsar, rudsar_head, title="جلسه داخلی", public=False)
    listing = client_for(rudsar_head).get("/office/m/rudsar/events/")
    url = listing.context["staff_feed"]
    assert url.startswith("http://testserver/events/feed/")
    calendar = parse(client.get(url.removeprefix("http://testserver")))
    names = summaries(calendar)
    assert "جلسه داخلی" in names
    tasks = [c for c in calendar.walk("VEVENT") if "TASK" in str(c.get("categories").to_ical())]
    assert len(tasks) == 5 and all(type(t.decoded("dtstart")) is dt.date for t in tasks)
    assert client.get("/events/feed/forged.ics").status_code == 404


def test_the_staff_feed_closes_when_the_person_leaves_the_office(client, rudsar, rudsar_reporter):
    token = feed_token(rudsar_reporter, rudsar)
    url = reverse("events:staff_feed", args=[token])
    assert client.get(url).status_code == 200
    rudsar_reporter.memberships.all().delete()
    assert client.get(url).status_code == 404


def test_the_jalali_day_in_the_feed_is_the_day_planned(client, rudsar, rudsar_head):
    day = journalist_day()
    make_event(rudsar, rudsar_head, day=day, time=None)
    body = client.get("/m/rudsar/events.ics").content
    assert f"DTSTART;VALUE=DATE:{day:%Y%m%d}".encode() in body
    assert jalali.to_jalali(day)[1:] == (5, 17)


def test_a_cached_staff_feed_follows_every_change_it_shows(
    client, rudsar, rudsar_head, django_assert_max_num_queries
):
    """The staff feed's body is kept under a version read in a few queries; a local day
    off, an owner's new name, a deleted event and a time passing each give a new one."""
    from ravabet.voice.models import Holiday

    event = make_event(rudsar, rudsar_head, title="نشست خبری")
    other = make_event(rudsar, rudsar_head, title="جلسه دوم", day=working_day_after(60))
    url = reverse("events:staff_feed", args=[feed_token(rudsar_head, rudsar)])

    def tasks_due() -> list[str]:
        calendar = parse(client.get(url))
        return sorted(
            str(c.decoded("dtstart")) + str(c.get("description", ""))
            for c in calendar.walk("VEVENT")
            if "TASK" in str(c.get("categories").to_ical())
        )

    first = client.get(url)
    etag = first["ETag"]
    with django_assert_max_num_queries(12):
        assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    before = tasks_due()
    # A local day off on a task's due date moves that task.
    counted = with_due_dates(list(event.tasks.select_related("event__municipality")))
    due = min(t.due for t in counted if t.due is not None)
    Holiday.objects.create(municipality=rudsar, date=due, name="روز شهر")
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200
    moved = tasks_due()
    assert moved != before
    etag = client.get(url)["ETag"]
    rudsar_head.first_name = "علیرضا"
    rudsar_head.save(update_fields=["first_name"])
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200
    assert any("علیرضا" in line for line in tasks_due())
    etag = client.get(url)["ETag"]
    other.delete()
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 200 and "جلسه دوم" not in summaries(parse(again))


def test_a_staff_feed_once_built_is_served_from_the_cache_as_built(
    client, rudsar, rudsar_head, django_assert_max_num_queries
):
    """Kept compressed, given back whole: the next reader gets the same bytes without a
    single event or task being read."""
    make_event(rudsar, rudsar_head, title="نشست خبری")
    url = reverse("events:staff_feed", args=[feed_token(rudsar_head, rudsar)])
    built = client.get(url)
    with django_assert_max_num_queries(12) as queries:
        kept = client.get(url)
    assert kept.status_code == 200 and kept.content == built.content
    assert "نشست خبری" in summaries(parse(kept))[0]
    assert not any('"events_task"."title"' in q["sql"] for q in queries.captured_queries)


def test_long_lines_fold_at_75_octets_between_characters():
    from ravabet.events.ics import fold

    for line in (
        "SUMMARY:" + "نشست خبری شهردار رودسر با اصحاب رسانه " * 4,
        "DESCRIPTION:" + "a" * 200,
        "LOCATION:" + "🎉é" * 40,
        "SUMMARY:کوتاه",
    ):
        folded = fold(line)
        parts = folded.split("\r\n ")
        assert "".join(parts) == line
        assert len(parts[0].encode()) <= 75 and all(len(p.encode()) <= 74 for p in parts[1:])
        # Greedy: no part could have taken the next character too.
        for index, (part, following) in enumerate(itertools.pairwise(parts)):
            room = 75 if index == 0 else 74
            assert len((part + following[0]).encode()) > room


def test_persian_text_is_escaped_and_folded_and_reads_back_whole(
    client, rudsar, rudsar_head, rudsar_reporter
):
    """ASCII commas, semicolons, backslashes and line breaks in Persian titles, places,
    descriptions, task titles and owners' names are escaped (RFC 5545 3.3.11), the Persian
    comma and semicolon are not, every line is folded to 75 octets between characters, and
    icalendar's parser gives the text back exactly, in the public and the staff feed."""
    title = "نشست خبری، شهردار; رودسر, اصحاب\\رسانه؛ " * 3
    place = "سالن اجتماعات شهرداری، طبقهٔ دوم; " * 3
    description = "دستور جلسه:\nیک، بودجه\r\nدو؛ پسماند\\پایان"
    event = make_event(rudsar, rudsar_head, title=title)
    event.place, event.description = place, description
    event.save()
    task = event.tasks.get(title="Prepare the press kit")
    task.title = "هماهنگی با فرمانداری, استانداری; و شورا"
    task.save()
    rudsar_reporter.first_name = "زهرا, بانو"
    rudsar_reporter.save()
    feed = reverse("events:staff_feed", args=[feed_token(rudsar_head, rudsar)])
    for url in ("/m/rudsar/events.ics", feed):
        body = client.get(url).content
        for line in body.split(b"\r\n"):
            assert len(line) <= 75
            line.decode()  # a fold never cuts a character in two
        unfolded = body.decode().replace("\r\n ", "")
        assert "SUMMARY:نشست خبری، شهردار\\; رودسر\\, اصحاب\\\\رسانه؛ " in unfolded
        assert "DESCRIPTION:دستور جلسه:\\nیک، بودجه\\nدو؛ پسماند\\\\پایان\r\n" in unfolded
        (shown,) = (
            c
            for c in parse(client.get(url)).walk("VEVENT")
            if c["uid"] == f"event-{event.uid}@ravabet"
        )
        assert (str(shown["summary"]), str(shown["location"])) == (title, place)
        assert str(shown["description"]) == description.replace("\r\n", "\n")
    tasks = {
        str(c["summary"]): str(c.get("description", ""))
        for c in parse(client.get(feed)).walk("VEVENT")
        if str(c["uid"]).startswith("event-task-")
    }
    assert tasks[f"☐ {task.title} — {title}"] == "زهرا, بانو صفری"


def test_a_staff_feed_rebuilt_after_a_change_is_one_cache_write(
    client, rudsar, rudsar_head, monkeypatch
):
    """On the database cache each write is a commit that waits for the disk: the rebuilt
    body replaces the feed's one entry, with nothing deleted or written beside it."""
    from django.core.cache import cache

    event = make_event(rudsar, rudsar_head, title="نشست خبری")
    url = reverse("events:staff_feed", args=[feed_token(rudsar_head, rudsar)])
    built = client.get(url)
    actions.set_task_done(event.tasks.order_by("pk")[0], True, rudsar_head)
    writes: list[str] = []

    def counting(name: str):  # type: ignore[no-untyped-def]
        original = getattr(cache, name)

        def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
            writes.append(name)
            return original(*args, **kwargs)

        return counted

    for name in ("set", "set_many", "add", "delete", "delete_many"):
        monkeypatch.setattr(cache, name, counting(name))
    rebuilt = client.get(url)
    assert rebuilt.status_code == 200 and rebuilt.content != built.content
    assert writes == ["set"]
    assert client.get(url).content == rebuilt.content
    assert writes == ["set"]
