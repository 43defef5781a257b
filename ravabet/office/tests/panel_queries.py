"""Render one part of a dashboard card as the office app does, counting its queries."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from ravabet.network.models import Municipality, Network, User
from ravabet.office.panels import PANELS


def render_part(
    app: str, user: User | AnonymousUser, place: Municipality | Network
) -> tuple[int, str]:
    """The number of queries `<app>`'s part of its card asks, data and template together,
    and the HTML it renders."""
    template = f"{app}/_office_panel.html"
    part = next(p for panel in PANELS for p in panel.parts if p.template == template)
    key = "network" if isinstance(place, Network) else "municipality"
    with CaptureQueriesContext(connection) as queries:
        html = render_to_string(template, {key: place, "data": part.data(user, place)})
    return len(queries.captured_queries), html
