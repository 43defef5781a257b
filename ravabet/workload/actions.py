"""What changes a work log: open a month, draft it, correct and add entries, confirm it;
make and confirm an evidence pack; answer the survey."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ravabet.lib import jalali
from ravabet.network.models import Municipality, User

from .models import Entry, Pack, Source, SurveyResponse, SurveyTaken, WorkMonth
from .sources import SOURCES, Draft

# An entry longer than this is a typing mistake or several days' work in one line.
LONGEST_ENTRY = dt.timedelta(hours=24)


class WorkloadError(Exception):
    """A refusal with a message for the person (in their language)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def _fa_when(value: dt.datetime) -> str:
    return jalali.format_datetime(value)


def this_month() -> tuple[int, int]:
    today = jalali.today()
    return today.year, today.month


def open_month(person: User, municipality: Municipality, year: int, month: int) -> WorkMonth:
    """The person's log of a month in the office, made if it is not there yet."""
    if not 1 <= month <= 12 or not 1300 <= year <= 1500:
        raise WorkloadError(_("There is no such month."))
    if (year, month) > this_month():
        raise WorkloadError(_("That month has not begun yet."))
    work_month, _created = WorkMonth.objects.get_or_create(
        person=person, municipality=municipality, year=year, month=month
    )
    return work_month


@dataclass(frozen=True)
class Drafted:
    added: int
    updated: int
    kept: int  # the person's corrected or dismissed entries, left as they are
    future: int  # records of work still to come, left for a later draft


@transaction.atomic
def draft_month(month: WorkMonth) -> Drafted:
    """Draft the month from every source. Drafting again adds what is new, brings a drafted
    entry up to date with its record, and leaves what the person corrected or dismissed."""
    month = WorkMonth.objects.select_for_update().get(pk=month.pk)
    if month.confirmed:
        raise WorkloadError(
            _("This month was confirmed on %(when)s; it is not drafted again.")
            % {"when": _fa_when(month.confirmed_at)}  # type: ignore[arg-type]
        )
    start, end = month.bounds()
    now = timezone.now()
    drafts: list[Draft] = []
    future = 0
    # The log is evidence in the offices' language, whoever drafts it.
    with translation.override(settings.LANGUAGE_CODE):
        for source in SOURCES:
            for draft in source(month.person, month.municipality, start, end):
                if draft.ends_at > now:
                    future += 1
                elif draft.ends_at > draft.starts_at:
                    drafts.append(draft)
    existing = {e.source_key: e for e in month.entries.exclude(source_key="")}
    added: list[Entry] = []
    updated = kept = 0
    for draft in drafts:
        entry = existing.get(draft.key)
        if entry is None:
            added.append(
                Entry(
                    month=month,
                    kind=draft.kind,
                    place=draft.place,
                    starts_at=draft.starts_at,
                    ends_at=draft.ends_at,
                    title=draft.title[:300],
                    source=draft.source,
                    source_key=draft.key,
                    source_url=draft.url,
                )
            )
        elif entry.corrected or entry.dismissed:
            kept += 1
        elif (entry.starts_at, entry.ends_at, entry.title) != (
            draft.starts_at,
            draft.ends_at,
            draft.title[:300],
        ):
            entry.starts_at, entry.ends_at, entry.title = (
                draft.starts_at,
                draft.ends_at,
                draft.title[:300],
            )
            entry.save(update_fields=["starts_at", "ends_at", "title", "updated_at"])
            updated += 1
    # The unique (month, source key) makes a second, simultaneous draft a no-op.
    Entry.objects.bulk_create(added, ignore_conflicts=True)
    month.drafted_at = now
    month.save(update_fields=["drafted_at"])
    return Drafted(len(added), updated, kept, future)


def _check_open(month: WorkMonth) -> None:
    if month.confirmed:
        raise WorkloadError(
            _("This month was confirmed on %(when)s and is closed; it cannot be changed.")
            % {"when": _fa_when(month.confirmed_at)}  # type: ignore[arg-type]
        )


def check_entry(month: WorkMonth, entry: Entry, others: Sequence[Entry]) -> None:
    """Every reason an entry cannot be kept as given; the first one found is raised."""
    if entry.ends_at <= entry.starts_at:
        raise WorkloadError(_("The end is before the start (or the same time)."), "ends_at")
    if entry.ends_at - entry.starts_at > LONGEST_ENTRY:
        raise WorkloadError(
            _("An entry can be at most 24 hours long: enter each day's work on its own."),
            "ends_at",
        )
    if entry.ends_at > timezone.now():
        raise WorkloadError(
            _("This entry ends in the future: enter work once it is done."), "ends_at"
        )
    start, end = month.bounds()
    if not start <= entry.starts_at < end:
        raise WorkloadError(
            _("This entry starts outside %(month)s: enter it in its own month's log.")
            % {"month": month.label},
            "starts_at",
        )
    for other in others:
        if other.pk != entry.pk and not other.dismissed and entry.overlaps(other):
            raise WorkloadError(
                _(
                    "This overlaps «%(other)s» (%(start)s to %(end)s). Change the times of one "
                    "of them, or take the other out of the log."
                )
                % {
                    "other": other.title,
                    "start": _fa_when(other.starts_at),
                    "end": _fa_when(other.ends_at),
                }
            )


