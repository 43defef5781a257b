"""The dashboard's cards, one per capability, in the order they appear.

A card is made of parts; each part is an app's `panel(user, place)` function (in
`ravabet/<app>/panel.py`), which returns the data its card needs in a fixed number of
queries, and the app's partial (`<app>/_office_panel.html`) that renders that data as
`data`, with `municipality` or `network` in the context too. The newsroom card has two parts:
news and channel posts are newsroom's, press-release deliveries are media's, so neither app
reaches into the other. A capability still to come has no parts; its card says plainly
what will appear there (`office/_coming_panel.html`), so nobody mistakes an empty card for
missing data.

A new capability adds its `panel.py` and partial and one `Part` here; nothing else in
the office app changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ravabet.crisis import panel as crisis
from ravabet.diagnosis import panel as diagnosis
from ravabet.events import panel as events
from ravabet.experience import panel as experience
from ravabet.lib.jalali import JalaliQuarter
from ravabet.media import panel as media
from ravabet.meetings import panel as meetings
from ravabet.monitoring import panel as monitoring
from ravabet.network.models import Municipality, Network, User
from ravabet.newsroom import panel as newsroom
from ravabet.office import kept
from ravabet.officialcalendar import panel as occasions
from ravabet.voice import panel as voice
from ravabet.workload import panel as workload

PanelData = Callable[[User | AnonymousUser, Municipality | Network], dict[str, Any]]


@dataclass(frozen=True)
class Part:
    data: PanelData
    template: str


@dataclass(frozen=True)
class Panel:
    key: str
    title: str | Promise
    coming: str | Promise
    parts: tuple[Part, ...] = ()


@dataclass(frozen=True)
class Card:
    """A panel with its parts drawn."""

    panel: Panel
    parts: list[SafeString] = field(default_factory=list)


PANELS = (
    Panel(
        "meetings",
        _("Meetings and resolutions"),
        _(
            "The next network meeting and the resolutions your municipality owns, with their "
            "deadlines, will appear here."
        ),
        (Part(meetings.panel, "meetings/_office_panel.html"),),
    ),
    Panel(
        "newsroom",
        _("Newsroom"),
        _(
            "News waiting for approval, what was published lately, and any failed "
            "distribution will appear here."
        ),
        (
            Part(newsroom.panel, "newsroom/_office_panel.html"),
            Part(media.panel, "media/_office_panel.html"),
        ),
    ),
    Panel(
        "monitoring",
        _("Media monitoring"),
        _("Today's mentions in the press and the open reply tasks will appear here."),
        (Part(monitoring.panel, "monitoring/_office_panel.html"),),
    ),
    Panel(
        "voice",
        _("Citizens' voice"),
        _("New and overdue messages from citizens and this month's satisfaction will appear here."),
        (Part(voice.panel, "voice/_office_panel.html"),),
    ),
    Panel(
        "events",
        _("Events"),
        _(
            "Upcoming ceremonies, exhibitions and press conferences, with their checklists, "
            "will appear here."
        ),
        (
            Part(events.panel, "events/_office_panel.html"),
            Part(occasions.panel, "officialcalendar/_office_panel.html"),
        ),
    ),
    Panel(
        "crisis",
        _("Crisis room"),
        _("An open incident's timeline and approved statements will appear here."),
        (Part(crisis.panel, "crisis/_office_panel.html"),),
    ),
    Panel(
        "experience",
        _("Shared experience"),
        _("Good practices from the network's offices will appear here."),
        (Part(experience.panel, "experience/_office_panel.html"),),
    ),
    Panel(
        "workload",
        _("Workload"),
        _("Your work log's months waiting for your confirmation will appear here."),
        (Part(workload.panel, "workload/_office_panel.html"),),
    ),
    Panel(
        "reports",
        _("Diagnosis and reports"),
        _("Your office's self-assessment, its workload and the quarterly report will appear here."),
        (Part(diagnosis.panel, "diagnosis/_office_panel.html"),),
    ),
)


def cards(user: User | AnonymousUser, place: Municipality | Network) -> list[Card]:
    """Every card of the place's dashboard, its parts drawn here (each kept drawn until
    what it read changes: office/kept.py), not in the page's template."""
    kind = "network" if isinstance(place, Network) else "municipality"
    today = timezone.localdate()
    context = {kind: place, "quarter": JalaliQuarter.of(today)}
    language = get_language()

    def drawer(part: Part) -> Callable[[], str]:
        return lambda: render_to_string(part.template, {**context, "data": part.data(user, place)})

    keys = {
        part: f"office:part:{part.template}:{kind}:{place.pk}:{user.pk}:{language}:{today}"
        for panel in PANELS
        for part in panel.parts
    }
    html = kept.drawn({key: drawer(part) for part, key in keys.items()})
    return [Card(panel, [html[keys[part]] for part in panel.parts]) for panel in PANELS]
