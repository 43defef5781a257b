"""A news draft from a meeting's record, in the house style of a municipal news report.

Built from templates, deterministically: the same record always gives the same text.
Lead (who met, where, when, on what occasion, why), the statements attributed to their
speakers, who attended, and the resolutions as a closing list.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ravabet.lib.jalali import format_date

from .models import AgendaItem, AgendaKind, Meeting, Statement


def join_list(items: list[str]) -> str:
    """ "a، b و c" in Persian, "a, b and c" in English."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return _("%(first)s and %(last)s") % {
        "first": _(", ").join(items[:-1]),
        "last": items[-1],
    }


def _attendees(meeting: Meeting) -> tuple[str, str]:
    """(for the lead: the member offices, for the attendance paragraph: the others)."""
    came = [i for i in meeting.invitations.select_related("municipality") if i.came]
    host = meeting.host_municipality
    municipalities: list[str] = []
    for invitation in came:
        m = invitation.municipality
        if m is not None and m.pk != host.pk and m.name not in municipalities:
            municipalities.append(m.name)
    guests = [
        " ".join(part for part in (i.title, i.organisation) if part) or i.name
        for i in came
        if i.municipality is None
    ]
    lead = ""
    if municipalities:
        lead = _("the PR managers of the municipalities of %(list)s") % {
            "list": join_list(municipalities)
        }
    return lead, join_list(guests)


_FOLLOW_ON = (
    gettext_noop("He added: %(text)s"),
    gettext_noop("He went on: %(text)s"),
    gettext_noop("He also said: %(text)s"),
)


def _statements(meeting: Meeting) -> list[str]:
    statements = list(
        Statement.objects.filter(item__meeting=meeting)
        .select_related("municipality")
        .order_by("item__position", "item__pk", "position", "pk")
    )
    paragraphs: list[str] = []
    previous: str | None = None
    named: set[str] = set()
    follow = 0
    for statement in statements:
        text = statement.text.strip()
        if statement.speaker == previous:
            paragraphs.append(_(_FOLLOW_ON[follow % len(_FOLLOW_ON)]) % {"text": text})
            follow += 1
        elif statement.speaker in named:
            paragraphs.append(
                _("%(name)s said: %(text)s") % {"name": statement.speaker, "text": text}
            )
        else:
            who = " ".join(p for p in (statement.speaker_title, statement.speaker) if p)
            paragraphs.append(
                _("%(who)s said in this meeting: %(text)s") % {"who": who, "text": text}
            )
        named.add(statement.speaker)
        previous = statement.speaker
    return paragraphs


def build_draft(meeting: Meeting) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        host = meeting.host_municipality.name
        members, guests = _attendees(meeting)
        who = members or _("the participants")
        lead = _(
            "According to the public relations office of %(host)s municipality, %(title)s was "
            "held %(date)s%(occasion)s with %(who)s%(purpose)s in %(place)s."
        ) % {
            "host": host,
            "title": meeting.title,
            "date": _("on %(date)s") % {"date": format_date(meeting.starts_at, weekday=True)},
            "occasion": (_(" on the occasion of %(occasion)s") % {"occasion": meeting.occasion})
            if meeting.occasion
            else "",
            "who": who,
            "purpose": (_(" with the aim of %(purpose)s") % {"purpose": meeting.purpose})
            if meeting.purpose
            else "",
            "place": meeting.place or _("an online session"),
        }
        paragraphs = [meeting.title, lead, *_statements(meeting)]
        if guests:
            paragraphs.append(
                _("Also present at this meeting were %(guests)s.") % {"guests": guests}
            )
        topics = [
            item.title
            for item in AgendaItem.objects.filter(meeting=meeting)
            .accepted()
            .filter(kind=AgendaKind.ITEM)
            .order_by("position")
            if not item.is_standing
        ]
        if topics:
            paragraphs.append(
                _("%(topics)s were among the topics discussed in this meeting.")
                % {"topics": join_list(topics)}
            )
        resolutions = list(meeting.resolutions.with_owner().order_by("pk"))
        if resolutions:
            lines = [_("The resolutions of this meeting:")]
            for resolution in resolutions:
                lines.append(
                    _("- %(text)s (responsible: %(owner)s; deadline: %(deadline)s)")
                    % {
                        "text": resolution.text.strip().rstrip("."),
                        "owner": resolution.owner_label,
                        "deadline": format_date(resolution.deadline),
                    }
                )
            paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs) + "\n"


def store_draft(meeting: Meeting) -> str:
    meeting.news_draft = build_draft(meeting)
    meeting.news_draft_at = timezone.now()
    meeting.save(update_fields=["news_draft", "news_draft_at"])
    return meeting.news_draft
