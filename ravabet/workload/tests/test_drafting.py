from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone, translation

from ravabet.events.models import Coverage, CoverageRole, Event
from ravabet.events.models import Kind as EventKind
from ravabet.events.models import Status as EventStatus
from ravabet.media.models import Distribution
from ravabet.meetings.models import Attendance, Invitation, Meeting
from ravabet.voice.actions import Submission, ensure_categories, submit_message
from ravabet.voice.models import Event as VoiceEvent
from ravabet.workload import actions, sources
from ravabet.workload.models import Entry, Kind, Place, Source
from ravabet.workload.tests.conftest import at, weekday_in

pytestmark = pytest.mark.django_db


def test_a_month_is_drafted_from_the_news_written_and_the_event_covered(
    month, written, covered
) -> None:
    done = actions.draft_month(month)
    assert (done.added, done.updated, done.kept) == (2, 0, 0)
    news = month.entries.get(kind=Kind.NEWS)
    # Two saves half an hour apart: one sitting, from half an hour before the first.
    first = written.revisions.order_by("number").first()
    assert news.starts_at == first.created_at - dt.timedelta(minutes=sources.NEWS_MINUTES)
    assert news.hours == pytest.approx(1.0)
    assert news.source == Source.NEWSROOM and news.place == Place.OFFICE
    assert news.source_url == f"/office/news/{written.pk}/" or str(written.pk) in news.source_url
    assert "لایروبی" in news.title
    event = month.entries.get(kind=Kind.COVERAGE)
    assert (event.starts_at, event.ends_at) == (covered.starts_at, covered.ends_at)
    assert event.place == Place.FIELD and event.source_url == covered.get_absolute_url()


def test_drafting_again_does_not_duplicate_and_keeps_what_the_person_corrected(
    month, written, covered
) -> None:
    actions.draft_month(month)
    coverage = month.entries.get(kind=Kind.COVERAGE)
    coverage.ends_at = coverage.ends_at + dt.timedelta(hours=1)  # they stayed to write it up
    actions.save_entry(month, coverage)
    news = month.entries.get(kind=Kind.NEWS)
    actions.dismiss_entry(news)
    again = actions.draft_month(month)
    assert (again.added, again.updated, again.kept) == (0, 0, 2)
    assert month.entries.count() == 2
    coverage.refresh_from_db()
    assert coverage.corrected and coverage.ends_at == covered.ends_at + dt.timedelta(hours=1)
    assert month.entries.get(kind=Kind.NEWS).dismissed  # not brought back


def test_a_drafted_entry_follows_its_record_until_corrected(month, covered) -> None:
    actions.draft_month(month)
    covered.ends_at += dt.timedelta(minutes=30)
    covered.save(update_fields=["ends_at"])
    assert actions.draft_month(month).updated == 1
    assert month.entries.get().ends_at == covered.ends_at


def test_a_confirmed_month_is_not_drafted_again(month, written) -> None:
    actions.draft_month(month)
    actions.confirm_month(month)
    with translation.override("en"), pytest.raises(actions.WorkloadError, match="confirmed"):
        actions.draft_month(month)
    assert month.entries.count() == 1


def test_an_event_called_off_or_still_to_come_is_not_drafted(
    rudsar, rudsar_head, rudsar_reporter, last_month, covered
) -> None:
    covered.status, covered.status_reason = EventStatus.CANCELLED, "باران"
    covered.save(update_fields=["status", "status_reason"])
    this_year, this_month = actions.this_month()
    month = actions.open_month(rudsar_reporter, rudsar, this_year, this_month)
    soon = Event(
        municipality=rudsar,
        kind=EventKind.VISIT,
        title="بازدید",
        status=EventStatus.PLANNED,
        created_by=rudsar_head,
    )
    later = timezone.now() + dt.timedelta(hours=2)
    soon.starts_at, soon.ends_at = later, later + dt.timedelta(hours=1)
    soon.start_date = soon.end_date = later.date()
    soon.save()
    Coverage.objects.create(event=soon, role=CoverageRole.VIDEO, user=rudsar_reporter)
    done = actions.draft_month(month)
    assert done.added == 0
    if soon.starts_at < month.bounds()[1]:
        assert done.future == 1
    last = actions.open_month(rudsar_reporter, rudsar, *last_month)
    assert actions.draft_month(last).added == 0  # the cancelled one