@transaction.atomic
def save_entry(month: WorkMonth, entry: Entry) -> Entry:
    """Add a manual entry, or keep a correction; drafted entries corrected stay corrected."""
    month = WorkMonth.objects.select_for_update().get(pk=month.pk)
    _check_open(month)
    check_entry(month, entry, list(month.entries.counted()))
    entry.month = month
    if entry.pk is None:
        entry.source = Source.MANUAL
        entry.save()
        return entry
    before = Entry.objects.get(pk=entry.pk)
    if entry.drafted and (before.starts_at, before.ends_at, before.kind, before.place) != (
        entry.starts_at,
        entry.ends_at,
        entry.kind,
        entry.place,
    ):
        entry.corrected = True
    entry.save()
    return entry


@transaction.atomic
def dismiss_entry(entry: Entry) -> Entry:
    """Take an entry out of the count (it was not work, or is counted elsewhere); kept."""
    month = WorkMonth.objects.select_for_update().get(pk=entry.month_id)
    _check_open(month)
    entry.dismissed = True
    entry.save(update_fields=["dismissed", "updated_at"])
    return entry


@transaction.atomic
def restore_entry(entry: Entry) -> Entry:
    month = WorkMonth.objects.select_for_update().get(pk=entry.month_id)
    _check_open(month)
    others = [e for e in month.entries.counted() if e.pk != entry.pk]
    for other in others:
        if entry.overlaps(other):
            raise WorkloadError(
                _("It overlaps «%(other)s»: change one of them first.") % {"other": other.title}
            )
    entry.dismissed = False
    entry.save(update_fields=["dismissed", "updated_at"])
    return entry


@transaction.atomic
def confirm_month(month: WorkMonth) -> WorkMonth:
    month = WorkMonth.objects.select_for_update().get(pk=month.pk)
    if month.confirmed:
        raise WorkloadError(
            _("You already confirmed this month, on %(when)s. Nothing was changed.")
            % {"when": _fa_when(month.confirmed_at)}  # type: ignore[arg-type]
        )
    if jalali.today().togregorian() < month.last_day:
        raise WorkloadError(
            _("%(month)s is not over yet: confirm it on its last day or after.")
            % {"month": month.label}
        )
    if not month.entries.counted().exists():
        raise WorkloadError(
            _("There is nothing in this month's log to confirm: draft it or add your work first.")
        )
    month.confirmed_at = timezone.now()
    month.save(update_fields=["confirmed_at"])
    return month


# --- evidence packs -------------------------------------------------------------------


@transaction.atomic
def create_pack(pack: Pack, by: User) -> Pack:
    if pack.end < pack.start:
        raise WorkloadError(_("The period ends before it starts."), "end")
    if pack.end > timezone.localdate():
        raise WorkloadError(_("The period cannot end in the future."), "end")
    pack.created_by = by
    pack.save()
    return pack


@transaction.atomic
def confirm_pack(pack: Pack, by: User) -> Pack:
    pack = Pack.objects.select_for_update().get(pk=pack.pk)
    if pack.confirmed:
        raise WorkloadError(
            _("This evidence pack was already confirmed on %(when)s.")
            % {"when": _fa_when(pack.confirmed_at)}  # type: ignore[arg-type]
        )
    pack.confirmed_by = by
    pack.confirmed_at = timezone.now()
    pack.save(update_fields=["confirmed_by", "confirmed_at"])
    return pack


# --- the survey -------------------------------------------------------------------------


def answer_survey(person: User, municipality: Municipality, answers: Sequence[int]) -> None:
    """Store one anonymous answer for this month, once per person (the two rows share
    nothing but the office and the month)."""
    if len(answers) != 5 or any(not 0 <= a <= 5 for a in answers):
        raise WorkloadError(_("Answer each of the five statements."))
    year, month = this_month()
    try:
        with transaction.atomic():
            SurveyTaken.objects.create(
                person=person, municipality=municipality, year=year, month=month
            )
            SurveyResponse.objects.create(
                municipality=municipality,
                year=year,
                month=month,
                **{f"item{i + 1}": a for i, a in enumerate(answers)},
            )
    except IntegrityError:
        raise WorkloadError(
            _("You already answered this month's survey. Thank you; it is asked once a month.")
        ) from None
