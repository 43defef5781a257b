"""The dashboard's panel slots, one per capability.

Each slot renders its capability's own template (`<app>/_office_panel.html`), given
`request`, `user` and either `municipality` or `network`; a capability still to come
renders `office/_coming_panel.html`, which says plainly what will appear there, so nobody
mistakes an empty panel for missing data.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Panel:
    key: str
    title: str | Promise
    coming: str | Promise
    template: str = "office/_coming_panel.html"


PANELS = (
    Panel(
        "meetings",
        _("Meetings and resolutions"),
        _(
            "The next network meeting and the resolutions your municipality owns, with their "
            "deadlines, will appear here."
        ),
        "meetings/_office_panel.html",
    ),
    Panel(
        "newsroom",
        _("Newsroom"),
        _(
            "News waiting for approval, what was published lately, and any failed "
            "distribution will appear here."
        ),
        "newsroom/_office_panel.html",
    ),
    Panel(
        "voice",
        _("Citizens' voice"),
        _("New and overdue messages from citizens and this month's satisfaction will appear here."),
        "voice/_office_panel.html",
    ),
    Panel(
        "events",
        _("Events"),
        _(
            "Upcoming ceremonies, exhibitions and press conferences, with their checklists, "
            "will appear here."
        ),
    ),
    Panel(
        "crisis",
        _("Crisis room"),
        _("An open incident's timeline and approved statements will appear here."),
    ),
    Panel(
        "experience",
        _("Shared experience"),
        _("Good practices from the network's offices will appear here."),
        "experience/_office_panel.html",
    ),
    Panel(
        "reports",
        _("Diagnosis and reports"),
        _("Your office's self-assessment, its workload and the quarterly report will appear here."),
    ),
)
