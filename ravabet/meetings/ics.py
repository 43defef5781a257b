"""The RFC 5545 invitation: one VEVENT in Asia/Tehran with its VTIMEZONE."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, Timezone, vCalAddress, vText

from ravabet.lib.jalali import TEHRAN

from .models import Invitation, Meeting, MeetingStatus

PRODID = "-//Ravabet//Meetings//FA"


def uid_for(meeting: Meeting) -> str:
    return f"meeting-{meeting.uid}@ravabet"


def invitation_calendar(meeting: Meeting, invitation: Invitation | None = None) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    cancelled = meeting.status == MeetingStatus.CANCELLED
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")
    calendar.add("calscale", "GREGORIAN")
    start = meeting.starts_at.astimezone(TEHRAN)
    end = meeting.ends_at.astimezone(TEHRAN)
    calendar.add_component(
        Timezone.from_tzinfo(TEHRAN, first_date=start.date() - dt.timedelta(days=366))
    )
    event = Event()
    event.add("uid", uid_for(meeting))
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", meeting.title)
    location = meeting.place or meeting.online_link
    if location:
        event.add("location", location)
    if meeting.online_link:
        event.add("url", meeting.online_link)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    organizer = vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL}")
    organizer.params["cn"] = vText(meeting.host_municipality.name)
    event["organizer"] = organizer
    if invitation is not None and invitation.email:
        attendee = vCalAddress(f"mailto:{invitation.email}")
        attendee.params["cn"] = vText(invitation.name)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["rsvp"] = vText("TRUE")
        event.add("attendee", attendee, encode=False)
    calendar.add_component(event)
    return calendar.to_ical()