def test_meetings_citizens_messages_and_press_work_are_drafted(
    rudsar, rudsar_reporter, east_gilan, month, last_month, written
) -> None:
    day = weekday_in(last_month, weekday=0, after=3)
    meeting = Meeting.objects.create(
        network=east_gilan,
        title="نشست فصلی شبکه",
        starts_at=at(day, 9),
        duration_minutes=150,
        quarter_year=last_month[0],
        quarter_number=3,
        place="لاهیجان",
    )
    Invitation.objects.create(
        meeting=meeting,
        user=rudsar_reporter,
        municipality=rudsar,
        name="نگار صفری",
        attendance=Attendance.PRESENT,
    )
    ensure_categories(rudsar)
    from ravabet.voice.models import Category

    message, _new = submit_message(
        rudsar,
        Submission(
            kind="complaint",
            category=Category.objects.filter(municipality=rudsar).first(),  # type: ignore[arg-type]
            text="چراغ کوچه خاموش است",
            name="مریم احمدی",
            mobile="09121234567",
            consent=True,
        ),
    )
    VoiceEvent.objects.create(
        message=message, kind="replied", actor=rudsar_reporter, created_at=at(day, 20, 40)
    )
    distribution = Distribution.objects.create(
        item=written,
        created_by=rudsar_reporter,
        from_email="pr@rudsar.example",
        base_url="http://testserver",
    )
    Distribution.objects.filter(pk=distribution.pk).update(created_at=at(day, 13))
    actions.draft_month(month)
    kinds = {e.kind: e for e in month.entries.all()}
    assert set(kinds) == {Kind.NEWS, Kind.MEETING, Kind.CITIZENS, Kind.PRESS}
    # A network meeting hosted in Lahijan is field work for Rudsar's reporter.
    assert kinds[Kind.MEETING].place == Place.FIELD and kinds[Kind.MEETING].hours == 2.5
    assert kinds[Kind.CITIZENS].ends_at == at(day, 20, 40)
    assert message.code in kinds[Kind.CITIZENS].title
    assert kinds[Kind.PRESS].ends_at == at(day, 13)


def test_another_office_s_records_are_not_drafted_into_this_one(
    kelachay, rudsar_reporter, month, last_month
) -> None:
    from ravabet.newsroom.actions import save_news_item
    from ravabet.newsroom.models import NewsItem

    save_news_item(NewsItem(municipality=kelachay, title="خبر کلاچای"), rudsar_reporter)
    assert actions.draft_month(month).added == 0


def test_two_simultaneous_drafts_make_one_set_of_entries(month, written) -> None:
    actions.draft_month(month)
    # What a second request racing the first would insert: the constraint ignores it.
    again = Entry(
        month=month,
        kind=Kind.NEWS,
        place=Place.OFFICE,
        title="x",
        source=Source.NEWSROOM,
        source_key=month.entries.get().source_key,
        starts_at=timezone.now() - dt.timedelta(hours=2),
        ends_at=timezone.now() - dt.timedelta(hours=1),
    )
    Entry.objects.bulk_create([again], ignore_conflicts=True)
    assert month.entries.count() == 1


def test_sources_is_the_list_drafting_reads() -> None:
    assert sources.news_written in sources.SOURCES and len(sources.SOURCES) == 6
    assert sources.crisis_shifts in sources.SOURCES


def test_a_crisis_shift_of_the_office_is_drafted_and_another_office_s_is_not(
    month, rudsar, lahijan, rudsar_head, rudsar_reporter, last_month
) -> None:
    from ravabet.crisis.models import Incident, Shift

    day = weekday_in(last_month, 2)
    flood = Incident.objects.create(
        title="آب‌گرفتگی رودسر",
        kind="flood",
        severity="serious",
        spokesperson=rudsar_head,
        opened_by=rudsar_head,
        opened_at=at(day, 20),
        started_at=at(day, 20),
    )
    flood.municipalities.add(rudsar)
    elsewhere = Incident.objects.create(
        title="آتش‌سوزی لاهیجان",
        kind="fire",
        severity="minor",
        spokesperson=rudsar_head,
        opened_by=rudsar_head,
        opened_at=at(day, 20),
        started_at=at(day, 20),
    )
    elsewhere.municipalities.add(lahijan)
    night = Shift.objects.create(
        incident=flood, user=rudsar_reporter, starts_at=at(day, 22), ends_at=at(day, 23, 30)
    )
    Shift.objects.create(
        incident=elsewhere, user=rudsar_reporter, starts_at=at(day, 10), ends_at=at(day, 12)
    )
    assert actions.draft_month(month).added == 1
    entry = month.entries.get()
    assert (entry.kind, entry.source) == (Kind.CRISIS, Source.CRISIS)
    assert (entry.starts_at, entry.ends_at) == (night.starts_at, night.ends_at)
    assert "آب‌گرفتگی رودسر" in entry.title
